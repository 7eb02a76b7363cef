"""Counters every process shares when there is no Redis: the rate limiter's storage in the database.

flask-limiter keeps its counters (failed logins per pair and per address, and the username
slow-down of auth/throttle.py) in RATELIMIT_STORAGE_URI: REDIS_URL when set, otherwise
`database://`, this storage: one row per key in the app's own database, each change in a short
transaction of its own (a refused login's rollback never takes its count back). Either way every
process and machine sees the same counts; never one process's memory.
"""
import time

from limits.storage import Storage
from sqlalchemy import Float, Integer, String, case, delete, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, mapped_column

from .extensions import db

DATABASE_URI = "database://"
_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


class RateCounter(db.Model):
    __tablename__ = "rate_counters"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    count: Mapped[int] = mapped_column(Integer)
    expires_at: Mapped[float] = mapped_column(Float, index=True)  # seconds since the epoch


class DatabaseStorage(Storage):
    """limits' Storage on the `rate_counters` table of the current app's database."""

    STORAGE_SCHEME = ["database"]

    @property
    def base_exceptions(self):
        return SQLAlchemyError

    def incr(self, key, expiry, amount=1):
        """Add `amount` to the key's window, starting a new one of `expiry` seconds if it ended."""
        return self.incr_many({key: amount}, expiry)[key]

    def incr_many(self, amounts, expiry):
        """incr() of every key of {key: amount}, in one transaction: {key: its count now}."""
        now, counts = time.time(), {}
        with db.engine.begin() as conn:
            for key, amount in amounts.items():
                counts[key] = conn.execute(_upsert(key, amount, now, expiry)).scalar_one()
        if any(counts[key] == amount for key, amount in amounts.items()):
            # a new window: sweep the ended ones (own transaction, no deadlock)
            with db.engine.begin() as conn:
                conn.execute(delete(RateCounter.__table__).where(
                    RateCounter.__table__.c.expires_at <= now))
        return counts

    def get(self, key):
        table = RateCounter.__table__
        with db.engine.connect() as conn:
            count = conn.scalar(select(table.c.count).where(
                table.c.key == key, table.c.expires_at > time.time()))
        return count or 0

    def get_expiry(self, key):
        table = RateCounter.__table__
        with db.engine.connect() as conn:
            expires = conn.scalar(select(table.c.expires_at).where(table.c.key == key))
        return expires or time.time()

    def check(self):
        try:
            with db.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            return True
        except SQLAlchemyError:
            return False

    def reset(self):
        with db.engine.begin() as conn:
            return conn.execute(delete(RateCounter.__table__)).rowcount

    def clear(self, key):
        with db.engine.begin() as conn:
            conn.execute(delete(RateCounter.__table__).where(RateCounter.__table__.c.key == key))


def _upsert(key, amount, now, expiry):
    table = RateCounter.__table__
    ended = table.c.expires_at <= now
    upsert = _INSERTS[db.engine.dialect.name](table).values(
        key=key, count=amount, expires_at=now + expiry)
    return upsert.on_conflict_do_update(index_elements=[table.c.key], set_={
        "count": case((ended, amount), else_=table.c.count + amount),
        "expires_at": case((ended, now + expiry), else_=table.c.expires_at),
    }).returning(table.c.count)
