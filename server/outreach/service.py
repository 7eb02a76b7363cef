"""Storing events from phones: sync with per-event answers, listing, and the write path.

Every change to an event goes through `signals.send_changes`, which sends `events_changed` inside the
transaction so rollups and the audit log move with the events they describe (signals.py says
what it carries).
"""
import base64
import binascii
import json
from datetime import date, datetime

from flask import current_app
from geographiclib.geodesic import Geodesic
from marshmallow import ValidationError
from sqlalchemy import and_, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import make_transient_to_detached, selectinload

from ..areas.models import ResidentialGroup
from ..auth.models import User
from ..bulk import insert_rows
from ..closures.service import closed_months, is_closed
from ..errors import Conflict, Invalid, NotFound
from ..extensions import db
from ..origin import NO_ORIGIN
from ..timeutil import local_date, local_midnight_utc, to_naive_utc, utcnow
from .checks import own_signals, refresh_overlaps
from .links import link_errors, load_linked
from .models import CONTENT_FIELDS, Event
from .queue_counts import move_queue_counts
from .review import clear_review
from .schemas import EventInSchema
from .signals import EventChange, send_changes, snapshot

_schema = EventInSchema()
_WGS84 = Geodesic.WGS84
# A delete needs only its id: the content's own rules (age, main count) do not apply to it.
_delete_schema = EventInSchema(partial=("kind", "occurred_at"))


# ---- sync -----------------------------------------------------------------------------------

def sync_events(user, raw_events, origin=NO_ORIGIN):
    """Apply a batch from a phone; one answer per event in request order, none failing another.
    `origin` says from which device (the request's, from the route)."""
    results, parsed = [None] * len(raw_events), []
    for i, raw in enumerate(raw_events):
        try:
            parsed.append((i, _load(raw)))
        except ValidationError as err:
            raw_id = raw.get("id") if isinstance(raw, dict) else None
            results[i] = _rejected(raw_id if isinstance(raw_id, str) else None, err.messages)
    for _attempt in range(3):
        try:
            return _apply_batch(user, parsed, results, origin)
        except IntegrityError:
            # Another request stored one of these ids meanwhile; the database refused the
            # duplicate. Start the batch over: those ids now answer as existing events.
            db.session.rollback()
    raise Conflict("Máy chủ đang bận, vui lòng đồng bộ lại (retry the batch).")


def _apply_batch(user, parsed, results, origin):
    results = list(results)
    _lock_author(user)
    ids = {str(data["id"]) for _, data in parsed}
    existing = _events_by_id(ids, lock=True)
    groups = _groups_by_id({d["group_id"] for _, d in parsed if d.get("group_id")})
    changes, new_events = [], []
    closed = closed_months({user.ward_id} | {e.ward_id for e in existing.values()})
    linked = load_linked([data for _, data in parsed if not data.get("deleted")])
    for i, data in parsed:
        errors = {} if data.get("deleted") else link_errors(user, data, linked)
        results[i] = (_rejected(str(data["id"]), errors) if errors else
                      _decide(user, data, existing, groups, changes, new_events, closed, origin))
    _insert_new(new_events)
    move_queue_counts(changes, refresh_overlaps(changes))
    send_changes(changes, origin)
    db.session.commit()
    return results


def _lock_author(user):
    """On PostgreSQL, hold the sender's user row until the batch commits: two batches of one
    author (two phones) are then written one after the other, each seeing the other's events
    when it decides overlaps (SQLite serialises writers anyway)."""
    if db.engine.dialect.name == "postgresql":
        db.session.execute(select(User.id).where(User.id == user.id).with_for_update())


def _insert_new(events):
    """Insert a batch's new events in one go (COPY on PostgreSQL), then attach them to the
    session as loaded rows. The unit of work's per-object bookkeeping doubled the cost of a
    batch of 500 (measured by bench/metrics_bench.py)."""
    if not events:
        return
    columns = Event.__table__.columns
    insert_rows(Event.__table__, [_row(event, columns) for event in events])
    for event in events:
        make_transient_to_detached(event)
        db.session.add(event)


def _row(event, columns):
    """The column values of a new event; a column left unset takes its default, as in a flush."""
    row, values = {}, event.__dict__  # the instance's own values: no attribute machinery
    for column in columns:
        value = values.get(column.key)
        if value is None and column.default is not None:
            value = column.default.arg(None) if column.default.is_callable else column.default.arg
        row[column.key] = value
    return row


def _load(raw):
    if not isinstance(raw, dict):
        raise ValidationError({"_event": ["not_an_object"]})
    schema = _delete_schema if raw.get("deleted") is True else _schema
    return schema.load(raw)


def _rejected(event_id, errors):
    return {"id": event_id, "status": "rejected", "version": None, "errors": errors}


def _events_by_id(ids, lock=False):
    if not ids:
        return {}
    query = select(Event).where(Event.id.in_(ids))
    if lock and db.engine.dialect.name == "postgresql":
        query = query.with_for_update()
    return {e.id: e for e in db.session.scalars(query)}


def _groups_by_id(ids):
    if not ids:
        return {}
    return {g.id: g for g in db.session.scalars(
        select(ResidentialGroup).where(ResidentialGroup.id.in_(ids))
        .options(selectinload(ResidentialGroup.successors)))}


def _decide(user, data, existing, groups, changes, new_events, closed, origin):
    """The answer for one parsed event; pending writes go to `changes` / `new_events`.
    `closed` holds the (ward, month) pairs closed for reporting: no write may touch them."""
    event_id = str(data["id"])
    group = None
    if data.get("group_id") is not None:
        group = groups.get(data["group_id"])
        if group is None or group.ward_id != user.ward_id:
            return _rejected(event_id, {"group_id": ["outside_ward"]})
        if _stopped_by(group, data):
            return {**_rejected(event_id, {"group_id": ["group_stopped"]}),
                    "successor_ids": [s.id for s in group.successors]}
    event = existing.get(event_id)
    if event is None:
        if data.get("deleted"):
            return _rejected(event_id, {"id": ["not_found"]})
        if is_closed(closed, user.ward_id, local_date(data["occurred_at"])):
            return _rejected(event_id, {"occurred_at": ["period_closed"]})
        event = _new_event(user, data, group, origin)
        existing[event_id] = event
        new_events.append(event)
        changes.append(EventChange("create", None, snapshot(event)))
        return {"id": event_id, "status": "created", "version": 1}
    return _decide_existing(user, data, event, group, changes, closed)


def _stopped_by(group, data):
    """Whether the group had stopped by the event's local day (DESIGN.md §8): an event from
    before the stop is still the stopped group's."""
    return (not data.get("deleted") and group.valid_to is not None
            and local_date(data["occurred_at"]) >= group.valid_to)


def _decide_existing(user, data, event, group, changes, closed):
    if event.ward_id != user.ward_id or (event.author_id != user.id and user.role != "commander"):
        return _rejected(event.id, {"id": ["not_yours"]})
    if _same_content(event, data):
        return {"id": event.id, "status": "unchanged", "version": event.version}
    new_day = None if data.get("deleted") else local_date(data["occurred_at"])
    if is_closed(closed, event.ward_id, event.local_date) or is_closed(closed, event.ward_id, new_day):
        return _rejected(event.id, {"occurred_at": ["period_closed"]})
    base = data.get("base_version")
    lost_first_answer = (base is None and event.version == 1 and event.author_id == user.id
                         and not _late_copy(event, data))
    if event.deleted or not (base == event.version or lost_first_answer):
        return {"id": event.id, "status": "conflict", "version": event.version,
                "server_event": event}
    before = snapshot(event)
    _apply(event, data, group)
    event.client_rev = data.get("rev")
    if event.author_id == user.id and event.review_status is not None:
        clear_review(event)  # the author's correction goes back to the commander as new
    event.version += 1
    event.updated_at = utcnow()
    action = "delete" if event.deleted and not before.deleted else "update"
    changes.append(EventChange(action, before, snapshot(event)))
    return {"id": event.id, "status": "updated", "version": event.version}


def _late_copy(event, data):
    """An upload that left the phone before the change already stored (a retry delivered late):
    both carry the phone's rev and this one's is not higher."""
    rev = data.get("rev")
    return rev is not None and event.client_rev is not None and rev <= event.client_rev


def _same_content(event, data):
    if data.get("deleted"):
        return event.deleted
    if event.deleted:
        return False
    for name in CONTENT_FIELDS:
        if name == "occurred_at":
            if to_naive_utc(data["occurred_at"]) != event.occurred_at:
                return False
        elif name != "deleted" and data.get(name) != getattr(event, name):
            return False
    return True


def _new_event(user, data, group, origin):
    event = Event(id=str(data["id"]), ward_id=user.ward_id, province_id=user.province_id,
                  author_id=user.id, version=1, device_id=origin.device_id, flags=[],
                  client_rev=data.get("rev"))
    _apply(event, data, group)
    return event


def _apply(event, data, group):
    """Copy the phone's content onto the row and recompute what the server derives."""
    if data.get("deleted"):
        event.deleted, event.deleted_at, event.signals = True, utcnow(), 0
        return
    for name in CONTENT_FIELDS:
        if name not in ("occurred_at", "deleted"):
            setattr(event, name, data.get(name))
    when = data["occurred_at"]
    event.occurred_at = to_naive_utc(when)
    event.utc_offset_min = int(when.utcoffset().total_seconds() // 60)
    event.local_date = local_date(when)
    event.distance_m = None
    flags = []
    if group is not None and event.lat is not None and group.lat is not None:
        event.distance_m = round(_distance_m(event.lat, event.lon, group.lat, group.lon), 1)
        if event.distance_m > current_app.config["FAR_FROM_GROUP_M"]:
            flags.append("far_from_group")
    event.flags = flags
    event.signals = own_signals(event)  # overlaps: refresh_overlaps, once the batch is written


def _distance_m(lat1, lon1, lat2, lon2):
    """Metres between two points on the WGS84 ellipsoid: geopy's `geodesic` without its Point
    parsing, which took half the time of a batch's checks (geographiclib comes with geopy)."""
    return _WGS84.Inverse(lat1, lon1, lat2, lon2, Geodesic.DISTANCE)["s12"]


# ---- writing outside sync (demo data, scripts) ---------------------------------------------------

def record_event(user, data, group=None, created_at=None):
    """Store one new event through the same write path as sync, without the age limits."""
    event = _new_event(user, data, group, NO_ORIGIN)
    if created_at is not None:
        event.created_at = event.updated_at = created_at
    db.session.add(event)
    db.session.flush()
    changes = [EventChange("create", None, snapshot(event))]
    move_queue_counts(changes, refresh_overlaps(changes))
    send_changes(changes, NO_ORIGIN)
    return event


# ---- reading --------------------------------------------------------------------------------

def list_events(user, args):
    """A page of events the caller may see, newest first, with an opaque cursor."""
    items, next_cursor = fetch_page(events_query(user, args), args)
    return {"items": items, "next_cursor": next_cursor}


def fetch_page(query, args, empty=False):
    """One page of `query` (events newest first, by time then id) after `args["cursor"]`, and
    the next page's cursor. `empty`: the caller knows nothing matches; the cursor is still
    checked (a bad one is a 422 either way) but the query is not run."""
    if args.get("cursor"):
        query = after_event(query, *_decode_cursor(args["cursor"]))
    if empty:
        return [], None
    limit = args["limit"]
    items = db.session.execute(query.limit(limit + 1)).scalars().all()
    next_cursor = _encode_cursor(items[limit - 1]) if len(items) > limit else None
    return items[:limit], next_cursor


def after_event(query, when, last_id):
    """`query` (events newest first, by time then id) from just after the event (when, last_id).
    The plain bound on the time lets an index on (…, occurred_at, id) start the scan there."""
    return query.where(Event.occurred_at <= when,
                       or_(Event.occurred_at < when,
                           and_(Event.occurred_at == when, Event.id < last_id)))


def event_filters(args):
    """Conditions for the filters the events list and the review queue share: author, group,
    kind and review status ("none": not reviewed yet)."""
    where = [column == args[name] for name, column in (
        ("group_id", Event.group_id), ("kind", Event.kind), ("user_id", Event.author_id))
        if args.get(name) is not None]
    review = args.get("review_status")
    if review:
        where.append(Event.review_status.is_(None) if review == "none"
                     else Event.review_status == review)
    return where


def events_query(user, args):
    """The events the caller may see that match the list's filters, newest first (also what an
    export writes)."""
    query = select(Event).order_by(Event.occurred_at.desc(), Event.id.desc())
    query = _scope_query(user, query, args).where(*event_filters(args))
    if args.get("from_"):
        query = query.where(Event.occurred_at >= _parse_bound(args["from_"], "from"))
    if args.get("to"):
        query = query.where(Event.occurred_at < _parse_bound(args["to"], "to"))
    if not args.get("include_deleted"):
        query = query.where(Event.deleted.is_(False))
    return query


def _scope_query(user, query, args):
    ward_id = args.get("ward_id")
    if user.role == "admin":
        query = query.where(Event.province_id == user.province_id)
        if ward_id is not None:
            query = query.where(Event.ward_id == ward_id)
        return query
    if ward_id is not None and ward_id != user.ward_id:
        raise NotFound("Không tìm thấy phường/xã (ward not found).")
    query = query.where(Event.ward_id == user.ward_id)
    if user.role != "commander":
        query = query.where(Event.author_id == user.id)
    return query


def _parse_bound(text, name):
    try:
        if len(text) == 10:
            return local_midnight_utc(date.fromisoformat(text))
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
        if value.tzinfo is None:
            raise Invalid("Thời điểm cần có múi giờ.", {name: ["offset_required"]})
        return to_naive_utc(value)
    except (ValueError, OverflowError):  # not a date, or one whose UTC falls off the calendar
        raise Invalid("Ngày không hợp lệ.", {name: ["invalid_date"]})


def _encode_cursor(event):
    raw = json.dumps([event.occurred_at.isoformat(), event.id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor):
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        when, last_id = json.loads(raw)
        return datetime.fromisoformat(when), str(last_id)
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError):
        raise Invalid("Con trỏ phân trang không hợp lệ.", {"cursor": ["invalid_cursor"]})
