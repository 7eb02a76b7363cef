"""Local calendar helpers: periods are half-open [from, to) in Vietnamese local days."""
import re
from datetime import date, datetime, timedelta

from .errors import Invalid
from .timeutil import LOCAL_TZ

MAX_PERIOD_DAYS = 366
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def local_today():
    """Today's date in Vietnam, whatever the server's clock zone."""
    return datetime.now(LOCAL_TZ).date()


def month_start(day):
    return day.replace(day=1)


def next_month(day):
    """The first day of the month after `day`'s."""
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def previous_month(day):
    """The first day of the month before `day`'s."""
    return (day.replace(day=1) - timedelta(days=1)).replace(day=1)


def months_between(start, end):
    """First days of every month that overlaps [start, end)."""
    months, month = [], month_start(start)
    while month < end:
        months.append(month)
        month = next_month(month)
    return months


def split_period(start, end):
    """[start, end) as its whole calendar months and the days around them: ([(from, to) of each
    partial edge], (first month, end of the last month) or None when no month is whole)."""
    first, last = start if start.day == 1 else next_month(start), month_start(end)
    if first >= last:
        return [(start, end)], None
    return [(a, b) for a, b in ((start, first), (last, end)) if a < b], (first, last)


def parse_month(text, name="month"):
    """'YYYY-MM' → the month's first day, or a clear 422."""
    match = _MONTH.match(text or "")
    if match and 2000 <= int(match[1]) <= 2100 and 1 <= int(match[2]) <= 12:
        return date(int(match[1]), int(match[2]), 1)
    raise Invalid("Tháng phải có dạng YYYY-MM (month must be YYYY-MM).", {name: ["invalid_month"]})


def format_month(day):
    return f"{day.year:04d}-{day.month:02d}"


def resolve_period(start=None, end=None):
    """The period asked for, this month by default; `to` is exclusive. Refuses empty or over-long
    periods with a 422."""
    if start is None and end is None:
        start = month_start(local_today())
        end = next_month(start)
    elif end is None:
        end = max(local_today() + timedelta(days=1), start + timedelta(days=1))
    elif start is None:
        start = month_start(end - timedelta(days=1))
    return check_period(start, end)


def check_period(start, end, max_days=MAX_PERIOD_DAYS):
    """(start, end) when [start, end) is a period of 1 to max_days days, else a 422."""
    if start >= end:
        raise Invalid("'from' phải trước 'to' (from must be before to).", {"to": ["before_from"]})
    if (end - start).days > max_days:
        raise Invalid(f"Khoảng thời gian tối đa {max_days} ngày.", {"to": ["period_too_long"]})
    return start, end


def is_whole_month(start, end):
    """Whether [start, end) is exactly one calendar month."""
    return start.day == 1 and next_month(start) == end


def iso_week(day):
    """'2025-W27': the ISO week of a local day."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_start(day):
    return day - timedelta(days=day.weekday())
