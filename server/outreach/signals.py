"""What outreach tells other domains about event writes: the signal and the values it carries.

`events_changed` is sent inside the transaction that changes events, with
`changes=[EventChange, ...]` and `origin=Origin` (who acted, from which device). Its listeners
(the rollups, the audit log) are connected by the app factory and write in the same transaction,
so what they keep commits or rolls back with the events themselves.
"""
from datetime import date, datetime
from operator import attrgetter
from typing import NamedTuple

from blinker import Namespace
from flask import current_app

from .models import COUNT_FIELDS

_signals = Namespace()
events_changed = _signals.signal("events-changed")

# What a listener knows of an event at one moment: one field per (name, type), the counts
# included, copied from the row by `snapshot`. A named tuple: immutable, and built from a row
# faster than a dict (a sync batch makes a thousand).
SNAPSHOT_FIELDS = (
    ("id", str), ("ward_id", int), ("province_id", int), ("group_id", int | None),
    ("author_id", int), ("kind", str), ("local_date", date), ("occurred_at", datetime),
    ("duration_min", int | None), *((name, int | None) for name in COUNT_FIELDS),
    ("deleted", bool), ("version", int), ("note", str | None), ("lat", float | None),
    ("lon", float | None), ("accuracy_m", float | None), ("review_status", str | None),
    ("review_comment", str | None), ("signals", int),
)
EventSnapshot = NamedTuple("EventSnapshot", SNAPSHOT_FIELDS)
ACTIONS = ("create", "update", "delete", "review")
_read = attrgetter(*EventSnapshot._fields)


def snapshot(event):
    """The EventSnapshot of an event row as it is now."""
    return EventSnapshot._make(_read(event))


class EventChange(NamedTuple):
    """One event written: `before` is None for a create; a review changes no version."""

    action: str  # one of ACTIONS
    before: EventSnapshot | None
    after: EventSnapshot


def send_changes(changes, origin):
    """Tell the listeners what changed (a list of EventChange), inside the current transaction."""
    if changes:
        events_changed.send(current_app._get_current_object(), changes=changes, origin=origin)
