"""Counting a board's scans without a database write per scan.

A public link answers at once; its scan (board, day, the scanner's address) goes into this
process's pending list, which a background thread weighs and writes every QR_SCAN_FLUSH_S
seconds, and which is written too before anyone reads the counts in this process and when the
process exits (SIGTERM included). Weighing: each address's scans of the round move its counter
in the rate limiter's shared storage (Redis, or the database: every address of the round in one
transaction) by their number in one step, and
only those within QR_SCANS_PER_ADDRESS count; the addresses are then dropped, so none outlives
the round in memory nor the limiter's window in storage. Writing: one transaction, an additive
upsert per board and day, so any number of processes add up exactly. A process killed outright
(SIGKILL, a crash) loses the scans of its last round, at most QR_SCAN_FLUSH_S seconds
(docs/operations.md). With QR_SCAN_FLUSH_S = 0 each scan is weighed and written as it comes
(the tests). The boards' codes are kept QR_BOARD_CACHE_S seconds so that a scan needs no query
either; a board retired here is forgotten at once, elsewhere within that time.
"""
import atexit
import threading
import time
from collections import Counter

from flask import current_app
from limits import parse
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from ..extensions import db, limiter
from .models import QrBoard, QrScanDay


class ScanCounter:
    """One app's pending scans [(board_id, day, address)], the weighed ones still to write
    {(board_id, day): n}, and its cache of boards by code."""

    def __init__(self, app):
        self.app, self.lock, self.flushing = app, threading.Lock(), threading.Lock()
        self.pending, self.weighed, self.boards = [], Counter(), {}
        self.flusher = None

    def add(self, board_id, day, address):
        with self.lock:
            self.pending.append((board_id, day, address))
        if self.app.config["QR_SCAN_FLUSH_S"] <= 0:
            self.flush()
        elif self.flusher is None:
            self._start_flusher()

    def flush(self):
        """Weigh the pending scans and write the counted ones, in one transaction; what could
        not be written waits for the next round."""
        with self.flushing, self.app.app_context():
            with self.lock:
                taken, self.pending = self.pending, []
            self.weighed.update(self._within_limit(taken))
            if not self.weighed:
                return
            with db.engine.begin() as connection:
                for (board_id, day), scans in sorted(self.weighed.items()):
                    connection.execute(_upsert(board_id, day, scans))
            self.weighed.clear()

    def _within_limit(self, taken):
        """{(board_id, day): scans} of `taken` that count: the first QR_SCANS_PER_ADDRESS of
        each address in the limiter's window, however many processes its scans reached."""
        if not taken:
            return Counter()
        item = parse(self.app.config["QR_SCANS_PER_ADDRESS"])
        by_address = {}
        for board_id, day, address in taken:
            by_address.setdefault(address, []).append((board_id, day))
        totals = self._totals(item, {a: len(scans) for a, scans in by_address.items()})
        counted = Counter()
        for address, scans in by_address.items():
            wanted = len(scans)
            counted.update(scans[:max(0, min(wanted, item.amount - (totals[address] - wanted)))])
        return counted

    def _totals(self, item, wanted):
        """{address: its fixed-window count after adding its `wanted` scans}, every address in one
        step of the shared storage (one transaction in the database's)."""
        storage, keys = limiter.limiter.storage, {a: item.key_for("qr-scan", a) for a in wanted}
        try:
            if hasattr(storage, "incr_many"):
                counts = storage.incr_many({keys[a]: n for a, n in wanted.items()},
                                           item.get_expiry())
                return {a: counts[keys[a]] for a in wanted}
            return {a: storage.incr(keys[a], item.get_expiry(), amount=n)
                    for a, n in wanted.items()}
        except Exception:  # the limiter's storage is away: a person's scans still count
            self.app.logger.exception("QR scans counted without their address's limit")
            return wanted

    def _start_flusher(self):
        with self.lock:
            if self.flusher is not None:
                return
            self.flusher = threading.Thread(target=self._flush_every, daemon=True,
                                            name="qr-scan-flusher")
        self.flusher.start()
        atexit.register(self.flush)

    def _flush_every(self):
        while True:
            time.sleep(self.app.config["QR_SCAN_FLUSH_S"])
            try:
                self.flush()
            except Exception:  # the database is away: the scans wait for the next round
                self.app.logger.exception("QR scans not written yet")

    def board(self, code):
        """(id, target_url, retired) of the board with `code`, or None; cached a while."""
        kept = self.boards.get(code)
        if kept and kept[1] > time.monotonic():
            return kept[0]
        found = db.session.execute(select(QrBoard.id, QrBoard.target_url, QrBoard.retired_at)
                                   .where(QrBoard.code == code)).first()
        if found is None:
            return None
        board = (found[0], found[1], found[2] is not None)
        self.boards[code] = (board, time.monotonic() + self.app.config["QR_BOARD_CACHE_S"])
        return board

    def forget(self, code):
        self.boards.pop(code, None)


def _upsert(board_id, day, scans):
    table = QrScanDay.__table__
    insert = pg_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    statement = insert(table).values(board_id=board_id, day=day, scans=scans)
    return statement.on_conflict_do_update(index_elements=[table.c.board_id, table.c.day],
                                           set_={"scans": table.c.scans + statement.excluded.scans})


def counter():
    """The current app's ScanCounter (made on first use, in the process that serves)."""
    app = current_app._get_current_object()
    found = app.extensions.get("qr_scans")
    if found is None:
        found = app.extensions.setdefault("qr_scans", ScanCounter(app))
    return found
