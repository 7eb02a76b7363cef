"""Fixtures of the metrics tests: old events allowed, and callers' headers by username."""
import pytest

from server.auth.service import start_session


@pytest.fixture(autouse=True)
def events_of_any_age(request):
    """Explicit events in a past month: lift the 90-day limit phones are held to."""
    if "app" in request.fixturenames:
        request.getfixturevalue("app").config["EVENT_MAX_AGE_DAYS"] = 100_000


@pytest.fixture
def as_user(app, world):
    """as_user("commander-w1") → Authorization headers, without paying argon2 per login."""
    cache = {}

    def _headers(username):
        if username not in cache:
            with app.test_request_context():
                cache[username] = start_session(world.users[username])["access_token"]
        return {"Authorization": f"Bearer {cache[username]}"}

    return _headers
