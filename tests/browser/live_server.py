"""The real server as a separate process, on a loopback port, over a SQLite file with the demo ward.

Browser tests (and bench/pwa_metrics.py) need a server they can really stop and start again on
the same port and database, so it runs as `flask --app wsgi run` in a subprocess.
"""
import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import jwt

ROOT = Path(__file__).resolve().parents[2]
DEMO_PASSWORD = "demo-browser-pass-2025"
SECRET_KEY = "browser-tests-secret-key-0123456789abcdef"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    """prepare() once (migrate + seed), then start()/stop() as often as a test needs."""

    def __init__(self, workdir, port=None, extra_env=None):
        self.workdir = Path(workdir)
        self.extra_env = dict(extra_env or {})
        self.db_path = self.workdir / "outreach.db"
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = None
        self.log = open(self.workdir / "server.log", "ab")

    def env(self):
        env = dict(os.environ)
        env.update({
            "DATABASE_URL": f"sqlite:///{self.db_path}", "DEMO_PASSWORD": DEMO_PASSWORD,
            "SECRET_KEY": SECRET_KEY, "JWT_SECRET_KEY": SECRET_KEY,
            "OUTREACH_ENV": "development", "FLASK_DEBUG": "0", "PYTHONUNBUFFERED": "1",
            "ARGON2_TIME_COST": "1", "ARGON2_MEMORY_KIB": "8192", "ARGON2_PARALLELISM": "1",
        })
        env.update(self.extra_env)
        env.pop("FLASK_RUN_PORT", None)
        return env

    def flask(self, *args, stdin=None):
        """Run a command of the app against this server's database (`stdin`: text to type)."""
        subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *args], cwd=ROOT, env=self.env(),
                       check=True, stdout=self.log, stderr=self.log,
                       input=stdin.encode() if stdin is not None else None)

    def prepare(self):
        self.flask("db", "upgrade")
        self.flask("seed-demo")
        return self

    def start(self, timeout=60):  # the app loads a statistics library: slow on a busy machine
        if self.running:
            return self
        self.process = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "wsgi", "run", "--host", "127.0.0.1",
             "--port", str(self.port)],
            cwd=ROOT, env=self.env(), stdout=self.log, stderr=self.log)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited; see {self.workdir / 'server.log'}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=1) as res:
                    if res.status == 200:
                        return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("server did not answer /healthz in time")

    def stop(self):
        """Really stop the process (SIGTERM, then SIGKILL if it lingers)."""
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None

    @property
    def running(self):
        return self.process is not None and self.process.poll() is None

    # ---- looking at what the server stored ----------------------------------------------------

    def query(self, sql, *params):
        with sqlite3.connect(self.db_path) as conn:
            conn.row_factory = sqlite3.Row
            return [dict(row) for row in conn.execute(sql, params)]

    def events_of(self, username):
        return self.query(
            "SELECT e.* FROM events e JOIN users u ON u.id = e.author_id WHERE u.username = ?", username)

    # ---- talking to the API as another phone would --------------------------------------------

    def api(self, method, path, token=None, body=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(f"{self.url}/api/v1{path}", data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(request, timeout=10) as res:
                return res.status, json.loads(res.read() or b"null")
        except urllib.error.HTTPError as err:
            return err.code, json.loads(err.read() or b"null")

    def login(self, username, password=DEMO_PASSWORD):
        status, body = self.api("POST", "/auth/login", body={"username": username, "password": password})
        assert status == 200, body
        return body["access_token"]

    @staticmethod
    def expired(token):
        """The same access token, signed by the server's key, but expired a minute ago."""
        claims = jwt.decode(token, options={"verify_signature": False})
        now = int(time.time())
        claims.update(iat=now - 3600, nbf=now - 3600, exp=now - 60)
        return jwt.encode(claims, SECRET_KEY, algorithm="HS256")
