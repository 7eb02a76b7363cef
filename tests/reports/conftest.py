"""Fixtures of the report tests: old events allowed (as in the metrics tests) and the demo ward."""
import pytest

from server.demo.seed import seed_demo
from tests.metrics.conftest import events_of_any_age  # noqa: F401  (autouse here too)

DEMO_PASSWORD = "demo-password-for-tests"


@pytest.fixture
def demo(app, world, monkeypatch):
    """The demo ward built into w1 (code 22366) of the test world."""
    monkeypatch.setenv("DEMO_PASSWORD", DEMO_PASSWORD)
    seed_demo("22366", days=60, seed=6)
    return world.wards["w1"]
