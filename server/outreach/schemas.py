"""Event schemas. Incoming events fail with machine-readable codes per field, not prose."""
from datetime import timedelta, timezone

from flask import current_app
from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate, validates_schema

from ..fields import DB_INT_MAX, FreeText, Id, LocalDay, UtcDateTime
from ..timeutil import as_utc, utcnow
from .counts import COUNT_FIELDS, COUNT_LIMITS
from .models import KINDS, MAIN_COUNT, PLATFORMS, QUALITY_REASONS, REVIEW_FILTERS, REVIEW_STATUSES

_INT = {"invalid": "not_integer", "null": "required", "required": "required"}


def _count_validator(name):
    def check(value):
        if value < 0:
            raise ValidationError("negative")
        if value > COUNT_LIMITS[name]:
            raise ValidationError("too_large")
    return check


def _range(lo, hi):
    return validate.Range(min=lo, max=hi, error="out_of_range")


_CountsIn = Schema.from_dict(
    {name: fields.Integer(load_default=0, strict=True, error_messages=_INT,
                          validate=_count_validator(name)) for name in COUNT_FIELDS},
    name="EventCountsIn",
)
_CountsOut = Schema.from_dict({name: fields.Integer() for name in COUNT_FIELDS}, name="EventCounts")


class EventInSchema(_CountsIn):
    """One event of a sync batch, as the phone sends it."""

    class Meta:
        unknown = EXCLUDE

    id = fields.UUID(required=True, error_messages={"invalid_uuid": "invalid_uuid", **_INT})
    kind = fields.String(validate=validate.OneOf(KINDS, error="unknown_kind"),
                         error_messages={"required": "required", "null": "required"})
    group_id = Id(allow_none=True, load_default=None, strict=True, error_messages=_INT)
    occurred_at = fields.AwareDateTime(error_messages={
        "invalid": "invalid_datetime", "invalid_awareness": "offset_required",
        "required": "required", "null": "required"})
    duration_min = fields.Integer(load_default=0, strict=True, error_messages=_INT,
                                  validate=validate.Range(min=0, max=1440, error="out_of_range"))
    lat = fields.Float(allow_none=True, load_default=None, validate=_range(-90, 90),
                       error_messages={"invalid": "not_number"})
    lon = fields.Float(allow_none=True, load_default=None, validate=_range(-180, 180),
                       error_messages={"invalid": "not_number"})
    accuracy_m = fields.Float(allow_none=True, load_default=None, validate=_range(0, 100_000),
                              error_messages={"invalid": "not_number"})
    note = FreeText(500, allow_none=True, load_default=None,
                    error_messages={"invalid": "not_string"})
    campaign_id = Id(allow_none=True, load_default=None, strict=True, error_messages=_INT,
                     metadata={"description": "The running campaign of the ward it counts for"})
    support_point_id = Id(allow_none=True, load_default=None, strict=True, error_messages=_INT,
                          metadata={"description": "The support point of a support_session"})
    platform = fields.String(allow_none=True, load_default=None,
                             validate=validate.OneOf(PLATFORMS, error="unknown_platform"),
                             error_messages={"invalid": "not_string"},
                             metadata={"description": "Where a digital_post went out"})
    base_version = fields.Integer(allow_none=True, load_default=None, strict=True,
                                  validate=validate.Range(min=1, error="out_of_range"),
                                  error_messages=_INT)
    rev = fields.Integer(allow_none=True, load_default=None, strict=True, error_messages=_INT,
                         validate=validate.Range(min=1, max=DB_INT_MAX, error="out_of_range"),
                         metadata={"description": "The phone's count of its changes to this event, "
                                   "higher for each change. An upload without base_version whose "
                                   "rev is not above the stored one is a late copy of an earlier "
                                   "change and answers conflict instead of overwriting."})
    deleted = fields.Boolean(load_default=False, error_messages={"invalid": "not_boolean"})

    @validates_schema(skip_on_field_errors=False, pass_original=True)
    def check_event(self, data, original, partial=None, **kwargs):
        if data.get("deleted") and partial:
            return
        errors = {}
        for name in ("kind", "occurred_at"):
            if name not in original:  # a null is already answered by the field itself
                errors[name] = ["required"]
        main = MAIN_COUNT.get(data.get("kind"))
        if main and isinstance(data.get(main), int) and data[main] < 1:
            errors[main] = ["required_for_kind"]
        if data.get("platform") and data.get("kind") != "digital_post":
            errors["platform"] = ["not_for_kind"]
        when = data.get("occurred_at")
        if when is not None and when.tzinfo is not None:
            # Compared as aware instants: converting year 1 at +14:00 to UTC would overflow.
            now = as_utc(utcnow())
            cfg = current_app.config
            if when > now + timedelta(seconds=cfg["EVENT_FUTURE_SKEW_S"]):
                errors["occurred_at"] = ["in_future"]
            elif when < now - timedelta(days=cfg["EVENT_MAX_AGE_DAYS"]):
                errors["occurred_at"] = ["too_old"]
        both_parsed = "lat" in data and "lon" in data  # not when one is already out of range
        if both_parsed and (data["lat"] is None) != (data["lon"] is None):
            errors["lon" if data.get("lon") is None else "lat"] = ["required_with_other_coordinate"]
        if errors:
            raise ValidationError(errors)


class EventSchema(_CountsOut):
    """An event as stored on the server."""

    id = fields.String()
    kind = fields.String()
    group_id = fields.Integer(allow_none=True)
    ward_id = fields.Integer()
    author_id = fields.Integer()
    author_name = fields.Function(lambda e: e.author.full_name if e.author else None)
    occurred_at = fields.Method("dump_occurred_at")
    local_date = fields.Date()
    duration_min = fields.Integer()
    lat = fields.Float(allow_none=True)
    lon = fields.Float(allow_none=True)
    accuracy_m = fields.Float(allow_none=True)
    distance_m = fields.Float(allow_none=True)
    note = fields.String(allow_none=True)
    campaign_id = fields.Integer(allow_none=True)
    support_point_id = fields.Integer(allow_none=True)
    platform = fields.String(allow_none=True, metadata={"enum": [*PLATFORMS, None]})
    flags = fields.List(fields.String())
    version = fields.Integer()
    deleted = fields.Boolean()
    review_status = fields.String(allow_none=True, metadata={
        "enum": [*REVIEW_STATUSES, None],
        "description": "The commander's review: null (not reviewed), accepted, or returned to "
                       "its author with review_comment; the author's next edit clears it"})
    review_comment = fields.String(allow_none=True)
    reviewed_at = UtcDateTime(allow_none=True)
    reviewed_by_id = fields.Integer(allow_none=True)
    reviewed_by_name = fields.Function(
        lambda e: e.reviewed_by.full_name if e.reviewed_by else None,
        metadata={"type": "string", "nullable": True})
    created_at = fields.Method("dump_created_at")
    updated_at = fields.Method("dump_updated_at")

    def dump_occurred_at(self, event):
        offset = timezone(timedelta(minutes=event.utc_offset_min or 0))
        return as_utc(event.occurred_at).astimezone(offset).isoformat()

    def dump_created_at(self, event):
        return as_utc(event.created_at).isoformat()

    def dump_updated_at(self, event):
        return as_utc(event.updated_at).isoformat()


class SyncRequestSchema(Schema):
    events = fields.List(fields.Raw(allow_none=True), required=True,
                         metadata={"description": "Up to 500 events; each is checked on its own."})


class SyncResultSchema(Schema):
    id = fields.String(allow_none=True)
    status = fields.String(validate=validate.OneOf(
        ("created", "updated", "unchanged", "conflict", "rejected")))
    version = fields.Integer(allow_none=True)
    errors = fields.Dict()
    server_event = fields.Nested(EventSchema)
    successor_ids = fields.List(fields.Integer(), metadata={
        "description": "errors.group_id is group_stopped: the groups that took its place"})


class SyncResponseSchema(Schema):
    results = fields.List(fields.Nested(SyncResultSchema))


class EventQueryArgsSchema(Schema):
    ward_id = Id()
    group_id = Id()
    kind = fields.String(validate=validate.OneOf(KINDS))
    user_id = Id()
    review_status = fields.String(validate=validate.OneOf(REVIEW_FILTERS),
                                  metadata={"description": "none: not reviewed yet"})
    from_ = fields.String(data_key="from", metadata={"description": "YYYY-MM-DD (local) or ISO datetime"})
    to = fields.String(metadata={"description": "YYYY-MM-DD (local, exclusive) or ISO datetime"})
    include_deleted = fields.Boolean(load_default=False)
    limit = fields.Integer(load_default=100, validate=validate.Range(min=1, max=500))
    cursor = fields.String()


class EventPageSchema(Schema):
    items = fields.List(fields.Nested(EventSchema))
    next_cursor = fields.String(allow_none=True)


# ---- review and data quality -------------------------------------------------------------------

class ReviewInSchema(Schema):
    status = fields.String(required=True,
                            validate=validate.OneOf(REVIEW_STATUSES, error="unknown_status"))
    comment = FreeText(500, allow_none=True, load_default=None)
    version = fields.Integer(allow_none=True, load_default=None, strict=True,
                             validate=validate.Range(min=1, max=DB_INT_MAX, error="out_of_range"),
                             metadata={"description": "The version the reviewer saw; 409 when "
                                                      "the event changed since"})


class ReviewQueueArgsSchema(Schema):
    from_ = LocalDay(data_key="from", metadata={"description": "YYYY-MM-DD, local, inclusive; "
                                                               "30 days before 'to' by default"})
    to = LocalDay(metadata={"description": "YYYY-MM-DD, local, exclusive; tomorrow by default"})
    reason = fields.String(validate=validate.OneOf((*QUALITY_REASONS, "any")), metadata={
        "description": "Only events with this signal (any: with at least one)"})
    review_status = fields.String(validate=validate.OneOf(REVIEW_FILTERS),
                                  metadata={"description": "none: not reviewed yet"})
    user_id = Id()
    group_id = Id()
    kind = fields.String(validate=validate.OneOf(KINDS))
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))
    cursor = fields.String()


class QueueItemSchema(Schema):
    event = fields.Nested(EventSchema)
    reasons = fields.List(fields.String(validate=validate.OneOf(QUALITY_REASONS)),
                          metadata={"description": "Data-quality signals: " + ", ".join(QUALITY_REASONS)})


class ReviewQueueSchema(Schema):
    from_ = fields.Date(data_key="from")
    to = fields.Date(metadata={"description": "Exclusive"})
    items = fields.List(fields.Nested(QueueItemSchema))
    next_cursor = fields.String(allow_none=True)
    counts = fields.Dict(keys=fields.String(), values=fields.Integer(), metadata={
        "description": "Events under the filters but `reason`: all, any (with a signal), and "
                       "per signal"})
