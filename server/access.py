"""Who may call what: one decorator per view states its roles and the scope it guards.

Every API view carries an access rule (`view._access`); the authorization-matrix test reads the
rules from the app's URL map, so a view added without one fails the suite.
"""
from copy import deepcopy
from dataclasses import dataclass
from functools import wraps

from blinker import Namespace
from flask import current_app, g
from flask_jwt_extended import current_user, verify_jwt_in_request

from .errors import DomainError, Forbidden, NotFound
from .extensions import db

ROLES = ("officer", "volunteer", "commander", "admin")
FIELD_ROLES = ("officer", "volunteer", "commander")
MANAGERS = ("commander", "admin")
# Sent with the signed-in user as sender and `status` (403, 404) when the guard refuses a
# request; the audit log listens (connected by the audit package).
access_refused = Namespace().signal("access-refused")
# Who outranks whom: a user manages only users of a lower rank in their area (officers and
# volunteers share the lowest); peers and themselves only through their own account's endpoints.
RANKS = {"officer": 0, "volunteer": 0, "commander": 1, "admin": 2}


def outranks(user, role):
    return RANKS[user.role] > RANKS.get(role, len(RANKS))


@dataclass(frozen=True)
class AccessRule:
    roles: tuple
    scope: str | None = None  # ward | province | group | event | user | None
    public: bool = False
    refresh: bool | str = False  # True: refresh token only; "any": access or refresh
    enrolment: bool = False  # open to a user who must still enrol a second factor


def public(view):
    """Mark a view reachable without a token (login, health)."""
    view._access = AccessRule(roles=(), public=True)
    if hasattr(view, "_apidoc"):
        view._apidoc = deepcopy(view._apidoc)
        view._apidoc.setdefault("manual_doc", {})["security"] = []
    return view


def access(*roles, scope=None, refresh=False, enrolment=False):
    """Require a valid token, one of `roles`, and that the URL's object lies in the caller's area.
    A user whose role needs a second factor and who has none reaches `enrolment` views only."""
    rule = AccessRule(roles=tuple(roles or ROLES), scope=scope, refresh=refresh,
                      enrolment=enrolment)

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if refresh == "any":
                verify_jwt_in_request(verify_type=False)
            else:
                verify_jwt_in_request(refresh=refresh)
            user = current_user._get_current_object()  # not the proxy: resolved once, here
            g.user = user
            try:
                _authorise(rule, user, kwargs)
            except DomainError as refusal:
                access_refused.send(user, status=refusal.code)
                raise
            return view(*args, **kwargs)

        wrapper._access = rule
        _document_refusals(wrapper, rule)
        return wrapper

    return decorator


def _authorise(rule, user, kwargs):
    if user.role not in rule.roles:
        raise Forbidden("Bạn không có quyền thực hiện thao tác này (forbidden for your role).")
    if not rule.enrolment and must_enrol(user):
        raise Forbidden("Cần bật xác thực hai bước trước (second factor enrolment required).",
                        {"totp": ["enrolment_required"]})
    if rule.scope:
        _SCOPES[rule.scope](user, kwargs)


def _document_refusals(view, rule):
    """Add the answers the rule itself may give (401, 403, 404) to the view's OpenAPI entry."""
    codes = {401: "UNAUTHORIZED"}
    if set(rule.roles) != set(ROLES):
        codes[403] = "FORBIDDEN"
    if rule.scope:
        codes[404] = "NOT_FOUND"
    view._apidoc = deepcopy(getattr(view, "_apidoc", {}))
    responses = view._apidoc.setdefault("response", {}).setdefault("responses", {})
    for code, name in codes.items():
        responses.setdefault(code, [name])


def must_enrol(user):
    """The user's role needs a second factor (TOTP_REQUIRED_ROLES) and they have none yet."""
    return (user.totp_confirmed_at is None
            and user.role in current_app.config["TOTP_REQUIRED_ROLES"])


def can_see_ward(user, ward):
    if user.role == "admin":
        return ward.province_id == user.province_id
    return ward.id == user.ward_id


def ensure_ward(user, ward):
    if ward is None or not can_see_ward(user, ward):
        raise NotFound("Không tìm thấy phường/xã (ward not found).")
    return ward


def ensure_province(user, province_id):
    if user.role != "admin" or user.province_id != province_id:
        raise NotFound("Không tìm thấy tỉnh/thành phố (province not found).")


def _scope_ward(user, kwargs):
    from .areas.models import Ward

    g.ward = ensure_ward(user, db.session.get(Ward, kwargs["ward_id"]))


def _scope_province(user, kwargs):
    ensure_province(user, kwargs["province_id"])


def _scope_group(user, kwargs):
    from .areas.models import ResidentialGroup

    group = db.session.get(ResidentialGroup, kwargs["group_id"])
    if group is None or not can_see_ward(user, group.ward):
        raise NotFound("Không tìm thấy tổ dân phố (group not found).")
    g.group = group


def _scope_event(user, kwargs):
    from .outreach.models import Event

    event = db.session.get(Event, str(kwargs["event_id"]))
    if event is None or not can_see_event(user, event):
        raise NotFound("Không tìm thấy hoạt động (event not found).")
    g.event = event


def _scope_user(user, kwargs):
    from .auth.models import User

    target = db.session.get(User, kwargs["user_id"])
    if target is None or not can_manage_user(user, target):
        raise NotFound("Không tìm thấy người dùng (user not found).")
    g.target_user = target


def can_see_event(user, event):
    if user.role == "admin":
        return event.province_id == user.province_id
    if user.role == "commander":
        return event.ward_id == user.ward_id
    return event.author_id == user.id


def can_manage_user(user, target):
    if not outranks(user, target.role):
        return False
    if user.role == "admin":
        return target.province_id == user.province_id
    return target.ward_id == user.ward_id


_SCOPES = {
    "ward": _scope_ward,
    "province": _scope_province,
    "group": _scope_group,
    "event": _scope_event,
    "user": _scope_user,
}
