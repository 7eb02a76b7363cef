"""The data-quality signals stored with each event equal a from-scratch computation after any
sequence of creates, edits, moves and deletes through sync, and so does their rebuild (`flask
rebuild-rollups`); the review queue pages them on an index.

The from-scratch computation is the queue's former one: each signal one SQL condition, overlaps a
correlated EXISTS over the author's other events."""
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest
from flask import current_app
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import and_, case, exists, literal, select, text, update
from sqlalchemy.orm import aliased

from server.extensions import db
from server.outreach.checks import BITS, own_conditions, plus_minutes, recompute_signals
from server.outreach.models import KINDS, MAIN_COUNT, Event
from server.outreach.quality import queue_queries
from tests.factories import VN
from tests.metrics.helpers import event, post
from tests.outreach.helpers import as_write, sync_batches


def _overlaps(dialect):
    """Another live timed event of the same author whose span meets this one's."""
    other = aliased(Event)
    return and_(
        Event.kind != "digital_post", Event.duration_min > 0,
        exists(select(other.id).where(
            other.author_id == Event.author_id, other.ward_id == Event.ward_id,
            other.occurred_at >= plus_minutes(Event.occurred_at, literal(-1440), dialect),
            other.occurred_at < plus_minutes(Event.occurred_at, Event.duration_min, dialect),
            plus_minutes(other.occurred_at, other.duration_min, dialect) > Event.occurred_at,
            other.id != Event.id, other.deleted.is_(False), other.kind != "digital_post",
            other.duration_min > 0)))


def stored_and_from_scratch():
    """({event id: stored signals}, {event id: signals computed from scratch in SQL})."""
    db.session.expire_all()
    conditions = {**own_conditions(current_app.config["FAR_FROM_GROUP_M"]),
                  "overlaps": _overlaps(db.engine.dialect.name)}
    mask = sum(case((conditions[name], bit), else_=0) for name, bit in BITS.items())
    expression = case((Event.deleted.is_(True), 0), else_=mask)
    rows = db.session.execute(select(Event.id, Event.signals, expression)).all()
    return {r[0]: r[1] for r in rows}, {r[0]: r[2] for r in rows}


# ---- property: any sequence of writes leaves the stored signals equal to a fresh computation ------

@dataclass
class Write:
    author: str            # who sends it
    target: int | None     # None: a new event; else the index of an event already sent
    group: int             # index into the author's ward's groups + [None]
    minutes: int           # after the start of a three-day stretch: overlaps are frequent
    micros: int            # sub-second part of the time (the signals compare to the second)
    duration: int
    kind: str
    counts: tuple
    place: str             # at the group, far from it, or no location
    delete: bool


_write = st.builds(
    Write, author=st.sampled_from(["officer-w1", "officer-w1", "commander-w1", "volunteer-w1",
                                   "officer-w2"]),
    target=st.none() | st.integers(0, 40), group=st.integers(0, 2),
    minutes=st.integers(0, 3 * 24 * 60), micros=st.sampled_from([0, 0, 1, 400_000, 999_999]),
    duration=st.sampled_from([0, 10, 30, 60, 90, 180, 601, 1440]) | st.integers(0, 1440),
    kind=st.sampled_from(KINDS), counts=st.tuples(*[st.integers(0, 40)] * 8),
    place=st.sampled_from(["group", "far", "none"]), delete=st.booleans())
_batches = st.lists(st.lists(_write, min_size=1, max_size=6), min_size=1, max_size=8)

COUNTS = ("attendees", "households_visited", "people_assisted", "vneid_installs",
          "vneid_activations", "dvc_filings", "leaflets", "online_reach")
START = (datetime.now(VN) - timedelta(days=10)).replace(hour=6, minute=0, second=0, microsecond=0)


def _payload(world, sender, write, sent):
    ward_key = "w2" if sender.endswith("w2") else "w1"
    group = {"w1": [world.groups["g1"], world.groups["g2"], None],
             "w2": [world.groups["g3"], world.groups["g3"], None]}[ward_key][write.group]
    counts = dict(zip(COUNTS, write.counts))
    if MAIN_COUNT[write.kind]:
        counts[MAIN_COUNT[write.kind]] = max(1, counts[MAIN_COUNT[write.kind]])
    when = START + timedelta(minutes=write.minutes, microseconds=write.micros)
    payload = event(group, when.isoformat(), kind=write.kind, duration_min=write.duration, **counts)
    if group is not None and write.place != "none":
        payload.update(lat=group.lat + (0.05 if write.place == "far" else 0.0001), lon=group.lon)
    return as_write(payload, write, sent)


@settings(max_examples=30, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(batches=_batches)
def test_stored_signals_equal_a_from_scratch_computation_after_any_writes(app, world, batches):
    sync_batches(app, world, batches, lambda *args: _payload(world, *args))
    stored, fresh = stored_and_from_scratch()
    assert stored == fresh
    recompute_signals()
    assert stored_and_from_scratch() == (fresh, fresh)


# ---- the neighbours an edit or a delete touches ---------------------------------------------------

def _at(hour, minute=0):
    return (START + timedelta(hours=hour - 6, minutes=minute)).isoformat()


def visit(group, hour, duration, minute=0):
    """A household visit at `hour`:`minute` of the stretch's first day, located at its group."""
    return {**event(group, _at(hour, minute), duration_min=duration, households_visited=5),
            "lat": group.lat, "lon": group.lon}


def overlapping(ids):
    stored, _ = stored_and_from_scratch()
    return {i for i in ids if stored[i] & 64}


def test_moving_an_event_clears_its_old_neighbour_and_marks_the_new_one(client, world, as_user):
    headers, g1 = as_user("officer-w1"), world.groups["g1"]
    morning = visit(g1, 8, 90)
    moving = visit(g1, 9, 60)
    afternoon = visit(g1, 15, 60)
    post(client, headers, morning, moving, afternoon)
    ids = [morning["id"], moving["id"], afternoon["id"]]
    assert overlapping(ids) == {morning["id"], moving["id"]}
    post(client, headers, {**moving, "occurred_at": _at(15, 30), "base_version": 1})
    assert overlapping(ids) == {moving["id"], afternoon["id"]}
    post(client, headers, {"id": afternoon["id"], "deleted": True, "base_version": 1})
    assert overlapping(ids) == set()
    stored, fresh = stored_and_from_scratch()
    assert stored == fresh and stored[afternoon["id"]] == 0


def test_a_shorter_duration_ends_an_overlap(client, world, as_user):
    headers, g1 = as_user("officer-w1"), world.groups["g1"]
    first, second = visit(g1, 8, 120), visit(g1, 9, 30)
    post(client, headers, first, second)
    assert overlapping([first["id"], second["id"]]) == {first["id"], second["id"]}
    post(client, as_user("commander-w1"), {**first, "duration_min": 60, "base_version": 1})
    assert overlapping([first["id"], second["id"]]) == set()


def test_rebuild_command_recomputes_the_signals(runner, client, world, as_user):
    g1 = world.groups["g1"]
    first, second = visit(g1, 8, 120), visit(g1, 9, 30)
    post(client, as_user("officer-w1"), first, second)
    db.session.execute(update(Event).values(signals=0))
    db.session.commit()
    result = runner.invoke(args=["rebuild-rollups"])
    assert result.exit_code == 0
    assert "Recomputed the data-quality signals of 2 event(s)." in result.output
    stored, fresh = stored_and_from_scratch()
    assert stored == fresh and set(stored.values()) == {64}


def test_far_from_group_follows_the_setting_after_a_rebuild(app, runner, client, world, as_user):
    g1 = world.groups["g1"]
    near = {**visit(g1, 8, 60), "lat": g1.lat + 0.005}  # about 550 m away
    post(client, as_user("officer-w1"), near)
    assert stored_and_from_scratch()[0][near["id"]] == 0
    app.config["FAR_FROM_GROUP_M"] = 500
    assert runner.invoke(args=["rebuild-rollups"]).exit_code == 0
    assert stored_and_from_scratch()[0][near["id"]] == 1


# ---- the queue reads the signals from an index -----------------------------------------------------

def _plan(statement):
    sql = str(statement.compile(db.engine, compile_kwargs={"literal_binds": True}))
    if db.engine.dialect.name == "postgresql":
        return "\n".join(db.session.execute(text("EXPLAIN " + sql)).scalars())
    return "\n".join(row[-1] for row in db.session.execute(text("EXPLAIN QUERY PLAN " + sql)))


def _fill_a_year(world, count):
    """`count` events of officer-w1 every four hours from June 2025, written straight to the
    table, then the statistics a database keeps of a table that has grown (VACUUM ANALYZE on
    PostgreSQL)."""
    user, start = world.users["officer-w1"], datetime(2025, 6, 1)
    db.session.execute(Event.__table__.insert(), [
        {"id": f"00000000-0000-4000-8000-{i:012d}", "province_id": user.province_id,
         "ward_id": user.ward_id, "author_id": user.id, "kind": "household_visit",
         "occurred_at": start + timedelta(hours=4 * i), "local_date": date(2026, 1, 1),
         "duration_min": 30, "households_visited": 5, "signals": i % 3, "flags": []}
        for i in range(count)])
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE events"))


@pytest.mark.parametrize("reason", [None, "any", "overlaps"])
def test_queue_page_uses_the_signals_index_and_counts_read_no_event(world, reason):
    _fill_a_year(world, 3000)
    counts, page = queue_queries(world.wards["w1"], {"reason": reason}, date(2026, 1, 1),
                                 date(2026, 2, 1))
    counts_plan, page_plan = _plan(counts), _plan(page.limit(51))
    assert "review_ward_day_counts" in counts_plan and " events" not in counts_plan, counts_plan
    if db.engine.dialect.name == "sqlite":
        assert "USING INDEX ix_events_ward" in page_plan, page_plan
    else:  # on a table this small it may prefer the narrower (ward, time, id) index and the heap
        assert "Index" in page_plan and "on ix_events_ward_" in page_plan.replace("using ix", "on ix"), page_plan
    assert "Seq Scan" not in page_plan and "SCAN events\n" not in page_plan + "\n", page_plan


@pytest.mark.parametrize("filters, level", [
    ({"user_id": "officer-w1"}, "review_author_day_counts"),
    ({"user_id": "officer-w1", "review_status": "none"}, "review_author_day_counts"),
    ({"user_id": "officer-w1", "kind": "meeting"}, "review_day_counts"),
    ({"group_id": "g1"}, "review_day_counts")])
def test_queue_counts_read_the_coarsest_rollup_that_has_the_filters(world, filters, level):
    """One author's counts read that author's rows of the author-day level (its key starts with
    the ward and the author), not every day row of the ward; a group or a kind needs the day
    rows."""
    _fill_a_year(world, 300)
    named = {"user_id": lambda name: world.users[name].id,
             "group_id": lambda name: world.groups[name].id}
    args = {"reason": "any", **{key: named.get(key, str)(value) for key, value in filters.items()}}
    counts, _ = queue_queries(world.wards["w1"], args, date(2026, 1, 1), date(2026, 2, 1))
    counts_plan = _plan(counts)
    assert f" {level}" in counts_plan and " events" not in counts_plan, counts_plan
    if level == "review_author_day_counts" and db.engine.dialect.name == "sqlite":
        assert "USING INDEX sqlite_autoindex_review_author_day_counts_1 (ward_id=? AND " \
            "author_id=? AND local_date>? AND local_date<?)" in counts_plan, counts_plan
