"""A month of a ward closed (chốt số liệu) once its report was sent upward."""
from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..timeutil import utcnow


class PeriodClosure(db.Model):
    """One row per ward and month ever closed. `closed` says whether it is closed now; the
    last closing and reopening are kept here, every one of them in the audit log."""

    __tablename__ = "period_closures"
    __table_args__ = (UniqueConstraint("ward_id", "month", name="uq_period_closures_ward_month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("wards.id"))
    month: Mapped[date] = mapped_column(Date)  # its first day, local calendar
    closed: Mapped[bool] = mapped_column(Boolean, default=True)
    closed_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reopened_at: Mapped[datetime | None]
    reopened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reopen_reason: Mapped[str | None] = mapped_column(String(500))
    # The month's report as it was when closed (figures, tables, summary), served while closed;
    # built and read by server/reports.
    snapshot: Mapped[dict | None] = mapped_column(JSON)

    ward = relationship("Ward")
    closed_by = relationship("User", foreign_keys=[closed_by_id])
    reopened_by = relationship("User", foreign_keys=[reopened_by_id])
