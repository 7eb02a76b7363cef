"""The events' scope: which event a URL points at, and who sees it."""
from ..access import Scope, register_scope
from ..extensions import db
from .models import Event


def can_see_event(user, event):
    if user.role == "admin":
        return event.province_id == user.province_id
    if user.role == "commander":
        return event.ward_id == user.ward_id
    return event.author_id == user.id


def register_scopes():
    register_scope("event", Scope("event_id", lambda event_id: db.session.get(Event, str(event_id)),
                                  can_see_event, "Không tìm thấy hoạt động (event not found).",
                                  keep_as="event"))
