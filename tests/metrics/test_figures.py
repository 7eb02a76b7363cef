"""The arithmetic of DESIGN.md §5 on its own: coverage, weighted coverage, rates, effectiveness."""
from datetime import date

import pytest

from server.metrics.figures import coverage_pct, effectiveness, pct, weighted_coverage
from server.periods import iso_week, months_between, next_month, previous_month


@pytest.mark.parametrize("visited,total,expected", [
    (50, 200, 25.0), (300, 200, 100.0), (1, 3, 33.33), (0, 200, 0.0), (5, 0, None)])
def test_group_coverage_is_capped_at_100(visited, total, expected):
    assert coverage_pct(visited, total) == expected


def test_ward_coverage_is_households_weighted_with_each_group_capped():
    # 300 visits in a 200-household group count as 200; (200 + 50 + 0) / (200 + 200 + 100).
    assert weighted_coverage([(300, 200), (50, 200), (0, 100)]) == 50.0
    assert weighted_coverage([]) is None


def test_rates_round_to_two_decimals_like_the_provincial_tables():
    assert pct(9240, 10000) == 92.4 and pct(2, 3) == 66.67 and pct(1, 0) is None


def test_effectiveness_per_event_and_per_hour():
    measures = {"events": 3, "duration_min": 200, "vneid_installs": 10, "vneid_activations": 7,
                "dvc_filings": 0}
    assert effectiveness(measures) == {
        "vneid_installs_per_event": 3.33, "vneid_installs_per_hour": 3.0,
        "vneid_activations_per_event": 2.33, "vneid_activations_per_hour": 2.1,
        "dvc_filings_per_event": 0.0, "dvc_filings_per_hour": 0.0}


def test_calendar_helpers():
    assert next_month(date(2025, 12, 31)) == date(2026, 1, 1)
    assert previous_month(date(2025, 1, 15)) == date(2024, 12, 1)
    assert months_between(date(2025, 1, 31), date(2025, 3, 1)) == [date(2025, 1, 1), date(2025, 2, 1)]
    assert iso_week(date(2024, 12, 30)) == "2025-W01"
