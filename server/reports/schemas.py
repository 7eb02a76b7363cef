"""Arguments and answers of the report, closing and export endpoints."""
from marshmallow import Schema, fields, validate

from ..fields import FreeText, UtcDateTime
from ..metrics.schemas import MonthField, PeriodArgsSchema
from ..outreach.schemas import EventQueryArgsSchema
from .service import FORMATS


class ReportArgsSchema(PeriodArgsSchema):
    """[from, to) in local days (this month by default) and the format."""

    format = fields.String(load_default="html", validate=validate.OneOf(FORMATS),
                           metadata={"description": "html (printable page), xlsx or csv"})


class ClosureSchema(Schema):
    ward_id = fields.Integer()
    month = MonthField()
    closed = fields.Boolean(metadata={"description": "Closed now; false once reopened"})
    closed_at = UtcDateTime()
    closed_by_id = fields.Integer(allow_none=True)
    closed_by_name = fields.Function(lambda c: c.closed_by.full_name if c.closed_by else None,
                                     metadata={"type": "string", "nullable": True})
    reopened_at = UtcDateTime(allow_none=True)
    reopened_by_id = fields.Integer(allow_none=True)
    reopen_reason = fields.String(allow_none=True)


class ClosedMonthsSchema(Schema):
    ward_id = fields.Integer()
    months = fields.List(MonthField(), metadata={"description": "The months (YYYY-MM) closed now, "
                                                                "oldest first"})


class ReopenSchema(Schema):
    reason = FreeText(500, required=True, validate=validate.Length(min=5),
                           metadata={"description": "Why the month is opened again (kept in the "
                                                    "audit log)"})


class ExportArgsSchema(EventQueryArgsSchema):
    """The filters of GET /api/v1/events (no paging: the whole selection) and the format."""

    class Meta:
        exclude = ("limit", "cursor")

    format = fields.String(load_default="csv", validate=validate.OneOf(("csv", "xlsx")))
