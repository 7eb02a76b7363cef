"""Serialisation of support points, QR boards and the channel figures."""
import re
from urllib.parse import urlsplit

from marshmallow import Schema, ValidationError, fields, validate

from ..fields import FreeText, Id, LocalDay, UtcDateTime
from .models import POINT_KINDS, WEEKDAYS

_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$|^24:00$")
MAX_SPANS_PER_DAY = 4


def _check_span(span):
    if (not isinstance(span, list) or len(span) != 2
            or not all(isinstance(t, str) and _TIME.match(t) for t in span)):
        raise ValidationError("invalid_span")
    if span[0] >= span[1]:
        raise ValidationError("closes_before_opening")


def check_opening_hours(value):
    """{weekday: [["HH:MM", "HH:MM"], ...]}: known weekdays, at most four spans a day, each
    opening before it closes, in order and not overlapping."""
    if not isinstance(value, dict):
        raise ValidationError("not_object")
    for day, spans in value.items():
        if day not in WEEKDAYS:
            raise ValidationError("unknown_weekday")
        if not isinstance(spans, list) or len(spans) > MAX_SPANS_PER_DAY:
            raise ValidationError("invalid_spans")
        for span in spans:
            _check_span(span)
        for before, after in zip(spans, spans[1:]):
            if after[0] < before[1]:
                raise ValidationError("overlapping_spans")


def check_target_url(value):
    """http(s) with a host and a possible port; our own short links are refused by the service,
    which knows our address."""
    try:
        parts = urlsplit(value)
        fine = parts.scheme in ("http", "https") and bool(parts.hostname)
        _ = parts.port  # an impossible port raises ValueError here
    except ValueError:  # "http://[", "https://host:99999/"
        fine = False
    if not fine:
        raise ValidationError("not_http_url")


_LAT = validate.Range(min=-90, max=90, error="out_of_range")
_LON = validate.Range(min=-180, max=180, error="out_of_range")


class SupportPointSchema(Schema):
    id = fields.Integer(dump_only=True)
    ward_id = fields.Integer(dump_only=True)
    name = FreeText(120, required=True, validate=validate.Length(min=1, error="required"))
    kind = fields.String(load_default="other",
                         validate=validate.OneOf(POINT_KINDS, error="unknown_kind"))
    address = FreeText(200, allow_none=True, load_default=None)
    lat = fields.Float(allow_none=True, load_default=None, validate=_LAT)
    lon = fields.Float(allow_none=True, load_default=None, validate=_LON)
    opening_hours = fields.Dict(load_default=dict, validate=check_opening_hours,
                                error_messages={"invalid": "not_object"}, metadata={
        "description": '{"mon": [["07:30", "11:30"], ["13:30", "17:00"]], ...}: the days it '
                       "opens, local time"})
    active = fields.Boolean(dump_only=True)


class SupportPointPatchSchema(SupportPointSchema):
    """Any subset of a point's fields (used with partial=True)."""


class QrBoardInSchema(Schema):
    name = FreeText(120, required=True, validate=validate.Length(min=1, error="required"))
    target_url = fields.String(required=True, validate=[
        validate.Length(max=500, error="too_long"), check_target_url])
    group_id = Id(allow_none=True, load_default=None)
    support_point_id = Id(allow_none=True, load_default=None)
    lat = fields.Float(allow_none=True, load_default=None, validate=_LAT)
    lon = fields.Float(allow_none=True, load_default=None, validate=_LON)


class ScanDaySchema(Schema):
    day = fields.Date()
    scans = fields.Integer()


class _BoardSchema(Schema):
    """What the board's own answer and the channel figures both say of a board."""

    id = fields.Integer()
    name = fields.String()
    code = fields.String()
    group_id = fields.Integer(allow_none=True)
    support_point_id = fields.Integer(allow_none=True)
    lat = fields.Float(allow_none=True)
    lon = fields.Float(allow_none=True)
    retired = fields.Boolean()
    scans_by_day = fields.List(fields.Nested(ScanDaySchema))


class QrBoardSchema(_BoardSchema):
    ward_id = fields.Integer()
    short_url = fields.String()
    target_url = fields.String()
    retired_at = UtcDateTime(allow_none=True)
    scans_total = fields.Integer()


class PeriodArgsSchema(Schema):
    from_ = LocalDay(data_key="from", metadata={"description": "YYYY-MM-DD, local, inclusive"})
    to = LocalDay(metadata={"description": "YYYY-MM-DD, local, exclusive"})


class PointFiguresSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    kind = fields.String()
    lat = fields.Float(allow_none=True)
    lon = fields.Float(allow_none=True)
    active = fields.Boolean()
    sessions = fields.Integer()
    people_assisted = fields.Integer()
    vneid_installs = fields.Integer()
    vneid_activations = fields.Integer()
    dvc_filings = fields.Integer()
    open_hours = fields.Float(metadata={"description": "Hours open in the period, to today"})
    people_per_open_hour = fields.Float(allow_none=True)
    activations_per_open_hour = fields.Float(allow_none=True)


class BoardFiguresSchema(_BoardSchema):
    scans = fields.Integer(metadata={"description": "Scans in the period"})


class PlatformFiguresSchema(Schema):
    platform = fields.String(allow_none=True, metadata={"description": "null: not named"})
    posts = fields.Integer()
    online_reach = fields.Integer()
    vneid_installs = fields.Integer()
    vneid_activations = fields.Integer()
    dvc_filings = fields.Integer()


class ChannelsSchema(Schema):
    ward_id = fields.Integer()
    from_ = fields.Date(data_key="from")
    to = fields.Date(metadata={"description": "Exclusive"})
    points = fields.List(fields.Nested(PointFiguresSchema))
    boards = fields.List(fields.Nested(BoardFiguresSchema))
    platforms = fields.List(fields.Nested(PlatformFiguresSchema))
    scans_total = fields.Integer()
