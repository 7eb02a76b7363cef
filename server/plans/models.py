"""A commander's tasks and a ward's campaigns with their targets."""
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..timeutil import utcnow


class Task(db.Model):
    """Việc được giao: go to a group (and do a kind of event there) by a day; done once the
    assignee logs a matching event (service.py says which)."""

    __tablename__ = "tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("wards.id"), index=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("residential_groups.id"))
    assignee_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[str | None] = mapped_column(String(20))
    due_on: Mapped[date] = mapped_column(Date)
    starts_on: Mapped[date] = mapped_column(Date)  # the local day it was given: events count from it
    note: Mapped[str | None] = mapped_column(String(500))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    group = relationship("ResidentialGroup")
    assignee = relationship("User", foreign_keys=[assignee_id])


class Campaign(db.Model):
    """Đợt cao điểm: a ward's drive over local days [starts_on, ends_on], both included."""

    __tablename__ = "campaigns"

    id: Mapped[int] = mapped_column(primary_key=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("wards.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    ward = relationship("Ward")
    targets: Mapped[list["CampaignTarget"]] = relationship(
        back_populates="campaign", cascade="all, delete-orphan", order_by="CampaignTarget.kind")


class CampaignTarget(db.Model):
    """What a campaign means to reach: a sum of one count (or of events) over its tagged events."""

    __tablename__ = "campaign_targets"
    __table_args__ = (UniqueConstraint("campaign_id", "kind", name="uq_campaign_targets_kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    value: Mapped[int] = mapped_column(Integer)

    campaign: Mapped[Campaign] = relationship(back_populates="targets")
