"""How fast a province's ranking answers, overall and per procedure, for a 65-ward province.

The data of `national_bench.py` (its `build()`: the real 34 provinces and 3,321 wards, 12 months of
filing statistics per ward and service group, Khánh Hòa's 65 wards with a residential group each,
12 months of outreach rollups and of level-2 e-ID figures), on SQLite and on a throwaway
PostgreSQL; then `GET /api/v1/provinces/<Khánh Hòa>/ranking?month=` as the province's admin: all
service groups together, then each service group, `--repeat` calls each. Prints the median and
p95 wall ms and the median CPU ms of this process (on SQLite the CPU time is the whole answer,
query included; on a busy machine the wall clock also counts others' work).

    python bench/ranking_bench.py                       # SQLite and PostgreSQL
    python bench/ranking_bench.py --backends sqlite --repeat 10

A script, not a test: it prints a table and whether the bar (median under 100 ms) is met.
"""
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from event_points_bench import timed  # noqa: E402
from national_bench import (BAR_MS, GROUPS, bench_app, build, main, print_row,  # noqa: E402
                            token_of)

from sqlalchemy import func, select  # noqa: E402

from server.areas.models import Province, Ward  # noqa: E402
from server.auth.models import User  # noqa: E402
from server.extensions import db  # noqa: E402

MONTH = "2026-12"


def province_admin(app):
    """Khánh Hòa's id and its number of wards, with an admin account of it."""
    with app.app_context():
        province = db.session.scalar(select(Province).where(Province.code == "56"))
        db.session.add(User(username="admin-56", full_name="Quản trị tỉnh", role="admin",
                            province_id=province.id, password_hash="-"))
        db.session.commit()
        wards = db.session.scalar(select(func.count(Ward.id))
                                  .where(Ward.province_id == province.id))
        return province.id, wards


def run_backend(backend, repeat):
    with bench_app(backend, "outreach_ranking_bench") as app:
        build(app, random.Random(13))
        province_id, wards = province_admin(app)
        token, client, results = token_of(app, "admin-56"), app.test_client(), []
        print(f"{backend}: Khánh Hòa, {wards} wards, month {MONTH}", flush=True)
        for group in ("", *GROUPS):
            query = f"?month={MONTH}" + (f"&service_group={group}" if group else "")
            times, cpu, res = timed(client, f"/api/v1/provinces/{province_id}/ranking{query}",
                                    token, repeat)
            assert len(res.get_json()["rows"]) == wards
            results.append((backend, f"ranking {group or 'overall'}", times, cpu, BAR_MS))
            print_row(*results[-1])
        return results


if __name__ == "__main__":
    main(run_backend)
