"""Serialisation of plans, tasks and campaigns."""
from marshmallow import Schema, ValidationError, fields, validate, validates

from ..fields import FreeText, Id, LocalDay
from ..metrics.models import COUNT_TARGETS
from ..outreach.models import KINDS

PLAN_REASONS = ("gap", "low_coverage", "target", "task", "assigned")


class PlanArgsSchema(Schema):
    date = LocalDay(metadata={"description": "YYYY-MM-DD, local; today by default"})
    lat = fields.Float(validate=validate.Range(min=-90, max=90))
    lon = fields.Float(validate=validate.Range(min=-180, max=180))
    days = fields.Integer(load_default=1, validate=validate.Range(min=1, max=7), metadata={
        "description": "How many days from `date`: 1 (the day's plan) to 7 (a week's)"})


class AssignInSchema(Schema):
    officer_id = Id(required=True, strict=True, allow_none=True, metadata={
        "description": "The officer or volunteer put in charge; null: nobody"})
    group_ids = fields.List(Id(strict=True), required=True,
                            validate=validate.Length(min=1, max=1000))


class AssignedGroupSchema(Schema):
    group_id = fields.Integer(attribute="id")
    group_name = fields.String(attribute="name")
    officer_id = fields.Integer(allow_none=True)


class TaskInSchema(Schema):
    group_id = Id(required=True, strict=True)
    assignee_id = Id(required=True, strict=True)
    due_on = LocalDay(required=True)
    kind = fields.String(load_default=None, allow_none=True,
                         validate=validate.OneOf(KINDS, error="unknown_kind"))
    note = FreeText(500, load_default=None, allow_none=True)


class TaskListArgsSchema(Schema):
    status = fields.String(validate=validate.OneOf(("open", "done")))
    assignee_id = Id()


class TaskSchema(Schema):
    id = fields.Integer(attribute="task.id")
    ward_id = fields.Integer(attribute="task.ward_id")
    group_id = fields.Integer(attribute="task.group_id")
    group_name = fields.String(attribute="task.group.name")
    assignee_id = fields.Integer(attribute="task.assignee_id")
    assignee_name = fields.String(attribute="task.assignee.full_name")
    kind = fields.String(attribute="task.kind", allow_none=True)
    due_on = fields.Date(attribute="task.due_on")
    note = fields.String(attribute="task.note", allow_none=True)
    status = fields.String(metadata={"enum": ["open", "done"]})
    overdue = fields.Boolean(metadata={"description": "Open and past its due day"})


class CampaignInSchema(Schema):
    name = FreeText(120, required=True, validate=validate.Length(min=1))
    from_ = LocalDay(data_key="from", required=True)
    to = LocalDay(required=True, metadata={"description": "The last day, included"})
    targets = fields.Dict(keys=fields.String(), values=fields.Integer(
        strict=True, validate=validate.Range(min=1, max=10_000_000)), load_default=dict,
        metadata={"description": "{count: value}, counts among " + ", ".join(COUNT_TARGETS)})

    @validates("targets")
    def known_counts(self, value, **kwargs):
        unknown = sorted(set(value) - set(COUNT_TARGETS))
        if unknown:
            raise ValidationError({name: ["unknown_count"] for name in unknown})


class CampaignSchema(Schema):
    id = fields.Integer()
    ward_id = fields.Integer()
    name = fields.String()
    from_ = fields.Date(data_key="from", attribute="starts_on")
    to = fields.Date(attribute="ends_on", metadata={"description": "The last day, included"})


class CampaignTargetProgressSchema(Schema):
    kind = fields.String()
    value = fields.Integer()
    actual = fields.Integer()
    progress_pct = fields.Float(allow_none=True)


class CampaignProgressSchema(CampaignSchema):
    id = fields.Integer(attribute="campaign.id")
    ward_id = fields.Integer(attribute="campaign.ward_id")
    name = fields.String(attribute="campaign.name")
    from_ = fields.Date(data_key="from", attribute="campaign.starts_on")
    to = fields.Date(attribute="campaign.ends_on")
    running = fields.Boolean()
    targets = fields.List(fields.Nested(CampaignTargetProgressSchema))
    people = fields.List(fields.Dict(), metadata={
        "description": "Per person: user_id, full_name, events and every count of the tagged events"})


class CampaignListArgsSchema(Schema):
    on = LocalDay(metadata={"description": "Only the campaigns running that day"})


class PlanItemSchema(Schema):
    group_id = fields.Integer(attribute="group.id")
    group_code = fields.String(attribute="group.code")
    group_name = fields.String(attribute="group.name")
    households_total = fields.Integer(attribute="group.households_total")
    lat = fields.Float(attribute="group.lat", allow_none=True)
    lon = fields.Float(attribute="group.lon", allow_none=True)
    order = fields.Integer()
    reasons = fields.List(fields.String(validate=validate.OneOf(PLAN_REASONS)))
    distance_m = fields.Integer(allow_none=True, metadata={
        "description": "Metres from the stop before (the start, for the first)"})
    coverage_pct = fields.Float(allow_none=True)
    task_id = fields.Integer()
    task_kind = fields.String(attribute="task.kind", allow_none=True)
    task_note = fields.String(attribute="task.note", allow_none=True)
    due_on = fields.Date(attribute="task.due_on")
    overdue = fields.Boolean()


class PlanDaySchema(Schema):
    date = fields.Date()
    items = fields.List(fields.Nested(PlanItemSchema))


class PlanSchema(Schema):
    date = fields.Date()
    start = fields.Dict(metadata={"description": "lat, lon and source: ward (its centre) or position"})
    items = fields.List(fields.Nested(PlanItemSchema), metadata={"description": "The first day's"})
    days = fields.List(fields.Nested(PlanDaySchema), metadata={
        "description": "Every day asked for with its own items in route order (the first day's "
                       "from the position when given, the others' from the ward centre)"})
    area = fields.List(fields.Integer(), metadata={"description": "The groups the user is in charge of"})
    campaigns = fields.List(fields.Nested(CampaignSchema), metadata={
        "description": "The ward's campaigns running that day"})


class PlanReportArgsSchema(Schema):
    from_ = LocalDay(data_key="from", metadata={"description": "4 weeks before 'to' by default"})
    to = LocalDay(metadata={"description": "Exclusive; tomorrow by default"})


class PlanReportSchema(Schema):
    ward_id = fields.Integer()
    from_ = fields.Date(data_key="from")
    to = fields.Date()
    weeks = fields.List(fields.Dict(), metadata={
        "description": "{week, week_start, users: [{user_id, full_name, role, planned, done}]}"})
