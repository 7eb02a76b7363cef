"""Daily and monthly rollups of events, moved in the transaction of every event write, and their
rebuild.

A rollup row sums the live events of one (ward, local day, group or ward-wide, kind, author); a
monthly rollup row, those of one (ward, month, group or ward-wide, kind, author); a ward-day row,
those of one (ward, local day).
Each change of an event subtracts what its `before` counted and adds what its `after` counts;
a deleted event counts as nothing. The deltas are applied with one upsert
(`INSERT ... ON CONFLICT DO UPDATE SET x = x + excluded.x`), which PostgreSQL and SQLite both
make atomic, so two requests touching the same row at once both land.
"""
from sqlalchemy import Date, cast, delete, func, insert, select

from ..bulk import add_to_rows
from ..extensions import db
from ..outreach.models import Event
from ..periods import month_start
from .models import (MEASURES, MONTH_ROLLUP_KEY, ROLLUP_KEY, WARD_DAY_KEY, EventMonthRollup,
                     EventRollup, WardDayRollup)

def _key(snap):
    """The rollup key of an EventSnapshot, or None when it counts as nothing."""
    if snap is None or snap.deleted:
        return None
    return (snap.ward_id, snap.local_date, snap.group_id or 0, snap.kind, snap.author_id)


def _add(deltas, snap, sign):
    key = _key(snap)
    if key is None:
        return
    row = deltas.get(key)
    if row is None:
        row = deltas[key] = {"group_id": snap.group_id, "province_id": snap.province_id,
                             **dict.fromkeys(MEASURES, 0)}
    row["events"] += sign
    for name in MEASURES[1:]:
        row[name] += sign * (getattr(snap, name) or 0)


def deltas_of(changes):
    """{rollup key: {measure: delta}} for a list of EventChange; no-ops dropped."""
    deltas = {}
    for change in changes:
        _add(deltas, change.before, -1)
        _add(deltas, change.after, +1)
    return {k: v for k, v in deltas.items() if any(v[m] for m in MEASURES)}


# The coarser rollups: model, key columns, the daily key → its key, columns carried with the sums.
COARSER = ((EventMonthRollup, MONTH_ROLLUP_KEY, lambda k: (k[0], month_start(k[1]), *k[2:]),
            ("group_id", "province_id")),
           (WardDayRollup, WARD_DAY_KEY, lambda k: k[:2], ("province_id",)))


def coarser_deltas(deltas, key_of, carried):
    """The daily deltas summed by `key_of(daily key)`, with the `carried` columns; no-ops dropped."""
    found = {}
    for key, values in deltas.items():
        row = found.setdefault(key_of(key), {**{c: values[c] for c in carried},
                                             **dict.fromkeys(MEASURES, 0)})
        for name in MEASURES:
            row[name] += values[name]
    return {k: v for k, v in found.items() if any(v[m] for m in MEASURES)}


def apply_deltas(deltas, model=EventRollup, key_names=ROLLUP_KEY):
    """Upsert the deltas, in key order (so concurrent writers lock rows in the same order).

    One statement run with many parameter sets: SQLAlchemy compiles it once per dialect and
    caches it, and sends the rows in multi-row batches in the order given."""
    rows = [dict(zip(key_names, key), **values) for key, values in sorted(deltas.items())]
    add_to_rows(model.__table__, key_names, MEASURES, rows)


def on_events_changed(sender, changes, **_extra):
    """The `events_changed` receiver: move the daily rollups and the coarser ones with the
    events, in their transaction."""
    deltas = deltas_of(changes)
    if deltas:
        apply_deltas(deltas)
        for model, key_names, key_of, carried in COARSER:
            apply_deltas(coarser_deltas(deltas, key_of, carried), model, key_names)


def rebuild_rollups():
    """Recompute every rollup row from the live events, in one statement. Returns the row count."""
    db.session.execute(delete(EventRollup))
    columns = [Event.ward_id, Event.local_date, func.coalesce(Event.group_id, 0), Event.kind,
               Event.author_id, Event.group_id, Event.province_id, func.count()]
    columns += [func.sum(getattr(Event, m)) for m in MEASURES[1:]]
    grouped = (select(*columns).where(Event.deleted.is_(False))
               .group_by(Event.ward_id, Event.local_date, func.coalesce(Event.group_id, 0),
                         Event.kind, Event.author_id, Event.group_id, Event.province_id))
    targets = [*ROLLUP_KEY, "group_id", "province_id", *MEASURES]
    db.session.execute(insert(EventRollup).from_select(targets, grouped))
    _rebuild_coarser()
    db.session.commit()
    return db.session.scalar(select(func.count()).select_from(EventRollup))


def month_of(day):
    """SQL for the first day of the month of a date column, on PostgreSQL and SQLite."""
    if db.session.get_bind().dialect.name == "postgresql":
        return cast(func.date_trunc("month", day), Date)
    return func.date(day, "start of month")


def _rebuild_coarser():
    """Recompute every monthly and ward-day rollup row from the daily ones."""
    daily = EventRollup.__table__.c
    month = month_of(daily.local_date)
    for model, keys, carried in (
            (EventMonthRollup, [daily.ward_id, month, daily.group_key, daily.kind, daily.author_id],
             [daily.group_id, daily.province_id]),
            (WardDayRollup, [daily.ward_id, daily.local_date], [daily.province_id])):
        db.session.execute(delete(model))
        grouped = (select(*keys, *carried, *[func.sum(daily[m]) for m in MEASURES])
                   .group_by(*keys, *carried))
        targets = [c.name for c in model.__table__.primary_key.columns]
        targets += [c.name for c in carried] + list(MEASURES)
        db.session.execute(insert(model).from_select(targets, grouped))
