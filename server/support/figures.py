"""What each channel yields in a period, beside field work: every support point (its sessions),
every QR board (its scans per day) and every platform of digital posts.

Periods are half-open local days [start, end), as everywhere (DESIGN.md §5); deleted events
never count."""
from datetime import timedelta

from sqlalchemy import func, select

from ..extensions import db
from ..outreach.models import PLATFORMS, Event
from ..periods import local_today
from ..timeutil import local_midnight_utc
from .models import WEEKDAYS, QrBoard, QrScanDay
from .scans import counter
from .service import list_points

SESSION_SUMS = ("people_assisted", "vneid_installs", "vneid_activations", "dvc_filings")
POST_SUMS = ("online_reach", "vneid_installs", "vneid_activations", "dvc_filings")


def channel_figures(ward, start, end):
    """{points, boards, platforms, scans_total} of the ward for [start, end)."""
    boards = board_figures(ward, start, end)
    return {"ward_id": ward.id, "from_": start, "to": end,
            "points": point_figures(ward, start, end), "boards": boards,
            "platforms": platform_figures(ward, start, end),
            "scans_total": sum(board["scans"] for board in boards)}


def _event_sums(ward, start, end, kind, key, names):
    """{key value: [events, *sums of names]} of the ward's live events of `kind` in the period."""
    columns = [func.count(), *(func.coalesce(func.sum(getattr(Event, n)), 0) for n in names)]
    rows = db.session.execute(
        select(key, *columns).where(
            Event.ward_id == ward.id, Event.occurred_at >= local_midnight_utc(start),
            Event.occurred_at < local_midnight_utc(end), Event.kind == kind,
            Event.deleted.is_(False)).group_by(key)).all()
    return {row[0]: [int(value) for value in row[1:]] for row in rows}


def point_figures(ward, start, end):
    """Every point of the ward (archived ones too, when they had sessions) with its sessions'
    sums, its hours open in the period (up to today) and what each of those hours yielded."""
    sums = _event_sums(ward, start, end, "support_session", Event.support_point_id, SESSION_SUMS)
    rows = []
    for point in list_points(ward, include_archived=True):
        if not point.active and point.id not in sums:
            continue
        sessions, *values = sums.get(point.id, [0] * (len(SESSION_SUMS) + 1))
        hours = open_hours(point.opening_hours, start, end)
        figures = dict(zip(SESSION_SUMS, values))
        rows.append({"id": point.id, "name": point.name, "kind": point.kind, "lat": point.lat,
                     "lon": point.lon, "active": point.active, "sessions": sessions, **figures,
                     "open_hours": hours,
                     "people_per_open_hour": _per(figures["people_assisted"], hours),
                     "activations_per_open_hour": _per(figures["vneid_activations"], hours)})
    return rows


def _per(value, hours):
    return round(value / hours, 2) if hours else None


def open_hours(opening_hours, start, end):
    """Hours a weekly schedule is open over the local days [start, end), not past today."""
    stop = min(end, local_today() + timedelta(days=1))
    weekly = [_day_hours(opening_hours.get(day, [])) for day in WEEKDAYS]
    total, day = 0.0, start
    while day < stop:
        total += weekly[day.weekday()]
        day += timedelta(days=1)
    return round(total, 2)


def _day_hours(spans):
    return sum(_minutes(close) - _minutes(opening) for opening, close in spans) / 60


def _minutes(text):
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def board_figures(ward, start, end):
    """Every board of the ward with its scans in the period, in all and per day."""
    counter().flush()
    days = db.session.execute(
        select(QrScanDay.board_id, QrScanDay.day, QrScanDay.scans)
        .join(QrBoard, QrBoard.id == QrScanDay.board_id)
        .where(QrBoard.ward_id == ward.id, QrScanDay.day >= start, QrScanDay.day < end)
        .order_by(QrScanDay.day)).all()
    by_board = {}
    for board_id, day, scans in days:
        by_board.setdefault(board_id, []).append({"day": day, "scans": scans})
    rows = []
    for board in db.session.scalars(select(QrBoard).where(QrBoard.ward_id == ward.id)
                                    .order_by(QrBoard.name, QrBoard.id)):
        per_day = by_board.get(board.id, [])
        rows.append({"id": board.id, "name": board.name, "code": board.code, "lat": board.lat,
                     "lon": board.lon, "group_id": board.group_id,
                     "support_point_id": board.support_point_id,
                     "retired": board.retired_at is not None,
                     "scans": sum(d["scans"] for d in per_day), "scans_by_day": per_day})
    return rows


def platform_figures(ward, start, end):
    """Each platform's digital posts (every platform listed; posts naming none last)."""
    sums = _event_sums(ward, start, end, "digital_post", Event.platform, POST_SUMS)
    rows = []
    for platform in (*PLATFORMS, None):
        if platform is None and platform not in sums:
            continue
        posts, *values = sums.get(platform, [0] * (len(POST_SUMS) + 1))
        rows.append({"platform": platform, "posts": posts, **dict(zip(POST_SUMS, values))})
    return rows
