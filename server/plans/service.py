"""Who is in charge of a group, a commander's tasks and a ward's campaigns.

A task is done once its assignee logs a live event in its group (of its kind, when given) from
the day it was given to its due day, both included; an open task past its due day is overdue.
A campaign counts the events tagged with it; an event may carry a campaign of its own ward whose
dates hold the event's local day (the link below, checked by sync event by event).
"""
from datetime import timedelta

from sqlalchemy import and_, exists, func, or_, select

from ..areas.history import in_force_on
from ..areas.models import ResidentialGroup
from ..auth.models import User
from ..closures.service import closed_months, is_closed
from ..errors import Invalid
from ..extensions import db
from ..metrics.figures import pct
from ..outreach.counts import COUNT_FIELDS
from ..outreach.models import Event
from ..periods import local_today, month_start, next_month
from ..timeutil import local_date
from .models import Campaign, CampaignTarget, Task

PLANNED_ROLES = ("officer", "volunteer")  # who may be in charge of a group or given a task


# ---- the officer in charge of a group -------------------------------------------------------

def field_user_errors(user_id, ward_id):
    """The error code for putting user `user_id` on work of the ward, or None when they may."""
    user = db.session.get(User, user_id)
    if user is None or user.ward_id != ward_id:
        return "other_ward"
    if user.role not in PLANNED_ROLES:
        return "not_field_role"
    return None if user.active else "inactive"


def check_group_officer(group, changes):
    """Areas' group check: the officer in charge is an active officer or volunteer of its ward."""
    officer_id = changes.get("officer_id")
    code = field_user_errors(officer_id, group.ward_id) if officer_id is not None else None
    return {"officer_id": [code]} if code else {}


def assign_groups(ward, data):
    """Put one officer or volunteer (or nobody: None) in charge of several groups of the ward at
    once, the groups chosen on the map; all or none."""
    officer_id, ids = data["officer_id"], data["group_ids"]
    errors = {}
    code = field_user_errors(officer_id, ward.id) if officer_id is not None else None
    if code:
        errors["officer_id"] = [code]
    groups = {g.id: g for g in db.session.scalars(select(ResidentialGroup).where(
        ResidentialGroup.id.in_(ids), ResidentialGroup.ward_id == ward.id,
        *in_force_on(local_today())))}
    unknown = {str(i): ["other_ward_or_stopped"] for i, gid in enumerate(ids) if gid not in groups}
    if unknown:
        errors["group_ids"] = unknown
    if errors:
        raise Invalid("Không thể giao các tổ (assignment refused).", errors)
    for group in groups.values():
        group.officer_id = officer_id
    db.session.commit()
    return sorted(groups.values(), key=lambda g: g.code)


# ---- tasks ----------------------------------------------------------------------------------

def task_done():
    """An SQL condition: a live event of the assignee matches the task (correlated to Task)."""
    return exists().where(
        Event.author_id == Task.assignee_id, Event.group_id == Task.group_id,
        Event.deleted.is_(False), Event.local_date >= Task.starts_on,
        Event.local_date <= Task.due_on, or_(Task.kind.is_(None), Event.kind == Task.kind))


def create_task(user, ward, data):
    """A task for an officer or volunteer of the ward, in one of its groups, due today or later."""
    errors = {}
    group = db.session.get(ResidentialGroup, data["group_id"])
    if group is None or group.ward_id != ward.id:
        errors["group_id"] = ["other_ward"]
    elif group.valid_to is not None and group.valid_to <= data["due_on"]:
        errors["group_id"] = ["group_stopped"]  # it will have stopped by the day the task is due
    code = field_user_errors(data["assignee_id"], ward.id)
    if code:
        errors["assignee_id"] = [code]
    if data["due_on"] < local_today():
        errors["due_on"] = ["in_past"]
    if errors:
        raise Invalid("Không thể giao việc (task refused).", errors)
    task = Task(ward_id=ward.id, created_by_id=user.id, starts_on=local_today(), **data)
    db.session.add(task)
    db.session.commit()
    return task_row(task, False)


def list_tasks(user, ward, status=None, assignee_id=None):
    """The ward's tasks (a field user's own only), due day first, each with its status."""
    done = task_done()
    query = select(Task, done).where(Task.ward_id == ward.id)
    if user.role in PLANNED_ROLES:
        assignee_id = user.id
    if assignee_id is not None:
        query = query.where(Task.assignee_id == assignee_id)
    if status is not None:
        query = query.where(done if status == "done" else ~done)
    rows = db.session.execute(query.order_by(Task.due_on, Task.id)).all()
    return [task_row(task, is_done) for task, is_done in rows]


def task_row(task, done):
    return {"task": task, "status": "done" if done else "open",
            "overdue": not done and task.due_on < local_today()}


# ---- campaigns ------------------------------------------------------------------------------

def create_campaign(user, ward, data):
    """A campaign over [from, to] (local days, both included) with its targets."""
    start, end = data["from_"], data["to"]
    if end < start:
        raise Invalid("Ngày kết thúc trước ngày bắt đầu (end before start).", {"to": ["before_start"]})
    closed = closed_months({ward.id})
    month = month_start(start)
    while month <= end:
        if is_closed(closed, ward.id, month):
            raise Invalid("Đợt trùng tháng đã chốt số liệu (overlaps a closed month).",
                          {"from": ["month_closed"]})
        month = next_month(month)
    campaign = Campaign(ward_id=ward.id, name=data["name"], starts_on=start, ends_on=end,
                        created_by_id=user.id,
                        targets=[CampaignTarget(kind=k, value=v) for k, v in data["targets"].items()])
    db.session.add(campaign)
    db.session.commit()
    return campaign_progress(campaign)


def list_campaigns(ward, day=None):
    """The ward's campaigns, newest first; only those running on `day` when given."""
    query = select(Campaign).where(Campaign.ward_id == ward.id)
    if day is not None:
        query = query.where(Campaign.starts_on <= day, Campaign.ends_on >= day)
    return db.session.scalars(query.order_by(Campaign.starts_on.desc(), Campaign.id.desc())).all()


def campaigns_of_period(ward, start, end):
    """The progress (`campaign_progress`) of the ward's campaigns running in [start, end) or
    overlapping it, the earliest first."""
    return [campaign_progress(c) for c in db.session.scalars(
        select(Campaign).where(Campaign.ward_id == ward.id, Campaign.starts_on < end,
                               Campaign.ends_on >= start)
        .order_by(Campaign.starts_on, Campaign.id))]


def campaign_progress(campaign):
    """The campaign with each target's actual and percentage, and each person's figures."""
    people = _campaign_sums(campaign.id)
    totals = {name: sum(row[name] for row in people) for name in ("events", *COUNT_FIELDS)}
    return {
        "campaign": campaign,
        "running": campaign.starts_on <= local_today() <= campaign.ends_on,
        "targets": [{"kind": t.kind, "value": t.value, "actual": totals[t.kind],
                     "progress_pct": pct(totals[t.kind], t.value)} for t in campaign.targets],
        "people": people,
    }


def _campaign_sums(campaign_id):
    """[{user_id, full_name, events, ...counts}] of the live events tagged with the campaign."""
    query = (select(User.id, User.full_name, func.count(Event.id),
                    *[func.sum(getattr(Event, name)) for name in COUNT_FIELDS])
             .join(User, User.id == Event.author_id)
             .where(Event.campaign_id == campaign_id, Event.deleted.is_(False))
             .group_by(User.id, User.full_name))
    rows = [{"user_id": uid, "full_name": name, "events": count,
             **{f: int(v or 0) for f, v in zip(COUNT_FIELDS, sums)}}
            for uid, name, count, *sums in db.session.execute(query)]
    return sorted(rows, key=lambda r: (-r["events"], r["full_name"]))


def load_campaigns(ids):
    return {c.id: c for c in db.session.scalars(select(Campaign).where(Campaign.id.in_(ids)))}


def refuse_campaign(user, campaign, data):
    """The link's rule: the campaign is the author's ward's and its dates hold the event's day."""
    if campaign.ward_id != user.ward_id:
        return "other_ward"
    day = local_date(data["occurred_at"])
    return None if campaign.starts_on <= day <= campaign.ends_on else "outside_campaign"


# ---- plan versus done ------------------------------------------------------------------------

def week_tasks(ward, monday):
    """(assignee_id, group_id, done) of the ward's tasks due in the week starting `monday`."""
    return db.session.execute(
        select(Task.assignee_id, Task.group_id, task_done())
        .where(Task.ward_id == ward.id, and_(Task.due_on >= monday,
                                             Task.due_on < monday + timedelta(days=7)))).all()
