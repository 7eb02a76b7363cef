"""Auth endpoints: login, refresh, logout, me, and the ward's users."""
from flask import current_app, g, request
from flask.views import MethodView
from flask_jwt_extended import current_user, get_jwt
from flask_smorest import Blueprint

from ..access import access, must_enrol, public
from ..areas.models import Ward
from ..errors import Invalid, NotFound
from ..extensions import db, limiter, login_pair_key
from ..origin import request_origin
from ..roles import MANAGERS, SECOND_FACTOR_ROLES, outranks
from . import service, totp
from .schemas import (
    CurrentPasswordSchema,
    LastWardSchema,
    LoginResultSchema,
    LoginSchema,
    PasswordChangeSchema,
    SessionSchema,
    TokenPairSchema,
    TotpCodeSchema,
    TotpRemoveSchema,
    TotpStartSchema,
    TotpStatusSchema,
    UserAdminSchema,
    UserCreateSchema,
    UserQueryArgsSchema,
    UserSchema,
    UserUpdateSchema,
)

blp = Blueprint("auth", __name__, url_prefix="/api/v1", description="Login, tokens and users")


def _login_failed(response):
    """A 401 counts against the limits, except the one asking for the one-time code (the
    password was right), so a user with a second factor is not locked out by the extra step."""
    if response.status_code != 401:
        return False
    errors = (response.get_json(silent=True) or {}).get("errors") or {}
    return errors.get("totp") != ["required"]


def _throttled(request_limit):
    """The limiter refused a login (pair or address limit): audited; the answer stays 429."""
    body = request.get_json(silent=True)
    typed = str(body.get("username") or "")[:64] if isinstance(body, dict) else ""
    service.note_throttled(typed, str(request_limit.limit), request_origin())


@blp.route("/auth/login")
class Login(MethodView):
    decorators = [
        limiter.limit(lambda: _cfg("LOGIN_FAILURE_LIMIT_PAIR"), key_func=login_pair_key,
                      deduct_when=_login_failed, scope="login-pair", on_breach=_throttled),
        limiter.limit(lambda: _cfg("LOGIN_FAILURE_LIMIT_ADDR"), deduct_when=_login_failed,
                      scope="login-addr", on_breach=_throttled),
    ]

    @public
    @blp.arguments(LoginSchema)
    @blp.response(200, LoginResultSchema)
    @blp.alt_response(401, description="Wrong username or password")
    @blp.alt_response(429, description="Too many failed logins")
    def post(self, creds):
        """Exchange a username and password for an access and a refresh token."""
        user = service.authenticate(creds["username"], creds["password"], creds.get("totp"),
                                    request_origin())
        answer = {**service.start_session(user, request_origin()), "user": user}
        if must_enrol(user):
            answer["totp_enrolment"] = totp.new_secret(user)
        return answer


@blp.route("/auth/refresh")
class Refresh(MethodView):
    @access(refresh=True, enrolment=True)
    @blp.response(200, TokenPairSchema)
    def post(self):
        """Spend the refresh token (Bearer) for a new pair; the old one stops working."""
        return service.rotate_refresh(current_user, get_jwt(), request_origin())


@blp.route("/auth/logout")
class Logout(MethodView):
    @access(refresh="any", enrolment=True)
    @blp.response(204)
    def post(self):
        """End this login: its access and refresh tokens all stop working."""
        service.log_out(current_user, get_jwt()["fam"], request_origin())


@blp.route("/me")
class Me(MethodView):
    @access(enrolment=True)
    @blp.response(200, UserSchema)
    def get(self):
        """The signed-in user."""
        return current_user


@blp.route("/me/password")
class MyPassword(MethodView):
    @access()
    @blp.arguments(PasswordChangeSchema)
    @blp.response(204)
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY")  # wrong current, weak new
    @blp.alt_response(429, description="Too many wrong current passwords")
    def put(self, body):
        """Change one's own password, given the current one; one's other logins end."""
        service.change_own_password(current_user, get_jwt()["fam"], body["current_password"],
                                    body["new_password"], request_origin())


@blp.route("/me/last-ward")
class MyLastWard(MethodView):
    @access()
    @blp.arguments(LastWardSchema)
    @blp.response(204)
    @blp.alt_response(404, response="NOT_FOUND")  # a ward the caller may not see
    def put(self, body):
        """Remember the ward one last chose to look at (GET /me gives it as last_ward_id);
        screens open on it after signing in again."""
        service.remember_last_ward(current_user, body["ward_id"])


@blp.route("/users")
class Users(MethodView):
    @access(*MANAGERS)
    @blp.arguments(UserQueryArgsSchema, location="query")
    @blp.response(200, UserAdminSchema(many=True))
    def get(self, args):
        """Users of the caller's ward (an admin: of the province, optionally one ward)."""
        return service.list_ward_users(current_user, args.get("ward_id"))

    @access(*MANAGERS)
    @blp.arguments(UserCreateSchema)
    @blp.response(201, UserAdminSchema)
    def post(self, data):
        """Add a user to a ward (a commander: to their own ward only)."""
        ward, province = _target_area(current_user, data)
        return service.add_user(data["username"], data["password"], data["role"],
                                data["full_name"], ward, province, request_origin())


@blp.route("/users/<int:user_id>")
class UserById(MethodView):
    @access(*MANAGERS, scope="user")
    @blp.arguments(UserUpdateSchema)
    @blp.response(200, UserAdminSchema)
    def patch(self, changes, user_id):
        """Rename, change role, deactivate or reset the password of a user."""
        return service.update_user(current_user, g.target_user, changes, request_origin())


@blp.route("/users/<int:user_id>/sessions")
class UserSessions(MethodView):
    @access(*MANAGERS, scope="user")
    @blp.response(200, SessionSchema(many=True))
    def get(self, user_id):
        """The user's open logins (one per phone)."""
        return service.list_sessions(user_id)

    @access(*MANAGERS, scope="user")
    @blp.response(204)
    def delete(self, user_id):
        """End every login of the user, e.g. when a phone is lost or stolen."""
        service.end_sessions(g.target_user, request_origin())


@blp.route("/me/totp")
class MyTotp(MethodView):
    @access(*SECOND_FACTOR_ROLES, enrolment=True)
    @blp.response(200, TotpStatusSchema)
    def get(self):
        """Whether the signed-in user's second factor is on."""
        return totp.status(current_user)

    @access(*SECOND_FACTOR_ROLES, enrolment=True)
    @blp.arguments(CurrentPasswordSchema)
    @blp.response(200, TotpStartSchema)
    @blp.alt_response(409, description="The second factor is already on")
    @blp.alt_response(429, description="Too many wrong current passwords")
    def post(self, body):
        """Start enrolment, given one's password: a new secret, its otpauth URI and QR code."""
        return totp.start_enrolment(current_user, body["password"])

    @access(*SECOND_FACTOR_ROLES)
    @blp.arguments(TotpRemoveSchema)
    @blp.response(204)
    @blp.alt_response(409, description="The second factor is not on")
    @blp.alt_response(429, description="Too many wrong current passwords")
    def delete(self, body):
        """Turn one's own second factor off, given one's password and a current code."""
        totp.remove(current_user, body["password"], body["code"], request_origin())


@blp.route("/me/totp/confirm")
class MyTotpConfirm(MethodView):
    @access(*SECOND_FACTOR_ROLES, enrolment=True)
    @blp.arguments(TotpCodeSchema)
    @blp.response(200, TotpStatusSchema)
    @blp.alt_response(409, description="Enrolment was not started")
    def post(self, body):
        """Turn the second factor on with a code the app shows; from then on login needs one."""
        return totp.confirm_enrolment(current_user, body["code"], request_origin())


@blp.route("/users/<int:user_id>/totp")
class UserTotp(MethodView):
    @access(*MANAGERS, scope="user")
    @blp.response(204)
    def delete(self, user_id):
        """Remove a user's second factor (their phone is lost) so they can enrol again."""
        totp.reset(g.target_user, request_origin())


def _cfg(key):
    return current_app.config[key]


def _target_area(caller, data):
    if not outranks(caller, data["role"]):
        raise Invalid("Chỉ được tạo người dùng có vai trò thấp hơn mình (role must rank below "
                      "yours).", {"role": ["not_allowed"]})
    if caller.role == "commander":
        if data.get("ward_id") not in (None, caller.ward_id):
            raise NotFound("Không tìm thấy phường/xã (ward not found).")
        ward = caller.ward
    else:
        ward = db.session.get(Ward, data.get("ward_id") or 0)
        if ward is None or ward.province_id != caller.province_id:
            raise Invalid("Cần chọn phường/xã thuộc tỉnh.", {"ward_id": ["unknown_ward"]})
    return ward, ward.province
