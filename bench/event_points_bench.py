"""How fast the coverage map's event points (GET /api/v1/wards/<id>/event-points) answer as a
ward's period fills up, through the whole Flask stack (access check, query, schema, JSON).

Builds one ward (migrated with Alembic) with review_queue_bench's builder, on a throwaway SQLite
file and/or a throwaway PostgreSQL, fills it with N events over 90 days (a tenth without
location) and times the 90-day period's answer: points up to MAP_POINTS_LIMIT located events,
grid clusters past it (the "mode" column). The bar: under 200 ms at the largest size and at most
twice the smallest size's figure.

    python bench/event_points_bench.py --backends sqlite,postgresql --sizes 5000,50000 --repeat 5
    python bench/event_points_bench.py --quick
"""
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bars import size_parser, verdict  # noqa: E402
from review_queue_bench import build, fill  # noqa: E402

from server import create_app  # noqa: E402
from server.auth.models import User  # noqa: E402
from server.auth.service import start_session  # noqa: E402
from server.config import TestConfig  # noqa: E402
from server.extensions import db  # noqa: E402
from tests.pg import PostgresServer  # noqa: E402


def commander_token(app, ids):
    with app.app_context():
        commander = db.session.get(User, ids["users"][0])
        commander.role = "commander"
        db.session.commit()
        with app.test_request_context():
            return start_session(commander)["access_token"]


def analyze(app):
    """Fresh planner statistics (and on PostgreSQL the visibility map an index-only scan needs)."""
    with app.app_context(), db.engine.connect() as conn:
        if db.engine.dialect.name == "postgresql":
            conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM ANALYZE events")
        else:
            conn.exec_driver_sql("ANALYZE")
            conn.commit()


def timed(client, url, token, repeat):
    """Wall-clock ms of each call, and this process's CPU ms (on a shared machine the wall clock
    moves with other work; on SQLite the CPU time is the whole answer, query included)."""
    times, cpu, res = [], [], None
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        res = client.get(url, headers={"Authorization": f"Bearer {token}"})
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        assert res.status_code == 200, res.get_json()
    return times, cpu, res


def run_backend(backend, sizes, repeat):
    tmp, pg = tempfile.mkdtemp(), None
    try:
        if backend == "postgresql":
            pg = PostgresServer().start()
            url = pg.create_database("outreach_points_bench")
        else:
            url = f"sqlite:///{tmp}/bench.db"
        app = create_app(type("Bench", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": url}))
        ids, rng, filled, rows = {}, random.Random(6), 0, []
        build(app, ids)
        token = commander_token(app, ids)
        today = date.today()
        url = (f"/api/v1/wards/{ids['ward']}/event-points?from={today - timedelta(days=90)}"
               f"&to={today + timedelta(days=1)}")
        client = app.test_client()
        for size in sizes:
            fill(app, ids, size - filled, rng)
            filled = size
            analyze(app)
            times, cpu, res = timed(client, url, token, repeat)
            body = res.get_json()
            rows.append({"backend": backend, "size": size, "mode": body.get("mode", "points"),
                         "count": body["count"], "median": statistics.median(times), "max": max(times),
                         "cpu": statistics.median(cpu),
                         "bytes": len(res.get_data())})
            print_row(rows[-1])
        return rows
    finally:
        if pg is not None:
            pg.stop()
        shutil.rmtree(tmp, ignore_errors=True)  # the throwaway database


def print_row(row):
    print(f"{row['backend']:<11}{row['size']:>8} {row['mode']:>9} {row['count']:>8} "
          f"{row['median']:>10.1f} {row['max']:>8.1f} {row['cpu']:>8.1f} {row['bytes']:>10}", flush=True)


def main():
    opts = size_parser("SQLite only, 5000,50000, 3 calls each").parse_args()
    backends = ["sqlite"] if opts.quick else [b.strip() for b in opts.backends.split(",")]
    repeat = 3 if opts.quick else opts.repeat
    sizes = [int(s) for s in opts.sizes.split(",")]
    print(f"{'backend':<11}{'events':>8} {'mode':>9} {'count':>8} {'median ms':>10} {'max ms':>8} {'cpu ms':>8} {'bytes':>10}")
    for backend in backends:
        rows = run_backend(backend, sizes, repeat)
        print(verdict(backend, [(r["size"], "event-points", r["median"]) for r in rows]))


if __name__ == "__main__":
    main()
