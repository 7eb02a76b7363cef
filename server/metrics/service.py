"""A ward's metrics, read from rollups and filing statistics only (the province's: province.py).

Definitions are DESIGN.md §5: periods are half-open local days, deleted events never count,
percentages are rounded to two decimals.
"""
from datetime import timedelta

from sqlalchemy import select

from ..areas.models import ResidentialGroup
from ..auth.models import User
from ..extensions import db
from ..outreach.models import Event
from ..periods import iso_week, local_today, months_between, week_start
from ..roles import FIELD_ROLES
from ..timeutil import LOCAL_TZ, as_utc, local_midnight_utc
from . import eid, outcomes
from .figures import (add_measures, coverage_pct, effectiveness, kinds_and_total, marginal,
                      period_sums, totals, weighted_coverage, zero_measures)

GAP_DAYS = 30


# ---- the ward's metrics -----------------------------------------------------------------------

def ward_metrics(ward, start, end):
    """Everything a commander's dashboard shows for [start, end), from rollups only: one read of
    the sums by (kind, group, author), added up by each."""
    cube = period_sums(("kind", "group_key", "author_id"), start, end, ward_id=ward.id)
    by_kind, overall = kinds_and_total(marginal(cube, 0))
    by_group = marginal(cube, 1)
    groups = _group_rows(ward, start, end, by_group)
    return {
        "ward_id": ward.id, "from_": start, "to": end,
        "totals": {**totals(overall), "effectiveness": effectiveness(overall)},
        "by_kind": {k: {**totals(m), "effectiveness": effectiveness(m)} for k, m in by_kind.items()},
        "ward_wide": totals(by_group.get(0) or zero_measures()),
        "groups": groups,
        "users": _user_rows(ward, marginal(cube, 2)),
        "weekly": _weekly(start, end, period_sums("local_date", start, end, ward_id=ward.id)),
        "coverage_pct": weighted_coverage([(g["households_visited"], g["households_total"])
                                           for g in groups]),
        "households_total": sum(g["households_total"] for g in groups),
        "gaps": sum(1 for g in groups if g["gap"]),
        "filing": outcomes.filing_months(ward, months_between(start, end)),
        "eid": eid.eid_months(ward, months_between(start, end)),
        "targets": outcomes.list_targets(ward, start, end),
    }


def _effective_end(end):
    """The period's end, or tomorrow when the period runs into the future."""
    return min(end, local_today() + timedelta(days=1))


def active_group_ids(end, **scope):
    """Ids of the groups (of the rollup rows in `scope`: ward_id= or province_id=) with an event in
    the last GAP_DAYS days of a period ending at `end` (or at today, for a period running into the
    future): every other group is a gap."""
    stop = _effective_end(end)
    recent = period_sums("group_key", stop - timedelta(GAP_DAYS), stop, **scope)
    return {group_id for group_id, measures in recent.items()
            if group_id and measures["events"] > 0}


def _group_rows(ward, start, end, by_group):
    """Every group of the ward with its totals, coverage, gap flag and last event."""
    stop = _effective_end(end)
    active = active_group_ids(end, ward_id=ward.id)
    rows = []
    for group, last_at in _groups_with_last_event(ward.id, local_midnight_utc(stop)):
        measures = by_group.get(group.id) or zero_measures()
        last_local = as_utc(last_at).astimezone(LOCAL_TZ) if last_at else None
        rows.append({
            "group_id": group.id, "code": group.code, "name": group.name,
            "households_total": group.households_total,
            "coverage_pct": coverage_pct(measures["households_visited"], group.households_total),
            "gap": group.id not in active,
            "last_event_at": last_local.isoformat() if last_local else None,
            "days_since_last": ((stop - timedelta(days=1)) - last_local.date()).days if last_local else None,
            **totals(measures),
        })
    return rows


def _groups_with_last_event(ward_id, before_utc):
    """(group, occurred_at of its latest live event before `before_utc`), one index probe each."""
    last = (select(Event.occurred_at)
            .where(Event.group_id == ResidentialGroup.id, Event.occurred_at < before_utc,
                   Event.deleted.is_(False))
            .order_by(Event.occurred_at.desc()).limit(1)
            .correlate(ResidentialGroup).scalar_subquery())
    return db.session.execute(select(ResidentialGroup, last)
                              .where(ResidentialGroup.ward_id == ward_id)
                              .order_by(ResidentialGroup.code)).all()


def _user_rows(ward, by_author):
    """The ward's field users (and anyone else who logged events here), busiest first."""
    query = select(User).where((User.id.in_(by_author)) | (
        (User.ward_id == ward.id) & User.role.in_(FIELD_ROLES) & User.active.is_(True)))
    rows = []
    for user in db.session.scalars(query):
        measures = by_author.get(user.id) or zero_measures()
        rows.append({"user_id": user.id, "full_name": user.full_name, "role": user.role,
                     **totals(measures), "effectiveness": effectiveness(measures)})
    rows.sort(key=lambda r: (-r["events"], r["full_name"], r["user_id"]))
    return rows


def _weekly(start, end, by_day):
    """The same totals per ISO week (Monday to Sunday, local days) across the period, up to the
    current week (marked ongoing) when the period runs into the future: no week yet to come."""
    stop, today = _effective_end(end), local_today()
    weeks, monday = [], week_start(start)
    while monday < stop:
        measures = zero_measures()
        for offset in range(7):
            day = monday + timedelta(days=offset)
            if start <= day < end and day in by_day:
                add_measures(measures, by_day[day])
        weeks.append({"week": iso_week(monday), "week_start": monday,
                      "ongoing": monday + timedelta(days=7) > today, **totals(measures)})
        monday += timedelta(days=7)
    return weeks
