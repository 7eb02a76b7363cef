"""How fast the coverage map's event points (GET /api/v1/wards/<id>/event-points) answer as a
ward's period fills up, through the whole Flask stack (access check, query, schema, JSON).

Builds one ward on a throwaway SQLite file with review_queue_bench's builder, fills it with N
events over 90 days (a tenth without location) and times the 90-day period's points.

    python bench/event_points_bench.py --sizes 10000,50000 --repeat 3
"""
import argparse
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

from review_queue_bench import build, fill  # noqa: E402

from server import create_app  # noqa: E402
from server.auth.models import User  # noqa: E402
from server.auth.service import start_session  # noqa: E402
from server.config import TestConfig  # noqa: E402
from server.extensions import db  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,50000")
    parser.add_argument("--repeat", type=int, default=3)
    opts = parser.parse_args()
    tmp = tempfile.mkdtemp()
    try:
        config = type("Bench", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.db"})
        app = create_app(config)
        ids, rng, filled = {}, random.Random(6), 0
        build(app, ids)
        with app.app_context():
            commander = db.session.get(User, ids["users"][0])
            commander.role = "commander"
            db.session.commit()
            with app.test_request_context():
                token = start_session(commander)["access_token"]
        today = date.today()
        url = (f"/api/v1/wards/{ids['ward']}/event-points?from={today - timedelta(days=90)}"
               f"&to={today + timedelta(days=1)}")
        client = app.test_client()
        print(f"{'events':>8} {'points':>8} {'median ms':>10} {'max ms':>8} {'bytes':>10}")
        for size in (int(s) for s in opts.sizes.split(",")):
            fill(app, ids, size - filled, rng)
            filled = size
            times, body = [], None
            for _ in range(opts.repeat):
                start = time.perf_counter()
                res = client.get(url, headers={"Authorization": f"Bearer {token}"})
                times.append((time.perf_counter() - start) * 1000)
                assert res.status_code == 200, res.get_json()
                body = res.get_data()
            points = res.get_json()["count"]
            print(f"{size:>8} {points:>8} {statistics.median(times):>10.1f} {max(times):>8.1f} {len(body):>10}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)  # the throwaway database


if __name__ == "__main__":
    main()
