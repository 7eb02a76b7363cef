"""Rollups move with every event write (create, edit, move, delete) in the same transaction,
equal a from-scratch computation after any sequence of writes, and can be rebuilt."""
import threading
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from server.auth.models import User
from server.extensions import db
from server.metrics.models import EventRollup
from server.metrics.rollups import rebuild_rollups
from server.outreach.models import KINDS, MAIN_COUNT, Event
from server.outreach.service import sync_events
from tests.factories import VN
from tests.metrics.helpers import event, post, rollup_rows, rows_from_events, vn
from tests.outreach.helpers import as_write, sync_batches


def _row(world, day, group, kind, author, **values):
    ward = world.users[author].ward_id
    key = (ward, day, world.groups[group].id if group else 0, kind, world.users[author].id)
    base = dict.fromkeys(("events", "duration_min", "attendees", "households_visited",
                          "people_assisted", "vneid_installs", "vneid_activations", "dvc_filings",
                          "leaflets", "online_reach"), 0)
    return key, {**base, **values}


@pytest.fixture
def visit(client, world, as_user):
    """One household visit by officer-w1 in g1 on 3 March 2025."""
    payload = event(world.groups["g1"], vn("2025-03-03 09:00"), duration_min=45,
                    households_visited=12, vneid_installs=3)
    post(client, as_user("officer-w1"), payload)
    return payload


def test_a_created_event_is_counted(world, visit):
    assert rollup_rows() == dict([_row(world, date(2025, 3, 3), "g1", "household_visit", "officer-w1",
                                       events=1, duration_min=45, households_visited=12,
                                       vneid_installs=3)])


EDITS = {
    "counts": ({"households_visited": 20, "vneid_installs": 0},
               [(date(2025, 3, 3), "g1", "household_visit", {"households_visited": 20})]),
    "another group": ({"group_id": "g2"},
                      [(date(2025, 3, 3), "g2", "household_visit", {"households_visited": 12, "vneid_installs": 3})]),
    "ward-wide": ({"group_id": None},
                  [(date(2025, 3, 3), None, "household_visit", {"households_visited": 12, "vneid_installs": 3})]),
    "another local day": ({"occurred_at": vn("2025-03-04 00:10")},
                          [(date(2025, 3, 4), "g1", "household_visit", {"households_visited": 12, "vneid_installs": 3})]),
    "another kind": ({"kind": "leaflet_drop", "leaflets": 300},
                     [(date(2025, 3, 3), "g1", "leaflet_drop",
                       {"households_visited": 12, "vneid_installs": 3, "leaflets": 300})]),
}


@pytest.mark.parametrize("change,expected", EDITS.values(), ids=EDITS.keys())
def test_an_edit_moves_the_figures(client, world, as_user, visit, change, expected):
    if change.get("group_id"):
        change = {**change, "group_id": world.groups[change["group_id"]].id}
    post(client, as_user("officer-w1"), {**visit, **change, "base_version": 1})
    assert rollup_rows() == dict(_row(world, day, group, kind, "officer-w1", events=1,
                                      duration_min=45, **values)
                                 for day, group, kind, values in expected)
    assert rollup_rows() == rows_from_events()


def test_a_commanders_edit_stays_with_the_author(client, world, as_user, visit):
    post(client, as_user("commander-w1"), {**visit, "households_visited": 5, "base_version": 1})
    [(key, values)] = rollup_rows().items()
    assert key[4] == world.users["officer-w1"].id and values["households_visited"] == 5


def test_a_deleted_event_counts_as_nothing(client, world, as_user, visit):
    post(client, as_user("officer-w1"), {"id": visit["id"], "deleted": True, "base_version": 1})
    assert rollup_rows() == {}
    rows = db.session.scalars(select(EventRollup)).all()
    assert [(r.events, r.households_visited) for r in rows] == [(0, 0)]


@pytest.mark.parametrize("answer", ["unchanged", "conflict", "rejected"])
def test_writes_that_change_nothing_move_nothing(client, world, as_user, visit, answer):
    before = rollup_rows()
    payload = {"unchanged": visit,
               "conflict": {**visit, "households_visited": 1, "base_version": 7},
               "rejected": {**visit, "kind": "karaoke", "base_version": 1}}[answer]
    res = client.post("/api/v1/events/sync", json={"events": [payload]},
                      headers=as_user("officer-w1"))
    assert res.get_json()["results"][0]["status"] == answer
    assert rollup_rows() == before


def test_rollups_roll_back_with_the_events(app, world, visit, monkeypatch):
    """A sync whose transaction fails inside the app takes its rollup changes with it."""
    user = world.users["officer-w1"]
    payload = event(world.groups["g1"], vn("2025-03-03 10:00"), households_visited=4)
    with app.test_request_context():
        sync_events(user, [payload])
    assert sum(v["events"] for v in rollup_rows().values()) == 2

    second = event(world.groups["g1"], vn("2025-03-03 11:00"), households_visited=7)
    seen_before_commit = []

    def commit_fails():  # e.g. the connection drops as the batch is committed
        seen_before_commit.append(sum(v["events"] for v in rollup_rows().values()))
        raise OperationalError("COMMIT", {}, Exception("connection lost"))

    monkeypatch.setattr(db.session, "commit", commit_fails)
    with app.test_request_context(), pytest.raises(OperationalError):
        sync_events(user, [second])
    monkeypatch.undo()
    db.session.rollback()  # as the request's teardown does

    assert seen_before_commit == [3]  # the rollup had moved in the failed transaction
    assert sum(v["events"] for v in rollup_rows().values()) == 2
    assert db.session.get(Event, second["id"]) is None
    assert rollup_rows() == rows_from_events()


def test_rebuild_command_recomputes_from_scratch(runner, world, visit):
    db.session.execute(EventRollup.__table__.update().values(households_visited=999))
    db.session.commit()
    result = runner.invoke(args=["rebuild-rollups"])
    assert result.exit_code == 0 and "Rebuilt 1 rollup row(s)." in result.output
    assert rollup_rows() == rows_from_events()
    assert list(rollup_rows().values())[0]["households_visited"] == 12


def test_concurrent_writers_to_one_row_both_land(app, world):
    """Two requests adding to the same rollup row at once: the upsert keeps both."""
    user_id, group_id = world.users["officer-w1"].id, world.groups["g1"].id
    errors, barrier = [], threading.Barrier(4, timeout=30)

    def write(n):
        try:
            with app.app_context(), app.test_request_context():
                barrier.wait()
                for _ in range(5):
                    payload = {**event(None, vn("2025-03-03 09:00"), households_visited=n),
                               "group_id": group_id}
                    results = sync_events(db.session.get(User, user_id), [payload])
                    assert results[0]["status"] == "created", results
                db.session.remove()
        except Exception as exc:  # reported below, in the test's own thread
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in (1, 2, 3, 4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not [t for t in threads if t.is_alive()], "a writer hung (a lock never released?)"
    assert not errors
    [(key, values)] = rollup_rows().items()
    assert (values["events"], values["households_visited"]) == (20, 5 * (1 + 2 + 3 + 4))
    assert rollup_rows() == rows_from_events()


# ---- property: any sequence of writes leaves rollups equal to a from-scratch sum ------------------

@dataclass
class Write:
    author: str            # who sends it
    target: int | None     # None: a new event; else the index of an event already sent
    group: int             # index into the author's ward's groups + [None]
    minutes_ago: int
    kind: str
    counts: tuple
    delete: bool


_counts = st.tuples(*[st.integers(0, 40)] * 8)
_write = st.builds(
    Write, author=st.sampled_from(["officer-w1", "officer-w1", "commander-w1", "volunteer-w1",
                                   "officer-w2"]),
    target=st.none() | st.integers(0, 50), group=st.integers(0, 2),
    minutes_ago=st.integers(60, 40 * 24 * 60), kind=st.sampled_from(KINDS), counts=_counts,
    delete=st.booleans())
_batches = st.lists(st.lists(_write, min_size=1, max_size=5), min_size=1, max_size=6)

COUNTS = ("attendees", "households_visited", "people_assisted", "vneid_installs",
          "vneid_activations", "dvc_filings", "leaflets", "online_reach")


def _payload(world, write, ward_key, sent):
    groups = {"w1": [world.groups["g1"], world.groups["g2"], None],
              "w2": [world.groups["g3"], world.groups["g3"], None]}[ward_key]
    counts = dict(zip(COUNTS, write.counts))
    main = MAIN_COUNT[write.kind]
    if main:
        counts[main] = max(1, counts[main])
    when = (datetime.now(VN) - timedelta(minutes=write.minutes_ago)).replace(microsecond=0)
    payload = event(groups[write.group], when.isoformat(), kind=write.kind,
                    duration_min=write.minutes_ago % 300, **counts)
    return as_write(payload, write, sent)


def send_writes(app, world, batches):
    """Sync each batch of Writes as its first write's author."""
    sync_batches(app, world, batches, lambda sender, write, sent: _payload(
        world, write, "w2" if sender.endswith("w2") else "w1", sent))


@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(batches=_batches)
def test_rollups_equal_a_from_scratch_sum_after_any_writes(app, world, batches):
    send_writes(app, world, batches)
    assert rollup_rows() == rows_from_events()
    rebuild_rollups()
    assert rollup_rows() == rows_from_events()
