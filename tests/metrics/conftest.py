"""Fixtures of the metrics tests: old events allowed (callers' headers: `as_user` of tests/conftest.py)
and the demo ward."""
import pytest

from server.demo.seed import seed_demo

DEMO_PASSWORD = "demo-password-for-tests"


@pytest.fixture(autouse=True)
def events_of_any_age(request):
    """Explicit events in a past month: lift the 90-day limit phones are held to."""
    if "app" in request.fixturenames:
        request.getfixturevalue("app").config["EVENT_MAX_AGE_DAYS"] = 100_000


@pytest.fixture
def demo(app, world, monkeypatch):
    """The demo ward built into w1 (code 22366) of the test world; w2 is its neighbour."""
    monkeypatch.setenv("DEMO_PASSWORD", DEMO_PASSWORD)
    seed_demo("22366", days=60, seed=6)
    return world.wards["w1"]
