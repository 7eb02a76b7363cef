"""App instances as separate gunicorn masters on loopback ports, as two machines would run them,
sharing the database (and Redis) a test gives them. Stopped (the whole process group) on exit."""
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from tests.browser.live_server import free_port

ROOT = Path(__file__).resolve().parent.parent
SECRET_KEY = "instances-tests-secret-key-0123456789abcdef"


class Instance:
    def __init__(self, env, log, figures_dir):
        self.port = free_port()
        figures_dir.mkdir(parents=True)  # its workers' figures, added up by /metrics
        self.env = {**os.environ, **env, "PORT": str(self.port),
                    "PROMETHEUS_MULTIPROC_DIR": str(figures_dir)}
        self.log = log
        self.process = None

    def start(self):
        cmd = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"]
        self.process = subprocess.Popen(cmd, cwd=ROOT, env=self.env, start_new_session=True,
                                        stdout=self.log, stderr=self.log)
        return self

    def wait_ready(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("gunicorn stopped; see its log")
            try:
                if self.call("GET", "/healthz")[0] == 200:
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not come up")

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)

    def call(self, method, path, body=None, token=None, headers=None):
        """(status, headers, JSON body or text) of one request to this instance."""
        sent = {"Content-Type": "application/json", **(headers or {})}
        if token:
            sent["Authorization"] = f"Bearer {token}"
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", data=data,
                                     method=method, headers=sent)
        try:
            with urllib.request.urlopen(req, timeout=30) as answer:
                return answer.status, answer.headers, _decode(answer.read(), answer.headers)
        except urllib.error.HTTPError as refused:
            return refused.code, refused.headers, _decode(refused.read(), refused.headers)


def _decode(raw, headers):
    if "json" in (headers.get("Content-Type") or ""):
        return json.loads(raw or b"null")
    return raw.decode("utf-8", "replace")


@contextmanager
def instances(count, env, log_path):
    """`count` gunicorn masters (one worker each) with the same environment, started together."""
    base = {"OUTREACH_ENV": "development", "SECRET_KEY": SECRET_KEY, "JWT_SECRET_KEY": SECRET_KEY,
            "ARGON2_TIME_COST": "1", "ARGON2_MEMORY_KIB": "8192", "ARGON2_PARALLELISM": "1",
            "WEB_CONCURRENCY": "1", "THREADS": "2", "LOG_LEVEL": "warning"}
    with open(log_path, "ab") as log:
        started = [Instance({**base, **env}, log, log_path.parent / f"figures-{i}").start()
                   for i in range(count)]
        try:
            for instance in started:
                instance.wait_ready()
            yield started
        finally:
            for instance in started:
                instance.stop()
