"""A throwaway PostgreSQL server for the test session, from Debian's postgresql package.

Started with initdb/pg_ctl in a temporary folder (as the `postgres` user when we are root, since
PostgreSQL refuses to run as root), on a free loopback port, and stopped at the end.
Set TEST_POSTGRES_URL to use a server of your own instead.
"""
import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


def find_bindir():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresServer:
    def __init__(self):
        self.bindir = find_bindir()
        self.base = Path(tempfile.mkdtemp(prefix="outreach-pg-"))
        self.port = _free_port()
        self.as_postgres = os.geteuid() == 0

    def _run(self, *args):
        cmd = [str(a) for a in args]
        if self.as_postgres:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def start(self):
        if self.as_postgres:
            shutil.chown(self.base, "postgres", "postgres")
        data = self.base / "data"
        self._run(self.bindir / "initdb", "-D", data, "-A", "trust", "-U", "postgres",
                  "-E", "UTF8", "--no-locale")
        return self._launch(data)

    def start_replica(self):
        """A streaming replica of this server (`pg_basebackup -R`), started on its own port."""
        replica = PostgresServer()
        if replica.as_postgres:
            shutil.chown(replica.base, "postgres", "postgres")
        data = replica.base / "data"
        replica._run(self.bindir / "pg_basebackup", "-h", "127.0.0.1", "-p", self.port,
                     "-U", "postgres", "-D", data, "-R", "-X", "stream",
                     # a spread checkpoint waits up to 4½ min; the copy need not reach the disk
                     "--checkpoint=fast", "--no-sync")
        return replica._launch(data)

    def _launch(self, data):
        options = (f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
        self._run(self.bindir / "pg_ctl", "-D", data, "-o", options, "-l", self.base / "log",
                  "-w", "start")
        return self

    def stop(self):
        try:
            self._run(self.bindir / "pg_ctl", "-D", self.base / "data", "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.base, ignore_errors=True)

    def url(self, dbname):
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{dbname}"

    def create_database(self, name):
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres",
                             autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)
