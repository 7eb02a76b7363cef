"""Writing the audit log (from the event signal and from user management) and reading it."""
from datetime import date, datetime
from types import SimpleNamespace

from flask import g, has_request_context, request
from sqlalchemy import select

from ..access import MANAGERS
from ..bulk import insert_rows
from ..extensions import db
from ..timeutil import as_utc, local_midnight_utc, utcnow
from .models import AuditEntry

# What an event edit shows; derived and bookkeeping fields (version, local_date) are left out.
EVENT_FIELDS = ("kind", "group_id", "occurred_at", "duration_min", "attendees",
                "households_visited", "people_assisted", "vneid_installs", "vneid_activations",
                "dvc_filings", "leaflets", "online_reach", "lat", "lon", "accuracy_m", "note",
                "deleted", "review_status")


def on_events_changed(sender, changes, **_extra):
    """The `events_changed` receiver: one entry per changed event, in the same transaction.

    Written in one go (COPY on PostgreSQL): a sync batch brings up to 500 changes, and 500 ORM
    objects each fetching their new id cost more than storing the events themselves."""
    if not changes:
        return
    origin = {"actor_id": None, "device_id": None, "user_agent": None, "remote_addr": None,
              **_origin()}
    now = utcnow()
    insert_rows(AuditEntry.__table__, [
        {"at": now, "entity": "event", "entity_id": str(after["id"]),
         "action": _event_action(before, after), "version": after.get("version"),
         "ward_id": after["ward_id"], "province_id": after["province_id"],
         "changes": diff(before, after, EVENT_FIELDS) if before else {}, **origin}
        for before, after in changes])


def _event_action(before, after):
    if before is None:
        return "create"
    if after.get("deleted") and not before.get("deleted"):
        return "delete"
    return "update"


def record_event_review(event, before):
    """Append an entry for a commander's review (accepted / returned with a comment)."""
    after = {"review_status": event.review_status, "review_comment": event.review_comment}
    db.session.add(AuditEntry(entity="event", entity_id=event.id, action="review",
                              version=event.version, ward_id=event.ward_id,
                              province_id=event.province_id,
                              changes=diff(before, after, ("review_status", "review_comment")),
                              **_origin()))


def record_period_change(ward, month, action, changes):
    """Append an entry for a ward's month closed or reopened (`month` as YYYY-MM)."""
    db.session.add(AuditEntry(entity="period", entity_id=month, action=action, ward_id=ward.id,
                              province_id=ward.province_id, changes=changes, **_origin()))


def record_user_change(target, action, changes=None):
    """Append an entry for a change to a user account (role, name, active, password, sessions)."""
    db.session.add(AuditEntry(entity="user", entity_id=str(target.id), action=action,
                              ward_id=target.ward_id, province_id=target.province_id,
                              changes=changes or {}, **_origin()))


def record_security_event(action, user=None, changes=None, actor=None):
    """Append and commit an entry about a login or a refusal (login, login_failed, throttled,
    refresh_reuse, denied, …) under the user it concerns, if known: committed at once, since the
    request may end in an error that rolls the rest back."""
    origin = _origin()
    if actor is not None:
        origin["actor_id"] = actor.id
    db.session.add(AuditEntry(entity="user", entity_id=str(user.id) if user else "-",
                              action=action, ward_id=user.ward_id if user else None,
                              province_id=user.province_id if user else None,
                              changes=changes or {}, **origin))
    db.session.commit()


def on_access_refused(user, status, **_extra):
    """The `access_refused` receiver: who asked for what and was refused."""
    record_security_event("denied", user, {"path": [None, request.path[:200]],
                                           "method": [None, request.method],
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


def _origin():
    """Who is acting and from which device: the signed-in user and the request's headers."""
    if not has_request_context():
        return {}
    user = g.get("user")
    return {
        "actor_id": user.id if user is not None else None,
        "device_id": (request.headers.get("X-Device-Id") or "")[:64] or None,
        "user_agent": (request.headers.get("User-Agent") or "")[:255] or None,
        "remote_addr": (request.remote_addr or "")[:45] or None,
    }


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
