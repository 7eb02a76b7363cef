"""Second factor for commanders and admins: time-based one-time codes (RFC 6238), any
authenticator app. Optional per user, required for the roles of TOTP_REQUIRED_ROLES (their
first login starts enrolment); once confirmed, login needs a code as well.
A code is accepted once only: the last accepted time step is stored and must grow."""
import hmac
from datetime import datetime, timezone

import pyotp
import segno
from sqlalchemy import or_, update

from ..audit.service import record_user_change
from ..errors import Conflict, Forbidden, Invalid
from ..extensions import db
from ..roles import SECOND_FACTOR_ROLES
from ..timeutil import utcnow
from .models import User
from .passwords import check_current_password

ISSUER = "Theo dõi tuyên truyền Đề án 06"
# Codes of the previous and next 30-second step still count (a phone's clock drifts).
DRIFT_STEPS = 1


def start_enrolment(user, password):
    """A new secret for the user's authenticator app, given their current password; in force
    only after `confirm_enrolment`."""
    if user.role not in SECOND_FACTOR_ROLES:
        raise Forbidden("Chỉ chỉ huy và quản trị dùng xác thực hai bước.")
    check_current_password(user, password)
    if user.totp_confirmed_at is not None:
        raise Conflict("Xác thực hai bước đã bật.", {"totp": ["already_enrolled"]})
    return new_secret(user)


def new_secret(user):
    """A fresh secret (not in force yet), its otpauth URI and that URI as a QR code (SVG)."""
    user.totp_secret = pyotp.random_base32()
    user.totp_last_step = None
    db.session.commit()
    uri = pyotp.TOTP(user.totp_secret).provisioning_uri(name=user.username, issuer_name=ISSUER)
    qr_code = segno.make(uri, error="m").svg_data_uri(scale=5, border=2)
    return {"secret": user.totp_secret, "otpauth_uri": uri, "qr_code": qr_code}


def confirm_enrolment(user, code, origin):
    """Turn the second factor on once the app shows a matching code."""
    if user.totp_secret is None or user.totp_confirmed_at is not None:
        raise Conflict("Chưa bắt đầu đăng ký xác thực hai bước.", {"totp": ["not_started"]})
    if not accept_code(user, code):
        raise Invalid("Mã xác thực không đúng.", {"code": ["invalid"]})
    user.totp_confirmed_at = utcnow()
    record_user_change(user, "totp_enrol", origin)
    db.session.commit()
    return status(user)


def reset(target, origin):
    """Remove the second factor of a user of lower rank (their phone is lost); they may enrol
    again. One's own goes through `remove` (password and a current code)."""
    target.totp_secret = target.totp_confirmed_at = target.totp_last_step = None
    record_user_change(target, "totp_reset", origin)
    db.session.commit()


def remove(user, password, code, origin):
    """Turn one's own second factor off, with the current password and a current code."""
    if user.totp_confirmed_at is None:
        raise Conflict("Xác thực hai bước chưa bật.", {"totp": ["not_enrolled"]})
    check_current_password(user, password)
    if not accept_code(user, code):
        raise Invalid("Mã xác thực không đúng.", {"code": ["invalid"]})
    user.totp_secret = user.totp_confirmed_at = user.totp_last_step = None
    record_user_change(user, "totp_remove", origin)
    db.session.commit()


def status(user):
    return {"enabled": user.totp_confirmed_at is not None, "confirmed_at": user.totp_confirmed_at}


def required(user):
    return user.totp_confirmed_at is not None


def accept_code(user, code):
    """True when `code` is the user's current code and was not accepted before (atomic)."""
    code = "".join(str(code or "").split())
    if not (code.isdigit() and len(code) == 6) or not user.totp_secret:
        return False
    totp = pyotp.TOTP(user.totp_secret)
    now = totp.timecode(datetime.now(timezone.utc))
    for step in range(now - DRIFT_STEPS, now + DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return _claim_step(user, step)
    return False


def _claim_step(user, step):
    result = db.session.execute(
        update(User)
        .where(User.id == user.id,
               or_(User.totp_last_step.is_(None), User.totp_last_step < step))
        .values(totp_last_step=step))
    return result.rowcount == 1
