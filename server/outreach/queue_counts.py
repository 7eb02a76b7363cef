"""The review queue's counts, kept per local day so that reading them does not grow with the
events of the period.

A row of `ReviewDayCount` counts the live events of one (ward, local day, author, group or 0,
kind, review status or "none") under one of QUEUE_COUNTS: every event ("all"), those with a
signal ("any"), those with each signal; `ReviewWardDayCount` sums them per (ward, day, review
status). Every event write moves them in its transaction (`move_queue_counts`): what the event
counted before is taken off and what it counts now is added, the events whose overlaps signal
the write changed (checks.refresh_overlaps) included. The deltas are applied in key order with
one upsert (bulk.add_to_rows), which both databases make atomic. `rebuild_queue_counts` recomputes them from the events (`flask
rebuild-rollups`, the migration that created them).
"""
from sqlalchemy import (Integer, String, and_, delete, func, insert, literal, or_, select,
                        union_all)

from ..bulk import add_to_rows
from ..extensions import db
from .checks import BITS, reasons_of
from .models import QUEUE_COUNTS, Event, ReviewDayCount, ReviewWardDayCount

DAY_KEY = ("ward_id", "local_date", "author_id", "group_key", "kind", "review_key", "signal")
WARD_DAY_KEY = ("ward_id", "local_date", "review_key", "signal")


# ---- moved by every write --------------------------------------------------------------------------

def _add(deltas, state, signals, sign):
    """Count `state` (an event as it was or is, with `signals`) with `sign`; a deleted one, none."""
    if state is None or state.deleted:
        return
    key = (state.ward_id, state.local_date, state.author_id, state.group_id or 0, state.kind,
           state.review_status or "none")
    for name in ("all", *(("any",) if signals else ()), *reasons_of(signals)):
        deltas[(*key, name)] = deltas.get((*key, name), 0) + sign


def queue_deltas(changes, flips=()):
    """{DAY_KEY: delta} for the events written (`changes`, a list of EventChange: each event from
    its first `before` to its last `after`, with the signals the write left it) and for the
    others whose signals changed (`flips`, [(row, new signals)] from checks.refresh_overlaps)."""
    first, last, flipped, deltas = {}, {}, {}, {}
    for change in changes:
        first.setdefault(change.after.id, change.before)
        last[change.after.id] = change.after
    for row, signals in flips:
        flipped[row.id] = signals
        if row.id not in last:
            _add(deltas, row, row.signals, -1)
            _add(deltas, row, signals, +1)
    for event_id, before in first.items():
        after = last[event_id]
        _add(deltas, before, before.signals if before else 0, -1)
        _add(deltas, after, flipped.get(event_id, after.signals), +1)
    return {key: n for key, n in deltas.items() if n}


def move_queue_counts(changes, flips=()):
    """Move both count rollups with a write, in its transaction."""
    deltas = queue_deltas(changes, flips)
    ward_deltas = {}
    for key, n in deltas.items():
        ward_key = (key[0], key[1], key[5], key[6])
        ward_deltas[ward_key] = ward_deltas.get(ward_key, 0) + n
    for model, names, found in ((ReviewDayCount, DAY_KEY, deltas),
                                (ReviewWardDayCount, WARD_DAY_KEY, ward_deltas)):
        rows = [dict(zip(names, key), events=n) for key, n in sorted(found.items()) if n]
        add_to_rows(model.__table__, names, ("events",), rows)


# ---- read by the queue -----------------------------------------------------------------------------

def counts_query(ward_id, args, start, end):
    """SQL: (signal, events) for the ward's local days [start, end) under the queue's filters
    (author, group, kind, review status), from the ward-wide rows unless one of the first three
    is set."""
    fine = any(args.get(name) is not None for name in ("user_id", "group_id", "kind"))
    table = (ReviewDayCount if fine else ReviewWardDayCount).__table__.c
    where = [table.ward_id == ward_id, table.local_date >= start, table.local_date < end]
    if fine:
        where += [table[column] == args[name] for name, column in (
            ("user_id", "author_id"), ("group_id", "group_key"), ("kind", "kind"))
            if args.get(name) is not None]
    if args.get("review_status"):
        where.append(table.review_key == args["review_status"])
    return select(table.signal, func.sum(table.events)).where(*where).group_by(table.signal)


def read_counts(statement):
    """{"all": n, "any": n, reason: n, ...} from `counts_query`'s rows (0 for those with none)."""
    found = dict.fromkeys(QUEUE_COUNTS, 0)
    found.update({signal: int(n) for signal, n in db.session.execute(statement)})
    return found


# ---- from scratch ----------------------------------------------------------------------------------

def rebuild_queue_counts(connection=None):
    """Recompute both count rollups from the live events' stored signals, in one pass over the
    events: grouped by key and signals, then each group counted under every name its signals
    give (`_names`). Returns the day rows."""
    connection = connection or db.session.connection()
    key = [Event.ward_id, Event.local_date, Event.author_id,
           func.coalesce(Event.group_id, 0).label("group_key"), Event.kind,
           func.coalesce(Event.review_status, "none").label("review_key")]
    grouped = (select(*key, Event.signals, func.count().label("n"))
               .where(Event.deleted.is_(False)).group_by(*key, Event.signals).subquery())
    names = _names()
    g_key = [grouped.c[name] for name in DAY_KEY[:-1]]
    counted = (select(*g_key, names.c.signal, func.sum(grouped.c.n))
               .join_from(grouped, names, or_(names.c.bit == 0, and_(
                   names.c.bit > 0, grouped.c.signals.op("&")(names.c.bit) != 0),
                   and_(names.c.bit < 0, grouped.c.signals != 0)))
               .group_by(*g_key, names.c.signal))
    connection.execute(delete(ReviewDayCount))
    connection.execute(delete(ReviewWardDayCount))
    connection.execute(insert(ReviewDayCount).from_select([*DAY_KEY, "events"], counted))
    day = ReviewDayCount.__table__.c
    ward_key = [day.ward_id, day.local_date, day.review_key, day.signal]
    connection.execute(insert(ReviewWardDayCount).from_select(
        [*WARD_DAY_KEY, "events"], select(*ward_key, func.sum(day.events)).group_by(*ward_key)))
    return connection.scalar(select(func.count()).select_from(ReviewDayCount))


def _names():
    """SQL rows (signal, bit) for QUEUE_COUNTS: "all" bit 0 (every event), "any" bit -1 (those
    with a signal), each signal its own bit."""
    bits = {"all": 0, "any": -1, **BITS}
    return union_all(*(select(literal(name, String).label("signal"),
                              literal(bits[name], Integer).label("bit"))
                       for name in QUEUE_COUNTS)).subquery("queue_names")
