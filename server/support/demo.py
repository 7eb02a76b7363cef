"""The demo ward's channels: two support points that its support sessions took place at, and
the platforms of its digital posts, set on the events already seeded (no count changes)."""
from sqlalchemy import select

from ..extensions import db
from ..outreach.models import PLATFORMS, Event
from .models import SupportPoint

OFFICE_HOURS = {day: [["07:30", "11:30"], ["13:30", "17:00"]]
                for day in ("mon", "tue", "wed", "thu", "fri")}
MARKET_HOURS = {day: [["06:30", "10:30"]] for day in ("sat", "sun")}


def seed_channels(ward):
    """Add the points and name them on the ward's sessions (alternately) and a platform on each
    post (in turn); returns a line saying so."""
    points = [SupportPoint(ward_id=ward.id, name="Bộ phận một cửa Công an phường", kind="one_stop",
                           address="Trụ sở Công an phường", lat=ward.lat, lon=ward.lon,
                           opening_hours=OFFICE_HOURS, active=True),
              SupportPoint(ward_id=ward.id, name="Điểm hỗ trợ chợ Đầm", kind="market",
                           address="Chợ Đầm", lat=(ward.lat or 0) + 0.004,
                           lon=(ward.lon or 0) + 0.003, opening_hours=MARKET_HOURS, active=True)]
    db.session.add_all(points)
    db.session.flush()
    events = db.session.scalars(select(Event).where(Event.ward_id == ward.id)
                                .order_by(Event.occurred_at, Event.id)).all()
    sessions = [e for e in events if e.kind == "support_session"]
    posts = [e for e in events if e.kind == "digital_post"]
    for i, event in enumerate(sessions):
        event.support_point_id = points[i % 2].id
    for i, event in enumerate(posts):
        event.platform = PLATFORMS[i % 3]  # zalo, facebook, loudspeaker
    return (f"{len(points)} support points for {len(sessions)} sessions, "
            f"platforms on {len(posts)} posts.")
