"""What the metrics read of the groups' history (DESIGN.md §8): which groups a period shows,
which stopped groups a merged one carries, and the names groups had on a day."""
from datetime import timedelta

from sqlalchemy import or_, select

from ..extensions import db
from .models import GroupLink, GroupName, ResidentialGroup


def in_force_on(day):
    """SQL conditions: the group is in force on the local day `day`."""
    return (or_(ResidentialGroup.valid_from.is_(None), ResidentialGroup.valid_from <= day),
            or_(ResidentialGroup.valid_to.is_(None), ResidentialGroup.valid_to > day))


def in_period(start, end):
    """SQL conditions: the group was in force on some local day of [start, end)."""
    return (or_(ResidentialGroup.valid_from.is_(None),
                ResidentialGroup.valid_from <= end - timedelta(days=1)),
            or_(ResidentialGroup.valid_to.is_(None), ResidentialGroup.valid_to > start))


def merged_into(ward_ids):
    """{group id: ids of every group merged into it, directly or through earlier merges} for
    the groups of `ward_ids` (a list or a subquery); a split passes nothing on."""
    rows = db.session.execute(
        select(GroupLink.successor_id, GroupLink.predecessor_id)
        .join(ResidentialGroup, ResidentialGroup.id == GroupLink.successor_id)
        .where(GroupLink.op == "merge", ResidentialGroup.ward_id.in_(ward_ids))).all()
    direct = {}
    for successor, predecessor in rows:
        direct.setdefault(successor, []).append(predecessor)
    return {successor: _ancestors(successor, direct) for successor in direct}


def _ancestors(group_id, direct):
    found, todo = [], list(direct.get(group_id, ()))
    while todo:
        gid = todo.pop()
        found.append(gid)
        todo.extend(direct.get(gid, ()))
    return found


def names_on(ward_id, day):
    """{group id: (code, name)} of the ward's groups renamed after `day`: what they were called
    that day (the earliest later rename's old name)."""
    rows = db.session.execute(
        select(GroupName.group_id, GroupName.code, GroupName.name)
        .join(ResidentialGroup, ResidentialGroup.id == GroupName.group_id)
        .where(ResidentialGroup.ward_id == ward_id, GroupName.until > day)
        .order_by(GroupName.until.desc())).all()
    return {group_id: (code, name) for group_id, code, name in rows}  # the earliest wins


def successors_of(group_ids):
    """{stopped group id: [successor ids]}."""
    if not group_ids:
        return {}
    found = {}
    for predecessor, successor in db.session.execute(
            select(GroupLink.predecessor_id, GroupLink.successor_id)
            .where(GroupLink.predecessor_id.in_(group_ids)).order_by(GroupLink.successor_id)):
        found.setdefault(predecessor, []).append(successor)
    return found
