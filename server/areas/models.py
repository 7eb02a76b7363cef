"""Administrative units: province → ward (xã/phường/đặc khu) → residential group."""
from datetime import date, datetime

from sqlalchemy import JSON, Date, Float, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..timeutil import utcnow

GROUP_KINDS = ("to_dan_pho", "thon", "ap", "khu_pho", "ban", "other")
LINK_OPS = ("merge", "split")


class Province(db.Model):
    __tablename__ = "provinces"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(8), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    short_name: Mapped[str] = mapped_column(String(120))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)

    wards: Mapped[list["Ward"]] = relationship(back_populates="province")


class Ward(db.Model):
    __tablename__ = "wards"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(8), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(20))
    province_id: Mapped[int] = mapped_column(ForeignKey("provinces.id"), index=True)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    area_km2: Mapped[float | None] = mapped_column(Float)

    province: Mapped[Province] = relationship(back_populates="wards")
    groups: Mapped[list["ResidentialGroup"]] = relationship(back_populates="ward")


class ResidentialGroup(db.Model):
    """Tổ dân phố / thôn / ấp / khu phố: where outreach happens and coverage is measured."""

    __tablename__ = "residential_groups"
    __table_args__ = (UniqueConstraint("ward_id", "code", name="uq_group_ward_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("wards.id"), index=True)
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(20), default="to_dan_pho")
    households_total: Mapped[int] = mapped_column(Integer, default=0)
    population: Mapped[int] = mapped_column(Integer, default=0)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    boundary: Mapped[dict | None] = mapped_column(JSON)
    # The officer (or volunteer) in charge of the group: their area is the groups they answer for.
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # In force on the local days [valid_from, valid_to); None: since the beginning, still now.
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)

    ward: Mapped[Ward] = relationship(back_populates="groups")
    predecessors: Mapped[list["ResidentialGroup"]] = relationship(
        secondary="group_links", primaryjoin="ResidentialGroup.id == GroupLink.successor_id",
        secondaryjoin="ResidentialGroup.id == GroupLink.predecessor_id", viewonly=True,
        order_by="ResidentialGroup.id")
    successors: Mapped[list["ResidentialGroup"]] = relationship(
        secondary="group_links", primaryjoin="ResidentialGroup.id == GroupLink.predecessor_id",
        secondaryjoin="ResidentialGroup.id == GroupLink.successor_id", viewonly=True,
        order_by="ResidentialGroup.id")

    def in_force(self, day):
        """Whether the group is in force on the local day `day`."""
        return ((self.valid_from is None or self.valid_from <= day)
                and (self.valid_to is None or day < self.valid_to))


class GroupLink(db.Model):
    """A stopped group and one group that took its place: by a merge (the successor carries
    its events) or a split (it starts afresh)."""

    __tablename__ = "group_links"

    predecessor_id: Mapped[int] = mapped_column(ForeignKey("residential_groups.id"),
                                                primary_key=True)
    successor_id: Mapped[int] = mapped_column(ForeignKey("residential_groups.id"),
                                              primary_key=True, index=True)
    op: Mapped[str] = mapped_column(String(8))
    effective_on: Mapped[date] = mapped_column(Date)


class GroupName(db.Model):
    """The code and name a group had before a rename that took effect on `until`."""

    __tablename__ = "group_names"
    __table_args__ = (UniqueConstraint("group_id", "until", name="uq_group_names_group_until"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("residential_groups.id"))
    until: Mapped[date] = mapped_column(Date)
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(120))
