"""An officer's or volunteer's plan for a day or a week, and the ward's plan versus what was done.

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
from ..metrics.figures import coverage_pct, period_sums, weighted_coverage, window_sums
from ..metrics.models import COUNT_TARGETS, Target
from ..metrics.service import GAP_DAYS
from ..periods import iso_week, local_today, week_start
from . import service
from .route import order_stops

PLAN_SIZE = 10
COVERAGE_DAYS = 90
LOW_COVERAGE_PCT = 50
NEED_WEIGHT = {"task": 8, "gap": 4, "low_coverage": 2, "target": 1, "assigned": 0}


def plan_for(user, day, position=None, days=1):
    """{date, start, items, days, area, campaigns}: the user's plan for the `days` local days from
    `day` (`items` is the first day's; `days` lists every day with its own route). The neediest
    PLAN_SIZE a day are kept and spread over the days, neediest first; a task goes to its due day
    (the first, when overdue). The first day starts from `position` when given, the others, like
    it otherwise, from the ward centre."""
    ward = user.ward
    groups = db.session.scalars(select(ResidentialGroup).where(
        ResidentialGroup.ward_id == ward.id, *in_force_on(day))).all()  # not those stopped
    needs, coverage = _needs(ward, groups, day)
    area = [g.id for g in groups if g.officer_id == user.id]
    schedule = _spread(_items(user, groups, needs, area, days), day, days)
    centre = (ward.lat, ward.lon)
    routed = [{"date": day + timedelta(offset), "items": _route(
        position if offset == 0 and position else centre, items, coverage)}
        for offset, items in enumerate(schedule)]
    start = position or centre
    return {"date": day, "start": {"lat": start[0], "lon": start[1],
                                   "source": "position" if position else "ward"},
            "items": routed[0]["items"], "days": routed, "area": area,
            "campaigns": service.list_campaigns(ward, day)}


def _route(start, items, coverage):
    """The day's items in route order from `start`, each with its rank, leg and coverage."""
    order, legs = order_stops(start, [_where(it["group"]) for it in items])
    return [{**items[index], "order": rank, "distance_m": round(leg) if leg is not None else None,
             "coverage_pct": coverage.get(items[index]["group"].id)}
            for rank, (index, leg) in enumerate(zip(order, legs), start=1)]


def _spread(items, day, days):
    """[[item] a day]: tasks on their due day (within the days), then the others by need onto
    the first day with room, each day holding its share (at most PLAN_SIZE)."""
    schedule = [[] for _ in range(days)]
    share = min(PLAN_SIZE, -(-len(items) // days))
    for item in items:
        if "task" in item:
            schedule[max(0, min(days - 1, (item["task"].due_on - day).days))].append(item)
    for item in items:
        if "task" not in item:
            roomy = [d for d in schedule if len(d) < share] or [min(schedule, key=len)]
            roomy[0].append(item)
    return schedule


def _where(group):
    return (group.lat, group.lon) if group.lat is not None and group.lon is not None else None


def _needs(ward, groups, day):
    """({group id: [reason]} of gap, low coverage and lagging targets, {group id: coverage %}),
    from the daily rollups' sums by group, read once for every window (the coverage's, the
    gap's, each running target's period)."""
    targets = db.session.scalars(select(Target).where(
        Target.ward_id == ward.id, Target.period_from <= day, Target.period_to > day,
        Target.kind.in_((*COUNT_TARGETS, "coverage_pct")))).all()
    stop, tomorrow = min(day, local_today()), day + timedelta(1)  # a day to come: today's gap
    sums = window_sums("group_key", {
        "coverage": (day - timedelta(COVERAGE_DAYS - 1), tomorrow, "households_visited"),
        "gap": (stop - timedelta(GAP_DAYS - 1), stop + timedelta(1), "events"),
        **{t.id: (t.period_from, tomorrow, _measure(t)) for t in targets}}, ward_id=ward.id)
    coverage = {g.id: coverage_pct(sums["coverage"].get(g.id, 0), g.households_total)
                for g in groups}
    needs = {g.id: [] for g in groups}
    for g in groups:
        if not sums["gap"].get(g.id):
            needs[g.id].append("gap")
        if coverage[g.id] is not None and coverage[g.id] < LOW_COVERAGE_PCT:
            needs[g.id].append("low_coverage")
    for target in targets:
        for group_id in _behind(target, groups, day, sums[target.id]):
            needs[group_id].append("target")
    return needs, coverage


def _measure(target):
    return "households_visited" if target.kind == "coverage_pct" else target.kind


def _behind(target, groups, day, by_group):
    """Ids of the groups adding less than their share to the target (`by_group`: {group key: Σ
    of its measure over the period so far}), when it lags the share of its period gone by; none
    when it keeps pace."""
    start, end = target.period_from, target.period_to
    gone = min(1.0, ((day - start).days + 1) / (end - start).days)
    if target.kind == "coverage_pct":
        pairs = {g.id: (by_group.get(g.id, 0), g.households_total) for g in groups}
        mine = {gid: coverage_pct(*pair) or 0 for gid, pair in pairs.items()}
        actual = weighted_coverage(pairs.values(), rounded=False) or 0
        share = target.value
    else:
        mine = {g.id: by_group.get(g.id, 0) for g in groups}
        actual = sum(by_group.values())
        share = target.value * gone / max(1, len(groups))
    if actual >= target.value * gone:
        return []
    return [gid for gid, value in mine.items() if value < share]


def _items(user, groups, needs, area, days):
    """The plan's items before routing: the neediest PLAN_SIZE a day, every open task's group
    kept."""
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
    return [it for i, it in enumerate(ranked) if i < PLAN_SIZE * days or "task_id" in it]


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
