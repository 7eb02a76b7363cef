"""The channels as terms of a province's "what works" beside the kinds of outreach: what each ward
did through its QR boards, its support points and each platform of digital posts in a month.

A term is the ward's amount in a local month divided by `per`, per 1,000 households (metrics
divides): scans of its boards, support sessions held at one of its points, and the reach of its
digital posts on one platform (per 1,000 people reached, so a slope reads in useful units).
Deleted events never count.
"""
from collections import namedtuple

from sqlalchemy import func, select

from ..areas.models import Ward
from ..extensions import db
from ..outreach.models import PLATFORMS, Event
from ..periods import next_month
from ..timeutil import local_midnight_utc
from .models import QrBoard, QrScanDay
from .scans import counter

# name; noun of the channel; noun of one unit of the term; label in tables and screens; divisor
Term = namedtuple("Term", "name noun unit label per")
PLATFORM_NAMES = dict(zip(PLATFORMS, ("Zalo", "Facebook", "loa phát thanh",
                                      "trang thông tin điện tử", "nền tảng khác")))
CHANNEL_TERMS = (
    Term("qr_scans", "lượt quét bảng QR", "1 lượt quét bảng QR", "Quét bảng QR", 1),
    Term("point_sessions", "buổi hỗ trợ tại điểm hỗ trợ cố định",
         "1 buổi hỗ trợ tại điểm hỗ trợ cố định", "Buổi hỗ trợ tại điểm cố định", 1),
    *(Term(f"reach_{p}", f"lượt tiếp cận qua {name}", f"1.000 lượt tiếp cận qua {name}",
           f"Tiếp cận qua {name}", 1000) for p, name in PLATFORM_NAMES.items()),
)


def channel_months(province_id, months):
    """{(ward id, month, term name): amount / per} of the province's wards for each month."""
    counter().flush()  # this process's pending scans count too
    per = {t.name: t.per for t in CHANNEL_TERMS}
    found = {}
    for month in months:
        for ward_id, name, amount in (*_scans(province_id, month), *_events(province_id, month)):
            if amount:
                found[ward_id, month, name] = found.get((ward_id, month, name), 0) + amount / per[name]
    return found


def _scans(province_id, month):
    """(ward id, "qr_scans", scans) of the month, per ward."""
    rows = db.session.execute(
        select(QrBoard.ward_id, func.sum(QrScanDay.scans))
        .join(QrBoard, QrBoard.id == QrScanDay.board_id).join(Ward, Ward.id == QrBoard.ward_id)
        .where(Ward.province_id == province_id, QrScanDay.day >= month,
               QrScanDay.day < next_month(month))
        .group_by(QrBoard.ward_id))
    return [(ward_id, "qr_scans", int(scans or 0)) for ward_id, scans in rows]


def _events(province_id, month):
    """(ward id, term name, amount) of the month's sessions at a point and posts' reach."""
    rows = db.session.execute(
        select(Event.ward_id, Event.kind, Event.platform, func.count(Event.support_point_id),
               func.coalesce(func.sum(Event.online_reach), 0))
        .where(Event.province_id == province_id,
               Event.occurred_at >= local_midnight_utc(month),
               Event.occurred_at < local_midnight_utc(next_month(month)),
               Event.kind.in_(("support_session", "digital_post")), Event.deleted.is_(False))
        .group_by(Event.ward_id, Event.kind, Event.platform))
    return [(ward_id, "point_sessions", int(at_point)) if kind == "support_session"
            else (ward_id, f"reach_{platform or 'other'}", int(reach))
            for ward_id, kind, platform, at_point, reach in rows]
