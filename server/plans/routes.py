"""Plan, task and campaign endpoints."""
from datetime import timedelta

from flask import g
from flask.views import MethodView
from flask_jwt_extended import current_user
from flask_smorest import Blueprint

from ..access import access
from ..periods import check_period, local_today
from ..roles import MANAGERS
from . import plan, service
from .schemas import (AssignedGroupSchema, AssignInSchema, CampaignInSchema, CampaignListArgsSchema, CampaignProgressSchema,
                      CampaignSchema, PlanArgsSchema, PlanReportArgsSchema, PlanReportSchema,
                      PlanSchema, TaskInSchema, TaskListArgsSchema, TaskSchema)

blp = Blueprint("plans", __name__, url_prefix="/api/v1",
                description="Plans, tasks and campaigns: who goes where next")


@blp.route("/me/plan")
class MyPlan(MethodView):
    @access("officer", "volunteer")
    @blp.arguments(PlanArgsSchema, location="query")
    @blp.response(200, PlanSchema)
    def get(self, args):
        """The caller's plan for a day, or a week with `days=7`: groups with their reasons, spread
        over the days (tasks on their due day), each day in route order from the ward centre (the
        first day's from lat/lon, the phone's position, when given), with each leg's geodesic
        metres. `GET /me/plan?days=7` is the week from today; `items` is always the first day's."""
        position = (args["lat"], args["lon"]) if "lat" in args and "lon" in args else None
        return plan.plan_for(current_user, args.get("date") or local_today(), position,
                             args["days"])


@blp.route("/wards/<int:ward_id>/officer-assignments")
class WardAssignments(MethodView):
    @access(*MANAGERS, scope="ward")
    @blp.arguments(AssignInSchema)
    @blp.response(200, AssignedGroupSchema(many=True))
    def post(self, data, ward_id):
        """Put one officer or volunteer (or nobody) in charge of several groups at once (those
        chosen on the map): all of them, or none with the errors by position in group_ids."""
        return service.assign_groups(g.ward, data)


@blp.route("/wards/<int:ward_id>/tasks")
class WardTasks(MethodView):
    @access(scope="ward")
    @blp.arguments(TaskListArgsSchema, location="query")
    @blp.response(200, TaskSchema(many=True))
    def get(self, args, ward_id):
        """The ward's tasks (an officer's or volunteer's own), due day first."""
        return service.list_tasks(current_user, g.ward, args.get("status"), args.get("assignee_id"))

    @access(*MANAGERS, scope="ward")
    @blp.arguments(TaskInSchema)
    @blp.response(201, TaskSchema)
    def post(self, data, ward_id):
        """Give an officer or volunteer of the ward a task in one of its groups."""
        return service.create_task(current_user, g.ward, data)


@blp.route("/wards/<int:ward_id>/campaigns")
class WardCampaigns(MethodView):
    @access(scope="ward")
    @blp.arguments(CampaignListArgsSchema, location="query")
    @blp.response(200, CampaignSchema(many=True))
    def get(self, args, ward_id):
        """The ward's campaigns, newest first (those running on `on`, when given)."""
        return service.list_campaigns(g.ward, args.get("on"))

    @access(*MANAGERS, scope="ward")
    @blp.arguments(CampaignInSchema)
    @blp.response(201, CampaignProgressSchema)
    def post(self, data, ward_id):
        """Start a campaign over [from, to] with targets per count."""
        return service.create_campaign(current_user, g.ward, data)


@blp.route("/campaigns/<int:campaign_id>")
class CampaignById(MethodView):
    @access(scope="campaign")
    @blp.response(200, CampaignProgressSchema)
    def get(self, campaign_id):
        """A campaign with its progress per target and per person."""
        return service.campaign_progress(g.campaign)


@blp.route("/wards/<int:ward_id>/plan-report")
class WardPlanReport(MethodView):
    @access(*MANAGERS, scope="ward")
    @blp.arguments(PlanReportArgsSchema, location="query")
    @blp.response(200, PlanReportSchema)
    def get(self, args, ward_id):
        """Plan versus done per officer or volunteer and ISO week."""
        end = args.get("to") or local_today() + timedelta(days=1)
        start = args.get("from_") or end - timedelta(days=28)
        check_period(start, end)
        return plan.plan_versus_done(g.ward, start, end)
