"""Users and their sessions. A session is a refresh-token family: one login on one device."""
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..secretbox import decrypt_secret, encrypt_secret
from ..timeutil import utcnow


class User(db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(16))
    ward_id: Mapped[int | None] = mapped_column(ForeignKey("wards.id"), index=True)
    province_id: Mapped[int | None] = mapped_column(ForeignKey("provinces.id"), index=True)  # none: national
    # The ward the user last chose to look at (a view preference: an admin's screens open on it
    # after signing in again, since signing out forgets it on the phone).
    last_ward_id: Mapped[int | None] = mapped_column(ForeignKey("wards.id"))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Second factor (commanders, admins): the base32 secret, set when enrolment starts and in
    # force once confirmed, stored encrypted (`totp_secret` reads and writes it in the clear);
    # the last accepted time step, so a code is never accepted twice.
    totp_secret_encrypted: Mapped[str | None] = mapped_column("totp_secret", String(255))
    totp_confirmed_at: Mapped[datetime | None]
    totp_last_step: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    ward = relationship("Ward", foreign_keys=[ward_id])

    @property
    def totp_secret(self):
        stored = self.totp_secret_encrypted
        return decrypt_secret(stored) if stored else None

    @totp_secret.setter
    def totp_secret(self, plain):
        self.totp_secret_encrypted = encrypt_secret(plain) if plain else None


class TokenFamily(db.Model):
    """One login: every access and refresh token issued from it carries its id (`fam`)."""

    __tablename__ = "token_families"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    revoked_reason: Mapped[str | None] = mapped_column(String(32))
    user_agent: Mapped[str | None] = mapped_column(String(255))
    device_id: Mapped[str | None] = mapped_column(String(64))
    last_used_at: Mapped[datetime | None]


class RefreshToken(db.Model):
    """Each refresh token may be used once; a second use revokes its whole family."""

    __tablename__ = "refresh_tokens"

    jti: Mapped[str] = mapped_column(String(36), primary_key=True)
    family_id: Mapped[str] = mapped_column(ForeignKey("token_families.id"), index=True)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
