"""The commander's review of an event: accepted, or returned to its author with a comment.

A review is not content: it does not change the event's version (a phone editing the event is
not put in conflict by it). The author's next edit clears it (service._decide_existing), so a
corrected event comes back to the queue as not yet reviewed.
"""
from ..errors import Conflict, Invalid
from ..extensions import db
from ..timeutil import utcnow
from .queue_counts import move_queue_counts
from .signals import EventChange, send_changes, snapshot


def review_event(user, event, data, origin):
    """Record `user`'s review of `event`; returning needs a comment. The audit log has it from
    `events_changed`, as it has every other event write."""
    if event.deleted:
        raise Conflict("Hoạt động đã bị xóa, không duyệt được.", {"id": ["deleted"]})
    expected = data.get("version")
    if expected is not None and expected != event.version:
        raise Conflict("Hoạt động vừa được sửa, hãy xem lại trước khi duyệt.",
                       {"version": ["changed"]})
    comment = (data.get("comment") or "").strip() or None
    if data["status"] == "returned" and not comment:
        raise Invalid("Cần ghi lý do trả lại để người ghi biết cần sửa gì.",
                      {"comment": ["required_to_return"]})
    before = snapshot(event)
    event.review_status, event.review_comment = data["status"], comment
    event.reviewed_by_id, event.reviewed_at = user.id, utcnow()
    changes = [EventChange("review", before, snapshot(event))]
    move_queue_counts(changes)
    send_changes(changes, origin)
    db.session.commit()
    return event


def clear_review(event):
    """Forget the review of an event its author has just edited."""
    event.review_status = event.review_comment = None
    event.reviewed_by_id = event.reviewed_at = None
