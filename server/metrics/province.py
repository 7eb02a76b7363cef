"""A province's figures, for its ranking and its report: every ward's outreach (with coverage and
gaps) and filing over a period, and the one order wards are ranked in.

Read from rollups and filing statistics only, with the definitions of the ward's metrics
(DESIGN.md §5).
"""
from sqlalchemy import select

from ..areas.models import ResidentialGroup, Ward
from ..extensions import db
from ..periods import months_between, next_month
from . import outcomes
from .figures import period_sums, province_coverage, sums_by_kind, totals, weighted_coverage
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
    households = _households(province_id, visited)
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


def _households(province_id, visited):
    """{ward id: [(households visited, households) of each group]}, every ward of the province."""
    found = {}
    for ward_id, group_id, total in db.session.execute(
            select(Ward.id, ResidentialGroup.id, ResidentialGroup.households_total)
            .outerjoin(ResidentialGroup, ResidentialGroup.ward_id == Ward.id)
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
    out = {}
    for ward_id, group_id in db.session.execute(
            select(ResidentialGroup.ward_id, ResidentialGroup.id)
            .join(Ward, Ward.id == ResidentialGroup.ward_id).where(Ward.province_id == province_id)):
        gap, count = out.get(ward_id, (0, 0))
        out[ward_id] = (gap + (group_id not in active), count + 1)
    return out


# ---- filing, ranked ------------------------------------------------------------------------------

def filing_ranking(province_id, start, end):
    """Every ward of the province with its filing over the months of [start, end), ranked, the
    province's own line (Σ of the wards that reported) and the number of months."""
    months = months_between(start, end)
    filing = outcomes.province_filing(province_id, months)
    rows = [{"ward_id": w.id, "ward_code": w.code, "ward_name": w.name,
             **filing.get(w.id, outcomes.empty_filing())} for w in province_wards(province_id)]
    rank_wards(rows)
    return {"rows": rows, "months": len(months),
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


def province_ranking(province_id, month):
    """The province's wards by online-filing rate for `month`, best first, with their outreach."""
    ranked = filing_ranking(province_id, month, next_month(month))
    outreach = province_outreach(province_id, month, next_month(month))
    rows = [{**row, **outreach[row["ward_id"]]} for row in ranked["rows"]]
    return {"province_id": province_id, "month": month, "rows": rows,
            "province": ranked["province"]}
