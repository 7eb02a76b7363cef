"""Report endpoints: a ward's or a province's report, closing a month, exporting events."""
from flask import Response, g, request, send_file, stream_with_context
from flask.views import MethodView
from flask_jwt_extended import current_user
from flask_smorest import Blueprint

from ..access import access
from ..closures import service as closures
from ..origin import request_origin
from ..periods import parse_month
from ..replica import reads_replica
from ..roles import AREA_ROLES, MANAGERS, NATIONAL, READERS
from . import exports, service
from .render import XLSX_MIME
from .schemas import ClosedMonthsSchema, ClosureSchema, ExportArgsSchema, ReopenSchema, ReportArgsSchema

blp = Blueprint("reports", __name__, url_prefix="/api/v1",
                description="Periodic reports, closing a month (chốt số liệu) and exports")

_FILE = {"schema": {"type": "string", "format": "binary"}}
REPORT_CONTENT = {"text/html": _FILE, XLSX_MIME: _FILE, "text/csv": _FILE}
EXPORT_CONTENT = {"text/csv": _FILE, XLSX_MIME: _FILE}


def _file_doc(content, description):
    return {"responses": {"200": {"description": description, "content": content}}}


def _send_report(report, fmt):
    body, mimetype, name = service.rendered(report, fmt, request.host_url)
    disposition = "inline" if fmt == "html" else "attachment"
    return Response(body, mimetype=mimetype,
                    headers={"Content-Disposition": f'{disposition}; filename="{name}"'})


@blp.route("/wards/<int:ward_id>/report")
class WardReport(MethodView):
    @access(*READERS, scope="ward")
    @blp.arguments(ReportArgsSchema, location="query")
    @blp.response(200)
    @blp.doc(**_file_doc(REPORT_CONTENT, "The report as a printable page, a workbook or CSV"))
    @reads_replica
    def get(self, args, ward_id):
        """The ward's report for [from, to) (this month by default): figures, tables with totals
        and the written summary. A closed month's report is the one kept when it was closed."""
        report = service.ward_report(current_user, g.ward, args.get("from_"), args.get("to"))
        return _send_report(report, args["format"])


@blp.route("/provinces/<int:province_id>/report")
class ProvinceReport(MethodView):
    @access("admin", NATIONAL, scope="province")
    @blp.arguments(ReportArgsSchema, location="query")
    @blp.response(200)
    @blp.doc(**_file_doc(REPORT_CONTENT, "The report as a printable page, a workbook or CSV"))
    @reads_replica
    def get(self, args, province_id):
        """The province's report for [from, to): every ward's outreach and online-filing rate,
        ranked, with the written summary."""
        report = service.province_report(current_user, province_id, args.get("from_"),
                                         args.get("to"))
        return _send_report(report, args["format"])


@blp.route("/wards/<int:ward_id>/closures")
class WardClosures(MethodView):
    @access(*READERS, scope="ward")
    @blp.response(200, ClosureSchema(many=True))
    def get(self, ward_id):
        """Every month of the ward ever closed, newest first, with who closed or reopened it."""
        return closures.list_closures(g.ward)


@blp.route("/wards/<int:ward_id>/closed-months")
class WardClosedMonths(MethodView):
    @access(scope="ward")
    @blp.response(200, ClosedMonthsSchema)
    def get(self, ward_id):
        """The ward's months closed now, for everyone of the ward: a phone resends the events
        refused `period_closed` whose month is no longer among them (reopened)."""
        return {"ward_id": g.ward.id, "months": closures.closed_months_of(g.ward)}


@blp.route("/wards/<int:ward_id>/closures/<month>")
class WardClosure(MethodView):
    @access(*MANAGERS, scope="ward")
    @blp.response(200, ClosureSchema)
    @blp.alt_response(409, response="CONFLICT")
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
    def put(self, ward_id, month):
        """Close the month (YYYY-MM) once its report is sent: its events can no longer be
        created, edited or deleted by sync, and its report is kept as it is now."""
        return service.close_month(current_user, g.ward, parse_month(month), request_origin())


@blp.route("/wards/<int:ward_id>/closures/<month>/reopen")
class WardClosureReopen(MethodView):
    @access("admin", scope="ward")
    @blp.arguments(ReopenSchema)
    @blp.response(200, ClosureSchema)
    @blp.alt_response(409, response="CONFLICT")
    def post(self, body, ward_id, month):
        """Open a closed month again, with a reason (recorded in the audit log)."""
        return closures.reopen_month(current_user, g.ward, parse_month(month), body["reason"],
                                     request_origin())


@blp.route("/events/export")
class EventsExport(MethodView):
    @access(*AREA_ROLES)
    @blp.arguments(ExportArgsSchema, location="query")
    @blp.response(200)
    @blp.doc(**_file_doc(EXPORT_CONTENT, "Every matching event, newest first"))
    @reads_replica
    def get(self, args):
        """The events of GET /api/v1/events with its filters, all of them, as CSV (streamed) or
        XLSX: an officer's own, a commander's ward, an admin's province."""
        if args["format"] == "xlsx":
            return send_file(exports.xlsx_file(current_user, args), mimetype=XLSX_MIME,
                             as_attachment=True, download_name="hoat-dong.xlsx")
        chunks = exports.csv_chunks(current_user, args)
        return Response(stream_with_context(chunks), mimetype="text/csv",
                        headers={"Content-Disposition": 'attachment; filename="hoat-dong.csv"'})
