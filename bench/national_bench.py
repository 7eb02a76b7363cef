"""How fast the national picture answers for the whole country.

Loads the real 34 provinces and 3,321 wards (`load_units()`, the logic of `flask load-units`, from
the `vietnamadminunits` package), 12 months of filing statistics for every ward and every service
group (bulk inserts), on SQLite and on a throwaway PostgreSQL, and times
`GET /api/v1/national?month=` (all groups, then one service group) through the Flask app as the
national desk: median and p95 wall ms over `--repeat` calls, and the median CPU ms of this process.
Then "what works" for Khánh Hòa (65 wards, a residential group each, 12 months of outreach per kind
and of level-2 e-ID figures): `GET /api/v1/provinces/<id>/what-works?month=` (bar: under 1 s).

    python bench/national_bench.py                       # SQLite and PostgreSQL
    python bench/national_bench.py --backends sqlite --repeat 20

A script, not a test: it prints a table and whether the bar (median under 100 ms) is met.
"""
import argparse
import random
import shutil
import statistics
import sys
import tempfile
from contextlib import contextmanager
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from event_points_bench import timed  # noqa: E402

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import insert, select  # noqa: E402

from server import create_app  # noqa: E402
from server.areas.models import Province, ResidentialGroup, Ward  # noqa: E402
from server.areas.service import load_units  # noqa: E402
from server.auth.models import User  # noqa: E402
from server.auth.service import start_session  # noqa: E402
from server.config import TestConfig  # noqa: E402
from server.extensions import db  # noqa: E402
from server.metrics.models import SERVICE_GROUPS, EidStat, EventMonthRollup, FilingStat  # noqa: E402
from server.outreach.models import KINDS  # noqa: E402
from tests.pg import PostgresServer  # noqa: E402

BAR_MS = 100
WHAT_WORKS_BAR_MS = 1000
MONTHS = [date(2025 + (m // 12), m % 12 + 1, 1) for m in range(12, 24)]  # 2026-01 … 2026-12
# The residence procedures one by one where they are told apart, never with their sum.
GROUPS = [g for g in SERVICE_GROUPS if g != "residence"] if len(SERVICE_GROUPS) > 3 \
    else list(SERVICE_GROUPS)


def build(app, rng):
    """Migrate, load every unit, and insert 12 months × every group for every ward."""
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        provinces, wards = load_units()
        db.session.add(User(username="bo-cong-an", full_name="Bộ Công an", role="national",
                             password_hash="-"))
        db.session.commit()
        rows = [_stat(ward_id, province_id, month, group, rng)
                for ward_id, province_id in db.session.execute(select(Ward.id, Ward.province_id))
                for month in MONTHS for group in GROUPS]
        for start in range(0, len(rows), 20_000):
            db.session.execute(insert(FilingStat), rows[start:start + 20_000])
        _outreach_of_one_province(rng)
        db.session.commit()
        _analyze()
        return provinces, wards, len(rows)


def _outreach_of_one_province(rng):
    """Khánh Hòa's wards: a residential group each, 12 months of events per kind (monthly
    rollups) and of level-2 e-ID figures."""
    province = db.session.scalar(select(Province).where(Province.code == "56"))
    author = db.session.scalar(select(User.id).where(User.username == "bo-cong-an"))
    wards = db.session.scalars(select(Ward).where(Ward.province_id == province.id)).all()
    db.session.add_all([ResidentialGroup(ward_id=w.id, code="T1", name="Tổ 1", kind="to_dan_pho",
                                         households_total=rng.randint(800, 4000)) for w in wards])
    rollups = [{"ward_id": w.id, "month": m, "group_key": 0, "kind": k, "author_id": author,
                "province_id": province.id, "events": rng.randint(1, 12), "duration_min": 90}
               for w in wards for m in MONTHS for k in KINDS]
    eid = [{"ward_id": w.id, "province_id": province.id, "month": m, "eligible": 20_000,
            "activated": 8_000 + 500 * i + rng.randint(0, 400)}
           for w in wards for i, m in enumerate(MONTHS)]
    db.session.execute(insert(EventMonthRollup), rollups)
    db.session.execute(insert(EidStat), eid)


def _stat(ward_id, province_id, month, group, rng):
    total = rng.choice((0, rng.randint(1, 2000)))
    online = rng.randint(0, total)
    return {"ward_id": ward_id, "province_id": province_id, "month": month,
            "service_group": group, "total": total, "online": online,
            "in_person": total - online, "source": "import"}


def _analyze():
    with db.engine.connect() as conn:
        if db.engine.dialect.name == "postgresql":
            conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM ANALYZE")
        else:
            conn.exec_driver_sql("ANALYZE")
            conn.commit()


@contextmanager
def bench_app(backend, name):
    """The app on a throwaway database of `backend` (a file, or a PostgreSQL started for it)."""
    tmp, pg = tempfile.mkdtemp(), None
    try:
        if backend == "postgresql":
            pg = PostgresServer().start()
            url = pg.create_database(name)
        else:
            url = f"sqlite:///{tmp}/bench.db"
        yield create_app(type("Bench", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": url}))
    finally:
        if pg is not None:
            pg.stop()
        shutil.rmtree(tmp, ignore_errors=True)


def token_of(app, username):
    with app.app_context(), app.test_request_context():
        return start_session(db.session.scalar(select(User).where(
            User.username == username)))["access_token"]


def run_backend(backend, repeat):
    with bench_app(backend, "outreach_national_bench") as app:
        provinces, wards, stats = build(app, random.Random(13))
        token = token_of(app, "bo-cong-an")
        print(f"{backend}: {provinces} provinces, {wards} wards, {stats:,} filing rows "
              f"({len(MONTHS)} months × {len(GROUPS)} groups)", flush=True)
        client, results = app.test_client(), []
        for query in ("?month=2026-12", f"?month=2026-12&service_group={GROUPS[0]}"):
            times, cpu, res = timed(client, f"/api/v1/national{query}", token, repeat)
            body = res.get_json()
            assert len(body["rows"]) == provinces
            results.append((backend, query, times, cpu, BAR_MS))
            print_row(*results[-1])
        khanh_hoa = next(r["province_id"] for r in body["rows"] if r["province_code"] == "56")
        url = f"/api/v1/provinces/{khanh_hoa}/what-works?month=2026-12"
        times, cpu, res = timed(client, url, token, repeat)
        behind = res.get_json()["outcomes"][0]["kinds"][0]["ward_months"]
        results.append((backend, f"what-works (Khánh Hòa, {behind} ward-months)", times, cpu,
                        WHAT_WORKS_BAR_MS))
        print_row(*results[-1])
        return results


def print_row(backend, query, times, cpu, _bar):
    p95 = sorted(times)[max(0, round(0.95 * len(times)) - 1)]
    print(f"  {query:<42} median {statistics.median(times):7.1f} ms  p95 {p95:7.1f} ms  "
          f"cpu {statistics.median(cpu):7.1f} ms", flush=True)


def main(run=run_backend):
    """Run `run(backend, repeat)` on each backend asked for, then say of each figure whether its
    median meets its bar (beside the median CPU ms)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--repeat", type=int, default=15)
    opts = parser.parse_args()
    results = [r for b in opts.backends.split(",") for r in run(b.strip(), opts.repeat)]
    for backend, query, times, cpu, bar in results:
        median = statistics.median(times)
        print(f"{'met   ' if median < bar else 'MISSED'} {backend} {query}: median "
              f"{median:.1f} ms, cpu {statistics.median(cpu):.1f} ms (bar {bar} ms)")


if __name__ == "__main__":
    main()
