"""The data-quality signals of events, computed when an event is written and stored with it.

Each event keeps its signals in `events.signals`, one bit per reason of QUALITY_REASONS (in that
order), so that the review queue filters and counts them from the index on
(ward, time, signals) instead of evaluating them over every event of the period.

  far_from_group       logged farther from its group's centre than FAR_FROM_GROUP_M (stored as
                       decided when written: after a change of that setting, `flask
                       rebuild-rollups` decides again for every event)
  no_location          no position from the phone (a digital post needs none)
  households_too_fast  ten or more households at under two minutes each (a leaflet drop is
                       door to door and exempt)
  assists_too_fast     ten or more people assisted, VNeID installs or online filings at more
                       than one a minute
  no_duration          a meeting, visit or support session with no duration (then the two
                       above, which need a duration to compare with, do not apply)
  too_long             longer than ten hours
  overlaps             overlaps in time another event of the same author (posts excepted)

A deleted event has no signal. Overlaps involve two events: a write re-evaluates the events of
the same author whose time met the written event's old or new span (`refresh_overlaps`), found
with range queries on the index on (author, time). `recompute_signals` computes them all from
scratch in SQL: `flask rebuild-rollups` and the migration that filled the column use it.
"""
from bisect import bisect_left
from datetime import timedelta

from flask import current_app
from sqlalchemy import and_, case, func, or_, select, update
from sqlalchemy.orm import aliased

from ..extensions import db
from .models import QUALITY_REASONS, Event

MIN_PER_HOUSEHOLD = 2
FAST_COUNT_FLOOR = 10
LONG_DURATION_MIN = 600
TIMED_KINDS = ("meeting", "household_visit", "support_session")
FAST_FIELDS = ("people_assisted", "vneid_installs", "dvc_filings")
BITS = {name: 1 << i for i, name in enumerate(QUALITY_REASONS)}
OVERLAPS = BITS["overlaps"]
_DAY = timedelta(days=1)
_SECOND = timedelta(seconds=1)
# What the review queue's counts key an event by (queue_counts.py), and its time.
QUEUE_COLUMNS = (Event.ward_id, Event.local_date, Event.author_id, Event.group_id, Event.kind,
                 Event.review_status, Event.signals, Event.deleted, Event.occurred_at)


# ---- one event, when it is written ---------------------------------------------------------------

def own_signals(event):
    """The bits of the signals an event has on its own (all but overlaps); none when deleted."""
    if event.deleted:
        return 0
    found = _own_checks(event, current_app.config["FAR_FROM_GROUP_M"])
    return sum(BITS[name] for name, on in found.items() if on)


def _own_checks(e, far_m):
    """{reason: bool} for the signals that need no other event (None compares as SQL NULL)."""
    duration = e.duration_min or 0
    households = e.households_visited or 0
    return {
        "far_from_group": e.distance_m is not None and e.distance_m > far_m,
        "no_location": e.lat is None and e.kind != "digital_post",
        "households_too_fast": (e.kind != "leaflet_drop" and duration > 0
                                and households >= FAST_COUNT_FLOOR
                                and households * MIN_PER_HOUSEHOLD > duration),
        "assists_too_fast": duration > 0 and any(
            (getattr(e, name) or 0) >= FAST_COUNT_FLOOR and getattr(e, name) > duration
            for name in FAST_FIELDS),
        "no_duration": e.kind in TIMED_KINDS and e.duration_min == 0,
        "too_long": duration > LONG_DURATION_MIN,
    }


def reasons_of(signals):
    """The reason codes of a stored bit mask, in the queue's order."""
    return [name for name, bit in BITS.items() if signals & bit]


def has_signal(reason):
    """SQL condition: the stored signals hold `reason` ("any": at least one)."""
    if reason == "any":
        return Event.signals != 0
    return Event.signals.op("&")(BITS[reason]) != 0


# ---- overlaps: the neighbours of what a write touched --------------------------------------------

def _end(start, minutes):
    """Where a span ends, to the second (as `plus_minutes` computes it in SQL)."""
    return (start + timedelta(minutes=minutes or 0)).replace(microsecond=0)


def _counts_for_overlap(kind, duration):
    return kind != "digital_post" and (duration or 0) > 0


def refresh_overlaps(changes):
    """Re-evaluate the overlaps signal of the events whose time meets the old or new span of the
    events written (`changes`, a list of EventChange), and of those events themselves. Runs in
    the write's transaction, after the rows are written. Returns the events whose stored
    signals it changed, as [(row with QUEUE_COLUMNS, new signals)]."""
    spans = {}
    for change in changes:
        for state in (change.before, change.after):
            if state is not None and not state.deleted and change.action != "review":
                spans.setdefault((state.author_id, state.ward_id), []).append(
                    (state.occurred_at, _end(state.occurred_at, state.duration_min)))
    if not spans:
        return []
    db.session.flush()
    flips = []
    for (author_id, ward_id), found in spans.items():
        for low, high in _windows(sorted(found)):
            flips += _refresh_window(author_id, ward_id, low, high)
    return flips


def _windows(spans):
    """Merge sorted (start, end) spans into the windows [low, high) whose events may have
    changed: those that start within a day (the longest duration) before a span ends."""
    windows = []
    for start, end in spans:
        low, high = start - _DAY - _SECOND, end + _SECOND
        if windows and low <= windows[-1][1] + 2 * _DAY:
            windows[-1][1] = max(windows[-1][1], high)
        else:
            windows.append([low, high])
    return windows


def _refresh_window(author_id, ward_id, low, high):
    """Decide overlaps again for the author's live events starting in [low, high), reading
    their neighbours too (a day on either side)."""
    rows = db.session.execute(
        select(Event.id, Event.duration_min, *QUEUE_COLUMNS)
        .where(Event.author_id == author_id, Event.ward_id == ward_id,
               Event.deleted.is_(False), Event.occurred_at >= low - _DAY - _SECOND,
               Event.occurred_at < high + _DAY)
        .order_by(Event.occurred_at)).all()
    timed = [r for r in rows if _counts_for_overlap(r.kind, r.duration_min)]
    starts = [r.occurred_at for r in timed]
    flips = []
    for row in rows:
        if low <= row.occurred_at < high:
            on = _counts_for_overlap(row.kind, row.duration_min) and _meets_another(row, timed, starts)
            if bool(row.signals & OVERLAPS) != on:
                flips.append((row, row.signals ^ OVERLAPS))
    _store({row.id: signals for row, signals in flips})
    return flips


def _meets_another(row, timed, starts):
    """Whether another timed event of `timed` (sorted by start) overlaps `row`."""
    end = _end(row.occurred_at, row.duration_min)
    first = bisect_left(starts, row.occurred_at.replace(microsecond=0) - _DAY)
    for other in timed[first:bisect_left(starts, end)]:
        if other.id != row.id and _end(other.occurred_at, other.duration_min) > row.occurred_at:
            return True
    return False


def _store(changed):
    """Write new signals, on the session's own objects where it holds them (so a later flush
    does not write an older value back) and in one UPDATE per row otherwise."""
    for event_id, signals in changed.items():
        event = db.session.identity_map.get(db.session.identity_key(Event, event_id))
        if event is not None:
            event.signals = signals
        else:
            db.session.execute(update(Event.__table__).where(Event.__table__.c.id == event_id)
                               .values(signals=signals))
    db.session.flush()


# ---- from scratch, in SQL ------------------------------------------------------------------------

def plus_minutes(column, minutes, dialect):
    """A naive-UTC datetime column moved by `minutes` (an SQL integer expression), to the second,
    comparable with the column itself on either database."""
    if dialect == "postgresql":
        return func.date_trunc("second", column + func.make_interval(0, 0, 0, 0, 0, minutes))
    # SQLite keeps "YYYY-MM-DD HH:MM:SS.ffffff"; datetime() answers "YYYY-MM-DD HH:MM:SS", which
    # sorts the same way against it (an end exactly at another's start does not overlap it).
    return func.datetime(column, func.printf("%+d minutes", minutes))


def own_conditions(far_m):
    """{reason code: SQL condition on Event} for the signals that need no other event."""
    fast = [getattr(Event, name) for name in FAST_FIELDS]
    return {
        "far_from_group": and_(Event.distance_m.is_not(None), Event.distance_m > far_m),
        "no_location": and_(Event.lat.is_(None), Event.kind != "digital_post"),
        "households_too_fast": and_(
            Event.kind != "leaflet_drop", Event.duration_min > 0,
            Event.households_visited >= FAST_COUNT_FLOOR,
            Event.households_visited * MIN_PER_HOUSEHOLD > Event.duration_min),
        "assists_too_fast": and_(Event.duration_min > 0, or_(
            *(and_(col >= FAST_COUNT_FLOOR, col > Event.duration_min) for col in fast))),
        "no_duration": and_(Event.kind.in_(TIMED_KINDS), Event.duration_min == 0),
        "too_long": Event.duration_min > LONG_DURATION_MIN,
    }


def _overlapping(dialect, ward_ids):
    """SQL: the ids of the live timed events that overlap another of their author's, in one
    pass over each author's events in time order: an event overlaps an earlier one when the
    latest end before it is after its start, a later one when the next start is before its end."""
    e = aliased(Event)
    end = plus_minutes(e.occurred_at, e.duration_min, dialect)
    window = {"partition_by": (e.author_id, e.ward_id), "order_by": (e.occurred_at, e.id)}
    timed = (select(e.id, e.occurred_at.label("start"), end.label("end_at"),
                    func.max(end).over(**window, rows=(None, -1)).label("end_before"),
                    func.lead(e.occurred_at).over(**window).label("next_start"))
             .where(e.deleted.is_(False), e.kind != "digital_post", e.duration_min > 0))
    if ward_ids is not None:
        timed = timed.where(e.ward_id.in_(ward_ids))
    timed = timed.subquery()
    return select(timed.c.id).where(or_(timed.c.end_before > timed.c.start,
                                        timed.c.next_start < timed.c.end_at))


def recompute_signals(ward_ids=None, connection=None):
    """Store the signals of every event (of `ward_ids`) computed from scratch, in one UPDATE:
    after a bulk load, a restore, or a change of FAR_FROM_GROUP_M. Returns the rows updated."""
    connection = connection or db.session.connection()
    conditions = own_conditions(current_app.config["FAR_FROM_GROUP_M"])
    mask = sum(case((conditions[name], BITS[name]), else_=0) for name in conditions)
    overlaps = case((Event.id.in_(_overlapping(connection.dialect.name, ward_ids)), OVERLAPS),
                    else_=0)
    statement = update(Event).values(
        signals=case((Event.deleted.is_(True), 0), else_=mask + overlaps))
    if ward_ids is not None:
        statement = statement.where(Event.ward_id.in_(ward_ids))
    return connection.execute(statement).rowcount
