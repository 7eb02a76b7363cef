"""Counting a board's scans without a database write per scan.

A public link answers at once; its scan goes into this process's pending counts, which a
background thread writes every QR_SCAN_FLUSH_S seconds as one transaction (an upsert per board and
day), and which are written too before anyone reads the counts in this process and when the
process exits. With QR_SCAN_FLUSH_S = 0 each scan is written as it comes (the tests). The boards'
codes are kept QR_BOARD_CACHE_S seconds so that a scan needs no query either; a board retired
here is forgotten at once, elsewhere within that time.
"""
import atexit
import threading
import time
from collections import Counter

from flask import current_app
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from ..extensions import db
from .models import QrBoard, QrScanDay


class ScanCounter:
    """One app's pending scans {(board_id, day): n} and its cache of boards by code."""

    def __init__(self, app):
        self.app, self.lock = app, threading.Lock()
        self.pending, self.boards = Counter(), {}
        self.flusher = None

    def add(self, board_id, day):
        with self.lock:
            self.pending[(board_id, day)] += 1
        if self.app.config["QR_SCAN_FLUSH_S"] <= 0:
            self.flush()
        elif self.flusher is None:
            self._start_flusher()

    def flush(self):
        """Write every pending scan, in one transaction; kept pending again if it fails."""
        with self.lock:
            taken, self.pending = self.pending, Counter()
        if not taken:
            return
        try:
            with self.app.app_context(), db.engine.begin() as connection:
                for (board_id, day), scans in sorted(taken.items()):
                    connection.execute(_upsert(board_id, day, scans))
        except Exception:
            with self.lock:
                self.pending.update(taken)
            raise

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
