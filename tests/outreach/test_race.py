"""Two uploads of the same new event at the same moment make one row (DESIGN.md §4.3)."""
import threading

import pytest

from server.extensions import db
from tests.factories import event_payload
from tests.outreach.helpers import SYNC, count_events, stored

THREADS = 4
ROUNDS = 5


def _race(app, headers, payload):
    """Send the same batch from THREADS threads released together; return their answers."""
    barrier, answers = threading.Barrier(THREADS), []

    def upload():
        with app.app_context():  # each thread its own session and connection
            client = app.test_client()
            barrier.wait()
            res = client.post(SYNC, json={"events": [payload]}, headers=headers)
            answers.append((res.status_code, (res.get_json() or {}).get("results")))
            db.session.remove()

    threads = [threading.Thread(target=upload) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return answers


def test_racing_uploads_of_one_new_id_make_one_row(app, world, login, database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite serialises writers; the race is PostgreSQL's")
    headers = login("officer-w1")
    for _ in range(ROUNDS):
        payload = event_payload(world.groups["g1"])
        answers = _race(app, headers, payload)
        assert [code for code, _ in answers] == [200] * THREADS, answers
        statuses = sorted(results[0]["status"] for _, results in answers)
        assert statuses == ["created"] + ["unchanged"] * (THREADS - 1)
        assert stored(payload["id"]).version == 1
    assert count_events() == ROUNDS


def test_racing_edits_of_one_version_make_one_update(app, client, world, login, database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite serialises writers; the race is PostgreSQL's")
    headers = login("officer-w1")
    payload = event_payload(world.groups["g1"])
    client.post(SYNC, json={"events": [payload]}, headers=headers)
    barrier, answers = threading.Barrier(THREADS), []

    def edit(n):
        with app.app_context():
            barrier.wait()
            res = app.test_client().post(SYNC, headers=headers, json={"events": [
                {**payload, "households_visited": 10 + n, "base_version": 1}]})
            answers.append(res.get_json()["results"][0]["status"])
            db.session.remove()

    threads = [threading.Thread(target=edit, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(answers) == ["conflict"] * (THREADS - 1) + ["updated"]
    assert stored(payload["id"]).version == 2
