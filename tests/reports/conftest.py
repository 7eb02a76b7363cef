"""Fixtures of the report tests: old events allowed (as in the metrics tests) and the demo ward."""
from tests.metrics.conftest import demo, events_of_any_age  # noqa: F401  (the metrics tests' fixtures; the second autouse here too)
