"""How fast the dashboards and the sync stay as a province fills up with events.

Builds a province the size of Khánh Hòa (its real wards, loaded by `load-units --province 56`,
and about 1,500 residential groups) on SQLite and on a throwaway PostgreSQL, fills it with
10 thousand, 100 thousand and 1 million events (bulk inserts, or COPY on PostgreSQL, then the
rollup rebuild of `flask rebuild-rollups`), and measures at each size:

- ward metrics (GET /api/v1/wards/<id>/metrics, this month and the last 12 months) and the
  province ranking (GET /api/v1/provinces/<id>/ranking) through the Flask app: median and p95
  over repeated calls;
- sync ingest: events per second through POST /api/v1/events/sync in batches of 500, against
  one gunicorn worker process over real HTTP on loopback; also per CPU-second of that worker
  and the PostgreSQL backends, which other work on a shared machine moves much less.

Sizes grow in place: the 100k database is the 10k one plus 90k events, and so on.

    python bench/metrics_bench.py                                   # everything (~15 min)
    python bench/metrics_bench.py --sizes 10000,100000 --backends sqlite --repeat 10

A script, not a test: it prints a table and whether the bars are met.
"""
import argparse
import json
import os
import random
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bars import cpu_seconds  # noqa: E402
from bench.harness import free_port, request  # noqa: E402
from tests.pg import PostgresServer  # noqa: E402

VN = timezone(timedelta(hours=7))
PASSWORD = "mật khẩu đo tải " + secrets.token_hex(4)
PROVINCE_CODE = "56"  # Khánh Hòa
GROUPS_TOTAL = 1500
OFFICERS, VOLUNTEERS = 4, 2
KINDS = ("meeting", "household_visit", "support_session", "leaflet_drop", "digital_post")
KIND_WEIGHTS = (20, 35, 25, 12, 8)
MAIN = {"meeting": "attendees", "household_visit": "households_visited",
        "support_session": "people_assisted", "leaflet_drop": "leaflets", "digital_post": None}
COUNTS = ("attendees", "households_visited", "people_assisted", "vneid_installs",
          "vneid_activations", "dvc_filings", "leaflets", "online_reach")
EVENT_COLUMNS = ("id", "province_id", "ward_id", "group_id", "author_id", "kind", "occurred_at",
                 "utc_offset_min", "local_date", "duration_min", *COUNTS, "note", "flags",
                 "version", "deleted", "device_id", "created_at", "updated_at")
NOTES = ("Họp tổ dân phố về VNeID mức 2", "Hướng dẫn nộp hồ sơ trực tuyến trên Cổng DVC",
         "Thăm hộ, cài VNeID cho người cao tuổi", None, None)


# ---- the database ------------------------------------------------------------------------------

def make_app(url):
    from server import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": secrets.token_urlsafe(48),
                       "JWT_SECRET_KEY": secrets.token_urlsafe(48), "ARGON2_TIME_COST": 2,
                       "ARGON2_MEMORY_KIB": 19456, "ARGON2_PARALLELISM": 1,
                       "LOGIN_FAILURE_LIMIT_PAIR": "1000 per minute",
                       "LOGIN_FAILURE_LIMIT_ADDR": "1000 per minute"})


def build_province(app, rng):
    """Migrate, load the province's real wards, then groups, users and filing figures.
    Returns the world: {province_id, wards: [{id, groups, authors, commander}], admin}."""
    from flask_migrate import upgrade
    from sqlalchemy import select

    from server.areas.models import Province, ResidentialGroup, Ward
    from server.areas.service import load_units
    from server.auth.models import User
    from server.auth.passwords import hash_password
    from server.extensions import db
    from server.metrics.models import FilingStat
    from server.periods import local_today, month_start, previous_month

    with app.app_context():
        upgrade()
        load_units(PROVINCE_CODE)
        db.session.commit()
        province = db.session.scalar(select(Province).where(Province.code == PROVINCE_CODE))
        wards = db.session.scalars(select(Ward).where(Ward.province_id == province.id)
                                   .order_by(Ward.code)).all()
        # ~1,500 groups: each ward gets a share around the mean, as towns have more than islands.
        per_ward = [max(6, round(GROUPS_TOTAL / len(wards) * rng.uniform(0.5, 1.5))) for _ in wards]
        scale = GROUPS_TOTAL / sum(per_ward)
        per_ward = [max(6, round(n * scale)) for n in per_ward]
        password_hash = hash_password(PASSWORD)
        world = {"province_id": province.id, "wards": [], "admin": "bench-admin"}
        db.session.add(User(username="bench-admin", full_name="Quản trị tỉnh", role="admin",
                            province_id=province.id, password_hash=password_hash))
        for ward, n_groups in zip(wards, per_ward):
            # Group centres near the ward's, so the sync's distance check runs as it does live.
            lat, lon = ward.lat or 12.24, ward.lon or 109.19
            groups = [ResidentialGroup(
                ward_id=ward.id, code=f"TDP{i + 1:02d}", name=f"Tổ dân phố {i + 1}",
                households_total=rng.randint(120, 450), population=rng.randint(400, 1600),
                lat=lat + rng.uniform(-0.02, 0.02), lon=lon + rng.uniform(-0.02, 0.02))
                for i in range(n_groups)]
            users = [User(username=f"bench-{ward.code}-cmd", full_name=f"Chỉ huy {ward.name}",
                          role="commander", ward_id=ward.id, province_id=province.id,
                          password_hash=password_hash)]
            users += [User(username=f"bench-{ward.code}-cskv{i}", full_name=f"Cán bộ CSKV {i}",
                           role="officer", ward_id=ward.id, province_id=province.id,
                           password_hash=password_hash) for i in range(OFFICERS)]
            users += [User(username=f"bench-{ward.code}-dtn{i}", full_name=f"Đoàn viên {i}",
                           role="volunteer", ward_id=ward.id, province_id=province.id,
                           password_hash=password_hash) for i in range(VOLUNTEERS)]
            db.session.add_all(groups + users)
            db.session.flush()
            world["wards"].append({
                "id": ward.id, "code": ward.code, "name": ward.name,
                "groups": [g.id for g in groups], "centre": (lat, lon),
                "authors": [u.id for u in users],
                "officers": [u.username for u in users if u.role == "officer"],
                "commander": users[0].username})
        # Thirteen months of filing figures per ward, so the ranking has every ward to rank.
        month = month_start(local_today())
        for _ in range(13):
            for ward in wards:
                for group, lo, hi in (("residence", 55, 95), ("id_card", 35, 85), ("other", 45, 90)):
                    total = rng.randint(40, 400)
                    online = round(total * rng.uniform(lo, hi) / 100)
                    db.session.add(FilingStat(ward_id=ward.id, province_id=province.id,
                                              month=month, service_group=group, total=total,
                                              online=online, in_person=total - online,
                                              source="import"))
            month = previous_month(month)
        db.session.commit()
    world["groups"] = sum(len(w["groups"]) for w in world["wards"])
    return world


def rearrange_ward(app, world, times):
    """Rearrange the measured ward's groups `times` times, months apart in the past year: each
    time two groups merge, one splits in two and one is renamed (DESIGN.md §8). The new groups
    join the ward's list, so events land in stopped and new groups alike."""
    from server.areas.changes import apply_group_changes
    from server.areas.history import in_force_on
    from server.areas.models import ResidentialGroup, Ward
    from server.extensions import db
    from server.origin import NO_ORIGIN
    from server.periods import local_today
    from sqlalchemy import select

    measured = world["wards"][0]
    with app.app_context():
        ward = db.session.get(Ward, measured["id"])
        for n in range(times):
            day = local_today() - timedelta(days=300 - 100 * n)
            ids = db.session.scalars(select(ResidentialGroup.id).where(
                ResidentialGroup.ward_id == ward.id, *in_force_on(day))
                .order_by(ResidentialGroup.id)).all()
            created = apply_group_changes(ward, {"effective_on": day, "changes": [
                {"op": "merge", "from_": ids[:2], "into": {"code": f"M{n}", "name": f"Tổ gộp {n}"}},
                {"op": "split", "from_": ids[2], "into": [
                    {"code": f"S{n}A", "name": f"Tổ tách {n}A", "households_total": 150},
                    {"code": f"S{n}B", "name": f"Tổ tách {n}B", "households_total": 150}]},
                {"op": "rename", "group_id": ids[3], "name": f"Tổ đổi tên {n}"}]}, NO_ORIGIN)
            measured["groups"] += [group.id for group in created]


def event_rows(world, count, rng, days=365, in_ward=False):
    """`count` events spread over the province's wards (or all in its first ward) and the last
    `days` days."""
    now = datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)
    wards = world["wards"][:1] if in_ward else world["wards"]
    kinds = rng.choices(KINDS, KIND_WEIGHTS, k=count)
    for i in range(count):
        ward = wards[rng.randrange(len(wards))]
        kind = kinds[i]
        occurred = now - timedelta(seconds=rng.randrange(60, days * 86400))
        local = (occurred + timedelta(hours=7)).date()
        counts = dict.fromkeys(COUNTS, 0)
        if MAIN[kind]:
            counts[MAIN[kind]] = rng.randint(1, 60) if kind != "leaflet_drop" else rng.randint(20, 400)
        if kind == "digital_post":
            counts["online_reach"] = rng.randint(0, 3000)
        if kind in ("support_session", "household_visit", "meeting"):
            counts["vneid_installs"] = rng.randint(0, 12)
            counts["vneid_activations"] = rng.randint(0, counts["vneid_installs"])
            counts["dvc_filings"] = rng.randint(0, 6)
        group = None if rng.random() < 0.08 else ward["groups"][rng.randrange(len(ward["groups"]))]
        yield (str(uuid.UUID(int=rng.getrandbits(128), version=4)), world["province_id"],
               ward["id"], group, ward["authors"][rng.randrange(len(ward["authors"]))], kind,
               occurred, 420, local, rng.randint(10, 180), *counts.values(),
               NOTES[rng.randrange(len(NOTES))], "[]", 1, rng.random() < 0.02, "bench-bulk",
               occurred, occurred)


def insert_events(app, world, count, rng, in_ward=False):
    """Bulk-insert `count` events (COPY on PostgreSQL), then rebuild the rollups from scratch."""
    from server.extensions import db
    from server.metrics.rollups import rebuild_rollups

    with app.app_context():
        started = time.perf_counter()
        engine = db.engine
        raw = engine.raw_connection()
        try:
            if engine.dialect.name == "postgresql":
                with raw.cursor() as cur:
                    with cur.copy(f"COPY events ({', '.join(EVENT_COLUMNS)}) FROM STDIN") as copy:
                        for row in event_rows(world, count, rng, in_ward=in_ward):
                            copy.write_row(row)
            else:
                marks = ", ".join("?" * len(EVENT_COLUMNS))
                sql = f"INSERT INTO events ({', '.join(EVENT_COLUMNS)}) VALUES ({marks})"
                cur = raw.cursor()
                batch = []
                for row in event_rows(world, count, rng, in_ward=in_ward):
                    batch.append(_sqlite_row(row))
                    if len(batch) == 20_000:
                        cur.executemany(sql, batch)
                        batch = []
                if batch:
                    cur.executemany(sql, batch)
            raw.commit()
        finally:
            raw.close()
        inserted = time.perf_counter() - started
        rollups = rebuild_rollups()
        if engine.dialect.name == "postgresql":
            with engine.connect() as conn:
                conn.exec_driver_sql("ANALYZE")
                conn.commit()
        else:
            with engine.connect() as conn:
                conn.exec_driver_sql("ANALYZE")
        return inserted, time.perf_counter() - started - inserted, rollups


def _sqlite_row(row):
    """SQLAlchemy's SQLite storage formats for the row's datetimes and dates."""
    out = list(row)
    for i, name in enumerate(EVENT_COLUMNS):
        value = out[i]
        if name in ("occurred_at", "created_at", "updated_at"):
            out[i] = value.strftime("%Y-%m-%d %H:%M:%S.%f")
        elif name == "local_date":
            out[i] = value.isoformat()
        elif name == "deleted":
            out[i] = int(value)
    return out


# ---- reading through the app -------------------------------------------------------------------

def login(client, username):
    res = client.post("/api/v1/auth/login", json={"username": username, "password": PASSWORD})
    assert res.status_code == 200, res.get_json()
    return {"Authorization": f"Bearer {res.get_json()['access_token']}"}


def timed_calls(client, url, headers, repeat, cpu=time.process_time):
    """Median and p95 in ms of `repeat` calls after two warm-up calls, and the median CPU ms per
    call (`cpu()`: CPU seconds of this process and the database's, which other work on a shared
    machine moves much less than wall-clock time)."""
    for _ in range(2):
        res = client.get(url, headers=headers)
        assert res.status_code == 200, (url, res.status_code, res.get_data(as_text=True)[:300])
    times, cpu_times = [], []
    for _ in range(repeat):
        started, cpu_started = time.perf_counter(), cpu()
        res = client.get(url, headers=headers)
        times.append((time.perf_counter() - started) * 1000)
        cpu_times.append((cpu() - cpu_started) * 1000)
        assert res.status_code == 200
    return {**summary(times), "cpu": statistics.median(cpu_times)}


def summary(times):
    times = sorted(times)
    p95 = times[min(len(times) - 1, max(0, round(0.95 * len(times)) - 1))]
    return {"median": statistics.median(times), "p95": p95}


def measure_reads(app, world, repeat, url):
    from server.periods import local_today

    today = local_today()
    ward = world["wards"][0]
    year = f"from={(today - timedelta(days=364)).isoformat()}&to={(today + timedelta(days=1)).isoformat()}"
    month = today.strftime("%Y-%m")
    with app.test_client() as client:
        commander, admin = login(client, ward["commander"]), login(client, world["admin"])
        base = f"/api/v1/wards/{ward['id']}/metrics"
        events = f"/api/v1/events?ward_id={ward['id']}"
        first = client.get(events, headers=commander).get_json()
        backends = _db_backends(url)

        def timed(path, who):
            return timed_calls(client, path, who, repeat, cpu=lambda: time.process_time() + sum(
                cpu_seconds(pid) for pid in backends))
        return {
            "ward_month": timed(base, commander),
            "ward_year": timed(f"{base}?{year}", commander),
            "ranking": timed(f"/api/v1/provinces/{world['province_id']}/ranking?month={month}",
                             admin),
            "report_year": timed(f"/api/v1/wards/{ward['id']}/report?{year}", commander),
            "events_first": timed(events, commander),
            "events_next": timed(f"{events}&cursor={first['next_cursor']}", commander),
        }


# ---- sync ingest over HTTP ---------------------------------------------------------------------

def measure_sync(url, world, batches, rng):
    """Events/s through POST /events/sync, 500 per batch, against one gunicorn worker."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": url, "OUTREACH_ENV": "production",
           "SECRET_KEY": secrets.token_urlsafe(48), "ARGON2_TIME_COST": "2",
           "TOTP_ENCRYPTION_KEY": secrets.token_urlsafe(32),
           "ARGON2_MEMORY_KIB": "19456", "ARGON2_PARALLELISM": "1"}
    log = open(Path(tempfile.gettempdir()) / f"outreach-bench-gunicorn-{port}.log", "w+")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", "1", "-b", f"127.0.0.1:{port}",
         "--log-level", "warning", "wsgi:app"],
        cwd=ROOT, env=env, start_new_session=True, stdout=log, stderr=log)
    try:
        _wait_up(port, server, log)
        phones = []
        for ward in world["wards"][:batches]:
            username = ward["officers"][0]
            status, body = request(port, "POST", "/api/v1/auth/login",
                                   {"username": username, "password": PASSWORD})
            assert status == 200, body
            phones.append(({"Authorization": f"Bearer {body['access_token']}",
                            "X-Device-Id": f"bench-{username}"}, ward))
        payloads = [(headers, json.dumps({"events": _sync_batch(ward, rng)}).encode())
                    for headers, ward in (phones[i % len(phones)] for i in range(batches + 1))]
        warm_headers, warm_payload = payloads.pop()
        status, body = _post(port, "/api/v1/events/sync", warm_payload, warm_headers)  # warm-up
        assert status == 200, (status, body)
        backends = _db_backends(url)
        cpu_before = _server_cpu(server.pid, backends)
        times, created = [], 0
        started = time.perf_counter()
        for headers, payload in payloads:
            t0 = time.perf_counter()
            status, body = _post(port, "/api/v1/events/sync", payload, headers)
            times.append((time.perf_counter() - t0) * 1000)
            assert status == 200, (status, body)
            created += sum(1 for r in body["results"] if r["status"] == "created")
        elapsed = time.perf_counter() - started
        cpu = _server_cpu(server.pid, backends | _db_backends(url)) - cpu_before
        assert created == 500 * batches, f"only {created} of {500 * batches} created"
        return {"events_per_s": created / elapsed, "batch": summary(times),
                "events": created + 500, "events_per_cpu_s": created / cpu if cpu else None}
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()
        os.unlink(log.name)


def _server_cpu(master_pid, backends):
    """CPU seconds of the gunicorn master, its worker and the database's server processes: what
    the ingest cost, whatever else the machine was doing meanwhile."""
    try:
        children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    except OSError:
        children = []
    return sum(cpu_seconds(pid) for pid in {master_pid, *map(int, children), *backends})


def _db_backends(url):
    """PostgreSQL server processes serving the bench database (none for SQLite)."""
    if not url.startswith("postgresql"):
        return set()
    import psycopg

    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
        rows = conn.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                            "AND pid <> pg_backend_pid()").fetchall()
    return {pid for (pid,) in rows}


def _sync_batch(ward, rng, size=500):
    now = datetime.now(VN).replace(microsecond=0)
    batch = []
    for _ in range(size):
        kind = rng.choices(KINDS, KIND_WEIGHTS)[0]
        event = {"id": str(uuid.UUID(int=rng.getrandbits(128), version=4)), "kind": kind,
                 "group_id": rng.choice(ward["groups"]),
                 "occurred_at": (now - timedelta(minutes=rng.randint(10, 80 * 1440))).isoformat(),
                 "duration_min": rng.randint(15, 180), "vneid_installs": rng.randint(0, 8),
                 "note": "Tuyên truyền Đề án 06 tại tổ dân phố"}
        if MAIN[kind]:
            event[MAIN[kind]] = rng.randint(1, 60)
        if rng.random() < 0.5:
            lat, lon = ward["centre"]
            event.update(lat=round(lat + rng.uniform(-0.03, 0.03), 6),
                         lon=round(lon + rng.uniform(-0.03, 0.03), 6), accuracy_m=rng.uniform(5, 60))
        batch.append(event)
    return batch


def _post(port, path, payload, headers):
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request("POST", path, body=payload, headers={"Content-Type": "application/json",
                                                          **headers})
        res = conn.getresponse()
        return res.status, json.loads(res.read())
    finally:
        conn.close()


def _wait_up(port, server, log):
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and server.poll() is None:
        try:
            if request(port, "GET", "/healthz")[0] == 200:
                return
        except OSError:
            time.sleep(0.2)
    log.seek(0)
    raise RuntimeError(f"gunicorn did not come up: {log.read()[-2000:]}")


# ---- the run -----------------------------------------------------------------------------------

def run_backend(backend, sizes, args):
    rng = random.Random(args.seed)
    tmp = Path(tempfile.mkdtemp(prefix="outreach-bench-"))
    pg = None
    try:
        if backend == "postgresql":
            pg = PostgresServer().start()
            url = pg.create_database("outreach_metrics_bench")
        else:
            url = f"sqlite:///{tmp / 'bench.db'}"
        app = make_app(url)
        world = build_province(app, rng)
        rearrange_ward(app, world, args.rearrangements)
        print(f"[{backend}] {len(world['wards'])} wards, {world['groups']} residential groups",
              flush=True)
        rows, have = [], 0
        for size in sizes:
            inserted, rebuilt, rollups = insert_events(app, world, size - have, rng, args.in_ward)
            have = size
            print(f"[{backend}] {size:>9,} events: inserted in {inserted:.1f} s, rollups rebuilt "
                  f"in {rebuilt:.1f} s ({rollups:,} rows)", flush=True)
            reads = measure_reads(app, world, args.repeat, url)
            sync = measure_sync(url, world, args.sync_batches, rng) if args.sync_batches else None
            have += sync["events"] if sync else 0
            rows.append({"backend": backend, "size": size, "rollups": rollups, **reads,
                         "sync": sync})
            print_row(rows[-1])
        return rows
    finally:
        if pg is not None:
            pg.stop()
        shutil.rmtree(tmp, ignore_errors=True)


READS = (("ward_month", "ward month ms"), ("ward_year", "ward 12 mo ms"),
         ("ranking", "ranking ms"), ("report_year", "report 12 mo ms"),
         ("events_first", "events page ms"), ("events_next", "next page ms"))
HEADER = (f"{'backend':<11}{'events':>10}  " + "  ".join(f"{title:>23}" for _, title in READS)
          + f"  {'sync events/s':>13}  {'per CPU-s':>9}  {'batch of 500 ms':>16}")


def print_row(row):
    def cell(m):
        return f"{m['median']:6.1f} / {m['p95']:6.1f}"
    reads = "  ".join(f"{cell(row[key]) + ' (' + format(row[key]['cpu'], '.1f') + ')':>23}"
                      for key, _ in READS)
    sync = row["sync"]
    if sync is None:
        print(f"{row['backend']:<11}{row['size']:>10,}  {reads}", flush=True)
        return
    per_cpu = sync["events_per_cpu_s"]
    cpu = f"{per_cpu:,.0f}" if per_cpu else "-"
    print(f"{row['backend']:<11}{row['size']:>10,}  {reads}  {sync['events_per_s']:>13,.0f}  "
          f"{cpu:>9}  {cell(sync['batch']):>16}", flush=True)


def check_bars(rows):
    """The bars of issue 4, per backend: lines saying met or missed."""
    lines = []
    for backend in dict.fromkeys(r["backend"] for r in rows):
        mine = {r["size"]: r for r in rows if r["backend"] == backend}
        smallest, largest = mine[min(mine)], mine[max(mine)]
        ward_small, ward_large = smallest["ward_month"]["median"], largest["ward_month"]["median"]
        ok = ward_large < 50
        lines.append(f"{'met   ' if ok else 'MISSED'} {backend}: ward metrics median at "
                     f"{largest['size']:,} events {ward_large:.1f} ms < 50 ms")
        ok = ward_large <= 2 * ward_small
        lines.append(f"{'met   ' if ok else 'MISSED'} {backend}: ward metrics median at "
                     f"{largest['size']:,} events ≤ 2 × at {smallest['size']:,} "
                     f"({ward_large:.1f} ≤ {2 * ward_small:.1f} ms)")
        lines += _read_bars(backend, smallest, largest)
        if smallest["sync"] is None:
            continue
        worst = min(r["sync"]["events_per_s"] for r in mine.values())
        lines.append(f"{'met   ' if worst >= 2000 else 'MISSED'} {backend}: sync ingest, slowest "
                     f"size {worst:,.0f} events/s ≥ 2,000 on one process")
    return lines


def _read_bars(backend, smallest, largest):
    """Every read under 200 ms at the largest size and at most 2× its figure at the smallest."""
    lines = []
    for key, title in READS:
        for measure, what in (("median", "median"), ("cpu", "CPU per call")):
            small, large = smallest[key][measure], largest[key][measure]
            ok = large < 200 and large <= 2 * small
            lines.append(f"{'met   ' if ok else 'MISSED'} {backend}: {title[:-3]} {what} at "
                         f"{largest['size']:,} events {large:.1f} ms < 200 ms and ≤ 2 × "
                         f"{small:.1f} ms at {smallest['size']:,}")
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000",
                        help="event counts, ascending, comma-separated")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--repeat", type=int, default=30, help="timed calls per endpoint")
    parser.add_argument("--sync-batches", type=int, default=10,
                        help="batches of 500 sent through /events/sync at each size")
    parser.add_argument("--seed", type=int, default=56)
    parser.add_argument("--in-ward", action="store_true",
                        help="every event in the province's first ward (the ward measured)")
    parser.add_argument("--rearrangements", type=int, default=0,
                        help="times the measured ward's groups are merged, split and renamed "
                             "before the events are loaded")
    parser.add_argument("--quick", action="store_true",
                        help="5,000 and 50,000 events in one ward, 5 calls each, no sync "
                             "(the sizes and repeat given still win)")
    args = parser.parse_args()
    if args.quick:
        quick = {"sizes": "5000,50000", "repeat": 5, "sync_batches": 0, "in_ward": True}
        for name, value in quick.items():
            if getattr(args, name) == parser.get_default(name):
                setattr(args, name, value)
    sizes = sorted(int(s) for s in args.sizes.split(","))
    backends = [b.strip() for b in args.backends.split(",")]
    for backend in backends:
        if backend not in ("sqlite", "postgresql"):
            parser.error(f"unknown backend {backend!r}")
    print(f"CPUs: {os.cpu_count()} (shared with whatever else runs on this machine); "
          f"times are wall-clock; ward metrics for the province's first ward, this month and "
          f"the last 12 months; ranking for this month; sync through one gunicorn worker.",
          flush=True)
    rows = []
    for backend in backends:
        rows += run_backend(backend, sizes, args)
    print()
    print("median / p95 in ms (median CPU ms per call: this process and the database's)")
    print(HEADER)
    for row in rows:
        print_row(row)
    print()
    print("\n".join(check_bars(rows)))


if __name__ == "__main__":
    main()
