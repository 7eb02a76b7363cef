"""Time helpers. Stored datetimes are naive UTC; local buckets are Asia/Ho_Chi_Minh."""
from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def utcnow():
    """Now as naive UTC, the form every DateTime column stores."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def to_naive_utc(value: datetime) -> datetime:
    return value.astimezone(timezone.utc).replace(tzinfo=None)


def as_utc(value: datetime | None) -> datetime | None:
    """A stored naive-UTC datetime as an aware one, for output."""
    if value is None:
        return None
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value


def local_date(value: datetime) -> date:
    """The calendar day in Vietnam on which an instant falls."""
    return as_utc(value).astimezone(LOCAL_TZ).date()


def local_midnight_utc(day: date) -> datetime:
    """The naive-UTC instant at which a Vietnamese calendar day begins."""
    return to_naive_utc(datetime.combine(day, time(0), LOCAL_TZ))
