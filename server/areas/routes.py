"""Area endpoints: wards the caller may see, and a ward's residential groups."""
from flask import g
from flask.views import MethodView
from flask_jwt_extended import current_user
from flask_smorest import Blueprint

from ..access import access
from ..roles import MANAGERS
from ..origin import request_origin
from . import changes, rearrangement, service
from .schemas import (
    FileUploadSchema,
    GroupChangesSchema,
    GroupImportResultSchema,
    GroupsOnArgsSchema,
    RearrangementArgsSchema,
    RearrangementSchema,
    GroupPatchSchema,
    GroupSchema,
    WardSchema,
)

blp = Blueprint("areas", __name__, url_prefix="/api/v1", description="Wards and residential groups")


@blp.route("/wards")
class Wards(MethodView):
    @access()
    @blp.response(200, WardSchema(many=True))
    def get(self):
        """Wards the caller may see: their own, or their province's for an admin."""
        return service.list_wards(current_user)


@blp.route("/wards/<int:ward_id>")
class WardById(MethodView):
    @access(scope="ward")
    @blp.response(200, WardSchema)
    def get(self, ward_id):
        """One ward."""
        return g.ward


@blp.route("/wards/<int:ward_id>/groups")
class WardGroups(MethodView):
    @access(scope="ward")
    @blp.arguments(GroupsOnArgsSchema, location="query")
    @blp.response(200, GroupSchema(many=True))
    def get(self, args, ward_id):
        """The ward's residential groups in force on a day (default today), by code."""
        return service.list_groups_on(g.ward, args.get("on"))

    @access(*MANAGERS, scope="ward")
    @blp.arguments(GroupSchema)
    @blp.response(201, GroupSchema)
    def post(self, data, ward_id):
        """Add a residential group to the ward."""
        return service.create_group(g.ward, data)


@blp.route("/wards/<int:ward_id>/groups/import")
class WardGroupsImport(MethodView):
    @access(*MANAGERS, scope="ward")
    @blp.arguments(FileUploadSchema, location="files")
    @blp.response(200, GroupImportResultSchema)
    def post(self, files, ward_id):
        """Create or update groups from a CSV: code,name,kind,households_total,population,lat,lon."""
        return service.import_groups_csv(g.ward, files["file"].stream)


@blp.route("/wards/<int:ward_id>/group-changes")
class WardGroupChanges(MethodView):
    @access(*MANAGERS, scope="ward")
    @blp.arguments(GroupChangesSchema)
    @blp.response(201, GroupSchema(many=True))
    def post(self, data, ward_id):
        """Rename, merge, split or retire groups as of a day, all or nothing; the groups created."""
        return changes.apply_group_changes(g.ward, data, request_origin())


@blp.route("/wards/<int:ward_id>/group-changes/csv")
class WardRearrangement(MethodView):
    @access(*MANAGERS, scope="ward")
    @blp.arguments(RearrangementArgsSchema, location="query")
    @blp.arguments(FileUploadSchema, location="files")
    @blp.response(200, RearrangementSchema)
    def post(self, args, files, ward_id):
        """The changes a new list of groups (CSV with old_codes) implies; nothing is applied."""
        return rearrangement.read_rearrangement(g.ward, files["file"].stream, args["effective_on"])


@blp.route("/groups/<int:group_id>")
class GroupById(MethodView):
    @access(scope="group")
    @blp.response(200, GroupSchema)
    def get(self, group_id):
        """One residential group."""
        return g.group

    @access(*MANAGERS, scope="group")
    @blp.arguments(GroupPatchSchema(partial=True))
    @blp.response(200, GroupSchema)
    def patch(self, changes, group_id):
        """Edit a residential group."""
        return service.update_group(g.group, changes)
