"""Dated changes to a ward's residential groups (DESIGN.md §8): rename, merge, split and retire,
several in one request, applied all or nothing and written to the audit log.

The groups a request names are read, every change checked against them, then their rows locked
in id order (PostgreSQL): a request that finds them changed meanwhile by another one is refused
as a conflict, so two commanders rearranging the same groups never half-apply either."""
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..audit.service import record_group_change
from ..closures.service import closed_months, is_closed
from ..errors import Conflict, Invalid
from ..extensions import db
from .models import GroupLink, GroupName, ResidentialGroup

_CHANGED = "Tổ dân phố vừa được người khác thay đổi, hãy tải lại (groups changed meanwhile)."


def apply_group_changes(ward, data, origin):
    """Apply the request's changes as of `effective_on`; the groups created, in order."""
    day, changes = data["effective_on"], data["changes"]
    if is_closed(closed_months({ward.id}), ward.id, day):
        raise Invalid("Ngày hiệu lực thuộc tháng đã chốt (month closed).",
                      {"effective_on": ["period_closed"]})
    groups = _load_groups(_named_ids(changes))
    seen = {gid: _state(group) for gid, group in groups.items()}
    _check_all(ward, day, changes, groups)
    try:
        _lock(seen)
        created = []
        for change in changes:
            created += _APPLY[change["op"]](ward, day, change, groups, origin)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Conflict(_CHANGED, {"code": ["taken"]})
    return created


def _named_ids(changes):
    return {gid for change in changes for gid in _named(change)}


def _named(change):
    """Ids of the groups a change names."""
    if change["op"] == "merge":
        return list(change["from_"])
    return [change["from_"] if change["op"] == "split" else change["group_id"]]


def _load_groups(ids):
    if not ids:
        return {}
    return {g.id: g for g in db.session.scalars(
        select(ResidentialGroup).where(ResidentialGroup.id.in_(ids)))}


def _state(group):
    return (group.code, group.name, group.valid_to)


def _lock(seen):
    """Lock the named groups' rows in id order; a conflict when one changed since it was read."""
    if not seen:
        return
    rows = db.session.execute(
        select(ResidentialGroup.id, ResidentialGroup.code, ResidentialGroup.name,
               ResidentialGroup.valid_to)
        .where(ResidentialGroup.id.in_(seen)).order_by(ResidentialGroup.id).with_for_update())
    if any(seen.get(row[0]) != tuple(row[1:]) for row in rows):
        db.session.rollback()
        raise Conflict(_CHANGED)


# ---- checks ----------------------------------------------------------------------------------

def _check_all(ward, day, changes, groups):
    """Every change checked; a 422 naming each bad change's index and fields."""
    taken = set(db.session.scalars(select(ResidentialGroup.code)
                                   .where(ResidentialGroup.ward_id == ward.id)))
    renamed = _last_renames(groups)
    used, errors = set(), {}
    for i, change in enumerate(changes):
        found = _group_errors(ward, day, change, groups, used)
        found.update(_code_errors(change, groups, taken))
        if change["op"] == "rename" and renamed.get(change["group_id"], date.min) >= day:
            found.setdefault("effective_on", ["before_last_change"])
        if found:
            errors[str(i)] = found
    if errors:
        raise Invalid("Thay đổi tổ dân phố không hợp lệ, không thay đổi gì (nothing changed).",
                      {"changes": errors})


def _last_renames(groups):
    """{group id: the day its latest rename took effect}: a new rename must come after it."""
    if not groups:
        return {}
    rows = db.session.execute(select(GroupName.group_id, GroupName.until)
                              .where(GroupName.group_id.in_(groups)))
    last = {}
    for group_id, until in rows:
        last[group_id] = max(last.get(group_id, until), until)
    return last


def _group_errors(ward, day, change, groups, used):
    field = "from" if change["op"] in ("merge", "split") else "group_id"
    for gid in _named(change):
        group = groups.get(gid)
        problem = _group_problem(ward, day, group, gid in used)
        used.add(gid)
        if problem:
            return {field: [problem]}
    return {}


def _group_problem(ward, day, group, used):
    if group is None or group.ward_id != ward.id:
        return "outside_ward"
    if group.valid_to is not None:
        return "already_stopped"
    if group.valid_from is not None and group.valid_from > day:
        return "not_yet_in_force"
    return "used_twice" if used else None


def _code_errors(change, groups, taken):
    """A new code already used in the ward (by any group, stopped or not, or by this request)."""
    if change["op"] == "rename":
        group = groups.get(change["group_id"])
        code = change.get("code")
        return {"code": ["taken"]} if code and group and code != group.code and \
            not _take(taken, code) else {}
    if change["op"] == "merge":
        return {"into": {"code": ["taken"]}} if not _take(taken, change["into"]["code"]) else {}
    if change["op"] == "split":
        bad = {str(j): {"code": ["taken"]} for j, part in enumerate(change["into"])
               if not _take(taken, part["code"])}
        return {"into": bad} if bad else {}
    return {}


def _take(taken, code):
    """Reserve `code`; False when it was already taken."""
    if code in taken:
        return False
    taken.add(code)
    return True


# ---- applying --------------------------------------------------------------------------------

def _rename(ward, day, change, groups, origin):
    group = groups[change["group_id"]]
    db.session.add(GroupName(group_id=group.id, until=day, code=group.code, name=group.name))
    before = {"code": group.code, "name": group.name}
    group.code = change.get("code", group.code)
    group.name = change.get("name", group.name)
    record_group_change(ward, group.id, "rename", origin, day, {
        name: [before[name], getattr(group, name)] for name in before
        if before[name] != getattr(group, name)})
    return []


def _merge(ward, day, change, groups, origin):
    parts = [groups[gid] for gid in change["from_"]]
    into = {**_merged_defaults(parts), **change["into"]}
    new = _new_group(ward, day, into)
    _stop(parts, [new], "merge", day)
    record_group_change(ward, new.id, "merge", origin, day,
                        {"from": [[p.id for p in parts], None], "into": [None, [new.id]]})
    return [new]


def _merged_defaults(parts):
    """Households and population summed, the position the mean of the located parts."""
    located = [p for p in parts if p.lat is not None and p.lon is not None]
    found = {"households_total": sum(p.households_total for p in parts),
             "population": sum(p.population for p in parts)}
    if located:
        found["lat"] = sum(p.lat for p in located) / len(located)
        found["lon"] = sum(p.lon for p in located) / len(located)
    return found


def _split(ward, day, change, groups, origin):
    old = groups[change["from_"]]
    news = [_new_group(ward, day, part) for part in change["into"]]
    _stop([old], news, "split", day)
    record_group_change(ward, old.id, "split", origin, day,
                        {"from": [[old.id], None], "into": [None, [n.id for n in news]]})
    return news


def _retire(ward, day, change, groups, origin):
    group = groups[change["group_id"]]
    group.valid_to = day
    record_group_change(ward, group.id, "retire", origin, day, {})
    return []


def _new_group(ward, day, data):
    fields = {k: v for k, v in data.items() if v is not None or k in ("lat", "lon", "boundary")}
    group = ResidentialGroup(ward_id=ward.id, valid_from=day, **fields)
    db.session.add(group)
    db.session.flush()
    return group


def _stop(olds, news, op, day):
    for old in olds:
        old.valid_to = day
        for new in news:
            db.session.add(GroupLink(predecessor_id=old.id, successor_id=new.id, op=op,
                                     effective_on=day))


_APPLY = {"rename": _rename, "merge": _merge, "split": _split, "retire": _retire}
