"""Event endpoints: the phones' sync, listing and reading one event."""
from flask import current_app, g, request
from flask.views import MethodView
from flask_jwt_extended import current_user
from flask_smorest import Blueprint

from ..access import access
from ..errors import DomainError
from ..origin import request_origin
from .. import telemetry
from ..roles import AREA_ROLES, FIELD_ROLES, MANAGERS
from ..security import checked_per_item
from . import quality, review, service
from .schemas import (
    EventPageSchema,
    EventQueryArgsSchema,
    EventSchema,
    ReviewInSchema,
    ReviewQueueArgsSchema,
    ReviewQueueSchema,
    SyncRequestSchema,
    SyncResponseSchema,
)

blp = Blueprint("events", __name__, url_prefix="/api/v1", description="Outreach events")


class BatchTooLarge(DomainError):
    code = 413


@blp.route("/events/sync")
@checked_per_item("events")
class Sync(MethodView):
    @access(*FIELD_ROLES)
    @blp.arguments(SyncRequestSchema)
    @blp.response(200, SyncResponseSchema)
    @blp.alt_response(413, description="More than 500 events in one batch")
    def post(self, body):
        """Upload up to 500 events made offline; one answer per event, in request order."""
        limit = current_app.config["SYNC_MAX_EVENTS"]
        if len(body["events"]) > limit:
            raise BatchTooLarge(f"Tối đa {limit} hoạt động mỗi lần đồng bộ.",
                                {"events": ["too_many"]})
        # g.user: the user object itself, not the proxy a batch would resolve thousands of times
        results = service.sync_events(g.user, body["events"], request_origin())
        telemetry.count_sync(results, request.headers.get("X-Outbox-Size"))
        return {"results": results}


@blp.route("/events")
class Events(MethodView):
    @access(*AREA_ROLES)
    @blp.arguments(EventQueryArgsSchema, location="query")
    @blp.response(200, EventPageSchema)
    @blp.alt_response(404, response="NOT_FOUND")  # a ward_id outside the caller's ward
    def get(self, args):
        """Events the caller may see, newest first: an officer's own, a commander's ward,
        an admin's province."""
        return service.list_events(current_user, args)


@blp.route("/events/<uuid:event_id>")
class EventById(MethodView):
    @access(*AREA_ROLES, scope="event")
    @blp.response(200, EventSchema)
    def get(self, event_id):
        """One event with its version, author, ward and flags."""
        return g.event


@blp.route("/events/<uuid:event_id>/review")
class EventReview(MethodView):
    @access(*MANAGERS, scope="event")
    @blp.arguments(ReviewInSchema)
    @blp.response(200, EventSchema)
    @blp.alt_response(409, response="CONFLICT")
    def post(self, body, event_id):
        """Accept an event of the ward, or return it to its author with a comment (required);
        recorded in the audit log."""
        return review.review_event(current_user, g.event, body, request_origin())


@blp.route("/wards/<int:ward_id>/review-queue")
class WardReviewQueue(MethodView):
    @access(*MANAGERS, scope="ward")
    @blp.arguments(ReviewQueueArgsSchema, location="query")
    @blp.response(200, ReviewQueueSchema)
    def get(self, args, ward_id):
        """The ward's events of a period with their data-quality signals, newest first, paged;
        filter by signal, review status, author, group or kind."""
        return quality.review_queue(g.ward, args)
