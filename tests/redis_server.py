"""A throwaway Redis server for the test session, from Debian's redis-server package.

Started on a free loopback port with its own temporary folder and no persistence, and stopped at
the end, like the throwaway PostgreSQL of tests/pg.py. Set TEST_REDIS_URL to use one of your own.
"""
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from tests.browser.live_server import free_port

BINARY = shutil.which("redis-server") or "/usr/bin/redis-server"


def installed():
    return Path(BINARY).exists()


class RedisServer:
    def __init__(self):
        self.base = Path(tempfile.mkdtemp(prefix="outreach-redis-"))
        self.port = free_port()
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [BINARY, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.base),
             "--save", "", "--appendonly", "no", "--daemonize", "no", "--logfile", ""],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.ping():
                return self
            time.sleep(0.05)
        self.stop()
        raise RuntimeError("redis-server did not come up")

    def ping(self):
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as conn:
                conn.sendall(b"PING\r\n")
                return conn.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self):
        try:
            if self.process is not None:
                self.process.terminate()
                self.process.wait(timeout=10)
        finally:
            shutil.rmtree(self.base, ignore_errors=True)
