"""Monthly and ward-day rollups move with the daily ones in every event write and equal their sums
by month and by ward and day (and a rebuild); figures over any period, read from whole months and
partial-edge days, equal the sums of the daily rollups alone."""
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from server.extensions import db
from server.metrics.figures import period_sums
from server.metrics.models import MEASURES, EventMonthRollup, WardDayRollup
from server.metrics.rollups import rebuild_rollups
from server.metrics.service import ward_metrics
from server.outreach.models import KINDS
from server.periods import local_today, split_period
from tests.metrics.helpers import rollup_rows, rows_from_events
from tests.metrics.test_rollups import Write, _counts, send_writes

# Writes spread over seven months, so that periods have whole months and partial edges.
_write = st.builds(
    Write, author=st.sampled_from(["officer-w1", "commander-w1", "volunteer-w1", "officer-w2"]),
    target=st.none() | st.integers(0, 50), group=st.integers(0, 2),
    minutes_ago=st.integers(60, 210 * 24 * 60), kind=st.sampled_from(KINDS), counts=_counts,
    delete=st.booleans())
_batches = st.lists(st.lists(_write, min_size=1, max_size=6), min_size=1, max_size=5)
# A period: (days before today it starts, days it lasts).
_periods = st.lists(st.tuples(st.integers(0, 230), st.integers(1, 366)), min_size=2, max_size=4)
# The groupings the readers ask for (ward metrics, coverage, ranking, province totals).
GROUPINGS = (("kind", "group_key", "author_id"), "group_key", "kind", "ward_id",
             ("ward_id", "group_key"), "local_date")
POSITION = {"ward_id": 0, "local_date": 1, "group_key": 2, "kind": 3, "author_id": 4}


def _counting(rows):
    return {key: values for key, values in rows.items() if any(values.values())}


def month_rows():
    """{(ward, month, group_key, kind, author): measures} of monthly rows that count something."""
    db.session.expire_all()
    return _counting({(r.ward_id, r.month, r.group_key, r.kind, r.author_id):
                      {m: getattr(r, m) for m in MEASURES}
                      for r in db.session.scalars(select(EventMonthRollup))})


def ward_day_rows():
    """{(ward, day): measures} of ward-day rows that count something."""
    db.session.expire_all()
    return _counting({(r.ward_id, r.local_date): {m: getattr(r, m) for m in MEASURES}
                      for r in db.session.scalars(select(WardDayRollup))})


def _summed(rows, key_of):
    """`rows` ({key: measures}) added up by `key_of(key)`, rows that count nothing left out."""
    found = {}
    for key, values in rows.items():
        into = found.setdefault(key_of(key), dict.fromkeys(MEASURES, 0))
        for name in MEASURES:
            into[name] += values[name]
    return _counting(found)


def _by_month(daily):
    return _summed(daily, lambda k: (k[0], k[1].replace(day=1), *k[2:]))


def _daily_only(daily, keys, start, end, wards):
    """The sums the readers got when they read the daily rollups alone."""
    names = (keys,) if isinstance(keys, str) else keys
    inside = {k: v for k, v in daily.items() if k[0] in wards and start <= k[1] < end}
    return _summed(inside, lambda k: k[POSITION[names[0]]] if len(names) == 1
                   else tuple(k[POSITION[n]] for n in names))


@settings(max_examples=20, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(batches=_batches, periods=_periods)
def test_monthly_rollups_and_period_figures_after_any_writes(app, world, batches, periods):
    send_writes(app, world, batches)
    daily = rollup_rows()
    assert daily == rows_from_events()
    assert month_rows() == _by_month(daily)
    assert ward_day_rows() == _summed(daily, lambda k: k[:2])
    w1, w2 = world.wards["w1"], world.wards["w2"]
    for before, days in periods:
        start = local_today() - timedelta(days=before)
        end = start + timedelta(days=days)
        for keys in GROUPINGS:
            found = period_sums(keys, start, end, ward_id=w1.id)
            assert _counting(found) == _daily_only(daily, keys, start, end, {w1.id})
            assert all(type(v) is int for m in found.values() for v in m.values())
            assert _counting(period_sums(keys, start, end, province_id=w1.province_id)) == \
                _daily_only(daily, keys, start, end, {w1.id, w2.id})
        assert ward_metrics(w1, start, end)["totals"]["events"] == sum(
            v["events"] for k, v in daily.items() if k[0] == w1.id and start <= k[1] < end)
    rebuild_rollups()
    assert month_rows() == _by_month(rows_from_events())
    assert ward_day_rows() == _summed(rows_from_events(), lambda k: k[:2])


def test_a_period_splits_into_whole_months_and_edge_days():
    assert split_period(date(2025, 1, 15), date(2026, 1, 10)) == (
        [(date(2025, 1, 15), date(2025, 2, 1)), (date(2026, 1, 1), date(2026, 1, 10))],
        (date(2025, 2, 1), date(2026, 1, 1)))
    assert split_period(date(2025, 3, 1), date(2025, 5, 1)) == ([], (date(2025, 3, 1),
                                                                      date(2025, 5, 1)))
    assert split_period(date(2025, 3, 2), date(2025, 3, 30)) == (
        [(date(2025, 3, 2), date(2025, 3, 30))], None)
    assert split_period(date(2025, 3, 2), date(2025, 4, 30)) == (
        [(date(2025, 3, 2), date(2025, 4, 30))], None)
