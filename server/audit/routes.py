"""Audit endpoints: a ward's log for its commander and the province's admin; one event's history."""
from flask import g
from flask.views import MethodView
from flask_smorest import Blueprint

from ..access import access
from ..roles import AREA_ROLES, MANAGERS
from . import service
from .schemas import AuditEntrySchema, AuditPageSchema, AuditQueryArgsSchema

blp = Blueprint("audit", __name__, url_prefix="/api/v1",
                description="Who changed what, when, from which device (read-only)")


@blp.route("/wards/<int:ward_id>/audit")
class WardAudit(MethodView):
    @access(*MANAGERS, scope="ward")
    @blp.arguments(AuditQueryArgsSchema, location="query")
    @blp.response(200, AuditPageSchema)
    def get(self, args, ward_id):
        """The ward's audit log, newest first: event edits and deletions, user changes."""
        return service.list_ward_audit(g.ward, args)


@blp.route("/provinces/<int:province_id>/audit")
class ProvinceAudit(MethodView):
    @access("admin", scope="province")
    @blp.arguments(AuditQueryArgsSchema, location="query")
    @blp.response(200, AuditPageSchema)
    def get(self, args, province_id):
        """The province's audit log, newest first: every ward's entries and the admins' own."""
        return service.list_province_audit(province_id, args)


@blp.route("/events/<uuid:event_id>/history")
class EventHistory(MethodView):
    @access(*AREA_ROLES, scope="event")
    @blp.response(200, AuditEntrySchema(many=True))
    def get(self, event_id):
        """Every change to one event, oldest first, with who made it and from which device (for an
        officer or volunteer: the device, browser and address of their own changes only)."""
        return service.event_history(g.event, g.user)
