"""A ward's support points, its QR boards and the boards' scans per day."""
from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..timeutil import utcnow

POINT_KINDS = ("one_stop", "market", "school", "group_hall", "other")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class SupportPoint(db.Model):
    """A fixed place where people get help: the ward's one-stop desk, a market, a school.
    `opening_hours` is {weekday: [["HH:MM", "HH:MM"], ...]} for the days it opens."""

    __tablename__ = "support_points"

    id: Mapped[int] = mapped_column(primary_key=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("wards.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(20), default="other")
    address: Mapped[str | None] = mapped_column(String(200))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    opening_hours: Mapped[dict] = mapped_column(JSON, default=dict)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    ward = relationship("Ward")


class QrBoard(db.Model):
    """A printed board whose QR code opens `/q/<code>`, which counts the scan and redirects to
    `target_url`. A retired board's link says so instead of redirecting."""

    __tablename__ = "qr_boards"

    id: Mapped[int] = mapped_column(primary_key=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("wards.id"), index=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    target_url: Mapped[str] = mapped_column(String(500))
    group_id: Mapped[int | None] = mapped_column(ForeignKey("residential_groups.id"))
    support_point_id: Mapped[int | None] = mapped_column(ForeignKey("support_points.id"))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    retired_at: Mapped[datetime | None]

    ward = relationship("Ward")
    group = relationship("ResidentialGroup")
    support_point = relationship(SupportPoint)


class QrScanDay(db.Model):
    """How many counted scans a board had on one local day: nothing about who scanned."""

    __tablename__ = "qr_scan_days"

    board_id: Mapped[int] = mapped_column(ForeignKey("qr_boards.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    scans: Mapped[int] = mapped_column(Integer, default=0)
