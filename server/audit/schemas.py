"""Serialisation of audit entries and the audit query."""
from marshmallow import Schema, fields, validate

from ..fields import Id, LocalDay, UtcDateTime
from .models import ENTITIES


class AuditEntrySchema(Schema):
    id = fields.Integer()
    at = UtcDateTime()
    actor_id = fields.Integer(allow_none=True)
    actor_name = fields.Function(lambda e: e.actor.full_name if e.actor else None,
                                 metadata={"type": "string", "nullable": True})
    entity = fields.String(metadata={"enum": list(ENTITIES)})
    entity_id = fields.String()
    action = fields.String(metadata={
        "description": "create, update, delete, review (events); update, create, revoke_sessions, "
                       "totp_enrol, totp_reset, totp_remove, password_change (users); security "
                       "events of a user: login, login_failed (changes.username as typed; "
                       "entity_id '-' for an unknown one), throttled, refresh_reuse, logout, "
                       "denied (a refused request: changes.path, method, status); close, reopen "
                       "(period: a ward's month, entity_id YYYY-MM)"})
    version = fields.Integer(allow_none=True)
    changes = fields.Dict(keys=fields.String(), values=fields.List(fields.Raw(allow_none=True)),
                          metadata={"description": "field → [old, new]"})
    # An officer or volunteer reading an event's history sees these for their own entries only.
    device_id = fields.String(allow_none=True)
    user_agent = fields.String(allow_none=True)
    remote_addr = fields.String(allow_none=True)


class AuditQueryArgsSchema(Schema):
    entity = fields.String(validate=validate.OneOf(ENTITIES))
    actor_id = Id()
    from_ = LocalDay(data_key="from", metadata={"description": "YYYY-MM-DD, local day"})
    to = LocalDay(metadata={"description": "YYYY-MM-DD, local day, exclusive"})
    limit = fields.Integer(load_default=100, validate=validate.Range(min=1, max=500))
    cursor = Id(metadata={"description": "next_cursor of the previous page"})


class AuditPageSchema(Schema):
    items = fields.List(fields.Nested(AuditEntrySchema))
    next_cursor = fields.Integer(allow_none=True)
