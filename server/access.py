"""Who may call what: one decorator per view states its roles and the scope it guards.

Every API view carries an access rule (`view._access`); the authorization-matrix test reads the
rules from the app's URL map, so a view added without one fails the suite.

A scope names the kind of object a URL points at (a ward, an event, ...). The domain owning that
kind registers how to find one and who may see it (`register_scope`, called from the factory), so
this module knows no domain.
"""
from collections.abc import Callable
from copy import deepcopy
from dataclasses import dataclass
from functools import wraps

from blinker import Namespace
from flask import current_app, g, request
from flask_jwt_extended import current_user, verify_jwt_in_request

from .errors import DomainError, Forbidden, NotFound
from .origin import request_origin
from .roles import ROLES

# Sent with the signed-in user as sender, `status` (403, 404), the request's origin, path and
# method when the guard refuses a request; the factory connects the audit log's receiver.
access_refused = Namespace().signal("access-refused")


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
                access_refused.send(user, status=refusal.code, origin=request_origin(),
                                    path=request.path, method=request.method)
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
        _enter_scope(user, _SCOPES[rule.scope], kwargs)


def must_enrol(user):
    """The user's role needs a second factor (TOTP_REQUIRED_ROLES) and they have none yet."""
    return (user.totp_confirmed_at is None
            and user.role in current_app.config["TOTP_REQUIRED_ROLES"])


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


@dataclass(frozen=True)
class Scope:
    """How `@access(scope=...)` finds the URL's object and decides whether the caller may see it."""

    param: str  # the URL parameter naming the object, e.g. "ward_id"
    load: Callable  # the parameter's value → the object, or None
    visible: Callable  # (caller, object) → whether the object lies in the caller's area
    not_found: str  # the 404's message, for a missing object as for one out of reach
    keep_as: str | None = None  # the view finds the object as g.<keep_as>


_SCOPES: dict[str, Scope] = {}


def register_scope(name, scope):
    """Make `@access(scope=name)` guard with `scope`; registering it again replaces it."""
    _SCOPES[name] = scope


def _enter_scope(user, scope, kwargs):
    found = scope.load(kwargs[scope.param])
    if found is None or not scope.visible(user, found):
        raise NotFound(scope.not_found)
    if scope.keep_as:
        setattr(g, scope.keep_as, found)
