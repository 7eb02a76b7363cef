"""Fixtures of the metrics tests: old events allowed (callers' headers: `as_user` of tests/conftest.py)."""
import pytest


@pytest.fixture(autouse=True)
def events_of_any_age(request):
    """Explicit events in a past month: lift the 90-day limit phones are held to."""
    if "app" in request.fixturenames:
        request.getfixturevalue("app").config["EVENT_MAX_AGE_DAYS"] = 100_000
