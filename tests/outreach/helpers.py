"""Small helpers shared by the event tests."""
from datetime import datetime, time, timedelta

from sqlalchemy import select

from server.extensions import db
from server.outreach.models import Event
from server.outreach.service import sync_events
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


def as_write(payload, write, sent):
    """`payload` as the random `write` sends it: a new event, or an edit or delete (with its
    base version) of one already sent (`sent`: event id → last version the server answered)."""
    if write.target is None or not sent:
        return payload
    event_id, version = list(sent.items())[write.target % len(sent)]
    if write.delete:
        return {"id": event_id, "deleted": True, "base_version": version}
    return {**payload, "id": event_id, "base_version": version}


def sync_batches(app, world, batches, payload_of, after_batch=None):
    """Send each batch of random writes as its first write's author, through the real sync;
    `payload_of(sender, write, sent)` makes each event's payload; `after_batch(i, sent)`, if
    given, runs after the i-th batch."""
    sent = {}
    for i, batch in enumerate(batches):
        payloads = [payload_of(batch[0].author, write, sent) for write in batch]
        with app.test_request_context():
            results = sync_events(world.users[batch[0].author], payloads)
        for result in results:
            if result["status"] in ("created", "updated"):
                sent[result["id"]] = result["version"]
        if after_batch is not None:
            after_batch(i, sent)
