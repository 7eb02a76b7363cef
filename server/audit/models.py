"""The audit log: one row per change, appended and never edited (the database refuses it)."""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..timeutil import utcnow

ACTIONS = ("create", "update", "delete", "restore", "close", "reopen", "rename", "merge", "split",
           "retire")
# "period": a ward's month closed (chốt số liệu) or reopened; entity_id is the month, YYYY-MM.
# "group": a residential group renamed, merged, split or retired (changes.effective_on).
ENTITIES = ("event", "user", "period", "group")


class AuditEntry(db.Model):
    """Who changed what (field: old → new), when, and from which device."""

    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_ward_at", "ward_id", "at"),
        Index("ix_audit_log_province_at", "province_id", "at"),
        Index("ix_audit_log_entity", "entity", "entity_id", "at"),
        # The keyset pages of the log: newest first, by id.
        Index("ix_audit_log_ward_id_id", "ward_id", "id"),
        Index("ix_audit_log_province_id_id", "province_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    entity: Mapped[str] = mapped_column(String(16))
    entity_id: Mapped[str] = mapped_column(String(36))
    action: Mapped[str] = mapped_column(String(16))
    version: Mapped[int | None] = mapped_column(Integer)
    ward_id: Mapped[int | None] = mapped_column(ForeignKey("wards.id"))
    province_id: Mapped[int | None] = mapped_column(ForeignKey("provinces.id"))
    changes: Mapped[dict] = mapped_column(JSON, default=dict)
    device_id: Mapped[str | None] = mapped_column(String(64))
    user_agent: Mapped[str | None] = mapped_column(String(255))
    remote_addr: Mapped[str | None] = mapped_column(String(45))

    actor = relationship("User")
