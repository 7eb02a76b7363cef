"""What the load and fault scripts share: a throwaway PostgreSQL, a production-like gunicorn
server, simulated phones that sync like the PWA's outbox, and the final checks.

Loopback only; everything started here is stopped here. Run from the repository root.
"""
import argparse
import http.client
import json
import os
import random
import secrets
import signal
import statistics
import subprocess
import sys
import threading
import time
import uuid
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser.live_server import free_port  # noqa: E402  (also metrics_bench's)
from tests.pg import PostgresServer  # noqa: E402

VN = timezone(timedelta(hours=7))
PASSWORD = "mật khẩu thử tải " + secrets.token_hex(4)
KINDS = {"meeting": "attendees", "household_visit": "households_visited",
         "support_session": "people_assisted", "leaflet_drop": "leaflets"}
COMPARED = ("kind", "group_id", "duration_min", "attendees", "households_visited",
            "people_assisted", "vneid_installs", "leaflets", "note", "deleted")


class Stack:
    """PostgreSQL + migrated, seeded database + gunicorn, as production would run them."""

    def __init__(self, workers=4, threads=4):
        self.pg = PostgresServer().start()
        self.url = self.pg.create_database("outreach_bench")
        self.port = free_port()
        self.workers, self.threads = workers, threads
        self.env = {**os.environ, "DATABASE_URL": self.url, "OUTREACH_ENV": "production",
                    "SECRET_KEY": secrets.token_urlsafe(48), "DEMO_PASSWORD": PASSWORD,
                    "TOTP_ENCRYPTION_KEY": secrets.token_urlsafe(48),
                    # OWASP's minimum argon2id cost: production-valid, and 50 phones logging in
                    # at once stay within memory.
                    "ARGON2_TIME_COST": "2", "ARGON2_MEMORY_KIB": "19456",
                    "ARGON2_PARALLELISM": "1", "FLASK_APP": "wsgi"}
        self.server = None

    def flask(self, *args, stdin=None):
        result = subprocess.run([sys.executable, "-m", "flask", *args], cwd=ROOT, env=self.env,
                                input=stdin, capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"flask {' '.join(args)}: {result.stderr[-2000:]}")
        return result.stdout

    def prepare(self):
        """Migrate, load Khánh Hòa's wards and seed the demo ward (90 days of events)."""
        self.flask("db", "upgrade")
        self.flask("load-units", "--province", "56")
        return self.flask("seed-demo").strip().splitlines()[0]

    def start(self):
        """Start gunicorn in its own process group and wait until /healthz answers."""
        cmd = [sys.executable, "-m", "gunicorn", "-w", str(self.workers), "-k", "gthread",
               "--threads", str(self.threads), "-b", f"127.0.0.1:{self.port}",
               "--graceful-timeout", "5", "--log-level", "warning", "wsgi:app"]
        self.server = subprocess.Popen(cmd, cwd=ROOT, env=self.env, start_new_session=True,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 90  # a loaded 2-CPU machine can take a while
        while time.monotonic() < deadline:
            try:
                if request(self.port, "GET", "/healthz")[0] == 200:
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not come up")

    def kill(self, sig=signal.SIGKILL):
        """Signal the server's whole process group (master and workers) and reap it."""
        if self.server is not None:
            os.killpg(self.server.pid, sig)
            self.server.wait(timeout=30)
            self.server = None

    def stop(self):
        try:
            self.kill(signal.SIGTERM)
        finally:
            self.pg.stop()

    def sql(self, query, *params):
        import psycopg

        dsn = self.url.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(dsn) as conn:
            return conn.execute(query, params).fetchall()


def request(port, method, path, body=None, headers=None, timeout=30):
    """One HTTP request on a fresh connection; returns (status, parsed JSON or None)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        data = json.dumps(body).encode() if body is not None else None
        hdrs = {"Content-Type": "application/json", **(headers or {})}
        conn.request(method, path, body=data, headers=hdrs)
        res = conn.getresponse()
        raw = res.read()
        return res.status, (json.loads(raw) if raw else None)
    finally:
        conn.close()


def create_phone_users(port, count):
    """`count` officers of the demo ward, made through the API by its commander."""
    status, body = request(port, "POST", "/api/v1/auth/login",
                           {"username": "demo-commander", "password": PASSWORD})
    assert status == 200, body
    auth = {"Authorization": f"Bearer {body['access_token']}"}
    ward_id = body["user"]["ward_id"]
    names = []
    for i in range(count):
        name = f"bench-officer-{i:02d}"
        status, body = request(port, "POST", "/api/v1/users", {
            "username": name, "full_name": f"Cán bộ thử tải {i}", "role": "officer",
            "password": PASSWORD}, auth)
        assert status == 201, body
        names.append(name)
    status, groups = request(port, "GET", f"/api/v1/wards/{ward_id}/groups", headers=auth)
    return names, [g["id"] for g in groups]


def stack_arguments(description, phones, seconds, seed):
    """The options both scripts take (phones, seconds, gunicorn's size, seed) with their defaults."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--phones", type=int, default=phones)
    parser.add_argument("--seconds", type=float, default=seconds, help="how long the phones sync")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker")
    parser.add_argument("--seed", type=int, default=seed)
    return parser


@contextmanager
def running_stack(args):
    """gunicorn on a fresh PostgreSQL with the demo ward and `args.phones` officers; yields
    (stack, their usernames, the ward's group ids) and stops everything afterwards."""
    print(f"CPUs: {os.cpu_count()} (shared by the phones, gunicorn and PostgreSQL); gunicorn "
          f"{args.workers} workers × {args.threads} threads; loopback only.", flush=True)
    stack = Stack(workers=args.workers, threads=args.threads)
    try:
        print(stack.prepare(), flush=True)
        stack.start()
        names, groups = create_phone_users(stack.port, args.phones)
        yield stack, names, groups
    finally:
        stack.stop()


class Phone(threading.Thread):
    """One officer's phone: an outbox of events and edits, flushed in batches.

    The outbox entry leaves only on created/updated/unchanged, like the PWA. Some uploads are
    replayed as they were, some are sent and the connection closed before the answer is read
    (the phone never learns the outcome), and acknowledged events are edited with base_version.
    """

    def __init__(self, stack, username, groups, deadline, rng_seed, drop_rate=0.1,
                 replay_rate=0.15, edit_rate=0.3):
        super().__init__(daemon=True)
        self.stack, self.username, self.groups = stack, username, groups
        self.deadline, self.rng = deadline, random.Random(rng_seed)
        self.drop_rate, self.replay_rate, self.edit_rate = drop_rate, replay_rate, edit_rate
        self.device = f"bench-{uuid.UUID(int=self.rng.getrandbits(128))}"
        self.outbox = {}       # id → payload waiting for an acknowledgement
        self.revs = {}         # id → the last rev given to a change of it
        self.acked = {}        # id → (payload, version) as the server last acknowledged it
        self.latencies, self.statuses = [], {}
        self.requests = self.dropped = self.errors = 0
        self.token = None
        self.last_batch = None

    # -- network --------------------------------------------------------------------------
    def login(self):
        status, body = request(self.stack.port, "POST", "/api/v1/auth/login",
                               {"username": self.username, "password": PASSWORD},
                               {"X-Device-Id": self.device})
        if status != 200:
            raise RuntimeError(f"login {status} {body}")
        self.token = body["access_token"]

    def post_sync(self, events, drop=False):
        """Send one batch; None when the answer was dropped or the server was unreachable."""
        headers = {"Authorization": f"Bearer {self.token}", "X-Device-Id": self.device,
                   "Content-Type": "application/json"}
        data = json.dumps({"events": events}).encode()
        conn = http.client.HTTPConnection("127.0.0.1", self.stack.port, timeout=30)
        started = time.perf_counter()
        try:
            conn.request("POST", "/api/v1/events/sync", body=data, headers=headers)
            self.requests += 1
            if drop:
                self.dropped += 1
                return None  # close before reading: the server may or may not have stored it
            res = conn.getresponse()
            raw = res.read()
        except (OSError, http.client.HTTPException):
            self.errors += 1
            return None
        finally:
            conn.close()
        if res.status == 401:
            self.login()
            return None
        if res.status != 200:
            self.errors += 1
            return None
        self.latencies.append(time.perf_counter() - started)
        return json.loads(raw)["results"]

    # -- the outbox -----------------------------------------------------------------------
    def new_event(self):
        kind = self.rng.choice(list(KINDS))
        when = datetime.now(VN) - timedelta(minutes=self.rng.randint(5, 60 * 24 * 5))
        event = {"id": str(uuid.UUID(int=self.rng.getrandbits(128), version=4)), "kind": kind,
                 "group_id": self.rng.choice(self.groups),
                 "occurred_at": when.replace(microsecond=0).isoformat(),
                 "duration_min": self.rng.randint(15, 180),
                 "vneid_installs": self.rng.randint(0, 10), "note": "Thử tải đồng bộ"}
        event[KINDS[kind]] = self.rng.randint(1, 40)
        return event

    def edit(self):
        """Edit (or now and then delete) an acknowledged event that has nothing pending."""
        ready = [i for i in self.acked if i not in self.outbox and not self.acked[i][0].get("deleted")]
        if not ready:
            return
        event_id = self.rng.choice(ready)
        payload, version = self.acked[event_id]
        if self.rng.random() < 0.1:
            self.queue({"id": event_id, "deleted": True, "base_version": version})
            return
        edited = {**payload, "base_version": version,
                  "vneid_installs": self.rng.randint(0, 10), "note": f"Sửa lần {version}"}
        self.queue(edited)

    def edit_unacknowledged(self):
        """Change an event whose first upload got no answer: no base_version, as the PWA does."""
        pending = [i for i, p in self.outbox.items() if "base_version" not in p]
        if pending:
            event_id = self.rng.choice(pending)
            self.queue({**self.outbox[event_id], "duration_min": self.rng.randint(15, 180)})

    def queue(self, payload):
        """Put a change in the outbox with the next rev of its event, as the PWA does."""
        self.revs[payload["id"]] = self.revs.get(payload["id"], 0) + 1
        self.outbox[payload["id"]] = {**payload, "rev": self.revs[payload["id"]]}

    def flush(self, drop=False):
        batch = list(self.outbox.values())[:50]
        if not batch:
            return
        self.last_batch = batch
        results = self.post_sync(batch, drop=drop)
        if results is not None:
            self.take(batch, results)

    def take(self, batch, results):
        for sent, result in zip(batch, results):
            status = result["status"]
            self.statuses[status] = self.statuses.get(status, 0) + 1
            event_id = sent["id"]
            if status in ("created", "updated", "unchanged"):
                content = {k: v for k, v in sent.items() if k not in ("base_version", "rev")}
                if sent.get("deleted"):
                    content = {**self.acked[event_id][0], "deleted": True}
                self.acked[event_id] = (content, result["version"])
                if self.outbox.get(event_id) is sent:
                    del self.outbox[event_id]
            elif status == "conflict" and self.outbox.get(event_id) is sent:
                # our own earlier edit landed but its answer was lost: rebase on the server copy
                self.outbox[event_id] = {**sent, "base_version": result["version"]}

    def run(self):
        try:
            self.login()
        except (OSError, RuntimeError):
            self.errors += 1
            time.sleep(1)
            return self.run() if time.monotonic() < self.deadline else None
        while time.monotonic() < self.deadline:
            for _ in range(self.rng.randint(1, 8)):
                event = self.new_event()
                self.queue(event)
            if self.rng.random() < self.edit_rate:
                self.edit()
            if self.rng.random() < 0.05:
                self.edit_unacknowledged()
            if self.last_batch and self.rng.random() < self.replay_rate:
                results = self.post_sync(self.last_batch)  # a retried upload, as it was
                if results is not None:
                    self.take(self.last_batch, results)
            self.flush(drop=self.rng.random() < self.drop_rate)
            time.sleep(self.rng.uniform(0.05, 0.3))
        self.drain()

    def drain(self, tries=60):
        """After the run: retry until the outbox is empty, backing off on errors."""
        for attempt in range(tries):
            if not self.outbox:
                return
            try:
                if self.token is None:
                    self.login()
                self.flush()
            except (OSError, RuntimeError):
                time.sleep(min(2.0, 0.1 * 2 ** attempt))


def verify(stack, phones):
    """Every acknowledged event stored once, with its last acknowledged content and version;
    nothing stored that no phone sent; no outbox left behind. Returns a list of problems."""
    problems = []
    acked = {}
    for phone in phones:
        if phone.outbox:
            problems.append(f"{phone.username}: {len(phone.outbox)} events never acknowledged")
        acked.update(phone.acked)
    names = [p.username for p in phones]
    rows = stack.sql(
        "SELECT e.id, e.kind, e.group_id, e.duration_min, e.attendees, e.households_visited, "
        "e.people_assisted, e.vneid_installs, e.leaflets, e.note, e.deleted, e.version "
        "FROM events e JOIN users u ON u.id = e.author_id WHERE u.username = ANY(%s)", names)
    stored = {}
    for row in rows:
        if row[0] in stored:
            problems.append(f"{row[0]} stored twice")
        stored[row[0]] = row
    unknown = set(stored) - set(acked)
    pending = {i for p in phones for i in p.outbox}
    if unknown - pending:
        problems.append(f"{len(unknown - pending)} stored events no phone holds as acknowledged")
    for event_id, (content, version) in acked.items():
        row = stored.get(event_id)
        if row is None:
            problems.append(f"{event_id} acknowledged but not stored")
            continue
        got = dict(zip(COMPARED, row[1:11]))
        want = {k: content.get(k, 0 if k not in ("note", "deleted", "group_id") else None)
                for k in COMPARED}
        want["deleted"] = bool(content.get("deleted"))
        if got != want or row[11] != version:
            problems.append(f"{event_id}: stored {got} v{row[11]} ≠ acknowledged {want} v{version}")
    audit = stack.sql("SELECT entity_id, count(*) FROM audit_log WHERE entity = 'event' AND "
                      "action = 'create' AND entity_id = ANY(%s) GROUP BY entity_id HAVING "
                      "count(*) <> 1", list(stored))
    problems += [f"{eid}: {n} audit create entries" for eid, n in audit]
    return problems, len(acked)


def percentiles(latencies):
    if len(latencies) < 2:
        return {}
    cuts = statistics.quantiles(latencies, n=100)
    return {"p50": cuts[49] * 1000, "p95": cuts[94] * 1000, "p99": cuts[98] * 1000}


def report(title, phones, elapsed):
    latencies = [x for p in phones for x in p.latencies]
    statuses = {}
    for p in phones:
        for k, v in p.statuses.items():
            statuses[k] = statuses.get(k, 0) + v
    reqs = sum(p.requests for p in phones)
    pct = percentiles(latencies)
    print(f"== {title}")
    print(f"phones: {len(phones)}  duration: {elapsed:.1f} s  sync requests: {reqs} "
          f"({reqs / elapsed:.1f}/s)  answered: {len(latencies)}  "
          f"dropped by the phone: {sum(p.dropped for p in phones)}  "
          f"network errors/retries: {sum(p.errors for p in phones)}")
    print(f"event results: {dict(sorted(statuses.items()))}  "
          f"({sum(statuses.values()) / elapsed:.1f} events/s)")
    if pct:
        print("sync latency ms: " + "  ".join(f"{k} {v:.0f}" for k, v in pct.items()))


MEASURE_COLUMNS = ("events", "duration_min", "attendees", "households_visited", "people_assisted",
                   "vneid_installs", "vneid_activations", "dvc_filings", "leaflets", "online_reach")


def _rollup_rows(stack):
    """The rollup rows that count something (a row moved back to zero counts nothing)."""
    rows = stack.sql("SELECT ward_id, local_date, group_key, kind, author_id, group_id, "
                     "province_id, " + ", ".join(MEASURE_COLUMNS) + " FROM event_rollups")
    return {tuple(r) for r in rows if any(r[7:])}


def check_rollups(stack):
    """Compare the rollups the writes kept with a rebuild from scratch (`flask rebuild-rollups`).
    Returns (problems, rows compared)."""
    kept = _rollup_rows(stack)
    stack.flask("rebuild-rollups")
    rebuilt = _rollup_rows(stack)
    problems = [f"rollup kept but not in the rebuild: {row}" for row in sorted(kept - rebuilt)[:10]]
    problems += [f"rollup in the rebuild but not kept: {row}" for row in sorted(rebuilt - kept)[:10]]
    return problems, len(rebuilt)


def final_checks(stack, phones, stuck, problems=()):
    """Every acknowledged event stored once with its last acknowledged content, no phone left
    running, rollups equal to a rebuild; prints the verdict and returns the exit status."""
    problems = list(problems)
    found, acked = verify(stack, phones)
    problems += found + [f"{name}: still running after the time limit" for name in stuck]
    rollup_problems, rollup_rows = check_rollups(stack)
    problems += rollup_problems
    print(f"checked: {acked} events acknowledged to the phones, each stored once with its "
          f"last acknowledged content; {rollup_rows} rollup rows against a rebuild")
    if problems:
        print(f"FAILED: {len(problems)} problem(s)")
        for line in problems[:40]:
            print("  " + line)
        return 1
    print("OK: nothing lost, nothing doubled, last acknowledged content stored, "
          "rollups equal a rebuild")
    return 0
