"""Consistent backups of the live database, taken while the server keeps serving.

SQLite: sqlite3's online backup API copies every page under one read transaction, so the copy
is the database as of one instant, never a torn mix of before and after a write; it is written
to a temporary file, checked with `PRAGMA integrity_check`, then renamed into place.
PostgreSQL: `pg_dump --format=custom` (one transaction, a consistent snapshot), restored with
`pg_restore`. Either file is created with mode 0600 before anything is written into it: a
backup holds every event and account. See docs/operations.md.
"""
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url

from .errors import DomainError


class BackupFailed(DomainError):
    code = 500


def backup_database(url, dest):
    """Back up the database at SQLAlchemy `url` into the file `dest`; returns a summary line."""
    url = make_url(url)
    dest = Path(dest)
    if dest.exists():
        raise BackupFailed(f"{dest} already exists; choose a new file name.")
    dest.parent.mkdir(parents=True, exist_ok=True)
    if url.get_backend_name() == "sqlite":
        return backup_sqlite(url.database, dest)
    if url.get_backend_name() == "postgresql":
        return backup_postgresql(url, dest)
    raise BackupFailed(f"No backup procedure for {url.get_backend_name()}.")


def backup_sqlite(path, dest):
    """Copy the SQLite file at `path` page by page under one read transaction."""
    if not path or path == ":memory:" or not Path(path).exists():
        raise BackupFailed(f"SQLite database {path!r} not found.")
    partial = dest.with_name(dest.name + ".partial")
    partial.unlink(missing_ok=True)
    _create_private(partial)
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
    target = sqlite3.connect(partial)
    try:
        source.backup(target)  # pages=-1: all pages in one step, one consistent snapshot
        check = target.execute("PRAGMA integrity_check").fetchone()[0]
        tables = target.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'")
        table_count = tables.fetchone()[0]
    finally:
        target.close()
        source.close()
    if check != "ok":
        partial.unlink(missing_ok=True)
        raise BackupFailed(f"The copy failed its integrity check: {check}")
    os.replace(partial, dest)
    return (f"SQLite backup written to {dest} ({dest.stat().st_size} bytes, "
            f"{table_count} tables, integrity ok).")


def backup_postgresql(url, dest):
    """Run pg_dump in its custom format (restore with pg_restore)."""
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise BackupFailed("pg_dump not found (Debian: apt-get install postgresql-client).")
    env = {**os.environ}
    if url.password:
        env["PGPASSWORD"] = url.password
    libpq = url.set(drivername="postgresql", password=None)
    _create_private(dest)  # pg_dump writes into it and keeps its mode
    result = subprocess.run(
        [pg_dump, "--format=custom", "--no-owner", "--file", str(dest),
         libpq.render_as_string(hide_password=False)],
        env=env, capture_output=True, text=True)
    if result.returncode != 0:
        Path(dest).unlink(missing_ok=True)
        raise BackupFailed(f"pg_dump failed: {result.stderr.strip()}")
    return (f"PostgreSQL backup written to {dest} ({dest.stat().st_size} bytes, "
            "pg_dump custom format).")


def _create_private(path):
    """An empty file that only its owner may read or write, whatever the umask."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    os.chmod(path, 0o600)
