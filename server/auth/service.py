"""Login, token rotation, logout, session revocation and user management."""
import uuid
from datetime import timedelta

from flask import current_app
from flask_jwt_extended import create_access_token, create_refresh_token, decode_token
from sqlalchemy import select, update

from ..areas.models import Province, Ward
from ..areas.scopes import can_see_ward
from ..audit.service import diff, record_security_event, record_user_change
from ..errors import Conflict, DomainError, Invalid, NotFound
from ..extensions import db
from ..origin import NO_ORIGIN
from ..roles import NATIONAL, ROLES, outranks
from ..timeutil import utcnow
from . import throttle, totp
from .models import RefreshToken, TokenFamily, User
from .passwords import (burn_time, check_current_password, check_policy, hash_password,
                        verify_password)

REFRESH_ABSOLUTE_DAYS = 90


class BadCredentials(DomainError):
    code = 401


def authenticate(username, password, code=None, origin=NO_ORIGIN):
    """The active user with these credentials, or BadCredentials (same answer for all refusals,
    each costing one argon2 verification); every outcome is in the audit log.

    A user with a second factor also needs a current one-time `code`; without one the answer
    is 401 with errors {"totp": ["required"]}, so the app can ask for it."""
    typed = (username or "").strip()
    throttle.check(typed)
    user = db.session.scalar(select(User).where(User.username == typed))
    try:
        _check_credentials(user, password or "", code)
    except BadCredentials as refusal:
        if refusal.errors != {"totp": ["required"]}:
            _record_failure(user, typed, refusal, origin)
        raise
    # The one-time code's use is kept now: the throttle's counters are written on a connection
    # of their own (counters.py), and SQLite lets one writer at a time.
    db.session.commit()
    throttle.note_success(typed)
    record_security_event("login", user, origin, actor=user)
    return user


def _check_credentials(user, password, code):
    if user is None:
        burn_time(password)
    elif verify_password(user.password_hash, password) and user.active:
        if not totp.required(user):
            return
        if not code:
            raise BadCredentials("Cần mã xác thực hai bước (one-time code required).",
                                 {"totp": ["required"]})
        if totp.accept_code(user, code):
            return
        raise BadCredentials("Mã xác thực hai bước không đúng (wrong one-time code).",
                             {"totp": ["invalid"]})
    raise BadCredentials("Sai tên đăng nhập hoặc mật khẩu (wrong username or password).")


def _record_failure(user, typed, refusal, origin):
    """Audit a refused login (the username as typed, never the password) and count it."""
    db.session.rollback()
    reason = "totp" if refusal.errors else ("inactive" if user and not user.active else "password")
    record_security_event("login_failed", user, origin, {
        "username": [None, typed[:64]], "reason": [None, reason if user else "unknown"]})
    if throttle.note_failure(typed):
        record_security_event("throttled", user, origin, {"username": [None, typed[:64]]})


def note_throttled(typed, limit, origin):
    """The limiter refused a login of `typed` (pair or address `limit`): audit it."""
    user = db.session.scalar(select(User).where(User.username == typed.strip()))
    record_security_event("throttled", user, origin, {"username": [None, typed],
                                                      "limit": [None, limit]})


def start_session(user, origin=NO_ORIGIN):
    """Open a token family for a fresh login (from `origin`'s device) and issue its first pair
    of tokens."""
    family = TokenFamily(
        id=str(uuid.uuid4()),
        user_id=user.id,
        expires_at=utcnow() + timedelta(days=REFRESH_ABSOLUTE_DAYS),
        user_agent=origin.user_agent or "",
        device_id=origin.device_id,
    )
    db.session.add(family)
    db.session.flush()
    tokens = _issue_pair(user, family)
    db.session.commit()
    return tokens


def _issue_pair(user, family):
    claims = {"fam": family.id, "role": user.role}
    identity = str(user.id)
    refresh = create_refresh_token(identity, additional_claims=claims)
    decoded = decode_token(refresh)
    expires = min(
        utcnow() + current_app.config["JWT_REFRESH_TOKEN_EXPIRES"], family.expires_at
    )
    db.session.add(RefreshToken(jti=decoded["jti"], family_id=family.id, expires_at=expires))
    family.last_used_at = utcnow()
    return {
        "access_token": create_access_token(identity, additional_claims=claims),
        "refresh_token": refresh,
    }


def rotate_refresh(user, jwt_payload, origin=NO_ORIGIN):
    """Spend a refresh token and issue a new pair in the same family.

    The spend is one conditional UPDATE, so of two requests racing with the same token only one
    wins; the loser is a reuse like any other and ends the whole login.
    """
    spent = db.session.execute(
        update(RefreshToken)
        .where(RefreshToken.jti == jwt_payload["jti"], RefreshToken.used_at.is_(None))
        .values(used_at=utcnow())
    ).rowcount
    if spent != 1:
        db.session.rollback()
        revoke_reused(jwt_payload["fam"], origin)
        raise BadCredentials("Phiên đăng nhập đã kết thúc (token revoked).")
    family = db.session.get(TokenFamily, jwt_payload["fam"])
    tokens = _issue_pair(user, family)
    db.session.commit()
    return tokens


def revoke_family(family_id, reason):
    db.session.execute(
        update(TokenFamily)
        .where(TokenFamily.id == family_id, TokenFamily.revoked_at.is_(None))
        .values(revoked_at=utcnow(), revoked_reason=reason)
    )
    db.session.commit()


def revoke_reused(family_id, origin):
    """A refresh token came back after being spent: end its login and audit the theft."""
    revoke_family(family_id, "refresh_reuse")
    family = db.session.get(TokenFamily, family_id)
    record_security_event("refresh_reuse", db.session.get(User, family.user_id), origin,
                          {"session": [None, family_id]})


def log_out(user, family_id, origin):
    revoke_family(family_id, "logout")
    record_security_event("logout", user, origin, {"session": [None, family_id]})


def change_own_password(user, family_id, current, new, origin):
    """The signed-in user's new password, given the current one; their other logins end."""
    check_current_password(user, current, "current_password")
    check_policy(new)
    user.password_hash = hash_password(new)
    db.session.execute(
        update(TokenFamily)
        .where(TokenFamily.user_id == user.id, TokenFamily.id != family_id,
               TokenFamily.revoked_at.is_(None))
        .values(revoked_at=utcnow(), revoked_reason="password_change"))
    record_user_change(user, "password_change", origin)
    db.session.commit()


def remember_last_ward(user, ward_id):
    """Keep the ward `user` chose to look at, one they may see (an admin: a ward of their
    province; anyone else: their own ward); any other is not found, as an unseen ward always is.
    No audit entry: it is a view preference, and changes no one's rights or data."""
    ward = db.session.get(Ward, ward_id)
    if ward is None or not can_see_ward(user, ward):
        raise NotFound("Không tìm thấy phường/xã (ward not found).")
    user.last_ward_id = ward.id
    db.session.commit()


def revoke_user_sessions(user_id, reason):
    db.session.execute(
        update(TokenFamily)
        .where(TokenFamily.user_id == user_id, TokenFamily.revoked_at.is_(None))
        .values(revoked_at=utcnow(), revoked_reason=reason)
    )


def end_sessions(target, origin, reason="revoked_by_manager"):
    """End every login of a user (a lost or stolen phone) and record who did it."""
    revoke_user_sessions(target.id, reason)
    record_user_change(target, "revoke_sessions", origin)
    db.session.commit()


def is_token_revoked(jwt_payload, origin=NO_ORIGIN):
    """Blocklist check for every token: dead family or another user's, no expiry, spent refresh
    token (its reuse recorded as from `origin`), inactive user."""
    family = db.session.get(TokenFamily, jwt_payload.get("fam") or "")
    if family is None or family.revoked_at is not None or family.expires_at < utcnow():
        return True
    if "exp" not in jwt_payload or str(family.user_id) != jwt_payload.get("sub"):
        return True  # a token that never expires, or one naming someone else's login
    if jwt_payload.get("type") == "refresh":
        token = db.session.get(RefreshToken, jwt_payload["jti"])
        if token is None or token.expires_at < utcnow():
            return True
        if token.used_at is not None:
            # A refresh token seen twice was copied: end every token of that login.
            revoke_reused(family.id, origin)
            return True
    user = db.session.get(User, int(jwt_payload["sub"]))
    return user is None or not user.active


def create_user(username, password, role, full_name=None, ward_code=None, province_code=None):
    """Create a user of a ward (of a province for an admin, of neither for the national desk),
    enforcing the password policy."""
    if role not in ROLES:
        raise Invalid("Vai trò không hợp lệ.", {"role": ["unknown_role"]})
    check_policy(password)
    ward = province = None
    if role == NATIONAL:
        return add_user(username, password, role, full_name, None, None)
    if role == "admin":
        province = db.session.scalar(select(Province).where(Province.code == province_code))
        if province is None:
            raise Invalid("Không tìm thấy tỉnh.", {"province": ["unknown_province"]})
    else:
        ward = db.session.scalar(select(Ward).where(Ward.code == ward_code))
        if ward is None:
            raise Invalid("Không tìm thấy phường/xã.", {"ward": ["unknown_ward"]})
    return add_user(username, password, role, full_name, ward, province or ward.province)


def add_user(username, password, role, full_name, ward, province, origin=NO_ORIGIN):
    """A new user of the ward (None for an admin) and province (None for the national desk);
    `origin` is who adds them."""
    username = (username or "").strip()
    if not username or db.session.scalar(select(User.id).where(User.username == username)):
        raise Conflict("Tên đăng nhập đã tồn tại.", {"username": ["taken"]})
    check_policy(password)
    user = User(
        username=username,
        full_name=full_name or username,
        role=role,
        ward_id=ward.id if ward else None,
        province_id=province.id if province else None,
        password_hash=hash_password(password),
    )
    db.session.add(user)
    db.session.flush()
    record_user_change(user, "create", origin, diff({}, _audited(user), USER_AUDITED))
    db.session.commit()
    return user


def list_ward_users(caller, ward_id=None):
    query = select(User).order_by(User.role, User.username)
    if caller.role == "admin":
        query = query.where(User.province_id == caller.province_id)
        if ward_id:
            query = query.where(User.ward_id == ward_id)
    else:
        query = query.where(User.ward_id == caller.ward_id)
    return db.session.scalars(query).all()


def update_user(caller, target, changes, origin):
    """Edit name, role, active flag or password; deactivation and reset end every session."""
    before = _audited(target)
    if "role" in changes and changes["role"] != target.role:
        if not outranks(caller, changes["role"]):
            raise Invalid("Vai trò không hợp lệ.", {"role": ["not_allowed"]})
        target.role = changes["role"]
    if "full_name" in changes:
        target.full_name = changes["full_name"]
    if "password" in changes:
        check_policy(changes["password"])
        target.password_hash = hash_password(changes["password"])
        revoke_user_sessions(target.id, "password_reset")
    if "active" in changes:
        target.active = changes["active"]
        if not target.active:
            revoke_user_sessions(target.id, "deactivated")
    recorded = diff(before, _audited(target), USER_AUDITED)
    if "password" in changes:
        recorded["password"] = [None, "reset"]
    if recorded:
        record_user_change(target, "update", origin, recorded)
    db.session.commit()
    return target


USER_AUDITED = ("full_name", "role", "active")


def _audited(user):
    return {name: getattr(user, name) for name in USER_AUDITED}


def list_sessions(user_id):
    return db.session.scalars(
        select(TokenFamily)
        .where(TokenFamily.user_id == user_id, TokenFamily.revoked_at.is_(None),
               TokenFamily.expires_at > utcnow())
        .order_by(TokenFamily.created_at.desc())
    ).all()
