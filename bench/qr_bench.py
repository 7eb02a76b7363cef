"""A QR board's public link `/q/<code>` under load, on ONE server process over loopback.

Starts gunicorn with one worker process (gthread) on a fresh database (SQLite file by default,
`--backend postgresql` for a throwaway PostgreSQL), makes one board, then:
  1. latency: `--latency-requests` scans one after the other on a kept-alive connection;
     median and p95 wall ms;
  2. throughput: scans paced at `--rate` per second for `--seconds` seconds from `--clients`
     threads (each on its own kept-alive connection), as phones of distinct addresses would
     send them (X-Forwarded-For, a trusted proxy hop; no address sends more than its 10 counted
     scans a minute); achieved requests/s, median and p95 ms, errors;
and at the end, the server stopped (SIGTERM) right after the last scan, checks that the board's
stored scans equal the scans sent: every scan counted exactly once. Prints the figures, with the worker's CPU ms per scan (what one core would hold
when the machine is not shared); exits 1 when a bar is missed (median < 20 ms, >= 500
requests/s held, every scan counted). Bounded: it stops by itself and stops what it started.
Run from the repository root: `python bench/qr_bench.py` (about a minute).
"""
import argparse
import http.client
import os
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser.live_server import free_port  # noqa: E402
from tests.pg import PostgresServer  # noqa: E402

AGENT = ("Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 (KHTML, like Gecko) "
         "Chrome/131.0 Mobile Safari/537.36")
TARGET = "https://dichvucong.gov.vn/p/home/dvc-huong-dan.html"
SCANS_PER_ADDRESS = 10  # the limit of counted scans per address and minute (QR_SCANS_PER_ADDRESS)


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--rate", type=int, default=500, help="scans per second to send")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--threads", type=int, default=8, help="gunicorn threads of each worker")
    parser.add_argument("--workers", type=int, default=1, help="gunicorn worker processes (the "
                        "bars are for one; more checks that their scans add up exactly)")
    parser.add_argument("--latency-requests", type=int, default=300)
    return parser.parse_args()


class Server:
    """A migrated database with one board, served by one gunicorn worker process."""

    def __init__(self, backend, threads, workers=1):
        self.tmp = Path(tempfile.mkdtemp(prefix="qr-bench-"))
        self.pg = PostgresServer().start() if backend == "postgresql" else None
        url = (self.pg.create_database("qr_bench") if self.pg
               else f"sqlite:///{self.tmp / 'qr.db'}")
        self.port, self.threads, self.workers, self.process = free_port(), threads, workers, None
        self.env = {**os.environ, "DATABASE_URL": url, "OUTREACH_ENV": "production",
                    "SECRET_KEY": secrets.token_urlsafe(48),
                    "JWT_SECRET_KEY": secrets.token_urlsafe(48),
                    "TOTP_ENCRYPTION_KEY": secrets.token_urlsafe(48),
                    "TRUSTED_PROXY_COUNT": "1", "FLASK_APP": "wsgi"}

    def prepare(self):
        subprocess.run([sys.executable, "-m", "flask", "db", "upgrade"], cwd=ROOT, env=self.env,
                       check=True, capture_output=True)
        return self._make_board()

    def _make_board(self):
        """One province, ward and board, written as the app would (its models, its session)."""
        script = (
            "from server import create_app\n"
            "from server.extensions import db\n"
            "from server.areas.models import Province, Ward\n"
            "from server.support.models import QrBoard\n"
            "app = create_app()\n"
            "with app.app_context():\n"
            "    p = Province(code='56', name='Tỉnh Khánh Hòa', short_name='Khánh Hòa')\n"
            "    w = Ward(code='22366', name='Phường Nha Trang', kind='Phường', province=p)\n"
            f"    b = QrBoard(ward=w, code='bench-qr', name='Bảng thử tải', target_url={TARGET!r})\n"
            "    db.session.add_all([p, w, b]); db.session.commit(); print(b.id)\n")
        out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=self.env, check=True,
                             capture_output=True, text=True)
        return int(out.stdout.strip().splitlines()[-1]), "bench-qr"

    def start(self):
        cmd = [sys.executable, "-m", "gunicorn", "-w", str(self.workers), "-k", "gthread", "--threads",
               str(self.threads), "-b", f"127.0.0.1:{self.port}", "--log-level", "warning",
               "--keep-alive", "30", "wsgi:app"]
        self.process = subprocess.Popen(cmd, cwd=ROOT, env=self.env, start_new_session=True,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                if get(http.client.HTTPConnection("127.0.0.1", self.port, timeout=2),
                       "/healthz", {})[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not come up")

    def worker_cpu_s(self):
        """CPU seconds (user + system) the gunicorn workers have used so far."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text()
        total = 0
        for child in children.split():
            fields = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        return total / os.sysconf("SC_CLK_TCK")

    def stored_scans(self, board_id):
        script = ("from sqlalchemy import func, select\n"
                  "from server import create_app\nfrom server.extensions import db\n"
                  "from server.support.models import QrScanDay\n"
                  "with create_app().app_context():\n"
                  "    print(db.session.scalar(select(func.coalesce(func.sum(QrScanDay.scans), 0))"
                  f".where(QrScanDay.board_id == {board_id})))\n")
        out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=self.env, check=True,
                             capture_output=True, text=True)
        return int(out.stdout.strip().splitlines()[-1])

    def stop_server(self):
        """SIGTERM, as a deployment stops it: the worker writes its pending scans as it exits."""
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)
            self.process = None

    def stop(self):
        self.stop_server()
        if self.pg is not None:
            self.pg.stop()


def get(conn, path, headers):
    """(status, wall ms) of one GET on a kept-alive connection."""
    started = time.perf_counter()
    conn.request("GET", path, headers=headers)
    res = conn.getresponse()
    res.read()
    return res.status, (time.perf_counter() - started) * 1000


class Addresses:
    """Distinct client addresses, each used for at most SCANS_PER_ADDRESS scans."""

    def __init__(self):
        self.lock, self.n = threading.Lock(), 0

    def next(self):
        with self.lock:
            self.n += 1
            n = self.n // SCANS_PER_ADDRESS
        return f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}"


def scan_headers(addresses):
    return {"User-Agent": AGENT, "X-Forwarded-For": addresses.next(), "Accept": "text/html"}


def latency(port, path, count, addresses):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    times = [get(conn, path, scan_headers(addresses)) for _ in range(count)]
    conn.close()
    assert all(status == 302 for status, _ in times), {s for s, _ in times}
    return [ms for _, ms in times]


def throughput(port, path, rate, seconds, clients, addresses):
    """Scans paced at `rate`/s over `clients` threads for `seconds`; (times, errors, wall s)."""
    times, errors, lock = [], [], threading.Lock()
    per_client = rate / clients
    start = time.perf_counter() + 0.2

    def client(index):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        sent = 0
        while True:
            due = start + (sent + index / clients) / per_client
            if due - start >= seconds:
                break
            pause = due - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
            try:
                status, ms = get(conn, path, scan_headers(addresses))
            except (OSError, http.client.HTTPException) as error:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                status, ms = repr(error), None
            with lock:
                (times.append(ms) if status == 302 else errors.append(status))
            sent += 1
        conn.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return times, errors, time.perf_counter() - start


def p95(values):
    return sorted(values)[max(0, int(len(values) * 0.95) - 1)]


def main():
    args = arguments()
    server = Server(args.backend, args.threads, args.workers)
    try:
        board_id, code = server.prepare()
        server.start()
        path, addresses = f"/q/{code}", Addresses()
        quiet = latency(server.port, path, args.latency_requests, addresses)
        cpu_before = server.worker_cpu_s()
        loaded, errors, wall = throughput(server.port, path, args.rate, args.seconds,
                                          args.clients, addresses)
        cpu_ms = (server.worker_cpu_s() - cpu_before) * 1000 / max(1, len(loaded))
        sent = len(quiet) + len(loaded)
        server.stop_server()  # at once: the scans of the last second are written on the way out
        stored = server.stored_scans(board_id)
    finally:
        server.stop()
    achieved = len(loaded) / wall
    print(f"backend {args.backend}, {args.workers} gunicorn process(es) ({args.threads} threads "
          f"each), loopback")
    print(f"latency, one after another: {len(quiet)} scans, median "
          f"{statistics.median(quiet):.2f} ms, p95 {p95(quiet):.2f} ms")
    print(f"throughput at {args.rate}/s for {args.seconds:g} s over {args.clients} clients: "
          f"{len(loaded)} scans in {wall:.2f} s = {achieved:.0f} requests/s, median "
          f"{statistics.median(loaded):.2f} ms, p95 {p95(loaded):.2f} ms, errors {len(errors)}")
    print(f"server CPU per scan under load: {cpu_ms:.2f} ms (one process, one core: at most "
          f"{1000 / cpu_ms:.0f} requests/s); load average {os.getloadavg()[0]:.1f} on "
          f"{os.cpu_count()} CPUs")
    print(f"scans sent {sent}, stored {stored}: "
          f"{'every scan counted once' if stored == sent else 'MISMATCH'}")
    bars = [statistics.median(quiet) < 20, achieved >= 0.98 * args.rate, not errors,
            stored == sent]
    print("bars (median < 20 ms, rate held, no error, counted once):",
          "met" if all(bars) else f"MISSED {bars}")
    return 0 if all(bars) else 1


if __name__ == "__main__":
    sys.exit(main())
