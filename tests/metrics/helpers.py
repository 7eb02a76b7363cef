"""Helpers of the metrics tests: explicit events (every count given), posted through sync."""
from datetime import datetime

from sqlalchemy import select

from server.extensions import db
from server.metrics.models import MEASURES, EventRollup
from server.outreach.models import COUNT_FIELDS, Event
from tests.factories import event_payload
from tests.outreach.helpers import sync


def event(group, when, kind="household_visit", duration_min=60, **counts):
    """An event whose every count is given (0 unless named); `when` is an ISO time with offset."""
    return event_payload(group, kind=kind, occurred_at=when, duration_min=duration_min,
                         **{**dict.fromkeys(COUNT_FIELDS, 0), **counts},
                         lat=None, lon=None, accuracy_m=None, note=None)


def post(client, headers, *events):
    """Sync a batch and assert every event was stored (created or updated)."""
    results = sync(client, headers, *events)
    assert all(r["status"] in ("created", "updated") for r in results), results
    return results


def rollup_rows():
    """{(ward, day, group_key, kind, author): {measure: value}} of rows that count something."""
    db.session.expire_all()
    rows = {}
    for r in db.session.scalars(select(EventRollup)):
        values = {m: getattr(r, m) for m in MEASURES}
        if any(values.values()):
            rows[(r.ward_id, r.local_date, r.group_key, r.kind, r.author_id)] = values
    return rows


def rows_from_events():
    """The same sums computed here from the live events, independently of the server's code."""
    db.session.expire_all()
    rows = {}
    for e in db.session.scalars(select(Event).where(Event.deleted.is_(False))):
        key = (e.ward_id, e.local_date, e.group_id or 0, e.kind, e.author_id)
        row = rows.setdefault(key, dict.fromkeys(MEASURES, 0))
        row["events"] += 1
        for name in MEASURES[1:]:
            row[name] += getattr(e, name)
    return rows


def vn(text):
    """'2025-03-01 00:30' → its ISO form in Vietnamese time."""
    return datetime.fromisoformat(text).isoformat() + "+07:00"
