"""The arithmetic of DESIGN.md §5 and the rollup sums it runs on, shared by metrics and targets."""
from datetime import timedelta

from sqlalchemy import BigInteger, case, cast, func, select, union_all

from ..areas.history import in_force_on, merged_into
from ..areas.models import ResidentialGroup, Ward
from ..extensions import db
from ..outreach.models import COUNT_FIELDS, KINDS
from ..periods import split_period
from .models import MEASURES, EventMonthRollup, EventRollup, WardDayRollup

EFFECT_FIELDS = ("vneid_installs", "vneid_activations", "dvc_filings")
# What a grouping or scope may name and still be read from the ward-day totals.
WARD_DAY_COLUMNS = {"ward_id", "province_id", "local_date"}


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

def period_sums(keys, start, end, **scope):
    """{key: measures} over the rollup rows of [start, end) whose columns equal `scope` (ward_id=,
    province_id=), grouped by the column(s) named in `keys` (a name, or a tuple of names for
    tuple keys). The whole months inside the period are read from the monthly rollups and only
    the partial edges from the daily ones; grouping by `local_date` reads daily rows only (the
    ward-day totals when no group, kind or author is asked for)."""
    names = (keys,) if isinstance(keys, str) else keys
    days, months = split_period(start, end)
    if "local_date" in names:
        days, months = [(start, end)], None
    daily = WardDayRollup if {*names, *scope} <= WARD_DAY_COLUMNS else EventRollup
    parts = [_part(daily, daily.local_date, names, scope, a, b) for a, b in days]
    if months:
        parts.append(_part(EventMonthRollup, EventMonthRollup.month, names, scope, *months))
    rows = (union_all(*parts) if len(parts) > 1 else parts[0]).subquery()
    # A sum of sums is NUMERIC on PostgreSQL: cast back to integers.
    query = (select(*[rows.c[n] for n in names],
                    *[cast(func.sum(rows.c[m]), BigInteger) for m in MEASURES])
             .group_by(*[rows.c[n] for n in names]))
    width = len(names)
    return {(row[0] if width == 1 else tuple(row[:width])):
            dict(zip(MEASURES, (v or 0 for v in row[width:])))
            for row in db.session.execute(query)}


def window_sums(key, windows, **scope):
    """{window name: {key: Σ}} in ONE read of the daily rollup rows matching `scope`, for several
    windows ({name: (start, end, measure)}, local days, end excluded) of the same rows: what a
    plan asks (a gap's month, coverage's quarter, each target's period) without a read each."""
    columns = [cast(func.sum(case((EventRollup.local_date.between(start, end - timedelta(1)),
                                   getattr(EventRollup, measure)), else_=0)), BigInteger)
               for start, end, measure in windows.values()]
    query = (select(getattr(EventRollup, key), *columns)
             .where(*[getattr(EventRollup, c) == v for c, v in scope.items()],
                    EventRollup.local_date >= min(w[0] for w in windows.values()),
                    EventRollup.local_date < max(w[1] for w in windows.values()))
             .group_by(getattr(EventRollup, key)))
    out = {name: {} for name in windows}
    for row_key, *values in db.session.execute(query):
        for name, value in zip(windows, values):
            out[name][row_key] = value or 0
    return out


def _part(model, day, names, scope, start, end):
    """Σ of every measure of `model`'s rows in [start, end) matching `scope`, by `names`."""
    keys = [getattr(model, n) for n in names]
    return (select(*[k.label(n) for k, n in zip(keys, names)],
                   *[func.sum(getattr(model, m)).label(m) for m in MEASURES])
            .where(*[getattr(model, c) == v for c, v in scope.items()], day >= start, day < end)
            .group_by(*keys))


def marginal(sums, position):
    """{key part: measures} summed from `period_sums` by a tuple key, at its `position`."""
    rows = {}
    for key, measures in sums.items():
        rows.setdefault(key[position], []).append(measures.values())
    return {part: dict(zip(MEASURES, map(sum, zip(*values)))) for part, values in rows.items()}


def sums_by_kind(start, end, **scope):
    """({kind: measures} for every kind, and their Σ) over the rollups of [start, end) in `scope`."""
    return kinds_and_total(period_sums("kind", start, end, **scope))


def kinds_and_total(found):
    """({kind: measures} for every kind, from `found` by kind, and their Σ)."""
    by_kind = {kind: zero_measures() for kind in KINDS}
    by_kind.update(found)
    overall = zero_measures()
    for measures in by_kind.values():
        add_measures(overall, measures)
    return by_kind, overall


def ward_sums(ward_id, start, end):
    """Every measure of a ward over [start, end)."""
    found = period_sums("ward_id", start, end, ward_id=ward_id)
    return found.get(ward_id) or zero_measures()


def ward_coverage(ward_id, start, end, rounded=True):
    groups = select(ResidentialGroup.id, ResidentialGroup.households_total).where(
        ResidentialGroup.ward_id == ward_id, *in_force_on(end - timedelta(days=1)))
    visited = visited_by_group(period_sums("group_key", start, end, ward_id=ward_id), [ward_id])
    return _coverage(visited, groups, rounded)


def province_coverage(province_id, start, end, rounded=True):
    """Σ min(visited, households) / Σ households over the groups of the province's wards in
    force on the period's last day."""
    groups = (select(ResidentialGroup.id, ResidentialGroup.households_total)
              .join(Ward, Ward.id == ResidentialGroup.ward_id)
              .where(Ward.province_id == province_id, *in_force_on(end - timedelta(days=1))))
    visited = visited_by_group(period_sums("group_key", start, end, province_id=province_id),
                               select(Ward.id).where(Ward.province_id == province_id))
    return _coverage(visited, groups, rounded)


def visited_by_group(sums, ward_ids):
    """{group id: households visited} from rollup sums by group key, a merged group carrying
    the groups merged into it (DESIGN.md §8)."""
    visited = {gid: m["households_visited"] for gid, m in sums.items()}
    for gid, earlier in merged_into(ward_ids).items():
        visited[gid] = visited.get(gid, 0) + sum(visited.get(e, 0) for e in earlier)
    return visited


def _coverage(visited, groups, rounded):
    """The weighted coverage of the groups (id, households_total) selected by `groups`, from
    the households visited by group id `visited`."""
    return weighted_coverage([(visited.get(gid, 0), total)
                              for gid, total in db.session.execute(groups)], rounded)
