"""National size on PostgreSQL: every province and ward, 80,000 groups, millions of events; the
dashboards' latency, the disk per million events, sync ingest and a sustained evening peak.

On a throwaway PostgreSQL (tests/pg.py), migrated with `flask db upgrade` (and `flask
create-partitions` when the project has that command): the 34 provinces and 3,321 wards of the
`vietnamadminunits` package (`load_units()`, the logic of `flask load-units`), 80,000 residential
groups, an officer and a volunteer per ward, 12 months of filing figures per ward, then N events
over the last 12 months loaded with COPY and the rollups built with `flask rebuild-rollups`.

Then, through ONE gunicorn worker process (production settings) over loopback, with the
commander, the province's admin and the national desk signed in with their second factor:
median and p95 wall ms and the server's CPU ms per call (the worker and the PostgreSQL backends,
from /proc) of the ward metrics (this month, 12 months), the province ranking and the national
picture; sync ingest with several client threads sending batches of 500 through
POST /api/v1/events/sync (events/s, bar 2,000); and a sustained 330 events/s in batches of 50
for `--sustain-minutes` while a reader keeps opening the four dashboards (achieved rate and the
dashboards' latencies meanwhile). Bars: each dashboard median under 200 ms, ingest ≥ 2,000
events/s, the sustained rate ≥ 330 events/s.

    python bench/national_scale_bench.py                  # 10,000,000 events, 10 minutes
    python bench/national_scale_bench.py --quick          # 1,000,000 events, 1 minute

Loopback only, bounded; exit status 1 when a bar is missed or a request fails.
"""
import argparse
import json
import os
import queue
import random
import secrets
import signal
import statistics
import subprocess
import sys
import threading
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.harness import free_port, request  # noqa: E402
from bench.metrics_bench import (COUNTS, EVENT_COLUMNS, KIND_WEIGHTS, KINDS, MAIN,  # noqa: E402
                                 NOTES, _cpu_seconds, _db_backends, _post, _sync_batch)
from tests.pg import PostgresServer  # noqa: E402

GROUPS_TOTAL = 80_000
BAR_MS, INGEST_BAR, PEAK_RATE = 200, 2000, 330
PASSWORD = "mật khẩu quy mô quốc gia " + secrets.token_hex(4)
SERVICE_GROUPS = (("residence", 55, 95), ("id_card", 35, 85), ("other", 45, 90))


class Server:
    """The throwaway PostgreSQL, the production environment, and one gunicorn worker process."""

    def __init__(self):
        self.pg = PostgresServer().start()
        self.url = self.pg.create_database("outreach_national_scale")
        self.env = {**os.environ, "DATABASE_URL": self.url, "OUTREACH_ENV": "production",
                    "SECRET_KEY": secrets.token_urlsafe(48), "JWT_SECRET_KEY": secrets.token_urlsafe(48),
                    "TOTP_ENCRYPTION_KEY": secrets.token_urlsafe(48), "FLASK_APP": "wsgi",
                    "ARGON2_TIME_COST": "2", "ARGON2_MEMORY_KIB": "19456",
                    "ARGON2_PARALLELISM": "1",
                    # the readers' and phones' tokens outlive the 10-minute sustained run
                    "JWT_ACCESS_MINUTES": "60"}
        self.env.pop("PROMETHEUS_MULTIPROC_DIR", None)
        self.port, self.process = free_port(), None

    def flask(self, *args):
        done = subprocess.run([sys.executable, "-m", "flask", *args], cwd=ROOT, env=self.env,
                              capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"flask {' '.join(args)}: {done.stderr[-2000:]}")
        return done.stdout

    def has_command(self, name):
        return name in self.flask("--help")

    def sql(self, query, *params):
        import psycopg

        with psycopg.connect(self.dsn, autocommit=True) as conn:
            cursor = conn.execute(query, params or None)
            return cursor.fetchall() if cursor.description else []

    @property
    def dsn(self):
        return self.url.replace("postgresql+psycopg://", "postgresql://")

    def start(self, threads):
        cmd = [sys.executable, "-m", "gunicorn", "-w", "1", "-k", "gthread", "--threads",
               str(threads), "-b", f"127.0.0.1:{self.port}", "--timeout", "120",
               "--log-level", "warning", "wsgi:app"]
        self.process = subprocess.Popen(cmd, cwd=ROOT, env=self.env, start_new_session=True,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                if request(self.port, "GET", "/healthz")[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not come up")

    def cpu(self):
        """CPU seconds so far of the gunicorn master and worker and the database's backends."""
        pid = self.process.pid
        try:
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except OSError:
            children = []
        return sum(_cpu_seconds(p) for p in {pid, *map(int, children), *_db_backends(self.url)})

    def stop(self):
        try:
            if self.process is not None and self.process.poll() is None:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=30)
        finally:
            self.pg.stop()


# ---- the country -------------------------------------------------------------------------------

BUILD = """
import json, random, sys
from datetime import datetime, timezone
import pyotp
from sqlalchemy import insert, select
from server.areas.models import Province, ResidentialGroup, Ward
from server.areas.service import load_units
from server.auth.models import User
from server.auth.passwords import hash_password
from server.extensions import db
from server.metrics.models import FilingStat
from server.periods import local_today, month_start, previous_month
from wsgi import app

groups_total, password, seed = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
rng = random.Random(seed)
with app.app_context():
    provinces, wards = load_units()
    db.session.commit()
    all_wards = db.session.execute(select(Ward.id, Ward.province_id, Ward.lat, Ward.lon)
                                   .order_by(Ward.province_id, Ward.code)).all()
    share, extra = divmod(groups_total, len(all_wards))
    rows = [{"ward_id": w.id, "code": f"TDP{i + 1:02d}", "name": f"Tổ dân phố {i + 1}",
             "households_total": rng.randint(120, 450), "population": rng.randint(400, 1600),
             "lat": (w.lat or 16.0) + rng.uniform(-0.02, 0.02),
             "lon": (w.lon or 107.0) + rng.uniform(-0.02, 0.02)}
            for n, w in enumerate(all_wards) for i in range(share + (n < extra))]
    for start in range(0, len(rows), 20000):
        db.session.execute(insert(ResidentialGroup), rows[start:start + 20000])
    hashed = hash_password(password)
    users = [{"username": f"nat-{w.id}-{role}", "full_name": "Cán bộ " + role, "role": role,
              "ward_id": w.id, "province_id": w.province_id, "password_hash": hashed}
             for w in all_wards for role in ("officer", "volunteer")]
    db.session.execute(insert(User), users)
    month, figures = month_start(local_today()), []
    for _ in range(12):
        for w in all_wards:
            for group, lo, hi in %(service_groups)r:
                total = rng.randint(40, 400)
                online = round(total * rng.uniform(lo, hi) / 100)
                figures.append({"ward_id": w.id, "province_id": w.province_id, "month": month,
                                "service_group": group, "total": total, "online": online,
                                "in_person": total - online, "source": "import"})
        month = previous_month(month)
    for start in range(0, len(figures), 20000):
        db.session.execute(insert(FilingStat), figures[start:start + 20000])
    # the dashboards' readers: the commander of the largest province's first ward, its admin and
    # the national desk, each with a second factor in force (production asks for one)
    biggest = max({w.province_id for w in all_wards},
                  key=lambda p: sum(w.province_id == p for w in all_wards))
    ward = next(w for w in all_wards if w.province_id == biggest)
    readers = {"nat-commander": ("commander", ward.id, biggest), "nat-admin": ("admin", None, biggest),
               "nat-desk": ("national", None, None)}
    secrets_out = {}
    for name, (role, ward_id, province_id) in readers.items():
        user = User(username=name, full_name=name, role=role, ward_id=ward_id,
                    province_id=province_id, password_hash=hashed)
        user.totp_secret = secrets_out[name] = pyotp.random_base32()
        user.totp_confirmed_at = datetime.now(timezone.utc).replace(tzinfo=None)
        db.session.add(user)
    db.session.commit()
    authors = {}
    for user_id, ward_id in db.session.execute(select(User.id, User.ward_id).where(
            User.username.like("nat-%%-%%"), User.role.in_(("officer", "volunteer")))):
        authors.setdefault(ward_id, []).append(user_id)
    groups = {}
    for group_id, ward_id in db.session.execute(select(ResidentialGroup.id, ResidentialGroup.ward_id)):
        groups.setdefault(ward_id, []).append(group_id)
    print(json.dumps({"provinces": provinces, "wards": [
        {"id": w.id, "province_id": w.province_id, "centre": [w.lat or 16.0, w.lon or 107.0],
         "groups": groups[w.id], "authors": authors[w.id]} for w in all_wards],
        "measured": {"ward": ward.id, "province": biggest}, "totp": secrets_out}))
""" % {"service_groups": SERVICE_GROUPS}


def build_country(server, seed):
    """Units, groups, users and filing figures (one process with the app); returns the world."""
    done = subprocess.run([sys.executable, "-c", BUILD, str(GROUPS_TOTAL), PASSWORD, str(seed)],
                          cwd=ROOT, env=server.env, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"building the country: {done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def create_partitions(server):
    """`flask create-partitions` when the project has it, asked for the 12 months loaded and the
    next; prints what it said. On the current schema (one table) there is nothing to do."""
    if not server.has_command("create-partitions"):
        print("partitions: no `flask create-partitions` command; events stay one table", flush=True)
        return
    usage = server.flask("create-partitions", "--help")
    args = []
    first = (datetime.now(timezone.utc) - timedelta(days=400)).strftime("%Y-%m")
    for flag, value in (("--from", first), ("--since", first), ("--months", "15"),
                        ("--ahead", "2")):
        if flag in usage:
            args += [flag, value]
    print(f"partitions: flask create-partitions {' '.join(args)}".rstrip(), flush=True)
    print("  " + server.flask("create-partitions", *args).strip().replace("\n", "\n  "), flush=True)


def event_rows(world, count, rng):
    """`count` events spread over every ward and the last 365 days (naive UTC times)."""
    now = datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)
    wards, kinds = world["wards"], rng.choices(KINDS, KIND_WEIGHTS, k=count)
    blank = dict.fromkeys(COUNTS, 0)
    for kind in kinds:
        ward = wards[rng.randrange(len(wards))]
        occurred = now - timedelta(seconds=rng.randrange(60, 365 * 86400))
        counts = dict(blank)
        if MAIN[kind]:
            counts[MAIN[kind]] = rng.randint(1, 60)
        if kind == "digital_post":
            counts["online_reach"] = rng.randint(0, 3000)
        elif kind != "leaflet_drop":
            counts["vneid_installs"] = rng.randint(0, 12)
            counts["vneid_activations"] = rng.randint(0, counts["vneid_installs"])
            counts["dvc_filings"] = rng.randint(0, 6)
        groups = ward["groups"]
        yield (str(uuid.UUID(int=rng.getrandbits(128), version=4)), ward["province_id"],
               ward["id"], None if rng.random() < 0.08 else groups[rng.randrange(len(groups))],
               ward["authors"][rng.randrange(2)], kind, occurred, 420,
               (occurred + timedelta(hours=7)).date(), rng.randint(10, 180), *counts.values(),
               NOTES[rng.randrange(len(NOTES))], "[]", 1, rng.random() < 0.02, "bench-copy",
               occurred, occurred)


def copy_events(server, world, count, rng):
    """COPY `count` events into `events` (partitions route them when there are any)."""
    import psycopg

    with psycopg.connect(server.dsn) as conn, conn.cursor() as cur:
        with cur.copy(f"COPY events ({', '.join(EVENT_COLUMNS)}) FROM STDIN") as copy:
            for n, row in enumerate(event_rows(world, count, rng), 1):
                copy.write_row(row)
                if n % 1_000_000 == 0:
                    print(f"  … {n:,} events sent", flush=True)


def disk_sizes(server):
    """Bytes of the events (every partition, indexes and TOAST included) and of the rollups."""
    events = server.sql("SELECT coalesce(sum(pg_total_relation_size(relid)), 0) "
                        "FROM pg_partition_tree('events')")[0][0]
    rollups = server.sql("SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
                         "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' "
                         "AND c.relkind IN ('r', 'p') AND c.relname LIKE '%rollup%'")[0][0]
    return int(events), int(rollups)


def load(server, world, count, rng):
    """COPY the events, build the rollups, analyse; prints the times and the disk size."""
    started = time.perf_counter()
    copy_events(server, world, count, rng)
    copied = time.perf_counter() - started
    said = server.flask("rebuild-rollups").strip().replace("\n", "; ")
    rolled = time.perf_counter() - started - copied
    server.sql("VACUUM ANALYZE")
    events, rollups = disk_sizes(server)
    print(f"load: {count:,} events by COPY in {copied:.0f} s ({count / copied:,.0f}/s); "
          f"`flask rebuild-rollups` in {rolled:.0f} s ({said}); VACUUM ANALYZE done", flush=True)
    print(f"disk: events {events / 2**20:,.1f} MiB = {events / 2**20 / (count / 1e6):,.1f} MiB "
          f"per million events (pg_total_relation_size, indexes included); rollups "
          f"{rollups / 2**20:,.1f} MiB", flush=True)


# ---- reading and writing through HTTP ----------------------------------------------------------

def sign_in(server, world):
    """Bearer headers of the three readers (password and a fresh one-time code)."""
    import pyotp

    headers = {}
    for name, secret in world["totp"].items():
        status, body = request(server.port, "POST", "/api/v1/auth/login", {
            "username": name, "password": PASSWORD, "totp": pyotp.TOTP(secret).now()})
        assert status == 200, (name, status, body)
        headers[name] = {"Authorization": f"Bearer {body['access_token']}"}
    return headers


def dashboards(world, headers):
    """(name, path, headers) of the four dashboard reads."""
    today = datetime.now(timezone(timedelta(hours=7))).date()
    ward, province = world["measured"]["ward"], world["measured"]["province"]
    year = f"from={(today - timedelta(days=364)).isoformat()}&to={(today + timedelta(days=1)).isoformat()}"
    month = today.strftime("%Y-%m")
    return [("ward metrics, this month", f"/api/v1/wards/{ward}/metrics", headers["nat-commander"]),
            ("ward metrics, 12 months", f"/api/v1/wards/{ward}/metrics?{year}",
             headers["nat-commander"]),
            ("province ranking", f"/api/v1/provinces/{province}/ranking?month={month}",
             headers["nat-admin"]),
            ("national picture", f"/api/v1/national?month={month}", headers["nat-desk"])]


def get(server, path, headers):
    """Wall ms of one GET; raises on anything but 200."""
    started = time.perf_counter()
    status, body = request(server.port, "GET", path, headers=headers, timeout=120)
    if status != 200:
        raise RuntimeError(f"GET {path}: {status} {str(body)[:300]}")
    return (time.perf_counter() - started) * 1000


def measure_reads(server, reads, repeat):
    """{name: (wall ms list, server CPU ms list)} after two warm-up calls each."""
    figures = {}
    for name, path, headers in reads:
        get(server, path, headers)
        get(server, path, headers)
        walls, cpus = [], []
        for _ in range(repeat):
            before = server.cpu()
            walls.append(get(server, path, headers))
            cpus.append((server.cpu() - before) * 1000)
        figures[name] = (walls, cpus)
        print(f"  {name:<26} median {statistics.median(walls):7.1f} ms  p95 {p95(walls):7.1f} ms"
              f"  server CPU {statistics.median(cpus):6.1f} ms", flush=True)
    return figures


def p95(values):
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(0.95 * len(values)) - 1))]


def phones(server, world, count):
    """(headers, ward) of `count` officers of different wards, signed in."""
    out = []
    for ward in world["wards"][::max(1, len(world["wards"]) // count)][:count]:
        username = f"nat-{ward['id']}-officer"
        status, body = request(server.port, "POST", "/api/v1/auth/login",
                               {"username": username, "password": PASSWORD})
        assert status == 200, (username, status, body)
        out.append(({"Authorization": f"Bearer {body['access_token']}",
                     "X-Device-Id": f"bench-{username}"}, ward))
    return out


def send(server, headers, events):
    """POST one batch; the number of events created (raises on a refused batch)."""
    status, body = _post(server.port, "/api/v1/events/sync", json.dumps({"events": events}).encode(),
                         headers)
    if status != 200:
        raise RuntimeError(f"sync {status}: {str(body)[:300]}")
    return sum(1 for r in body["results"] if r["status"] == "created")


def ingest(server, senders, batches, clients, rng):
    """Batches of 500 from `clients` threads at once: (events/s, events per server CPU-second)."""
    jobs = queue.Queue()
    for i in range(batches):
        headers, ward = senders[i % len(senders)]
        jobs.put((headers, _sync_batch(ward, rng)))
    created, lock, failures = [0], threading.Lock(), []

    def client():
        while True:
            try:
                headers, events = jobs.get_nowait()
            except queue.Empty:
                return
            try:
                made = send(server, headers, events)
            except (OSError, RuntimeError) as failed:
                failures.append(str(failed))
                continue
            with lock:
                created[0] += made

    cpu, started = server.cpu(), time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed, cpu = time.perf_counter() - started, server.cpu() - cpu
    return created[0] / elapsed, created[0] / cpu if cpu else 0.0, created[0], failures


def sustain(server, senders, reads, minutes, rng):
    """PEAK_RATE events/s in batches of 50 for `minutes` while the dashboards are read in a loop:
    (achieved events/s, {dashboard: wall ms list}, failures)."""
    batch, seconds = 50, minutes * 60
    interval = batch / PEAK_RATE
    jobs, failures, created, lock = queue.Queue(), [], [0], threading.Lock()
    latencies, done = {name: [] for name, _, _ in reads}, threading.Event()

    def sender():
        while True:
            job = jobs.get()
            if job is None:
                return
            try:
                made = send(server, *job)
            except (OSError, RuntimeError) as failed:
                failures.append(str(failed))
                continue
            with lock:
                created[0] += made

    def reader():
        while not done.is_set():
            for name, path, headers in reads:
                try:
                    latencies[name].append(get(server, path, headers))
                except (OSError, RuntimeError) as failed:
                    failures.append(str(failed))
            done.wait(0.5)

    workers = [threading.Thread(target=sender) for _ in range(6)] + [threading.Thread(target=reader)]
    for worker in workers:
        worker.start()
    started = time.perf_counter()
    for n in range(int(seconds / interval)):
        time.sleep(max(0.0, started + n * interval - time.perf_counter()))
        headers, ward = senders[n % len(senders)]
        jobs.put((headers, _sync_batch(ward, rng, batch)))
    for _ in workers[:-1]:
        jobs.put(None)
    for worker in workers[:-1]:
        worker.join()
    elapsed = time.perf_counter() - started
    done.set()
    workers[-1].join()
    return created[0] / elapsed, latencies, failures


# ---- the run -----------------------------------------------------------------------------------

def arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--sustain-minutes", type=float, default=10)
    parser.add_argument("--repeat", type=int, default=20, help="timed calls per dashboard")
    parser.add_argument("--ingest-batches", type=int, default=40, help="batches of 500")
    parser.add_argument("--clients", type=int, default=4, help="client threads for the ingest")
    parser.add_argument("--threads", type=int, default=4, help="threads of the gunicorn worker")
    parser.add_argument("--seed", type=int, default=34)
    parser.add_argument("--quick", action="store_true",
                        help="1,000,000 events, 1 minute sustained, 10 calls per dashboard")
    args = parser.parse_args()
    if args.quick:
        for name, value in (("events", 1_000_000), ("sustain_minutes", 1), ("repeat", 10),
                            ("ingest_batches", 16)):
            if getattr(args, name) == parser.get_default(name):
                setattr(args, name, value)
    return args


def verdicts(reads, ingest_rate, sustained, failures):
    lines = [(statistics.median(walls) < BAR_MS,
              f"{name}: median {statistics.median(walls):.1f} ms < {BAR_MS} ms")
             for name, (walls, _) in reads.items()]
    lines.append((ingest_rate >= INGEST_BAR,
                  f"sync ingest {ingest_rate:,.0f} events/s ≥ {INGEST_BAR:,} on one process"))
    lines.append((sustained >= PEAK_RATE * 0.99,
                  f"sustained {sustained:,.1f} events/s ≥ {PEAK_RATE} with the dashboards read"))
    lines.append((not failures, f"{len(failures)} failed requests" +
                  (f" (first: {failures[0]})" if failures else "")))
    for ok, line in lines:
        print(f"{'met   ' if ok else 'MISSED'} {line}")
    return 0 if all(ok for ok, _ in lines) else 1


def run(server, args):
    rng = random.Random(args.seed)
    server.flask("db", "upgrade")
    create_partitions(server)
    started = time.perf_counter()
    world = build_country(server, args.seed)
    groups = sum(len(w["groups"]) for w in world["wards"])
    print(f"country: {world['provinces']} provinces, {len(world['wards']):,} wards, {groups:,} "
          f"groups, {2 * len(world['wards']):,} field users, 12 months of filing figures, in "
          f"{time.perf_counter() - started:.0f} s", flush=True)
    load(server, world, args.events, rng)
    server.start(args.threads)
    reads = dashboards(world, sign_in(server, world))
    print(f"dashboards through one gunicorn worker ({args.threads} threads), {args.repeat} calls "
          "each (wall ms; server CPU: the worker and the PostgreSQL backends):", flush=True)
    figures = measure_reads(server, reads, args.repeat)
    senders = phones(server, world, 24)
    rate, per_cpu, created, failures = ingest(server, senders, args.ingest_batches, args.clients,
                                              rng)
    print(f"sync ingest: {created:,} events in batches of 500 from {args.clients} client threads: "
          f"{rate:,.0f} events/s ({per_cpu:,.0f} per server CPU-second)", flush=True)
    sustained, latencies, more = sustain(server, senders, reads, args.sustain_minutes, rng)
    print(f"sustained for {args.sustain_minutes:g} min (target {PEAK_RATE}/s in batches of 50): "
          f"{sustained:,.1f} events/s; the dashboards meanwhile:", flush=True)
    for name, walls in latencies.items():
        if walls:
            print(f"  {name:<26} {len(walls):4d} reads  median {statistics.median(walls):7.1f} ms"
                  f"  p95 {p95(walls):7.1f} ms", flush=True)
    return verdicts(figures, rate, sustained, failures + more)


def main():
    args = arguments()
    # a `timeout` or a kill still stops what was started (the finally below)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    print(f"CPUs: {os.cpu_count()} (shared by this script, gunicorn and PostgreSQL); "
          f"{args.events:,} events; loopback only.", flush=True)
    server = Server()
    try:
        return run(server, args)
    finally:
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
