"""Serialisation of users, credentials and tokens."""
from marshmallow import Schema, fields, validate

from ..fields import Id, UtcDateTime
from ..roles import ROLES


class LoginSchema(Schema):
    username = fields.String(required=True, validate=validate.Length(min=1, max=64))
    password = fields.String(required=True, validate=validate.Length(min=1, max=256))
    totp = fields.String(validate=validate.Length(max=16), metadata={
        "description": "The 6-digit code of the authenticator app, for users with a second "
                       "factor (login answers 401 with errors {\"totp\": [\"required\"]})."})


class UserSchema(Schema):
    id = fields.Integer(dump_only=True)
    username = fields.String()
    full_name = fields.String()
    role = fields.String()
    ward_id = fields.Integer(allow_none=True)
    province_id = fields.Integer()
    last_ward_id = fields.Integer(allow_none=True, dump_only=True, metadata={
        "description": "The ward the user last chose to look at (PUT /me/last-ward), or null."})


class UserAdminSchema(UserSchema):
    active = fields.Boolean()
    created_at = UtcDateTime(dump_only=True)


class TokenPairSchema(Schema):
    access_token = fields.String()
    refresh_token = fields.String()


class LoginResultSchema(TokenPairSchema):
    user = fields.Nested(UserSchema)
    totp_enrolment = fields.Nested("TotpStartSchema", metadata={
        "description": "Only for a user whose role needs a second factor and who has none: "
                       "the enrolment to finish (POST /me/totp/confirm) before any other "
                       "endpoint but /me answers (403, errors {\"totp\": [\"enrolment_required\"]})."})


class UserCreateSchema(Schema):
    username = fields.String(required=True, validate=validate.Regexp(r"^[A-Za-z0-9._-]{3,64}$"))
    full_name = fields.String(required=True, validate=validate.Length(min=1, max=120))
    role = fields.String(required=True, validate=validate.OneOf(ROLES))
    password = fields.String(required=True, validate=validate.Length(min=1, max=256), load_only=True)
    ward_id = Id(load_default=None)


class UserUpdateSchema(Schema):
    full_name = fields.String(validate=validate.Length(min=1, max=120))
    role = fields.String(validate=validate.OneOf(ROLES))
    active = fields.Boolean()
    password = fields.String(validate=validate.Length(min=1, max=256), load_only=True)


class UserQueryArgsSchema(Schema):
    ward_id = Id()


class SessionSchema(Schema):
    id = fields.String()
    created_at = UtcDateTime()
    last_used_at = UtcDateTime(allow_none=True)
    user_agent = fields.String(allow_none=True)
    device_id = fields.String(allow_none=True)


class TotpStartSchema(Schema):
    secret = fields.String(metadata={"description": "base32, to type into the app"})
    otpauth_uri = fields.String(metadata={"description": "otpauth:// URI, to show as a QR code"})
    qr_code = fields.String(metadata={"description": "the URI as a QR code: data:image/svg+xml"})


class TotpCodeSchema(Schema):
    code = fields.String(required=True, validate=validate.Length(min=1, max=16))


class TotpStatusSchema(Schema):
    enabled = fields.Boolean()
    confirmed_at = UtcDateTime(allow_none=True)


class PasswordChangeSchema(Schema):
    current_password = fields.String(required=True, load_only=True,
                                     validate=validate.Length(min=1, max=256))
    new_password = fields.String(required=True, load_only=True,
                                 validate=validate.Length(min=1, max=256))


class LastWardSchema(Schema):
    ward_id = Id(required=True, strict=True, metadata={"description": "a ward the signed-in user may see"})


class CurrentPasswordSchema(Schema):
    password = fields.String(required=True, load_only=True, validate=validate.Length(min=1, max=256),
                             metadata={"description": "the signed-in user's current password"})


class TotpRemoveSchema(CurrentPasswordSchema):
    code = fields.String(required=True, validate=validate.Length(min=1, max=16),
                         metadata={"description": "a current code of the authenticator app"})
