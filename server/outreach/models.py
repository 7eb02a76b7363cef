"""The outreach event: one thing done at one time in one residential group."""
from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, Float, ForeignKey, Index, Integer, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..timeutil import utcnow
from .counts import COUNT_FIELDS, CountColumns

KINDS = ("meeting", "household_visit", "support_session", "leaflet_drop", "digital_post")
# Where a digital post went out (loudspeaker: the ward's loa phát thanh).
PLATFORMS = ("zalo", "facebook", "loudspeaker", "website", "other")
# The count each kind must report (≥ 1); a digital post counts as one post even with no reach.
MAIN_COUNT = {
    "meeting": "attendees",
    "household_visit": "households_visited",
    "support_session": "people_assisted",
    "leaflet_drop": "leaflets",
    "digital_post": None,
}
# A commander's review of an event, and what the lists filter by ("none": not reviewed yet).
REVIEW_STATUSES = ("accepted", "returned")
REVIEW_FILTERS = ("none", *REVIEW_STATUSES)
# The data-quality signals of the review queue, in the order it shows them (checks.py says how
# each is computed; `Event.signals` keeps them as bits in this order).
QUALITY_REASONS = ("far_from_group", "no_location", "households_too_fast", "assists_too_fast",
                   "no_duration", "too_long", "overlaps")
CONTENT_FIELDS = ("kind", "group_id", "occurred_at", "duration_min", *COUNT_FIELDS,
                  "lat", "lon", "accuracy_m", "note", "campaign_id",
                  "support_point_id", "platform", "deleted")
# What the review queue counts per row of its count rollups: every event ("all"), those with a
# signal ("any"), and those with each signal.
QUEUE_COUNTS = ("all", "any", *QUALITY_REASONS)


class Event(CountColumns, db.Model):
    """One outreach event; its counts (COUNT_FIELDS) are the columns of `CountColumns`."""

    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_group_occurred", "group_id", "occurred_at"),
        Index("ix_events_ward_review", "ward_id", "review_status"),
        # The coverage map's points: every column it reads, so the index alone answers.
        Index("ix_events_map_points", "ward_id", "local_date", "occurred_at", "deleted", "kind",
              "group_id", "lat", "lon"),
        # The review queue: a period's events of a ward filtered and counted by signal from the
        # index alone.
        Index("ix_events_ward_signals", "ward_id", "occurred_at", "signals", "deleted"),
        # The keyset pages of the list and its export (a ward's, a province's, an officer's):
        # newest first, by time then id.
        Index("ix_events_ward_occurred_id", "ward_id", "occurred_at", "id"),
        Index("ix_events_province_occurred_id", "province_id", "occurred_at", "id"),
        Index("ix_events_author_occurred_id", "author_id", "occurred_at", "id"),
        # The channels' figures (support points' sessions, platforms' posts) from the index alone.
        Index("ix_events_channels", "ward_id", "kind", "occurred_at", "deleted", "support_point_id",
              "platform", "people_assisted", "online_reach", "vneid_installs", "vneid_activations",
              "dvc_filings"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # UUID made by the phone
    province_id: Mapped[int] = mapped_column(ForeignKey("provinces.id"), index=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("wards.id"))
    group_id: Mapped[int | None] = mapped_column(ForeignKey("residential_groups.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(20))
    occurred_at: Mapped[datetime]  # naive UTC
    utc_offset_min: Mapped[int] = mapped_column(Integer, default=420)
    local_date: Mapped[date] = mapped_column(Date)  # the day in Vietnam, for buckets
    duration_min: Mapped[int] = mapped_column(Integer, default=0)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    accuracy_m: Mapped[float | None] = mapped_column(Float)
    distance_m: Mapped[float | None] = mapped_column(Float)  # from the group's centre
    note: Mapped[str | None] = mapped_column(String(500))
    # The campaign the event counts for (a package above outreach checks it: links.py).
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id"), index=True)
    # The support point a support session took place at (links.py checks it), and the platform
    # of a digital post.
    support_point_id: Mapped[int | None] = mapped_column(ForeignKey("support_points.id"))
    platform: Mapped[str | None] = mapped_column(String(12))
    flags: Mapped[list] = mapped_column(JSON, default=list)
    # The data-quality signals, one bit per QUALITY_REASONS entry (checks.py), stored on write.
    signals: Mapped[int] = mapped_column(SmallInteger, default=0, server_default="0")
    version: Mapped[int] = mapped_column(Integer, default=1)
    # The phone's own count of changes to this event (the `rev` it sends): an upload without a
    # base_version older than the one stored is a late copy of an earlier change, not an edit.
    client_rev: Mapped[int | None] = mapped_column(Integer)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    deleted_at: Mapped[datetime | None]
    device_id: Mapped[str | None] = mapped_column(String(64))
    # The commander's review: None (not reviewed), 'accepted' or 'returned' (with a comment, back
    # to its author to correct). An edit by the author after a return clears it.
    review_status: Mapped[str | None] = mapped_column(String(10))
    review_comment: Mapped[str | None] = mapped_column(String(500))
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reviewed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    group = relationship("ResidentialGroup")
    author = relationship("User", foreign_keys=[author_id])
    reviewed_by = relationship("User", foreign_keys=[reviewed_by_id])


class QueueCountColumns:
    """A model mixin: the end of a review-queue count row's key (the review status, "none" when
    not reviewed, and one of QUEUE_COUNTS) and how many live events it counts."""

    review_key: Mapped[str] = mapped_column(String(10), primary_key=True)
    signal: Mapped[str] = mapped_column(String(20), primary_key=True)
    events: Mapped[int] = mapped_column(Integer, default=0)


class ReviewDayCount(QueueCountColumns, db.Model):
    """How many live events of one author, in one group (0: ward-wide), of one kind, on one local
    day, with one review status, are counted under one of QUEUE_COUNTS: what the review queue's
    counts read when a group or kind filter is set. Kept in the transaction of every
    event write (queue_counts.py)."""

    __tablename__ = "review_day_counts"
    __table_args__ = (
        Index("ix_review_day_counts_author_date", "author_id", "local_date"),
    )

    ward_id: Mapped[int] = mapped_column(ForeignKey("wards.id"), primary_key=True)
    local_date: Mapped[date] = mapped_column(Date, primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    group_key: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)


class ReviewAuthorDayCount(QueueCountColumns, db.Model):
    """`ReviewDayCount` summed over groups and kinds: what the counts read when only an author
    filter is set (at most 27 rows an author a day, however many events that author logs). Its
    key starts with the author so that one author's days are read together. Kept in the same
    transaction."""

    __tablename__ = "review_author_day_counts"

    ward_id: Mapped[int] = mapped_column(ForeignKey("wards.id"), primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    local_date: Mapped[date] = mapped_column(Date, primary_key=True)


class ReviewWardDayCount(QueueCountColumns, db.Model):
    """`ReviewDayCount` summed over authors, groups and kinds: what the counts read otherwise (at
    most 27 rows a day, however busy the ward). Kept in the same transaction."""

    __tablename__ = "review_ward_day_counts"

    ward_id: Mapped[int] = mapped_column(ForeignKey("wards.id"), primary_key=True)
    local_date: Mapped[date] = mapped_column(Date, primary_key=True)
