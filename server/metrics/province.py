"""A province's figures, for its ranking and its report: every ward's outreach (with coverage and
gaps) and filing over a period, and the one order wards are ranked in.

Read from rollups and filing statistics only, with the definitions of the ward's metrics
(DESIGN.md §5).
"""
from datetime import timedelta

from sqlalchemy import and_, select

from ..areas.history import in_force_on, merged_into
from ..areas.models import ResidentialGroup, Ward
from ..extensions import db
from ..periods import months_between, next_month
from . import outcomes
from .eid import province_eid
from .figures import (period_sums, province_coverage, sums_by_kind, totals, visited_by_group,
                      weighted_coverage)
from .rate_targets import judged, province_ward_targets
from .service import active_group_ids

# The rollup sums of a ward's line in the ranking and in the province report.
OUTREACH_SUMS = ("events", "duration_min", "households_visited", "vneid_installs",
                 "vneid_activations", "dvc_filings")


def province_wards(province_id):
    """The province's wards, by code."""
    return db.session.scalars(select(Ward).where(Ward.province_id == province_id)
                              .order_by(Ward.code)).all()


def province_totals(province_id, start, end):
    """The whole province over [start, end): totals, totals by kind, households-weighted coverage."""
    by_kind, overall = sums_by_kind(start, end, province_id=province_id)
    return {"totals": totals(overall), "by_kind": {k: totals(m) for k, m in by_kind.items()},
            "coverage_pct": province_coverage(province_id, start, end)}


def province_outreach(province_id, start, end):
    """{ward id: outreach figures of [start, end)} for every ward of the province."""
    sums, visited = _ward_sums(province_id, start, end)
    visited = visited_by_group({gid: {"households_visited": n} for gid, n in visited.items()},
                               select(Ward.id).where(Ward.province_id == province_id))
    households = _households(province_id, visited, end - timedelta(days=1))
    return {ward_id: _outreach(sums.get(ward_id) or dict.fromkeys(OUTREACH_SUMS, 0),
                               households.get(ward_id, []))
            for ward_id in set(sums) | set(households)}


def _ward_sums(province_id, start, end):
    """({ward id: OUTREACH_SUMS}, {group id: households visited}) from the province's rollups."""
    found = period_sums(("ward_id", "group_key"), start, end, province_id=province_id)
    sums, visited = {}, {}
    for (ward_id, group_key), measures in found.items():
        ward = sums.setdefault(ward_id, dict.fromkeys(OUTREACH_SUMS, 0))
        for name in OUTREACH_SUMS:
            ward[name] += measures[name]
        if group_key:
            visited[group_key] = measures["households_visited"]
    return sums, visited


def _households(province_id, visited, day):
    """{ward id: [(households visited, households) of each group in force on `day`]}, every
    ward of the province."""
    found = {}
    for ward_id, group_id, total in db.session.execute(
            select(Ward.id, ResidentialGroup.id, ResidentialGroup.households_total)
            .outerjoin(ResidentialGroup, and_(ResidentialGroup.ward_id == Ward.id,
                                              *in_force_on(day)))
            .where(Ward.province_id == province_id)):
        pairs = found.setdefault(ward_id, [])
        if group_id is not None:
            pairs.append((visited.get(group_id, 0), total))
    return found


def _outreach(sums, pairs):
    whole = sum(total for _, total in pairs)
    return {
        "events": sums["events"], "hours": round(sums["duration_min"] / 60, 2),
        "vneid_installs": sums["vneid_installs"], "vneid_activations": sums["vneid_activations"],
        "dvc_filings": sums["dvc_filings"], "households_visited": sums["households_visited"],
        "households_total": whole, "coverage_pct": weighted_coverage(pairs),
        "activations_per_1000_households": (round(1000 * sums["vneid_activations"] / whole, 2)
                                            if whole else None),
    }


def province_gaps(province_id, end):
    """{ward id: (gap groups, groups)}: groups with no event in the last days of a period ending
    at `end`, the ward's metrics' definition of a gap."""
    active = active_group_ids(end, province_id=province_id)
    wards = select(Ward.id).where(Ward.province_id == province_id)
    active |= {gid for gid, earlier in merged_into(wards).items() if active.intersection(earlier)}
    out = {}
    for ward_id, group_id in db.session.execute(
            select(ResidentialGroup.ward_id, ResidentialGroup.id)
            .join(Ward, Ward.id == ResidentialGroup.ward_id)
            .where(Ward.province_id == province_id, *in_force_on(end - timedelta(days=1)))):
        gap, count = out.get(ward_id, (0, 0))
        out[ward_id] = (gap + (group_id not in active), count + 1)
    return out


# ---- filing, ranked ------------------------------------------------------------------------------

def filing_ranking(province_id, start, end, service_group=None):
    """Every ward of the province with its filing over the months of [start, end) (of one service
    group, or all), ranked, the province's own line (Σ of the wards that reported) and the
    number of months."""
    months = months_between(start, end)
    filing = outcomes.province_filing(province_id, months, service_group)
    return _ranked(province_wards(province_id), filing, len(months))


def filing_rankings(province_id, start, end):
    """{None: `filing_ranking` of every service group together, group: of that group alone} for
    the groups with figures in [start, end), from one read of the filing statistics; each row
    against the target that applies in the period's first month."""
    months = months_between(start, end)
    wards = province_wards(province_id)
    own, defaults = province_ward_targets(province_id, months[0])
    rankings = {group: _ranked(wards, filing, len(months))
                for group, filing in outcomes.province_filing_by_group(province_id, months).items()}
    for group, ranked in rankings.items():
        for row in ranked["rows"]:
            row.update(judged(row["rate_pct"], own.get(row["ward_id"], defaults)[group or "overall"]))
    return rankings


def _ranked(wards, filing, months):
    rows = [{"ward_id": w.id, "ward_code": w.code, "ward_name": w.name,
             **filing.get(w.id, outcomes.empty_filing())} for w in wards]
    rank_wards(rows)
    return {"rows": rows, "months": months,
            "province": outcomes.summarise([r for r in rows if r["total"] is not None])}


def rank_wards(rows):
    """Order by rate, best first; equal rates share a rank; wards with no rate come last."""
    rank_by_rate(rows, "ward_code")


def rank_by_rate(rows, tie):
    """Order rows by `rate_pct`, best first, then by `tie`; equal rates share a rank; rows with no
    rate come last, with no rank."""
    rows.sort(key=lambda r: (r["rate_pct"] is None, -(r["rate_pct"] or 0), r[tie]))
    previous, rank = None, 0
    for position, row in enumerate(rows, start=1):
        if row["rate_pct"] is None:
            row["rank"] = None
            continue
        if row["rate_pct"] != previous:
            rank, previous = position, row["rate_pct"]
        row["rank"] = rank


def province_ranking(province_id, month, service_group=None):
    """The province's wards by online-filing rate for `month` (of one service group, or all),
    best first, each against the target that applies, with their level-2 e-ID coverage and their
    outreach beside it."""
    ranked = filing_ranking(province_id, month, next_month(month), service_group)
    outreach = province_outreach(province_id, month, next_month(month))
    own, defaults = province_ward_targets(province_id, month)
    eid = province_eid(province_id, month)
    group = service_group or "overall"
    rows = [{**row, **outreach[row["ward_id"]],
             **judged(row["rate_pct"], own.get(row["ward_id"], defaults)[group]),
             **_eid_figures(eid.get(row["ward_id"]))} for row in ranked["rows"]]
    return {"province_id": province_id, "month": month, "service_group": service_group,
            "rows": rows, "province": ranked["province"]}


def _eid_figures(found):
    """A ranking row's level-2 e-ID columns (null where the month has none)."""
    found = found or {}
    return {"eid_eligible": found.get("eligible"), "eid_activated": found.get("activated"),
            "eid_coverage_pct": found.get("coverage_pct")}
