"""Data-quality signals beside the commander's review, and the ward's review queue.

Each signal is one SQL condition on an event, so the queue can be filtered by a signal and paged
in the database, and the reasons shown for an event are the very conditions that selected it.

  far_from_group       logged farther from its group's centre than FAR_FROM_GROUP_M
  no_location          no position from the phone (a digital post needs none)
  households_too_fast  ten or more households at under two minutes each (a leaflet drop is
                       door to door and exempt)
  assists_too_fast     ten or more people assisted, VNeID installs or online filings at more
                       than one a minute
  no_duration          a meeting, visit or support session with no duration (then the two
                       above, which need a duration to compare with, do not apply)
  too_long             longer than ten hours
  overlaps             overlaps in time another event of the same author (posts excepted)
"""
from datetime import timedelta

from flask import current_app
from sqlalchemy import and_, case, exists, func, literal, or_, select
from sqlalchemy.orm import aliased

from ..extensions import db
from ..periods import check_period, local_today
from ..timeutil import local_midnight_utc
from .models import Event
from .service import event_filters, fetch_page  # the events list's filters and paging

MIN_PER_HOUSEHOLD = 2
FAST_COUNT_FLOOR = 10
LONG_DURATION_MIN = 600
TIMED_KINDS = ("meeting", "household_visit", "support_session")
DEFAULT_DAYS = 30
MAX_DAYS = 184


def _plus_minutes(column, minutes):
    """A naive-UTC datetime column moved by `minutes` (an SQL integer expression), comparable
    with the column itself on either database."""
    if db.engine.dialect.name == "postgresql":
        return column + func.make_interval(0, 0, 0, 0, 0, minutes)
    # SQLite keeps "YYYY-MM-DD HH:MM:SS.ffffff"; datetime() answers "YYYY-MM-DD HH:MM:SS", which
    # sorts the same way against it (an end exactly at another's start does not overlap it).
    return func.datetime(column, func.printf("%+d minutes", minutes))


def _overlaps():
    """Another live event of the same author whose span [start, start + duration) meets this
    one's. Durations are at most a day, so the other starts within a day before this one ends:
    the index on (author, time) finds the few candidates for each event."""
    other = aliased(Event)
    mine_end = _plus_minutes(Event.occurred_at, Event.duration_min)
    return and_(
        Event.kind != "digital_post", Event.duration_min > 0,
        exists(select(other.id).where(
            other.author_id == Event.author_id,
            other.occurred_at >= _plus_minutes(Event.occurred_at, literal(-1440)),
            other.occurred_at < mine_end,
            _plus_minutes(other.occurred_at, other.duration_min) > Event.occurred_at,
            other.id != Event.id, other.deleted.is_(False), other.kind != "digital_post",
            other.duration_min > 0, other.ward_id == Event.ward_id,
        )))


def reason_conditions():
    """{reason code: SQL condition on Event}."""
    far_m = current_app.config["FAR_FROM_GROUP_M"]
    fast = (Event.people_assisted, Event.vneid_installs, Event.dvc_filings)
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
        "overlaps": _overlaps(),
    }


def resolve_dates(start, end):
    """The queue's local days [start, end): the last 30 days by default, at most 184."""
    end = end or (start + timedelta(days=DEFAULT_DAYS) if start else local_today() + timedelta(days=1))
    start = start or end - timedelta(days=DEFAULT_DAYS)
    return check_period(start, end, MAX_DAYS)


def review_queue(ward, args):
    """A page of the ward's events in the period with their signals, newest first, and how many
    events carry each signal (under the same filters but the signal one)."""
    start, end = resolve_dates(args.get("from_"), args.get("to"))
    start_utc, end_utc = local_midnight_utc(start), local_midnight_utc(end)
    conditions = reason_conditions()
    base = [Event.ward_id == ward.id, Event.deleted.is_(False),
            Event.occurred_at >= start_utc, Event.occurred_at < end_utc]
    base += event_filters(args)
    counts = _counts(base, conditions)
    wanted = args.get("reason")
    if wanted == "any":
        base.append(or_(*conditions.values()))
    elif wanted:
        base.append(conditions[wanted])
    flags = [case((cond, True), else_=False).label(name) for name, cond in conditions.items()]
    query = (select(Event, *flags).where(*base)
             .order_by(Event.occurred_at.desc(), Event.id.desc()))
    rows, next_cursor = fetch_page(query, args, rows=True)
    items = [{"event": row[0], "reasons": [n for n, on in zip(conditions, row[1:]) if on]}
             for row in rows]
    return {"from_": start, "to": end, "items": items, "next_cursor": next_cursor,
            "counts": counts}


def _counts(base, conditions):
    """{"all": n, "any": n, reason: n, ...} in one query."""
    one = lambda cond: func.coalesce(func.sum(case((cond, 1), else_=0)), 0)  # noqa: E731
    columns = [func.count(Event.id).label("all"),
               one(or_(*conditions.values())).label("any"),
               *(one(cond).label(name) for name, cond in conditions.items())]
    row = db.session.execute(select(*columns).where(*base)).one()
    return {key: int(value or 0) for key, value in row._mapping.items()}
