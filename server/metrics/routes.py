"""Metrics endpoints: a ward's dashboard, filing statistics, targets and the province ranking."""
from flask import g
from flask.views import MethodView
from flask_jwt_extended import current_user
from flask_smorest import Blueprint

from ..access import access
from ..areas.schemas import FileUploadSchema
from ..periods import local_today, month_start, months_between, parse_month, resolve_period
from ..replica import reads_replica
from ..roles import MANAGERS, NATIONAL, READERS
from . import eid, eid_import, mapdata, national, outcomes, province, published, rate_targets, service, what_works
from .commands import rebuild_rollups_cmd
from .schemas import (
    EidImportResultSchema,
    EidMonthInSchema,
    EidMonthSchema,
    EventPointsSchema,
    FilingImportFormSchema,
    FilingImportResultSchema,
    FilingMonthInSchema,
    FilingMonthSchema,
    MapSettingsSchema,
    MonthArgsSchema,
    NationalArgsSchema,
    NationalSchema,
    PeriodArgsSchema,
    ProvinceRateTargetsInSchema,
    RankingArgsSchema,
    RankingSchema,
    RateTargetsSchema,
    TargetInSchema,
    TargetKeySchema,
    TargetListArgsSchema,
    TargetSchema,
    WhatWorksArgsSchema,
    WhatWorksSchema,
    WardMetricsSchema,
)

blp = Blueprint("metrics", __name__, url_prefix="/api/v1", cli_group=None,
                description="Coverage, effectiveness, filing statistics, targets and ranking")
blp.cli.add_command(rebuild_rollups_cmd)


@blp.route("/wards/<int:ward_id>/metrics")
class WardMetrics(MethodView):
    @access(*READERS, scope="ward")
    @blp.arguments(PeriodArgsSchema, location="query")
    @blp.response(200, WardMetricsSchema)
    @reads_replica
    def get(self, args, ward_id):
        """Totals, by kind, per group (coverage, gap, last event), per user, per ISO week, with the
        filing rate and targets of the period [from, to) (local days; this month by default)."""
        start, end = resolve_period(args.get("from_"), args.get("to"))
        return service.ward_metrics(g.ward, start, end)


@blp.route("/wards/<int:ward_id>/filing-stats")
class WardFilingStats(MethodView):
    @access(*READERS, scope="ward")
    @blp.arguments(PeriodArgsSchema, location="query")
    @blp.response(200, FilingMonthSchema(many=True))
    def get(self, args, ward_id):
        """The ward's filing figures for each month of [from, to) (this month by default)."""
        start, end = resolve_period(args.get("from_"), args.get("to"))
        return outcomes.filing_months(g.ward, months_between(start, end))


@blp.route("/wards/<int:ward_id>/filing-stats/<month>")
class WardFilingMonth(MethodView):
    @access(*READERS, scope="ward")
    @blp.response(200, FilingMonthSchema)
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
    def get(self, ward_id, month):
        """One month's figures (YYYY-MM) with rates per service group and overall."""
        return outcomes.get_filing_month(g.ward, parse_month(month))

    @access(*MANAGERS, scope="ward")
    @blp.arguments(FilingMonthInSchema)
    @blp.response(200, FilingMonthSchema)
    @blp.alt_response(409, response="CONFLICT")
    def put(self, body, ward_id, month):
        """Replace a month's figures; rows whose online + in_person ≠ total are kept and flagged."""
        return outcomes.put_filing_month(current_user, g.ward, parse_month(month), body["rows"])


@blp.route("/wards/<int:ward_id>/eid-stats")
class WardEidStats(MethodView):
    @access(*READERS, scope="ward")
    @blp.arguments(PeriodArgsSchema, location="query")
    @blp.response(200, EidMonthSchema(many=True))
    def get(self, args, ward_id):
        """The ward's level-2 e-ID figures for each month of [from, to) (this month by default)."""
        start, end = resolve_period(args.get("from_"), args.get("to"))
        return eid.eid_months(g.ward, months_between(start, end))


@blp.route("/wards/<int:ward_id>/eid-stats/<month>")
class WardEidMonth(MethodView):
    @access(*READERS, scope="ward")
    @blp.response(200, EidMonthSchema)
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
    def get(self, ward_id, month):
        """One month's level-2 e-ID figures (YYYY-MM) with the coverage in %."""
        return eid.get_eid_month(g.ward, parse_month(month))

    @access(*MANAGERS, scope="ward")
    @blp.arguments(EidMonthInSchema)
    @blp.response(200, EidMonthSchema)
    @blp.alt_response(409, response="CONFLICT")
    def put(self, body, ward_id, month):
        """Set a month's residents eligible for a level-2 account and accounts activated
        (activated ≤ eligible); answers the coverage in %."""
        return eid.put_eid_month(current_user, g.ward, parse_month(month), body)


@blp.route("/provinces/<int:province_id>/eid-stats/import")
class ProvinceEidImport(MethodView):
    @access("admin", scope="province")
    @blp.arguments(FileUploadSchema, location="files")
    @blp.response(200, EidImportResultSchema)
    @blp.alt_response(409, response="CONFLICT")
    @blp.alt_response(413, response="DEFAULT_ERROR")
    @blp.alt_response(415, response="DEFAULT_ERROR")
    def post(self, files, province_id):
        """Import level-2 e-ID figures, CSV or XLSX: a header naming the ward (code or name),
        the month (YYYY-MM or MM/YYYY), eligible and activated (`ward_code,month,eligible,
        activated` or Đơn vị, Tháng, Đủ điều kiện, Đã kích hoạt; title lines allowed above it),
        numbers as Vietnamese print them. Each line is answered; good lines are kept even when
        others are refused (activated > eligible, unknown ward); the same file again answers
        `unchanged`."""
        return eid_import.import_eid_file(current_user, province_id, files["file"])


@blp.route("/provinces/<int:province_id>/filing-stats/import")
class ProvinceFilingImport(MethodView):
    @access("admin", scope="province")
    @blp.arguments(FileUploadSchema, location="files")
    @blp.arguments(FilingImportFormSchema, location="form")
    @blp.response(200, FilingImportResultSchema)
    @blp.alt_response(409, response="CONFLICT")
    @blp.alt_response(413, response="DEFAULT_ERROR")
    @blp.alt_response(415, response="DEFAULT_ERROR")
    def post(self, files, form, province_id):
        """Import figures from CSV (ward_code,month,service_group,total,online,in_person) or a
        province's published table, CSV or XLSX (STT, Đơn vị, Tổng, Trực tiếp, Trực tuyến,
        Tỷ lệ (%), with `month` and `service_group`). Each row is answered; good rows are kept
        even when others are refused; the same file again answers `unchanged`."""
        return published.import_filing_file(current_user, province_id, files["file"],
                                            form.get("month"), form.get("service_group"))


@blp.route("/wards/<int:ward_id>/targets")
class WardTargets(MethodView):
    @access(*READERS, scope="ward")
    @blp.arguments(TargetListArgsSchema, location="query")
    @blp.response(200, TargetSchema(many=True))
    def get(self, args, ward_id):
        """The ward's targets (those overlapping [from, to) when given), newest period first,
        each with what was reached and the progress in %."""
        return outcomes.list_targets(g.ward, args.get("from_"), args.get("to"))

    @access(*MANAGERS, scope="ward")
    @blp.arguments(TargetInSchema)
    @blp.response(200, TargetSchema)
    @blp.alt_response(409, response="CONFLICT")
    def put(self, data, ward_id):
        """Set the target of a kind for a month ('month') or a period ('from', 'to'): a target is
        named by its kind and period, so setting it again replaces its value."""
        return outcomes.set_target(current_user, g.ward, data)

    @access(*MANAGERS, scope="ward")
    @blp.arguments(TargetKeySchema, location="query")
    @blp.response(204)
    def delete(self, key, ward_id):
        """Remove the target of a kind and period (?kind=&month= or ?kind=&from=&to=)."""
        outcomes.delete_target(g.ward, key)


@blp.route("/provinces/<int:province_id>/rate-targets")
class ProvinceRateTargets(MethodView):
    @access("admin", scope="province")
    @blp.response(200, RateTargetsSchema)
    def get(self, province_id):
        """The province's default online-share target of every service group (and overall): its
        own where it set one, else the national floor."""
        return rate_targets.get_province_defaults(province_id)

    @access("admin", scope="province")
    @blp.arguments(ProvinceRateTargetsInSchema)
    @blp.response(200, RateTargetsSchema)
    @blp.alt_response(409, response="CONFLICT")
    def put(self, body, province_id):
        """Replace the province's defaults; a group not listed takes the national floor again."""
        return rate_targets.put_province_defaults(current_user, province_id, body["targets"])


@blp.route("/wards/<int:ward_id>/rate-targets")
class WardRateTargets(MethodView):
    @access(*MANAGERS, scope="ward")
    @blp.arguments(MonthArgsSchema, location="query")
    @blp.response(200, RateTargetsSchema)
    def get(self, args, ward_id):
        """The online-share targets that apply to the ward in a month: the ward's own (set with
        PUT /wards/<id>/targets, kind dvc_rate_<group>), else the province's, else the national."""
        month = parse_month(args["month"]) if args.get("month") else month_start(local_today())
        return rate_targets.get_ward_targets(g.ward, month)


@blp.route("/provinces/<int:province_id>/ranking")
class ProvinceRanking(MethodView):
    @access("admin", NATIONAL, scope="province")
    @blp.arguments(RankingArgsSchema, location="query")
    @blp.response(200, RankingSchema)
    @reads_replica
    def get(self, args, province_id):
        """The province's wards by online-filing rate for a month (of one service group, or all
        together), best first, with their outreach that month beside it."""
        month = (parse_month(args["month"]) if args.get("month")
                 else outcomes.latest_month(province_id))
        return province.province_ranking(province_id, month, args.get("service_group"))


@blp.route("/provinces/<int:province_id>/what-works")
class ProvinceWhatWorks(MethodView):
    @access("admin", NATIONAL, scope="province")
    @blp.arguments(WhatWorksArgsSchema, location="query")
    @blp.response(200, WhatWorksSchema)
    def get(self, args, province_id):
        """How each kind of outreach per 1,000 households goes with the next month's change in the
        online-filing rate and level-2 e-ID coverage, across the wards and the last 6–12 months:
        a slope with its 90 % interval and the ward-months behind it (an association)."""
        month = (parse_month(args["month"]) if args.get("month")
                 else outcomes.latest_month(province_id))
        return what_works.what_works(province_id, month, args["months"])


@blp.route("/national")
class NationalPicture(MethodView):
    @access("admin", NATIONAL)
    @blp.arguments(NationalArgsSchema, location="query")
    @blp.response(200, NationalSchema)
    def get(self, args):
        """Every province's online-filing rate for a month (one service group, or all), summed
        from its wards, ranked, with the national figure: aggregates only, no ward named."""
        month = (parse_month(args["month"]) if args.get("month")
                 else national.latest_national_month())
        own = current_user.province_id if current_user.role == "admin" else None
        return national.national_picture(month, args.get("service_group"), own)


@blp.route("/map-settings")
class MapSettings(MethodView):
    @access(*READERS)
    @blp.response(200, MapSettingsSchema)
    def get(self):
        """The tile server of the coverage map (MAP_TILE_URL) and its attribution."""
        return mapdata.map_settings()


@blp.route("/wards/<int:ward_id>/event-points")
class WardEventPoints(MethodView):
    @access(*READERS, scope="ward")
    @blp.arguments(PeriodArgsSchema, location="query")
    @blp.response(200, EventPointsSchema)
    @reads_replica
    def get(self, args, ward_id):
        """Where the ward's events of [from, to) happened (this month by default), newest first,
        for the coverage map; events with no location are only counted."""
        start, end = resolve_period(args.get("from_"), args.get("to"))
        return mapdata.event_points(g.ward, start, end)
