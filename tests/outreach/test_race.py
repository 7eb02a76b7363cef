"""Two uploads of the same new event at the same moment make one row (DESIGN.md §4.3)."""
import pytest

from tests.concurrency import post_together
from tests.factories import event_payload
from tests.outreach.helpers import SYNC, count_events, stored

THREADS = 4
ROUNDS = 5


def test_racing_uploads_of_one_new_id_make_one_row(app, world, login, database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite serialises writers; the race is PostgreSQL's")
    headers = login("officer-w1")
    for _ in range(ROUNDS):
        payload = event_payload(world.groups["g1"])
        answers = post_together(app, SYNC, [{"events": [payload]}] * THREADS, headers)
        assert [code for code, _ in answers] == [200] * THREADS, answers
        statuses = sorted(body["results"][0]["status"] for _, body in answers)
        assert statuses == ["created"] + ["unchanged"] * (THREADS - 1)
        assert stored(payload["id"]).version == 1
    assert count_events() == ROUNDS


def test_racing_edits_of_one_version_make_one_update(app, client, world, login, database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite serialises writers; the race is PostgreSQL's")
    headers = login("officer-w1")
    payload = event_payload(world.groups["g1"])
    client.post(SYNC, json={"events": [payload]}, headers=headers)
    edits = [{"events": [{**payload, "households_visited": 10 + n, "base_version": 1}]}
             for n in range(THREADS)]
    answers = [body["results"][0]["status"] for _, body in post_together(app, SYNC, edits, headers)]
    assert sorted(answers) == ["conflict"] * (THREADS - 1) + ["updated"]
    assert stored(payload["id"]).version == 2


def test_racing_uploads_of_overlapping_events_mark_every_overlap(app, world, login, database_url):
    """Two phones of one officer upload events at the same hour at the same moment: each
    upload sees the other's event, so every one of them is marked as overlapping."""
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite serialises writers; the race is PostgreSQL's")
    phones = [login("officer-w1") for _ in range(THREADS)]  # a sign-in of its own each
    for _ in range(ROUNDS):
        when = event_payload(world.groups["g1"])["occurred_at"]
        payloads = [event_payload(world.groups["g1"], occurred_at=when) for _ in range(THREADS)]
        answers = post_together(app, SYNC, [{"events": [p]} for p in payloads], phones)
        assert [code for code, _ in answers] == [200] * THREADS, answers
        assert {stored(p["id"]).signals & 64 for p in payloads} == {64}
