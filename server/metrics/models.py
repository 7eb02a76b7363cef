"""What the dashboards read: daily rollups of events, monthly filing statistics, and targets."""
from datetime import date, datetime

from sqlalchemy import Date, Float, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..outreach.counts import COUNT_FIELDS, CountColumns
from ..timeutil import utcnow

# The summed measures of a rollup row, in column order: the event count, minutes, every count.
MEASURES = ("events", "duration_min", *COUNT_FIELDS)
# The key of a rollup row. `group_key` is the group's id, or 0 for a ward-wide event, so that the
# key has no NULL in it and one upsert target serves both.
ROLLUP_KEY = ("ward_id", "local_date", "group_key", "kind", "author_id")
MONTH_ROLLUP_KEY = ("ward_id", "month", "group_key", "kind", "author_id")
WARD_DAY_KEY = ("ward_id", "local_date")

# The residence procedures the reporting chain counts one by one, and `residence`, the four
# together, for sources that do not split them: a month holds either, never both.
RESIDENCE_PROCEDURES = ("permanent_residence", "temporary_residence", "temporary_absence",
                        "stay_notice")
SERVICE_GROUPS = (*RESIDENCE_PROCEDURES, "residence", "id_card", "other_mps", "other")
# The national floors of the online share (DESIGN.md §3). `residence` takes the lowest floor of
# its procedures (a combined figure cannot be held to stay notices' 100 %), `id_card` the floor of
# the Ministry's services it belongs to, `overall` the same 30 %.
NATIONAL_FLOORS = {"permanent_residence": 30.0, "temporary_residence": 50.0,
                   "temporary_absence": 70.0, "stay_notice": 100.0, "residence": 30.0,
                   "id_card": 30.0, "other_mps": 30.0, "other": 20.0, "overall": 30.0}
RATE_GROUPS = (*SERVICE_GROUPS, "overall")
RATE_TARGETS = {f"dvc_rate_{group}": (None if group == "overall" else group)
                for group in RATE_GROUPS}
COUNT_TARGETS = ("events", *COUNT_FIELDS)
TARGET_KINDS = (*COUNT_TARGETS, "coverage_pct", *RATE_TARGETS)


class RollupColumns(CountColumns):
    """A model mixin: the rest of a rollup row's key after its ward and day or month (the mixin's
    columns come after the class's own, so the key keeps that order), and its sums."""

    group_key: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("residential_groups.id"))
    province_id: Mapped[int] = mapped_column(ForeignKey("provinces.id"))
    events: Mapped[int] = mapped_column(Integer, default=0)
    duration_min: Mapped[int] = mapped_column(Integer, default=0)


class EventRollup(RollupColumns, db.Model):
    """Σ of the live events of one author, of one kind, in one group (or ward-wide), on one local
    day, every count (`CountColumns`) summed. Kept in the transaction of every event write by
    `rollups.on_events_changed`."""

    __tablename__ = "event_rollups"
    __table_args__ = (
        Index("ix_event_rollups_province_date", "province_id", "local_date"),
    )

    ward_id: Mapped[int] = mapped_column(ForeignKey("wards.id"), primary_key=True)
    local_date: Mapped[date] = mapped_column(Date, primary_key=True)


class EventMonthRollup(RollupColumns, db.Model):
    """The daily rollups of one calendar month summed: Σ of the live events of one author, of one
    kind, in one group (or ward-wide), in the month starting on `month`. Kept in the same
    transaction as `EventRollup` (`rollups.on_events_changed`), so that periods covering whole
    months read a twelfth of a year's rows."""

    __tablename__ = "event_month_rollups"
    __table_args__ = (
        Index("ix_event_month_rollups_province_month", "province_id", "month"),
    )

    ward_id: Mapped[int] = mapped_column(ForeignKey("wards.id"), primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True)  # the first day of the month


class WardDayRollup(CountColumns, db.Model):
    """The daily rollups of one ward and local day summed over groups, kinds and authors: what a
    period's week-by-week figures read (a year is 365 rows, however busy the ward). Kept in the
    same transaction as `EventRollup`."""

    __tablename__ = "ward_day_rollups"
    __table_args__ = (
        Index("ix_ward_day_rollups_province_date", "province_id", "local_date"),
    )

    ward_id: Mapped[int] = mapped_column(ForeignKey("wards.id"), primary_key=True)
    local_date: Mapped[date] = mapped_column(Date, primary_key=True)
    province_id: Mapped[int] = mapped_column(ForeignKey("provinces.id"))
    events: Mapped[int] = mapped_column(Integer, default=0)
    duration_min: Mapped[int] = mapped_column(Integer, default=0)


class FilingStat(db.Model):
    """Dossiers a ward received in one month for one service group: the outcome outreach moves."""

    __tablename__ = "filing_stats"
    __table_args__ = (
        UniqueConstraint("ward_id", "month", "service_group", name="uq_filing_stats_ward_month_group"),
        Index("ix_filing_stats_province_month", "province_id", "month"),
        # The national picture reads a month of every province from this index alone.
        Index("ix_filing_stats_month_cover", "month", "province_id", "service_group", "ward_id",
              "total", "online", "in_person"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("wards.id"))
    province_id: Mapped[int] = mapped_column(ForeignKey("provinces.id"))
    month: Mapped[date] = mapped_column(Date)  # the first day of the month
    service_group: Mapped[str] = mapped_column(String(24))
    total: Mapped[int] = mapped_column(Integer)
    online: Mapped[int] = mapped_column(Integer)
    in_person: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(16), default="manual")  # manual | import
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    @property
    def inconsistent(self):
        """Real exports do not always add up; the figures are kept as given and flagged."""
        return self.online + self.in_person != self.total


class Target(db.Model):
    """Chỉ tiêu: a value a ward means to reach over a period [period_from, period_to)."""

    __tablename__ = "targets"
    __table_args__ = (
        UniqueConstraint("ward_id", "kind", "period_from", "period_to", name="uq_targets_ward_kind_period"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("wards.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    value: Mapped[float] = mapped_column(Float)
    period_from: Mapped[date] = mapped_column(Date)
    period_to: Mapped[date] = mapped_column(Date)  # exclusive
    note: Mapped[str | None] = mapped_column(String(200))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class EidStat(db.Model):
    """Level-2 VNeID accounts of a ward in one month: residents eligible and accounts activated so
    far (the reporting chain's figure, beside the activations outreach assisted)."""

    __tablename__ = "eid_stats"
    __table_args__ = (
        UniqueConstraint("ward_id", "month", name="uq_eid_stats_ward_month"),
        Index("ix_eid_stats_province_month", "province_id", "month"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("wards.id"))
    province_id: Mapped[int] = mapped_column(ForeignKey("provinces.id"))
    month: Mapped[date] = mapped_column(Date)  # the first day of the month
    eligible: Mapped[int] = mapped_column(Integer)
    activated: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(16), default="manual")  # manual | import
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ProvinceRateTarget(db.Model):
    """A province's own default target for the online share of a service group (or `overall`):
    it applies to every ward of the province without a target of its own, in place of the
    national floor."""

    __tablename__ = "province_rate_targets"
    __table_args__ = (
        UniqueConstraint("province_id", "service_group", name="uq_province_rate_targets_group"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    province_id: Mapped[int] = mapped_column(ForeignKey("provinces.id"))
    service_group: Mapped[str] = mapped_column(String(24))
    target_pct: Mapped[float] = mapped_column(Float)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
