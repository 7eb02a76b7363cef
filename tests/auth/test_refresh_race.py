"""A refresh token spent twice at the same moment must not open two live branches of a login."""
import threading

import pytest

from server.extensions import db
from tests.factories import PASSWORD

THREADS = 4


def _refresh_together(app, token):
    barrier, answers = threading.Barrier(THREADS), []

    def refresh():
        with app.app_context():
            client = app.test_client()
            barrier.wait()
            res = client.post("/api/v1/auth/refresh", headers={"Authorization": f"Bearer {token}"})
            answers.append((res.status_code, res.get_json()))
            db.session.remove()

    threads = [threading.Thread(target=refresh) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return answers


@pytest.mark.parametrize("round_", range(3))
def test_racing_refreshes_leave_at_most_one_live_pair(app, client, world, database_url, round_):
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite serialises writers; the race is PostgreSQL's")
    login = client.post("/api/v1/auth/login", json={"username": "officer-w1", "password": PASSWORD})
    answers = _refresh_together(app, login.get_json()["refresh_token"])
    assert sorted(code for code, _ in answers) in ([200] + [401] * (THREADS - 1), [401] * THREADS)
    live = [body for code, body in answers if code == 200 and client.get(
        "/api/v1/me", headers={"Authorization": f"Bearer {body['access_token']}"}).status_code == 200]
    assert len(live) <= 1
