"""Reads that may come from a PostgreSQL streaming replica (DATABASE_REPLICA_URL).

A view that only reads what users wait for (dashboard, map, ranking, report, export) carries
`@reads_replica` under its `@access`: once the caller is authenticated on the primary (so a
revoked login is refused at once), its plain SELECTs go to the replica (extensions.Session), while
it answers and is at most REPLICA_MAX_LAG_S behind; otherwise, and for every write, flush or
locking read, to the primary. Everything else, and whatever must read its own writes, reads the
primary. Each process measures the replica's lag at most every REPLICA_CHECK_S seconds.
"""
import threading
import time
from functools import wraps

from flask import current_app, g
from sqlalchemy import create_engine, text
from sqlalchemy.exc import SQLAlchemyError

# Nothing waiting to be replayed: no lag; otherwise the age of the last transaction replayed.
LAG = text("SELECT CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0 "
           "ELSE EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()) END")


class Replica:
    def __init__(self, url, max_lag_s, check_every_s):
        self.engine = create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 2})
        self.max_lag_s, self.check_every_s = max_lag_s, check_every_s
        self._lock, self._checked_at, self._usable = threading.Lock(), None, False

    def usable(self):
        """True while the replica answers and is no more than max_lag_s behind."""
        with self._lock:
            now = time.monotonic()
            if self._checked_at is None or now - self._checked_at >= self.check_every_s:
                self._usable, self._checked_at = self._measure(), now
            return self._usable

    def _measure(self):
        try:
            with self.engine.connect() as conn:
                lag = conn.scalar(LAG)
        except SQLAlchemyError:
            return False
        return lag is not None and float(lag) <= self.max_lag_s


def init_app(app):
    url = app.config.get("DATABASE_REPLICA_URL")
    app.teardown_request(_forget_choice)  # after a streamed answer too
    app.extensions["replica"] = Replica(url, app.config["REPLICA_MAX_LAG_S"],
                                        app.config["REPLICA_CHECK_S"]) if url else None


def _forget_choice(_error=None):
    """The choice is the request's: an app context that outlives it never carries it on."""
    g.pop("read_engine", None)


def reads_replica(view):
    """Send the view's reads to the replica when it is usable (see the module's docstring)."""
    @wraps(view)
    def replica_reader(*args, **kwargs):
        replica = current_app.extensions.get("replica")
        if replica is not None and replica.usable():
            g.read_engine = replica.engine
        return view(*args, **kwargs)

    return replica_reader
