"""A refresh token spent twice at the same moment must not open two live branches of a login."""
import pytest

from tests.concurrency import post_together
from tests.factories import PASSWORD

THREADS = 4


@pytest.mark.parametrize("round_", range(3))
def test_racing_refreshes_leave_at_most_one_live_pair(app, client, world, database_url, round_):
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite serialises writers; the race is PostgreSQL's")
    login = client.post("/api/v1/auth/login", json={"username": "officer-w1", "password": PASSWORD})
    token = login.get_json()["refresh_token"]
    answers = post_together(app, "/api/v1/auth/refresh", [None] * THREADS,
                            headers={"Authorization": f"Bearer {token}"})
    assert sorted(code for code, _ in answers) in ([200] + [401] * (THREADS - 1), [401] * THREADS)
    live = [body for code, body in answers if code == 200 and client.get(
        "/api/v1/me", headers={"Authorization": f"Bearer {body['access_token']}"}).status_code == 200]
    assert len(live) <= 1
