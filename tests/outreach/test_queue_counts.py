"""The review queue's per-day count rollups equal a recount of the live events after any sequence
of creates, edits, moves, deletes (through sync, overlaps re-decided for the neighbours) and
review decisions, and so does their rebuild; the queue's counts read them."""
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from server.extensions import db
from server.origin import NO_ORIGIN
from server.outreach.checks import BITS
from server.outreach.models import (QUEUE_COUNTS, Event, ReviewAuthorDayCount, ReviewDayCount,
                                   ReviewWardDayCount)
from server.outreach.queue_counts import rebuild_queue_counts
from server.outreach.quality import review_queue
from server.outreach.review import review_event
from tests.outreach.helpers import sync_batches
from tests.outreach.test_signals import START, _batches, _payload, visit
from tests.metrics.helpers import post


def recount():
    """({day key: n}, {author-day key: n}, {ward-day key: n}) counted from the live events'
    stored signals."""
    day, author_day, ward_day = {}, {}, {}
    for e in db.session.scalars(select(Event).where(Event.deleted.is_(False))):
        names = ["all"] + (["any"] if e.signals else [])
        names += [name for name, bit in BITS.items() if e.signals & bit]
        review = e.review_status or "none"
        for name in names:
            key = (e.ward_id, e.local_date, e.author_id, e.group_id or 0, e.kind, review, name)
            day[key] = day.get(key, 0) + 1
            author_key = (e.ward_id, e.author_id, e.local_date, review, name)
            author_day[author_key] = author_day.get(author_key, 0) + 1
            ward_key = (e.ward_id, e.local_date, review, name)
            ward_day[ward_key] = ward_day.get(ward_key, 0) + 1
    return day, author_day, ward_day


def stored():
    """The rows of every rollup level that count something, keyed as `recount` keys them."""
    db.session.expire_all()
    day = {(r.ward_id, r.local_date, r.author_id, r.group_key, r.kind, r.review_key, r.signal):
           r.events for r in db.session.scalars(select(ReviewDayCount)) if r.events}
    author_day = {(r.ward_id, r.author_id, r.local_date, r.review_key, r.signal): r.events
                  for r in db.session.scalars(select(ReviewAuthorDayCount)) if r.events}
    ward_day = {(r.ward_id, r.local_date, r.review_key, r.signal): r.events
                for r in db.session.scalars(select(ReviewWardDayCount)) if r.events}
    return day, author_day, ward_day


def _reviewer(world, event):
    return next(u for u in world.users.values()
                if u.role == "commander" and u.ward_id == event.ward_id)


def _review(app, world, decisions):
    """`after_batch`: the batch's review decisions, each on one of the events sent so far."""
    def decide(i, sent):
        for target, status in decisions[i] if i < len(decisions) else ():
            event = db.session.get(Event, list(sent)[target % len(sent)])
            if event is not None and not event.deleted:
                with app.test_request_context():
                    review_event(_reviewer(world, event), event,
                                 {"status": status, "comment": "Kiểm tra lại số hộ."}, NO_ORIGIN)
    return decide


_decisions = st.lists(st.lists(st.tuples(st.integers(0, 40),
                                         st.sampled_from(["accepted", "returned"])), max_size=3),
                      max_size=8)


@settings(max_examples=12, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(batches=_batches, decisions=_decisions)
def test_count_rollups_equal_a_recount_after_any_writes_and_reviews(app, world, batches,
                                                                    decisions):
    sync_batches(app, world, batches, lambda *args: _payload(world, *args),
                 _review(app, world, decisions))
    counted = recount()
    assert stored() == counted
    rebuild_queue_counts()
    assert stored() == counted


def test_an_overlap_and_a_review_move_the_queue_counts(app, client, world, as_user):
    g1, ward = world.groups["g1"], world.wards["w1"]
    first, second = visit(g1, 8, 120), visit(g1, 9, 30)
    post(client, as_user("officer-w1"), first)
    day = START.date()
    args = {"from_": day, "to": day + timedelta(days=1), "limit": 10}
    assert review_queue(ward, args)["counts"]["overlaps"] == 0
    post(client, as_user("officer-w1"), second)  # `first` now overlaps too, unwritten itself
    assert review_queue(ward, args)["counts"]["overlaps"] == 2
    with app.test_request_context():
        review_event(world.users["commander-w1"], db.session.get(Event, first["id"]),
                     {"status": "accepted"}, NO_ORIGIN)
    assert review_queue(ward, {**args, "review_status": "none"})["counts"] == {
        **dict.fromkeys(QUEUE_COUNTS, 0), "all": 1, "any": 1, "overlaps": 1}
    assert review_queue(ward, {**args, "kind": "meeting"})["counts"]["all"] == 0
    assert review_queue(ward, {**args, "user_id": world.users["officer-w1"].id,
                               "review_status": "accepted"})["counts"]["overlaps"] == 1
    assert stored() == recount()
