"""Fixtures of the report tests: old events allowed, callers' headers by username, the demo ward."""
import pytest

from server.auth.service import start_session
from server.demo.seed import seed_demo

DEMO_PASSWORD = "demo-password-for-tests"


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
            from server.auth.models import User
            from server.extensions import db

            user = world.users.get(username) or db.session.query(User).filter_by(
                username=username).one()
            with app.test_request_context():
                cache[username] = start_session(user)["access_token"]
        return {"Authorization": f"Bearer {cache[username]}"}

    return _headers


@pytest.fixture
def demo(app, world, monkeypatch):
    """The demo ward built into w1 (code 22366) of the test world."""
    monkeypatch.setenv("DEMO_PASSWORD", DEMO_PASSWORD)
    seed_demo("22366", days=60, seed=6)
    return world.wards["w1"]
