"""The ward's review queue: a period's events with their data-quality signals, newest first.

The signals are stored with each event when it is written (checks.py says which and how), so the
queue is filtered by a signal, paged and counted on the index on (ward, time, signals), and the
reasons shown for an event are the very bits that selected it.
"""
from datetime import timedelta

from sqlalchemy import func, select

from ..extensions import db
from ..periods import check_period, local_today
from ..timeutil import local_midnight_utc
from .checks import BITS, has_signal, reasons_of
from .models import Event
from .service import event_filters, fetch_page  # the events list's filters and paging

DEFAULT_DAYS = 30
MAX_DAYS = 184


def resolve_dates(start, end):
    """The queue's local days [start, end): the last 30 days by default, at most 184."""
    end = end or (start + timedelta(days=DEFAULT_DAYS) if start else local_today() + timedelta(days=1))
    start = start or end - timedelta(days=DEFAULT_DAYS)
    return check_period(start, end, MAX_DAYS)


def review_queue(ward, args):
    """A page of the ward's events in the period with their signals, newest first, and how many
    events carry each signal (under the same filters but the signal one)."""
    start, end = resolve_dates(args.get("from_"), args.get("to"))
    counts_query, page_query = queue_queries(ward, args, start, end)
    row = db.session.execute(counts_query).one()
    events, next_cursor = fetch_page(page_query, args)
    items = [{"event": event, "reasons": reasons_of(event.signals)} for event in events]
    return {"from_": start, "to": end, "items": items, "next_cursor": next_cursor,
            "counts": {key: int(value or 0) for key, value in row._mapping.items()}}


def queue_queries(ward, args, start, end):
    """The queue's two statements on the index on (ward, time, signals): the counts
    ({"all": n, "any": n, reason: n, ...}, read from the index alone unless an author, group,
    kind or review filter is set) and the events, newest first."""
    base = [Event.ward_id == ward.id, Event.deleted.is_(False),
            Event.occurred_at >= local_midnight_utc(start),
            Event.occurred_at < local_midnight_utc(end), *event_filters(args)]
    counts = select(func.count().label("all"),
                    *(func.count().filter(has_signal(name)).label(name) for name in ("any", *BITS)))
    page = select(Event).where(*base).order_by(Event.occurred_at.desc(), Event.id.desc())
    if args.get("reason"):
        page = page.where(has_signal(args["reason"]))
    return counts.select_from(Event).where(*base), page
