"""How fast the commander's review queue (GET /api/v1/wards/<id>/review-queue) answers as a
ward fills up: the data-quality signals are stored with each event (events.signals) and the queue
is filtered, paged and counted on the index on (ward, time, signals).

Builds one ward on a throwaway SQLite file and a throwaway PostgreSQL (tests/pg.py), both migrated
with Alembic, fills it with N events over 90 days by 10 authors (some without location, some
overlapping, some too fast), computes their signals and the queue's count rollups with the logic
of `flask rebuild-rollups`,
and times the queue's service for the last 30 days under every filter (everything, "any signal",
each signal, "any signal" not reviewed yet and of one author), any signal over 90 days, and the
next page. Sizes grow in place.

    python bench/review_queue_bench.py                      # 5,000 and 50,000, both backends
    python bench/review_queue_bench.py --quick              # 5,000 and 20,000, fewer repeats
    python bench/review_queue_bench.py --sizes 10000,50000 --backends sqlite --repeat 5
"""
import random
import shutil
import sys
import tempfile
import time
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bars import database_pids, size_parser, timed_calls, verdict  # noqa: E402

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import text  # noqa: E402

from server import create_app  # noqa: E402
from server.areas.models import Province, ResidentialGroup, Ward  # noqa: E402
from server.auth.models import User  # noqa: E402
from server.config import TestConfig  # noqa: E402
from server.extensions import db  # noqa: E402
from server.outreach import quality  # noqa: E402
from server.outreach.checks import recompute_signals  # noqa: E402
from server.outreach.queue_counts import rebuild_queue_counts  # noqa: E402
from server.outreach.models import QUALITY_REASONS, Event  # noqa: E402
from tests.pg import PostgresServer  # noqa: E402

KINDS = ("meeting", "household_visit", "support_session", "leaflet_drop", "digital_post")


def build(app, ward_holder):
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        province = Province(code="56", name="Tỉnh Khánh Hòa", short_name="Khánh Hòa", lat=12.25, lon=109.19)
        ward = Ward(code="22366", name="Phường Nha Trang", kind="Phường", province=province,
                    lat=12.24579, lon=109.19533)
        groups = [ResidentialGroup(ward=ward, code=f"TDP{i:02d}", name=f"Tổ dân phố {i}", kind="to_dan_pho",
                                   households_total=300, population=1100, lat=12.24 + i / 1000, lon=109.19)
                  for i in range(60)]
        users = [User(username=f"u{i}", full_name=f"Cán bộ {i}", role="officer", ward=ward,
                      province_id=None, password_hash="x") for i in range(10)]
        db.session.add_all([province, ward, *groups])
        db.session.flush()
        for user in users:
            user.province_id = province.id
        db.session.add_all(users)
        db.session.commit()
        ward_holder.update(ward=ward.id, province=province.id, groups=[g.id for g in groups],
                           users=[u.id for u in users])


def fill(app, ids, count, rng):
    rows, now = [], datetime.utcnow()
    for _ in range(count):
        when = now - timedelta(minutes=rng.randrange(90 * 24 * 60))
        kind = rng.choice(KINDS)
        located = rng.random() > 0.1
        rows.append({
            "id": str(uuid.uuid4()), "province_id": ids["province"], "ward_id": ids["ward"],
            "group_id": rng.choice(ids["groups"]), "author_id": rng.choice(ids["users"]), "kind": kind,
            "occurred_at": when, "utc_offset_min": 420, "local_date": (when + timedelta(hours=7)).date(),
            "duration_min": rng.choice([0, 15, 30, 60, 90, 120, 180]),
            "attendees": rng.randrange(40) if kind == "meeting" else 0,
            "households_visited": rng.randrange(30), "people_assisted": rng.randrange(40),
            "vneid_installs": rng.randrange(10), "vneid_activations": rng.randrange(8),
            "dvc_filings": rng.randrange(5), "leaflets": rng.randrange(100), "online_reach": 0,
            "lat": 12.24 if located else None, "lon": 109.19 if located else None,
            "distance_m": rng.choice([50.0, 300.0, 2500.0]) if located else None,
            "flags": [], "version": 1, "deleted": False, "created_at": now, "updated_at": now,
        })
    with app.app_context():
        db.session.execute(Event.__table__.insert(), rows)
        db.session.commit()
        started = time.perf_counter()
        recompute_signals()  # what `flask rebuild-rollups` does after a bulk load
        rebuild_queue_counts()
        db.session.commit()
        elapsed = time.perf_counter() - started
        if db.engine.dialect.name == "postgresql":  # what autovacuum does after a bulk load
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("VACUUM ANALYZE"))  # the events and the count rollups
    return elapsed


def timed(app, ward_id, args, repeat):
    """(median wall ms, max wall ms, CPU ms per call, last answer) of the queue's service: the
    CPU of this process and of the database's server processes."""
    with app.app_context():
        ward = db.session.get(Ward, ward_id)

        def call():
            answer = quality.review_queue(ward, {"limit": 50, **args})
            db.session.rollback()
            return answer
        call()  # warm-up, and the connection whose server process is timed
        return timed_calls(call, repeat, database_pids(db.session.connection()))


def cases(ids):
    today = date.today()
    found = {"all, 30 days": {}, "any signal": {"reason": "any"}}
    found.update({name: {"reason": name} for name in QUALITY_REASONS})
    found["any, 90 days"] = {"reason": "any", "from_": today - timedelta(days=90),
                             "to": today + timedelta(days=1)}
    # What "Duyệt" opens on, and one officer's events.
    found["any, not reviewed"] = {"reason": "any", "review_status": "none"}
    found["any, one author"] = {"reason": "any", "user_id": ids["users"][0]}
    return found


def run_backend(backend, sizes, repeat):
    """Time every case at every size on one backend: [(size, case, median ms, CPU ms)]."""
    tmp, pg = tempfile.mkdtemp(), None
    try:
        url = f"sqlite:///{tmp}/bench.db"
        if backend == "postgresql":
            pg = PostgresServer().start()
            url = pg.create_database("outreach_review_bench")
        app = create_app(type("Bench", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": url}))
        ids, rng, filled, figures = {}, random.Random(6), 0, []
        build(app, ids)
        for size in sizes:
            took = fill(app, ids, size - filled, rng)
            filled = size
            print(f"[{backend}] {size:,} events; signals recomputed in {took:.1f} s")
            for name, args in cases(ids).items():
                median, worst, cpu, answer = timed(app, ids["ward"], args, repeat)
                matching = answer["counts"][args.get("reason", "all")]
                figures.append((size, name, median, cpu))
                print(f"{backend:<11}{size:>8} {name:<22} {median:>10.1f} {worst:>8.1f} {cpu:>8.1f} "
                      f"{matching:>9}", flush=True)
            first = timed(app, ids["ward"], {"reason": "any"}, 1)[-1]
            median, worst, cpu, _ = timed(app, ids["ward"], {"reason": "any", "cursor": first["next_cursor"]},
                                          repeat)
            figures.append((size, "any, next page", median, cpu))
            print(f"{backend:<11}{size:>8} {'any, next page':<22} {median:>10.1f} {worst:>8.1f} {cpu:>8.1f}",
                  flush=True)
        with app.app_context():
            db.engine.dispose()
        return figures
    finally:
        if pg is not None:
            pg.stop()
        shutil.rmtree(tmp, ignore_errors=True)  # the throwaway database


def main():
    opts = size_parser("sizes 5000,20000, 2 repeats").parse_args()
    sizes = [5000, 20000] if opts.quick else [int(s) for s in opts.sizes.split(",")]
    repeat = 2 if opts.quick else opts.repeat
    print(f"{'backend':<11}{'events':>8} {'query':<22} {'median ms':>10} {'max ms':>8} {'cpu ms':>8} "
          f"{'matching':>9}")
    verdicts = []
    for backend in opts.backends.split(","):
        figures = run_backend(backend, sizes, repeat)
        verdicts += [verdict(backend, [f[:3] for f in figures]),
                     verdict(backend, [(*f[:2], f[3]) for f in figures], "CPU per call")]
    print("\n".join(verdicts))


if __name__ == "__main__":
    main()
