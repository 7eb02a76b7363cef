"""An officer's or volunteer's plan for a day, and the ward's plan versus what was done.

Which groups: the user's own area (the groups they are in charge of) when they have one, else the
ward's groups that need a visit; and the groups of their open tasks. Each item says why it is
there (`gap`: no event in metrics' GAP_DAYS; `low_coverage`: households visited over the last
COVERAGE_DAYS below LOW_COVERAGE_PCT of the group's households; `target`: a ward target that lags
the share of its period gone by, where this group adds less than its share; `task`; `assigned`).
The neediest PLAN_SIZE are kept (tasks always) and ordered into a route (route.py).
"""
from datetime import timedelta

from sqlalchemy import select

from ..areas.history import in_force_on
from ..areas.models import ResidentialGroup
from ..auth.models import User
from ..extensions import db
from ..metrics.figures import coverage_pct, period_sums, weighted_coverage
from ..metrics.models import COUNT_TARGETS, Target
from ..metrics.service import GAP_DAYS
from ..periods import iso_week, local_today, week_start
from . import service
from .route import order_stops

PLAN_SIZE = 10
COVERAGE_DAYS = 90
LOW_COVERAGE_PCT = 50
NEED_WEIGHT = {"task": 8, "gap": 4, "low_coverage": 2, "target": 1, "assigned": 0}


def plan_for(user, day, position=None):
    """{date, start, items, area, campaigns}: the user's plan for the local day `day`."""
    ward = user.ward
    groups = db.session.scalars(select(ResidentialGroup).where(
        ResidentialGroup.ward_id == ward.id, *in_force_on(day))).all()  # not those stopped
    needs, coverage = _needs(ward, groups, day)
    area = [g.id for g in groups if g.officer_id == user.id]
    items = _items(user, groups, needs, area)
    start = position or (ward.lat, ward.lon)
    order, legs = order_stops(start, [_where(it["group"]) for it in items])
    routed = []
    for rank, (index, leg) in enumerate(zip(order, legs), start=1):
        item = items[index]
        routed.append({**item, "order": rank, "distance_m": round(leg) if leg is not None else None,
                       "coverage_pct": coverage.get(item["group"].id)})
    return {"date": day, "start": {"lat": start[0], "lon": start[1],
                                   "source": "position" if position else "ward"},
            "items": routed, "area": area, "campaigns": service.list_campaigns(ward, day)}


def _where(group):
    return (group.lat, group.lon) if group.lat is not None and group.lon is not None else None


def _needs(ward, groups, day):
    """({group id: [reason]} of gap, low coverage and lagging targets, {group id: coverage %}),
    from the rollups' sums by group: one read per window (the coverage's, the gap's, each
    running target's period)."""
    visited = _sums_by_group(ward, day, day - timedelta(COVERAGE_DAYS - 1))
    coverage = {g.id: coverage_pct(visited.get(g.id, {}).get("households_visited", 0),
                                   g.households_total) for g in groups}
    stop = min(day, local_today())  # a day to come: the gap as it stands today
    active = _sums_by_group(ward, stop, stop - timedelta(GAP_DAYS - 1))
    needs = {g.id: [] for g in groups}
    for g in groups:
        if not active.get(g.id, {}).get("events"):
            needs[g.id].append("gap")
        if coverage[g.id] is not None and coverage[g.id] < LOW_COVERAGE_PCT:
            needs[g.id].append("low_coverage")
    targets = db.session.scalars(select(Target).where(
        Target.ward_id == ward.id, Target.period_from <= day, Target.period_to > day,
        Target.kind.in_((*COUNT_TARGETS, "coverage_pct")))).all()
    by_start = {}  # targets of one period (a month's) share their read
    for target in targets:
        if target.period_from not in by_start:
            by_start[target.period_from] = _sums_by_group(ward, day, target.period_from)
        for group_id in _behind(target, groups, day, by_start[target.period_from]):
            needs[group_id].append("target")
    return needs, coverage


def _sums_by_group(ward, day, first):
    """{group key: measures} over the local days first..day."""
    return period_sums("group_key", first, day + timedelta(1), ward_id=ward.id)


def _behind(target, groups, day, by_group):
    """Ids of the groups adding less than their share to the target, when it lags the share of
    its period gone by; none when it keeps pace."""
    start, end = target.period_from, target.period_to
    gone = min(1.0, ((day - start).days + 1) / (end - start).days)
    if target.kind == "coverage_pct":
        pairs = {g.id: (by_group.get(g.id, {}).get("households_visited", 0), g.households_total)
                 for g in groups}
        mine = {gid: coverage_pct(*pair) or 0 for gid, pair in pairs.items()}
        actual = weighted_coverage(pairs.values(), rounded=False) or 0
        share = target.value
    else:
        mine = {g.id: by_group.get(g.id, {}).get(target.kind, 0) for g in groups}
        actual = sum(measures[target.kind] for measures in by_group.values())
        share = target.value * gone / max(1, len(groups))
    if actual >= target.value * gone:
        return []
    return [gid for gid, value in mine.items() if value < share]


def _items(user, groups, needs, area):
    """The plan's items before routing: the neediest PLAN_SIZE, every open task's group kept."""
    by_id = {g.id: g for g in groups}
    chosen = {gid: {"group": by_id[gid], "reasons": ["assigned", *needs[gid]]} for gid in area}
    if not area:
        chosen = {gid: {"group": by_id[gid], "reasons": list(reasons)}
                  for gid, reasons in needs.items() if reasons}
    for row in service.list_tasks(user, user.ward, status="open"):
        task = row["task"]
        item = chosen.setdefault(task.group_id, {"group": task.group,
                                                 "reasons": list(needs.get(task.group_id, []))})
        if "task_id" not in item:
            item.update(reasons=["task", *item["reasons"]], task_id=task.id, task=task,
                        overdue=row["overdue"])
    ranked = sorted(chosen.values(), key=_need_rank)
    return [it for i, it in enumerate(ranked) if i < PLAN_SIZE or "task_id" in it]


def _need_rank(item):
    return (-sum(NEED_WEIGHT[r] for r in item["reasons"]), item["group"].code)


# ---- plan versus done ------------------------------------------------------------------------

def plan_versus_done(ward, start, end):
    """Per ISO week of [start, end) and per officer or volunteer of the ward: the groups planned
    (their area, and their tasks due that week) and how many of them they logged an event in."""
    users = db.session.scalars(select(User).where(
        User.ward_id == ward.id, User.role.in_(service.PLANNED_ROLES), User.active.is_(True))
        .order_by(User.full_name)).all()
    areas = {}
    for group_id, officer_id in db.session.execute(select(
            ResidentialGroup.id, ResidentialGroup.officer_id).where(
            ResidentialGroup.ward_id == ward.id, ResidentialGroup.officer_id.is_not(None))):
        areas.setdefault(officer_id, set()).add(group_id)
    weeks, monday = [], week_start(start)
    while monday < end and monday <= local_today():
        weeks.append(_week_rows(ward, users, areas, monday))
        monday += timedelta(days=7)
    return {"ward_id": ward.id, "from_": start, "to": end, "weeks": weeks}


def _week_rows(ward, users, areas, monday):
    visited = period_sums(("author_id", "group_key"), monday, monday + timedelta(7),
                          ward_id=ward.id)
    planned = {u.id: set(areas.get(u.id, ())) for u in users}
    tasks_done = {}
    for assignee_id, group_id, done in service.week_tasks(ward, monday):
        planned.setdefault(assignee_id, set()).add(group_id)
        tasks_done[(assignee_id, group_id)] = tasks_done.get((assignee_id, group_id)) or done
    rows = []
    for u in users:
        done = {gid for gid in planned[u.id]
                if (u.id, gid) in visited or tasks_done.get((u.id, gid))}
        rows.append({"user_id": u.id, "full_name": u.full_name, "role": u.role,
                     "planned": len(planned[u.id]), "done": len(done)})
    return {"week": iso_week(monday), "week_start": monday, "users": rows}
