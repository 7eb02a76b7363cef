"""The ward's review queue: a period's events with their data-quality signals, newest first.

The signals are stored with each event when it is written (checks.py says which and how), so the
queue is filtered by a signal and paged on the index on (ward, time, signals), and the reasons
shown for an event are the very bits that selected it. Its counts are read from per-day count
rollups (queue_counts.py), a few rows a day however busy the ward.
"""
from datetime import timedelta

from sqlalchemy import select

from ..periods import check_period, local_today
from ..timeutil import local_midnight_utc
from .checks import has_signal, reasons_of
from .models import Event
from .queue_counts import counts_query, read_counts
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
    counts = read_counts(counts_query)
    # No event matches: the page is empty without walking the period's events for none.
    found = counts[args.get("reason") or "all"]
    events, next_cursor = fetch_page(page_query, args, empty=not found)
    items = [{"event": event, "reasons": reasons_of(event.signals)} for event in events]
    return {"from_": start, "to": end, "items": items, "next_cursor": next_cursor,
            "counts": counts}


def queue_queries(ward, args, start, end):
    """The queue's two statements: the counts ((signal, events) rows from the count rollups, under
    the same filters but the signal one) and the events, newest first, on the index on (ward,
    time, signals)."""
    base = [Event.ward_id == ward.id, Event.deleted.is_(False),
            Event.occurred_at >= local_midnight_utc(start),
            Event.occurred_at < local_midnight_utc(end), *event_filters(args)]
    page = select(Event).where(*base).order_by(Event.occurred_at.desc(), Event.id.desc())
    if args.get("reason"):
        page = page.where(has_signal(args["reason"]))
    return counts_query(ward.id, args, start, end), page
