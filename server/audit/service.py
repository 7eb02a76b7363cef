"""Writing the audit log (from the event signal, user management and closed months) and
reading it. Who acted and from which device comes as an Origin from the route."""
from dataclasses import replace
from datetime import date, datetime
from types import SimpleNamespace

from sqlalchemy import select

from ..bulk import insert_rows
from ..extensions import db
from ..roles import MANAGERS
from ..timeutil import as_utc, local_midnight_utc, utcnow
from .models import AuditEntry

# What an event edit shows; derived and bookkeeping fields (version, local_date) are left out.
EVENT_FIELDS = ("kind", "group_id", "occurred_at", "duration_min", "attendees",
                "households_visited", "people_assisted", "vneid_installs", "vneid_activations",
                "dvc_filings", "leaflets", "online_reach", "lat", "lon", "accuracy_m", "note",
                "deleted", "review_status")
REVIEW_FIELDS = ("review_status", "review_comment")


def on_events_changed(sender, changes, origin, **_extra):
    """The `events_changed` receiver: one entry per changed event, in the same transaction.

    Written in one go (COPY on PostgreSQL): a sync batch brings up to 500 changes, and 500 ORM
    objects each fetching their new id cost more than storing the events themselves."""
    if not changes:
        return
    now, who = utcnow(), origin.columns()
    insert_rows(AuditEntry.__table__, [
        {"at": now, "entity": "event", "entity_id": str(change.after.id), "action": change.action,
         "version": change.after.version, "ward_id": change.after.ward_id,
         "province_id": change.after.province_id, "changes": _event_diff(change), **who}
        for change in changes])


def _event_diff(change):
    """What an event write changed; a review shows its status and comment only."""
    if change.before is None:
        return {}
    names = REVIEW_FIELDS if change.action == "review" else EVENT_FIELDS
    return diff(_values(change.before, names), _values(change.after, names), names)


def _values(snap, names):
    return {name: getattr(snap, name) for name in names}


def record_period_change(ward, month, action, changes, origin):
    """Append an entry for a ward's month closed or reopened (`month` as YYYY-MM)."""
    db.session.add(AuditEntry(entity="period", entity_id=month, action=action, ward_id=ward.id,
                              province_id=ward.province_id, changes=changes, **origin.columns()))


def record_group_change(ward, group_id, action, origin, effective_on, changes):
    """Append an entry for a dated change of a residential group (rename, merge, split,
    retire); `changes` is {field: [old, new]}, the day it takes effect added."""
    db.session.add(AuditEntry(entity="group", entity_id=str(group_id), action=action,
                              ward_id=ward.id, province_id=ward.province_id,
                              changes={"effective_on": [None, effective_on.isoformat()],
                                       **changes}, **origin.columns()))


def record_user_change(target, action, origin, changes=None):
    """Append an entry for a change to a user account (role, name, active, password, sessions)."""
    db.session.add(AuditEntry(entity="user", entity_id=str(target.id), action=action,
                              ward_id=target.ward_id, province_id=target.province_id,
                              changes=changes or {}, **origin.columns()))


def record_security_event(action, user, origin, changes=None, actor=None):
    """Append and commit an entry about a login or a refusal (login, login_failed, throttled,
    refresh_reuse, denied, …) under the user it concerns, if known: committed at once, since the
    request may end in an error that rolls the rest back. `actor` acts when no one is signed in
    yet (a login)."""
    if actor is not None:
        origin = replace(origin, actor_id=actor.id)
    db.session.add(AuditEntry(entity="user", entity_id=str(user.id) if user else "-",
                              action=action, ward_id=user.ward_id if user else None,
                              province_id=user.province_id if user else None,
                              changes=changes or {}, **origin.columns()))
    db.session.commit()


def on_access_refused(user, status, origin, path, method, **_extra):
    """The `access_refused` receiver: who asked for what and was refused."""
    record_security_event("denied", user, origin, {"path": [None, path[:200]],
                                                   "method": [None, method],
                                                   "status": [None, status]}, actor=user)


def diff(before, after, names):
    """{field: [old, new]} for every named field whose value changed, as JSON values."""
    return {name: [_plain(before.get(name)), _plain(after.get(name))]
            for name in names if before.get(name) != after.get(name)}


def _plain(value):
    if isinstance(value, datetime):
        return as_utc(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def list_ward_audit(ward, args):
    """A page of the ward's audit log, newest first; `cursor` is the last id already seen."""
    return _audit_page(AuditEntry.ward_id == ward.id, args)


def list_province_audit(province_id, args):
    """A page of the province's audit log (every ward's and the admins'), newest first."""
    return _audit_page(AuditEntry.province_id == province_id, args)


def _audit_page(where, args):
    query = select(AuditEntry).where(where).order_by(AuditEntry.id.desc())
    if args.get("entity"):
        query = query.where(AuditEntry.entity == args["entity"])
    if args.get("actor_id") is not None:
        query = query.where(AuditEntry.actor_id == args["actor_id"])
    if args.get("from_"):
        query = query.where(AuditEntry.at >= local_midnight_utc(args["from_"]))
    if args.get("to"):
        query = query.where(AuditEntry.at < local_midnight_utc(args["to"]))
    if args.get("cursor") is not None:
        query = query.where(AuditEntry.id < args["cursor"])
    limit = args["limit"]
    items = db.session.scalars(query.limit(limit + 1)).all()
    next_cursor = items[limit - 1].id if len(items) > limit else None
    return {"items": items[:limit], "next_cursor": next_cursor}


# What identifies a person's connection: shown to an officer or volunteer for their own entries only.
ORIGIN_FIELDS = ("device_id", "user_agent", "remote_addr")


def event_history(event, viewer):
    """Every entry about one event, oldest first: its creation, each edit, its deletion. A
    field user sees other people's entries without their address, browser or device."""
    entries = db.session.scalars(
        select(AuditEntry).where(AuditEntry.entity == "event", AuditEntry.entity_id == event.id)
        .order_by(AuditEntry.id)).all()
    if viewer.role in MANAGERS:
        return entries
    return [_without_origin(entry) if entry.actor_id != viewer.id else entry for entry in entries]


def _without_origin(entry):
    """A read-only copy of the entry with its origin blanked (audit rows are never edited)."""
    columns = {column.key: getattr(entry, column.key) for column in AuditEntry.__table__.columns}
    return SimpleNamespace(**{**columns, **dict.fromkeys(ORIGIN_FIELDS)}, actor=entry.actor)
