"""docs/operations.md's backup and restore, run word for word: the blocks marked
`<!-- tested: NAME -->` take a backup of a live database and restore it into a fresh one, which
then holds every row of the original."""
import os
import re
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from server.extensions import db
from tests.factories import event_payload

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "operations.md"


def documented(name):
    """The shell block that follows `<!-- tested: name -->` in docs/operations.md."""
    found = re.search(rf"<!-- tested: {name} -->\n```sh\n(.*?)```", DOC.read_text(), re.S)
    assert found, f"docs/operations.md has no tested block {name!r}"
    return found.group(1)


def run_documented(name, **env):
    base = {**os.environ, "OUTREACH_ENV": "development", "FLASK_APP": "wsgi",
            "SECRET_KEY": "restore-tests-secret-key-0123456789abcdef"}
    result = subprocess.run(["bash", "-euo", "pipefail", "-c", documented(name)], cwd=ROOT,
                            env={**base, **env}, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def rows(url):
    """Every row of every table of the app, as sorted tuples per table."""
    engine = create_engine(url)
    with engine.connect() as conn:
        found = {table: sorted(map(tuple, conn.execute(text(f"SELECT * FROM {table}")).all()),
                               key=repr)
                 for table in (t.name for t in db.metadata.sorted_tables)}
    engine.dispose()
    return found


def test_the_documented_backup_restores_every_row(app, world, client, as_user, database_url,
                                                  request, tmp_path):
    batch = [event_payload(world.groups[g]) for g in ("g1", "g2", "g1")]
    res = client.post("/api/v1/events/sync", json={"events": batch},
                      headers=as_user("officer-w1"))
    assert [r["status"] for r in res.get_json()["results"]] == ["created"] * 3
    backup = tmp_path / "outreach.backup"
    assert "backup written" in run_documented("backup", DATABASE_URL=database_url,
                                              BACKUP=str(backup))
    if database_url.startswith("sqlite"):
        restored = tmp_path / "restored" / "outreach.db"
        restored.parent.mkdir()
        restored_url = f"sqlite:///{restored}"
        run_documented("restore-sqlite", BACKUP=str(backup), SQLITE_FILE=str(restored),
                       DATABASE_URL=restored_url)
    else:
        server = request.getfixturevalue("postgres_server")
        if isinstance(server, str):
            pytest.skip("restoring needs the throwaway test server")
        restored_url = server.create_database("outreach_restored")
        run_documented("restore-postgresql", BACKUP=str(backup),
                       RESTORE_URL=restored_url.replace("postgresql+psycopg:", "postgresql:"))
    live = rows(database_url)
    assert len(live["events"]) == 3 and live["users"] and live["event_rollups"]
    assert rows(restored_url) == live
