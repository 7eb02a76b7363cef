"""Backups taken while phones keep syncing, restored into a new database, opened by the app.

A consistent copy keeps the invariants that every write holds in one transaction: each event
has its audit 'create' entry and is counted once in the rollups, nothing half-written.
"""
import os
import shutil
import stat
import subprocess
import threading
import time

import pytest
from sqlalchemy import func, select, text

from server import create_app
from server.audit.models import AuditEntry
from server.config import TestConfig
from server.extensions import db
from server.metrics.models import EventRollup
from server.outreach.models import Event
from tests.factories import event_payload
from tests.trust.conftest import bearer


class Writer(threading.Thread):
    """A phone syncing small batches through its own app until told to stop."""

    def __init__(self, url, token, group):
        super().__init__(daemon=True)
        self.app = create_app(type("W", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": url}))
        self.headers, self.group, self.stop, self.sent = bearer(token), group, threading.Event(), 0

    def run(self):
        client = self.app.test_client()
        with self.app.app_context():
            while not self.stop.is_set():
                batch = [event_payload(self.group) for _ in range(5)]
                res = client.post("/api/v1/events/sync", json={"events": batch},
                                  headers=self.headers)
                assert res.status_code == 200, res.get_json()
                self.sent += len(batch)
            db.engine.dispose()


def _invariants(url):
    """The figures a consistent snapshot must agree on, read by the app on that database."""
    restored = create_app(type("R", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": url}))
    with restored.app_context():
        events = db.session.scalar(select(func.count(Event.id)))
        created = db.session.scalar(select(func.count(AuditEntry.id))
                                    .where(AuditEntry.action == "create"))
        rolled = db.session.scalar(select(func.coalesce(func.sum(EventRollup.events), 0)))
        version = db.session.scalar(text("SELECT version_num FROM alembic_version"))
        db.engine.dispose()
    return {"events": events, "audit_creates": created, "rollup_events": rolled,
            "version": version}


def _backup_while_writing(app, world, issue_tokens, runner, dest):
    writer = Writer(app.config["SQLALCHEMY_DATABASE_URI"], issue_tokens("officer-w1")["access_token"],
                    world.groups["g1"])
    writer.start()
    while writer.sent < 20:
        time.sleep(0.01)
    result = runner.invoke(args=["backup", str(dest)])
    writer.stop.set()
    writer.join(timeout=30)
    assert result.exit_code == 0, result.output
    return result.output


def test_sqlite_backup_while_writing_restores_whole(app, world, issue_tokens, runner, tmp_path,
                                                   database_url):
    if not database_url.startswith("sqlite"):
        pytest.skip("the PostgreSQL procedure is tested below")
    output = _backup_while_writing(app, world, issue_tokens, runner, tmp_path / "b.db")
    assert "integrity ok" in output
    restored = tmp_path / "restored.db"  # docs/operations.md: copy the backup into place
    shutil.copy(tmp_path / "b.db", restored)
    import sqlite3

    with sqlite3.connect(restored) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    figures = _invariants(f"sqlite:///{restored}")
    live = _invariants(database_url)
    assert 20 <= figures["events"] <= live["events"]
    assert figures["events"] == figures["audit_creates"] == figures["rollup_events"]
    assert figures["version"] == live["version"]


def test_a_backup_is_readable_by_its_owner_only(app, world, runner, tmp_path, database_url):
    """A backup holds every event and account: mode 0600 whatever the umask, on both backends."""
    if database_url.startswith("postgresql") and shutil.which("pg_dump") is None:
        pytest.skip("pg_dump not installed")
    dest = tmp_path / "private" / "b.backup"
    old_umask = os.umask(0o022)
    try:
        result = runner.invoke(args=["backup", str(dest)])
    finally:
        os.umask(old_umask)
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(dest.stat().st_mode) == 0o600
    assert dest.stat().st_size > 0


def test_backup_refuses_to_overwrite(app, world, runner, tmp_path):
    (tmp_path / "exists.db").write_bytes(b"keep me")
    result = runner.invoke(args=["backup", str(tmp_path / "exists.db")])
    assert result.exit_code != 0 and "already exists" in result.output
    assert (tmp_path / "exists.db").read_bytes() == b"keep me"


def test_postgresql_dump_while_writing_restores_whole(app, world, issue_tokens, runner, tmp_path,
                                                      database_url, request):
    if not database_url.startswith("postgresql"):
        pytest.skip("the SQLite procedure is tested above")
    if shutil.which("pg_restore") is None:
        pytest.skip("pg_dump/pg_restore not installed")
    server = request.getfixturevalue("postgres_server")
    if isinstance(server, str):
        pytest.skip("restoring needs the throwaway test server")
    _backup_while_writing(app, world, issue_tokens, runner, tmp_path / "b.dump")
    target = server.create_database("outreach_restore")
    libpq = target.replace("postgresql+psycopg://", "postgresql://")
    subprocess.run(["pg_restore", "--no-owner", "--exit-on-error", "--dbname", libpq,
                    str(tmp_path / "b.dump")], check=True, capture_output=True)
    figures = _invariants(target)
    live = _invariants(database_url)
    assert 20 <= figures["events"] <= live["events"]
    assert figures["events"] == figures["audit_creates"] == figures["rollup_events"]
    assert figures["version"] == live["version"]
