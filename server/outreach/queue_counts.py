"""The review queue's counts, kept per local day so that reading them does not grow with the
events of the period.

A row of `ReviewDayCount` counts the live events of one (ward, local day, author, group or 0,
kind, review status or "none") under one of QUEUE_COUNTS: every event ("all"), those with a
signal ("any"), those with each signal; `ReviewAuthorDayCount` sums them per (ward, author, day,
review status), `ReviewWardDayCount` per (ward, day, review status): each filter reads the
coarsest level that has its columns, so one author's counts read a few rows a day however many
events that author logs. Every event write moves them in its transaction (`move_queue_counts`):
what the event counted before is taken off and what it counts now is added, the events whose
overlaps signal the write changed (checks.refresh_overlaps) included. The deltas are applied in
key order with one upsert per level (bulk.add_to_rows), which both databases make atomic.
`rebuild_queue_counts` recomputes them from the events (`flask rebuild-rollups`, the migrations
that created them).
"""
from sqlalchemy import (Integer, String, and_, delete, func, insert, literal, or_, select,
                        union_all)

from ..bulk import add_to_rows
from ..extensions import db
from .checks import BITS, reasons_of
from .models import (QUEUE_COUNTS, Event, ReviewAuthorDayCount, ReviewDayCount,
                     ReviewWardDayCount)

DAY_KEY = ("ward_id", "local_date", "author_id", "group_key", "kind", "review_key", "signal")
AUTHOR_DAY_KEY = ("ward_id", "author_id", "local_date", "review_key", "signal")
WARD_DAY_KEY = ("ward_id", "local_date", "review_key", "signal")
# The levels coarser than the day rows, each summed from them: (model, key).
COARSER = ((ReviewAuthorDayCount, AUTHOR_DAY_KEY), (ReviewWardDayCount, WARD_DAY_KEY))


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
    """Move every level of the count rollups with a write, in its transaction."""
    deltas = queue_deltas(changes, flips)
    levels = [(ReviewDayCount, DAY_KEY, deltas)]
    levels += [(model, names, summed_up(deltas, names)) for model, names in COARSER]
    for model, names, found in levels:
        rows = [dict(zip(names, key), events=n) for key, n in sorted(found.items()) if n]
        add_to_rows(model.__table__, names, ("events",), rows)


def summed_up(deltas, names):
    """The day-level `deltas` summed under a coarser key (`names`, a subset of DAY_KEY)."""
    where = [DAY_KEY.index(name) for name in names]
    summed = {}
    for key, n in deltas.items():
        coarse = tuple(key[i] for i in where)
        summed[coarse] = summed.get(coarse, 0) + n
    return summed


# ---- read by the queue -----------------------------------------------------------------------------

def counts_query(ward_id, args, start, end):
    """SQL: (signal, events) for the ward's local days [start, end) under the queue's filters
    (author, group, kind, review status), from the coarsest level that has the filters'
    columns."""
    filters = [(name, column) for name, column in (
        ("user_id", "author_id"), ("group_id", "group_key"), ("kind", "kind"))
        if args.get(name) is not None]
    table = _level([column for _, column in filters]).__table__.c
    where = [table.ward_id == ward_id, table.local_date >= start, table.local_date < end]
    where += [table[column] == args[name] for name, column in filters]
    if args.get("review_status"):
        where.append(table.review_key == args["review_status"])
    return select(table.signal, func.sum(table.events)).where(*where).group_by(table.signal)


def _level(columns):
    """The count rollup to read for filters on `columns`: the coarsest that keys them all."""
    found = [model for model, names in reversed(COARSER) if set(columns) <= set(names)]
    return found[0] if found else ReviewDayCount


def read_counts(statement):
    """{"all": n, "any": n, reason: n, ...} from `counts_query`'s rows (0 for those with none)."""
    found = dict.fromkeys(QUEUE_COUNTS, 0)
    found.update({signal: int(n) for signal, n in db.session.execute(statement)})
    return found


# ---- from scratch ----------------------------------------------------------------------------------

def rebuild_queue_counts(connection=None, coarser=COARSER):
    """Recompute the count rollups from the live events' stored signals, in one pass over the
    events: grouped by key and signals, then each group counted under every name its signals
    give (`_names`); the `coarser` levels (all by default; a migration names those its
    revision has) summed from the day rows. Returns the day rows."""
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
    for model in (ReviewDayCount, *(model for model, _ in coarser)):
        connection.execute(delete(model))
    connection.execute(insert(ReviewDayCount).from_select([*DAY_KEY, "events"], counted))
    for model, names in coarser:
        rebuild_coarser(connection, model, names)
    return connection.scalar(select(func.count()).select_from(ReviewDayCount))


def rebuild_coarser(connection, model, names):
    """Fill the (empty) count rollup `model`, keyed by `names`, from the day rows."""
    day = ReviewDayCount.__table__.c
    key = [day[name] for name in names]
    connection.execute(insert(model).from_select(
        [*names, "events"], select(*key, func.sum(day.events)).group_by(*key)))


def _names():
    """SQL rows (signal, bit) for QUEUE_COUNTS: "all" bit 0 (every event), "any" bit -1 (those
    with a signal), each signal its own bit."""
    bits = {"all": 0, "any": -1, **BITS}
    return union_all(*(select(literal(name, String).label("signal"),
                              literal(bits[name], Integer).label("bit"))
                       for name in QUEUE_COUNTS)).subquery("queue_names")
