"""Serialisation of metrics, filing statistics, targets and the ranking."""
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from ..fields import FreeText, LocalDay
from ..outreach.models import COUNT_FIELDS, KINDS
from ..periods import format_month
from .figures import EFFECT_FIELDS
from .models import RATE_GROUPS, SERVICE_GROUPS, TARGET_KINDS
from .eid import EID_MAX
from .outcomes import (FILING_MAX, IMPORT_STATUSES, RESIDENCE_CONFLICT, figure_errors,
                       residence_conflict)


class MonthField(fields.String):
    """A month as 'YYYY-MM' (stored as its first day); written, never read."""

    def __init__(self, **kwargs):
        metadata = {"pattern": r"^\d{4}-\d{2}$", "example": "2026-11", **kwargs.pop("metadata", {})}
        super().__init__(dump_only=True, metadata=metadata, **kwargs)

    def _serialize(self, value, attr, obj, **kwargs):
        return format_month(value) if value is not None else None


# ---- metrics -------------------------------------------------------------------------------

_Counts = Schema.from_dict({name: fields.Integer() for name in COUNT_FIELDS}, name="MetricCounts")


class TotalsSchema(_Counts):
    """Event count, hours (Σ duration_min / 60) and every count field summed."""

    events = fields.Integer()
    hours = fields.Float()


EffectivenessSchema = Schema.from_dict(
    {f"{name}_{per}": fields.Float(allow_none=True)
     for name in EFFECT_FIELDS for per in ("per_event", "per_hour")},
    name="Effectiveness",
)


class KindTotalsSchema(TotalsSchema):
    effectiveness = fields.Nested(EffectivenessSchema)


class GroupMetricsSchema(TotalsSchema):
    group_id = fields.Integer()
    code = fields.String()
    name = fields.String()
    households_total = fields.Integer()
    coverage_pct = fields.Float(allow_none=True)
    gap = fields.Boolean(metadata={"description": "No event in the last 30 days of the period"})
    last_event_at = fields.String(allow_none=True, metadata={"description": "Local time, with offset"})
    days_since_last = fields.Integer(allow_none=True)
    in_force = fields.Boolean(metadata={
        "description": "In force on the period's last day; false: stopped inside the period, "
                       "listed with its own figures until then (never a gap)"})
    valid_to = fields.Date(allow_none=True, metadata={"description": "The day it stopped"})
    successor_ids = fields.List(fields.Integer())


class UserMetricsSchema(KindTotalsSchema):
    user_id = fields.Integer()
    full_name = fields.String()
    role = fields.String()


class WeekSchema(TotalsSchema):
    week = fields.String(metadata={"description": "ISO week, e.g. 2025-W27"})
    week_start = fields.Date(metadata={"description": "Its Monday (local)"})
    ongoing = fields.Boolean(metadata={"description": "The current week, not over yet"})


class FilingRowSchema(Schema):
    service_group = fields.String(validate=validate.OneOf(SERVICE_GROUPS))
    total = fields.Integer()
    online = fields.Integer()
    in_person = fields.Integer()
    rate_pct = fields.Float(allow_none=True)
    change_pct = fields.Float(allow_none=True, metadata={"description": "Percentage points"})
    inconsistent = fields.Boolean(metadata={"description": "online + in_person ≠ total"})
    nothing_arose = fields.Boolean(metadata={"description": "total 0: chưa phát sinh, no rate"})
    target_pct = fields.Float(allow_none=True, metadata={"description": "The target that applies"})
    target_source = fields.String(allow_none=True, metadata={
        "enum": ["ward", "province", "national"],
        "description": "The ward's target, else the province's default, else the national floor"})
    meets_target = fields.Boolean(allow_none=True, metadata={"description": "None: no rate"})


class FilingMonthSchema(Schema):
    ward_id = fields.Integer()
    month = MonthField()
    total = fields.Integer(allow_none=True)
    online = fields.Integer(allow_none=True)
    in_person = fields.Integer(allow_none=True)
    rate_pct = fields.Float(allow_none=True)
    previous_rate_pct = fields.Float(allow_none=True)
    change_pct = fields.Float(allow_none=True, metadata={"description": "Percentage points"})
    inconsistent = fields.Boolean()
    nothing_arose = fields.Boolean(metadata={"description": "total 0: chưa phát sinh, no rate"})
    target_pct = fields.Float(allow_none=True, metadata={"description": "The overall target"})
    target_source = fields.String(allow_none=True)
    meets_target = fields.Boolean(allow_none=True)
    rows = fields.List(fields.Nested(FilingRowSchema), dump_default=list)


class TargetSchema(Schema):
    id = fields.Integer()
    ward_id = fields.Integer()
    kind = fields.String()
    value = fields.Float()
    unit = fields.String(metadata={"description": "count or pct"})
    from_ = fields.Date(data_key="from")
    to = fields.Date(metadata={"description": "Exclusive"})
    month = MonthField(allow_none=True)
    note = fields.String(allow_none=True)
    actual = fields.Float(allow_none=True)
    progress_pct = fields.Float(allow_none=True)


class WardMetricsSchema(Schema):
    ward_id = fields.Integer()
    from_ = fields.Date(data_key="from")
    to = fields.Date(metadata={"description": "Exclusive"})
    totals = fields.Nested(KindTotalsSchema)
    by_kind = fields.Dict(keys=fields.String(validate=validate.OneOf(KINDS)),
                          values=fields.Nested(KindTotalsSchema))
    ward_wide = fields.Nested(TotalsSchema, metadata={"description": "Events with no group"})
    groups = fields.List(fields.Nested(GroupMetricsSchema))
    users = fields.List(fields.Nested(UserMetricsSchema))
    weekly = fields.List(fields.Nested(WeekSchema))
    coverage_pct = fields.Float(allow_none=True)
    households_total = fields.Integer()
    gaps = fields.Integer()
    filing = fields.List(fields.Nested(FilingMonthSchema))
    eid = fields.List(fields.Nested("EidMonthSchema"), metadata={
        "description": "Level-2 e-ID figures of each month (beside totals.vneid_activations, "
                       "the activations outreach assisted)"})
    targets = fields.List(fields.Nested(TargetSchema))


class PeriodArgsSchema(Schema):
    from_ = LocalDay(data_key="from", metadata={"description": "YYYY-MM-DD, local, inclusive"})
    to = LocalDay(metadata={"description": "YYYY-MM-DD, local, exclusive"})


# ---- filing statistics ---------------------------------------------------------------------

_FIGURE = {"validate": validate.Range(min=0, max=FILING_MAX, error="out_of_range"),
           "strict": True, "required": True}


class FilingRowInSchema(Schema):
    service_group = fields.String(required=True, validate=validate.OneOf(SERVICE_GROUPS))
    total = fields.Integer(**_FIGURE)
    online = fields.Integer(**_FIGURE)
    in_person = fields.Integer(**_FIGURE)

    @validates_schema(skip_on_field_errors=True)
    def check_figures(self, data, **kwargs):
        errors = figure_errors(data)
        if errors:
            raise ValidationError(errors)


class FilingMonthInSchema(Schema):
    rows = fields.List(fields.Nested(FilingRowInSchema), required=True,
                       validate=validate.Length(min=1, max=len(SERVICE_GROUPS)))

    @validates_schema(skip_on_field_errors=True)
    def one_row_per_group(self, data, **kwargs):
        groups = [row["service_group"] for row in data["rows"]]
        if len(set(groups)) != len(groups):
            raise ValidationError({"rows": ["duplicate_service_group"]})
        if residence_conflict(groups):
            raise ValidationError({"rows": RESIDENCE_CONFLICT["service_group"]})


class FilingImportFormSchema(Schema):
    """The form fields beside a published table: its month and its service group."""

    month = fields.String(validate=validate.Regexp(r"^\d{4}-\d{2}$", error="invalid_month"),
                          metadata={"description": "YYYY-MM; required for a published table"})
    service_group = fields.String(validate=validate.OneOf(SERVICE_GROUPS),
                                  metadata={"description": "Required for a published table"})


class _Sums(Schema):
    total = fields.Integer()
    in_person = fields.Integer()
    online = fields.Integer()


class ImportRowSchema(Schema):
    """What every imported line is answered: where it stands, its ward, month and status."""

    line = fields.Integer(metadata={"description": "The line of the file (1 = its first)"})
    unit = fields.String(metadata={"description": "The unit (ward code or name) as written"})
    ward_code = fields.String(allow_none=True)
    ward_name = fields.String(metadata={"description": "The ward the unit matched"})
    month = fields.String(allow_none=True)
    status = fields.String(validate=validate.OneOf(IMPORT_STATUSES), metadata={
        "description": "unchanged: the stored figures were already these (the same file again); "
                       "total_row: the table's total line, not stored"})
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))


class FilingImportRowSchema(ImportRowSchema):
    service_group = fields.String(allow_none=True)
    total = fields.Integer(allow_none=True)
    in_person = fields.Integer(allow_none=True)
    online = fields.Integer(allow_none=True)
    published_rate_pct = fields.Float(allow_none=True, metadata={"description": "As printed"})
    rate_pct = fields.Float(allow_none=True, metadata={"description": "online / total, recomputed"})
    rate_mismatch = fields.Boolean(metadata={
        "description": "The printed rate is not the recomputed one at the printed precision"})
    nothing_arose = fields.Boolean(metadata={"description": "total 0: chưa phát sinh"})
    printed_not_arisen = fields.String(allow_none=True, metadata={
        "description": "The 'Chưa phát sinh' cell as printed (echoed, not stored)"})
    printed_note = fields.String(allow_none=True, metadata={
        "description": "The 'Ghi chú' cell as printed (echoed, not stored)"})
    sums = fields.Nested(_Sums, metadata={"description": "total_row: Σ of the units' lines"})
    sum_mismatch = fields.List(fields.String(), metadata={
        "description": "total_row: the printed figures that are not the sum"})
    inconsistent = fields.Boolean(metadata={"description": "online + in_person ≠ total (kept)"})


class FilingImportResultSchema(Schema):
    created = fields.Integer()
    updated = fields.Integer()
    unchanged = fields.Integer()
    rejected = fields.Integer()
    total_row = fields.Integer()
    rows = fields.List(fields.Nested(FilingImportRowSchema))


# ---- level-2 e-ID figures ------------------------------------------------------------------

class EidMonthInSchema(Schema):
    eligible = fields.Integer(strict=True, required=True,
                              validate=validate.Range(min=0, max=EID_MAX, error="out_of_range"))
    activated = fields.Integer(strict=True, required=True,
                               validate=validate.Range(min=0, max=EID_MAX, error="out_of_range"))


class EidMonthSchema(Schema):
    ward_id = fields.Integer()
    month = MonthField()
    eligible = fields.Integer(allow_none=True)
    activated = fields.Integer(allow_none=True)
    coverage_pct = fields.Float(allow_none=True, metadata={"description": "activated / eligible"})
    source = fields.String(allow_none=True, metadata={"description": "manual or import"})


class EidImportRowSchema(ImportRowSchema):
    eligible = fields.Integer(allow_none=True)
    activated = fields.Integer(allow_none=True)
    coverage_pct = fields.Float(allow_none=True, metadata={"description": "activated / eligible"})


class EidImportResultSchema(FilingImportResultSchema):
    rows = fields.List(fields.Nested(EidImportRowSchema))


# ---- targets -------------------------------------------------------------------------------

class TargetKeySchema(Schema):
    """What names a target: its kind and its period, a month ('YYYY-MM') or 'from'/'to'."""

    kind = fields.String(required=True, validate=validate.OneOf(TARGET_KINDS))
    month = fields.String(validate=validate.Regexp(r"^\d{4}-\d{2}$", error="invalid_month"))
    from_ = LocalDay(data_key="from")
    to = LocalDay(metadata={"description": "Exclusive"})


class TargetInSchema(TargetKeySchema):
    """A target to set: counts (events, vneid_activations, ...) or percentages (coverage_pct,
    dvc_rate_residence, dvc_rate_id_card, dvc_rate_other, dvc_rate_overall)."""

    value = fields.Float(required=True, allow_nan=False,
                         validate=validate.Range(min=0, max=10_000_000))
    note = FreeText(200, allow_none=True)


class TargetListArgsSchema(PeriodArgsSchema):
    """Only targets overlapping [from, to), when given."""


# ---- rate targets: a province's defaults, what applies to a ward ----------------------------

class RateTargetSchema(Schema):
    service_group = fields.String(metadata={"enum": list(RATE_GROUPS)})
    target_pct = fields.Float()
    target_source = fields.String(metadata={"enum": ["ward", "province", "national"]})
    national_pct = fields.Float(metadata={"description": "The national floor"})


class RateTargetsSchema(Schema):
    province_id = fields.Integer()
    ward_id = fields.Integer()
    month = MonthField()
    targets = fields.List(fields.Nested(RateTargetSchema))


class RateTargetInSchema(Schema):
    service_group = fields.String(required=True, validate=validate.OneOf(RATE_GROUPS))
    target_pct = fields.Float(required=True, allow_nan=False,
                              validate=validate.Range(min=0, max=100, error="out_of_range"))


class ProvinceRateTargetsInSchema(Schema):
    """The province's defaults, replacing the ones it had; a group not listed takes the national
    floor again."""

    targets = fields.List(fields.Nested(RateTargetInSchema), required=True,
                          validate=validate.Length(max=len(RATE_GROUPS)))

    @validates_schema(skip_on_field_errors=True)
    def one_per_group(self, data, **kwargs):
        groups = [row["service_group"] for row in data["targets"]]
        if len(set(groups)) != len(groups):
            raise ValidationError({"targets": ["duplicate_service_group"]})


class MonthArgsSchema(Schema):
    month = fields.String(metadata={"description": "YYYY-MM; this month by default"})


# ---- ranking -------------------------------------------------------------------------------

class RankingArgsSchema(Schema):
    month = fields.String(metadata={"description": "YYYY-MM; the latest reported month by default"})
    service_group = fields.String(validate=validate.OneOf(SERVICE_GROUPS), metadata={
        "description": "One service group (residence: with its procedures); all when absent"})


class RankingRowSchema(Schema):
    rank = fields.Integer(allow_none=True, metadata={"description": "None: no figures that month"})
    ward_id = fields.Integer()
    ward_code = fields.String()
    ward_name = fields.String()
    total = fields.Integer(allow_none=True)
    online = fields.Integer(allow_none=True)
    in_person = fields.Integer(allow_none=True)
    rate_pct = fields.Float(allow_none=True)
    previous_rate_pct = fields.Float(allow_none=True)
    change_pct = fields.Float(allow_none=True, metadata={"description": "Percentage points"})
    inconsistent = fields.Boolean()
    nothing_arose = fields.Boolean(metadata={"description": "total 0: chưa phát sinh, no rate"})
    not_arisen = fields.Integer(allow_none=True, metadata={
        "description": "Service groups reported with total 0 (the 'Chưa phát sinh' column)"})
    target_pct = fields.Float(allow_none=True)
    target_source = fields.String(metadata={"enum": ["ward", "province", "national"]})
    meets_target = fields.Boolean(allow_none=True, metadata={"description": "None: no rate"})
    eid_eligible = fields.Integer(allow_none=True, metadata={"description": "Level-2 e-ID"})
    eid_activated = fields.Integer(allow_none=True)
    eid_coverage_pct = fields.Float(allow_none=True)
    events = fields.Integer()
    hours = fields.Float()
    households_visited = fields.Integer()
    households_total = fields.Integer()
    coverage_pct = fields.Float(allow_none=True)
    vneid_installs = fields.Integer()
    vneid_activations = fields.Integer()
    activations_per_1000_households = fields.Float(allow_none=True)
    dvc_filings = fields.Integer()


class ProvinceFilingSchema(Schema):
    total = fields.Integer()
    online = fields.Integer()
    in_person = fields.Integer()
    rate_pct = fields.Float(allow_none=True)
    wards_reported = fields.Integer()


class RankingSchema(Schema):
    province_id = fields.Integer()
    month = MonthField()
    service_group = fields.String(allow_none=True)
    rows = fields.List(fields.Nested(RankingRowSchema))
    province = fields.Nested(ProvinceFilingSchema)


# ---- the national picture ---------------------------------------------------------------------

class NationalArgsSchema(Schema):
    month = fields.String(metadata={"description": "YYYY-MM; the latest month any ward reported "
                                                  "by default"})
    service_group = fields.String(validate=validate.OneOf(SERVICE_GROUPS), metadata={
        "description": "Rank by this service group's rate; all groups together when absent"})


class NationalFiguresSchema(Schema):
    total = fields.Integer(allow_none=True)
    online = fields.Integer(allow_none=True)
    in_person = fields.Integer(allow_none=True)
    rate_pct = fields.Float(allow_none=True)
    nothing_arose = fields.Boolean(metadata={"description": "Total 0: chưa phát sinh, not 0 %"})


class NationalLineSchema(NationalFiguresSchema):
    previous_rate_pct = fields.Float(allow_none=True)
    change_pct = fields.Float(allow_none=True, metadata={"description": "Percentage points"})
    by_group = fields.Dict(keys=fields.String(), values=fields.Nested(NationalFiguresSchema))
    wards = fields.Integer()
    wards_reported = fields.Integer()


class NationalRowSchema(NationalLineSchema):
    rank = fields.Integer(allow_none=True, metadata={"description": "None: no figures that month"})
    province_id = fields.Integer()
    province_code = fields.String()
    province_name = fields.String()
    own = fields.Boolean(metadata={"description": "The caller's province (an admin's)"})


class NationalTotalSchema(NationalLineSchema):
    provinces = fields.Integer()
    provinces_reported = fields.Integer()


class NationalSchema(Schema):
    month = MonthField()
    service_group = fields.String(allow_none=True)
    rows = fields.List(fields.Nested(NationalRowSchema))
    national = fields.Nested(NationalTotalSchema)


# ---- what works ----------------------------------------------------------------------------------

class WhatWorksArgsSchema(Schema):
    month = fields.String(metadata={"description": "YYYY-MM, the last month of the window; the "
                                                  "latest reported month by default"})
    months = fields.Integer(load_default=12, validate=validate.Range(6, 12),
                            metadata={"description": "How many months, 6 to 12"})


class WhatWorksKindSchema(Schema):
    kind = fields.String(validate=validate.OneOf(KINDS))
    estimate = fields.Float(allow_none=True, metadata={
        "description": "Points of the outcome's change next month per event per 1,000 households"})
    ci_low = fields.Float(allow_none=True)
    ci_high = fields.Float(allow_none=True)
    ward_months = fields.Integer(metadata={"description": "Ward-months behind the fit"})
    ward_months_with_kind = fields.Integer()
    finding = fields.String(metadata={"enum": ["positive", "negative", "none", "too_little_data"]})
    text = fields.String(metadata={"description": "What it says, in Vietnamese: an association"})


class WhatWorksChannelSchema(WhatWorksKindSchema):
    class Meta:
        exclude = ("kind", "ward_months_with_kind")

    channel = fields.String(metadata={"description": "qr_scans, point_sessions or "
                                                     "reach_<platform>"})
    label = fields.String(metadata={"description": "Its name in Vietnamese"})
    estimate = fields.Float(allow_none=True, metadata={
        "description": "Points of the outcome's change next month per scan, per session at a "
                       "point, or per 1,000 people reached on the platform, per 1,000 households"})
    ward_months_with_channel = fields.Integer()


class WhatWorksOutcomeSchema(Schema):
    outcome = fields.String(metadata={"enum": ["online_rate", "eid_coverage"]})
    kinds = fields.List(fields.Nested(WhatWorksKindSchema))
    channels = fields.List(fields.Nested(WhatWorksChannelSchema), metadata={
        "description": "The support points, QR boards and platforms, fitted beside the kinds"})


class WhatWorksSchema(Schema):
    province_id = fields.Integer()
    month = MonthField()
    from_month = MonthField()
    months = fields.Integer()
    level_pct = fields.Integer(metadata={"description": "The intervals' level, 90"})
    outcomes = fields.List(fields.Nested(WhatWorksOutcomeSchema))


# ---- map -----------------------------------------------------------------------------------

class MapSettingsSchema(Schema):
    tile_url = fields.String(metadata={"description": "Tile URL template, e.g. https://…/{z}/{x}/{y}.png"})
    attribution = fields.String()
    max_points = fields.Integer(metadata={"description": "Most event points one answer carries; past it "
                                                         "event-points answers grid clusters (MAP_POINTS_LIMIT)"})


class EventPointsSchema(Schema):
    ward_id = fields.Integer()
    from_ = fields.Date(data_key="from")
    to = fields.Date(metadata={"description": "Exclusive"})
    events = fields.Integer(metadata={"description": "Live events of the period, located or not"})
    without_location = fields.Integer()
    located = fields.Integer(metadata={"description": "Live events of the period with a location"})
    truncated = fields.Boolean(metadata={"description": "Always false: past max_points the answer "
                                                        "switches to clusters instead of cutting"})
    mode = fields.String(metadata={"enum": ["points", "clusters"], "description": (
        "points: one entry per located event; clusters: past max_points located events, one entry "
        "per grid cell of cell_deg degrees (points then has empty lists)")})
    cell_deg = fields.Float(metadata={"description": "Side of a cluster's grid cell, in degrees"})
    count = fields.Integer(metadata={"description": "Entries in the answer: the length of each list "
                                                    "of points (points mode) or of clusters"})
    # Already plain JSON values, built column by column by the service: a per-point schema would
    # cost a second for 50,000 points. Described here for the OpenAPI document.
    points = fields.Raw(metadata={
        "type": "object", "additionalProperties": False,
        "required": ["kind", "group_id", "lat", "lon", "occurred_at"],
        "description": "One list per field, newest event first; entry i of every list is event i",
        "properties": {
            "kind": {"type": "array", "items": {"type": "string", "enum": list(KINDS)}},
            "group_id": {"type": "array", "items": {"type": "integer", "nullable": True}},
            "lat": {"type": "array", "items": {"type": "number"}},
            "lon": {"type": "array", "items": {"type": "number"}},
            "occurred_at": {"type": "array", "items": {"type": "string"},
                            "description": "Local time, with offset"},
        },
    })
    clusters = fields.Raw(metadata={
        "type": "object", "additionalProperties": False, "required": ["lat", "lon", "count"],
        "description": "One list per field, most events first; entry i is grid cell i: the mean "
                       "position of its located events and how many there are (empty lists in "
                       "points mode)",
        "properties": {
            "lat": {"type": "array", "items": {"type": "number"}},
            "lon": {"type": "array", "items": {"type": "number"}},
            "count": {"type": "array", "items": {"type": "integer"}},
        },
    })
