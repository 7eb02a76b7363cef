"""The arithmetic of DESIGN.md §5 and the rollup sums it runs on, shared by metrics and targets."""
from sqlalchemy import func, select

from ..areas.models import ResidentialGroup, Ward
from ..extensions import db
from ..outreach.models import COUNT_FIELDS, KINDS
from .models import MEASURES, EventRollup

EFFECT_FIELDS = ("vneid_installs", "vneid_activations", "dvc_filings")


# ---- small arithmetic ------------------------------------------------------------------------

def share(part, whole):
    """100 × part / whole, unrounded, or None when there is no whole."""
    return 100 * part / whole if whole else None


def pct(part, whole):
    """100 × part / whole rounded to two decimals, or None when there is no whole."""
    return round(100 * part / whole, 2) if whole else None


def ratio(part, whole):
    return round(part / whole, 2) if whole else None


def zero_measures():
    return dict.fromkeys(MEASURES, 0)


def add_measures(into, other):
    for name in MEASURES:
        into[name] += other[name]
    return into


def totals(measures):
    """A totals object: events, hours and every count field summed."""
    return {"events": measures["events"], "hours": round(measures["duration_min"] / 60, 2),
            **{name: measures[name] for name in COUNT_FIELDS}}


def effectiveness(measures):
    """VNeID installs, activations and online filings per event and per hour."""
    hours = measures["duration_min"] / 60
    out = {}
    for name in EFFECT_FIELDS:
        out[f"{name}_per_event"] = ratio(measures[name], measures["events"])
        out[f"{name}_per_hour"] = ratio(measures[name], hours)
    return out


def coverage_pct(households_visited, households_total):
    """Coverage of one group: min(100, 100 × Σ households_visited / households_total)."""
    if not households_total:
        return None
    return round(min(100.0, 100 * households_visited / households_total), 2)


def weighted_coverage(pairs, rounded=True):
    """A ward's coverage: the households-weighted mean of its groups' coverage.

    `pairs` is [(households_visited, households_total)]; a group's weight × its coverage is
    min(visited, total), so the mean is Σ min(visited, total) / Σ total."""
    whole = sum(total for _, total in pairs)
    return (pct if rounded else share)(sum(min(visited, total) for visited, total in pairs), whole)


# ---- rollup queries ----------------------------------------------------------------------------

def sums_by(key, *where):
    """{key value: measures} over rollup rows matching `where`, grouped by `key`."""
    columns = [func.sum(getattr(EventRollup, name)) for name in MEASURES]
    query = select(key, *columns).where(*where).group_by(key)
    return {row[0]: dict(zip(MEASURES, (v or 0 for v in row[1:])))
            for row in db.session.execute(query)}


def sums_by_kind(*where):
    """({kind: measures} for every kind, and their Σ) over rollup rows matching `where`."""
    by_kind = {kind: zero_measures() for kind in KINDS}
    by_kind.update(sums_by(EventRollup.kind, *where))
    overall = zero_measures()
    for measures in by_kind.values():
        add_measures(overall, measures)
    return by_kind, overall


def ward_period(ward_id, start, end):
    return (EventRollup.ward_id == ward_id, EventRollup.local_date >= start,
            EventRollup.local_date < end)


def ward_sums(ward_id, start, end):
    """Every measure of a ward over [start, end)."""
    found = sums_by(EventRollup.ward_id, *ward_period(ward_id, start, end))
    return found.get(ward_id) or zero_measures()


def province_period(province_id, start, end):
    return (EventRollup.province_id == province_id, EventRollup.local_date >= start,
            EventRollup.local_date < end)


def ward_coverage(ward_id, start, end, rounded=True):
    groups = select(ResidentialGroup.id, ResidentialGroup.households_total).where(
        ResidentialGroup.ward_id == ward_id)
    return _coverage(ward_period(ward_id, start, end), groups, rounded)


def province_coverage(province_id, start, end, rounded=True):
    """Σ min(visited, households) / Σ households over every group of the province's wards."""
    groups = (select(ResidentialGroup.id, ResidentialGroup.households_total)
              .join(Ward, Ward.id == ResidentialGroup.ward_id)
              .where(Ward.province_id == province_id))
    return _coverage(province_period(province_id, start, end), groups, rounded)


def _coverage(where, groups, rounded):
    """The weighted coverage of the groups (id, households_total) selected by `groups`, from the
    rollup rows matching `where`."""
    visited = sums_by(EventRollup.group_key, *where, EventRollup.group_key != 0)
    return weighted_coverage([(visited.get(gid, {}).get("households_visited", 0), total)
                              for gid, total in db.session.execute(groups)], rounded)
