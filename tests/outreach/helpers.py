"""Small helpers shared by the event tests."""
from datetime import datetime, time, timedelta

from sqlalchemy import select

from server.extensions import db
from server.outreach.models import Event
from tests.factories import VN

SYNC = "/api/v1/events/sync"
EVENTS = "/api/v1/events"


def at_local(days_ago, hour, minute=0):
    """An ISO time with the +07:00 offset: `days_ago` local days back, at hour:minute."""
    day = datetime.now(VN).date() - timedelta(days=days_ago)
    return datetime.combine(day, time(hour, minute), VN).isoformat()


def sync(client, headers, *events):
    """POST a batch and return its results (asserting the batch itself was accepted)."""
    res = client.post(SYNC, json={"events": list(events)}, headers=headers)
    assert res.status_code == 200, res.get_json()
    return res.get_json()["results"]


def stored(event_id):
    db.session.expire_all()
    return db.session.get(Event, str(event_id))


def count_events():
    return db.session.scalar(select(db.func.count()).select_from(Event))
