#!/usr/bin/env python3
"""How long a commander waits for each screen of a busy ward, on a phone.

Starts the real server (as the browser tests do: `flask run` over the demo ward, on SQLite or on
a throwaway PostgreSQL), fills the demo ward with `--events` events through the sync API, the
way phones send them (batches of up to 500, spread over the field users and the last two
years), then opens Debian's Chromium at 360×640 signed in as the demo commander and times, for
each screen (Duyệt, Tổng quan, the map, Báo cáo), the wait from the tap until the screen has its
data: every API request it started has answered and nothing says "Đang tải" (the map: drawn).

    python bench/ward_screens.py                       # 50,000 events, SQLite, 5 runs
    python bench/ward_screens.py --backend postgresql --events 50000 --runs 5
    python bench/ward_screens.py --quick               # 5,000 events, 2 runs

Loopback only; everything started here is stopped here. Run from the repository root.
"""
import argparse
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE  # noqa: E402
from tests.browser.live_server import LiveServer  # noqa: E402
from tests.browser.phone import sign_in  # noqa: E402
from tests.pg import PostgresServer  # noqa: E402

VN = timezone(timedelta(hours=7))
FIELD_USERS = ("demo-officer", "demo-officer-2", "demo-officer-3", "demo-officer-4",
               "demo-volunteer", "demo-volunteer-2", "demo-volunteer-3")
KINDS = {"meeting": "attendees", "household_visit": "households_visited",
         "support_session": "people_assisted", "leaflet_drop": "leaflets"}
BATCH = 500
# The screens a commander opens, and what on each says its data is drawn.
SCREENS = (("Duyệt", "review", "main"), ("Tổng quan", "dashboard", "main"),
           ("Bản đồ", "map", "[data-ready='1']"), ("Báo cáo", "reports", "main"))

# Counts the page's API requests in flight, so a screen is "ready" once all it asked for answered.
TRACK = """(() => {
  const state = (window.__api = { inflight: 0, done: 0 });
  const original = window.fetch;
  window.fetch = (...args) => {
    const url = String(args[0] && args[0].url || args[0]);
    if (!url.includes('/api/')) return original(...args);
    state.inflight += 1;
    return original(...args).finally(() => { state.inflight -= 1; state.done += 1; });
  };
})();"""

READY = """([selector, before]) => {
  const s = window.__api;
  if (!s || s.inflight > 0 || s.done <= before) return false;
  const main = document.querySelector('main') || document.body;
  if (/Đang tải/.test(main.innerText)) return false;
  return Boolean(document.querySelector(selector));
}"""


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--events", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--days", type=int, default=730, help="the events span the last DAYS days")
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--quick", action="store_true", help="5,000 events, 2 runs")
    args = parser.parse_args()
    if args.quick:
        args.events, args.runs = 5_000, 2
    return args


def new_event(rng, groups, now, days):
    """One event as a phone sends it: a kind, a group, a time in the last `days` days, a
    position near the group's centre most of the time."""
    kind = rng.choice(list(KINDS))
    group = rng.choice(groups)
    when = now - timedelta(minutes=rng.randint(30, days * 24 * 60))
    event = {"id": str(uuid.UUID(int=rng.getrandbits(128), version=4)), "kind": kind,
             "group_id": group["id"], "occurred_at": when.replace(microsecond=0).isoformat(),
             "duration_min": rng.choice((0, 15, 30, 45, 60, 90, 120)),
             "vneid_installs": rng.randint(0, 12), "dvc_filings": rng.randint(0, 5)}
    event[KINDS[kind]] = rng.randint(1, 40)
    if group.get("lat") is not None and rng.random() < 0.8:
        event.update(lat=group["lat"] + rng.gauss(0, 0.002), lon=group["lon"] + rng.gauss(0, 0.002),
                     accuracy_m=rng.choice((8.0, 15.0, 40.0)))
    return event


def fill(server, total, seed, days):
    """`total` events through POST /events/sync; returns how many were stored and how long it took."""
    rng, now = random.Random(seed), datetime.now(VN)
    tokens = {name: server.login(name) for name in FIELD_USERS}
    status, me = server.api("GET", "/me", tokens["demo-officer"])
    status, groups = server.api("GET", f"/wards/{me['ward_id']}/groups", tokens["demo-officer"])
    stored, started, sent = 0, time.perf_counter(), 0
    while sent < total:
        name = FIELD_USERS[(sent // BATCH) % len(FIELD_USERS)]
        batch = [new_event(rng, groups, now, days) for _ in range(min(BATCH, total - sent))]
        status, body = server.api("POST", "/events/sync", tokens[name], {"events": batch})
        assert status == 200, body
        stored += sum(r["status"] == "created" for r in body["results"])
        sent += len(batch)
    return stored, time.perf_counter() - started


def open_screen(page, label, path, selector):
    """Tap the screen's entry (or go to its path) and return ms until its data is drawn."""
    before = page.evaluate("window.__api.done")
    started = page.evaluate("performance.now()")
    page.evaluate("(p) => { location.hash = '#/' + p; }", path)
    page.wait_for_function(READY, arg=[selector, before], polling="raf", timeout=60_000)
    return page.evaluate("performance.now()") - started


def walk(server, runs):
    """Median, min and max ms per screen over `runs` visits of each, on a 360×640 phone."""
    timings = {label: [] for label, _, _ in SCREENS}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(**PHONE)
        context.add_init_script(TRACK)
        page = context.new_page()
        sign_in(page, server, "demo-commander", ready="html[data-ready] main")
        page.wait_for_timeout(1500)  # the first sync and the service worker's precache settle
        for _ in range(runs):
            for label, path, selector in SCREENS:
                timings[label].append(open_screen(page, label, path, selector))
                page.screenshot(path=str(ROOT / "tests" / "artifacts" / f"ward-screens-{path}.png"))
        browser.close()
    return timings


def start_server(args, workdir):
    env = {"EVENT_MAX_AGE_DAYS": str(args.days + 10)}
    pg = None
    if args.backend == "postgresql":
        pg = PostgresServer().start()
        env["DATABASE_URL"] = pg.create_database("outreach_screens")
    server = LiveServer(workdir, extra_env=env).prepare().start(timeout=60)
    return server, pg


def main():
    args = arguments()
    (ROOT / "tests" / "artifacts").mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as workdir:
        server, pg = start_server(args, workdir)
        try:
            stored, took = fill(server, args.events, args.seed, args.days)
            print(f"{args.backend}: {stored:,} events stored through the sync API in {took:.0f} s "
                  f"({stored / took:,.0f}/s)", flush=True)
            timings = walk(server, args.runs)
        finally:
            server.stop()
            if pg:
                pg.stop()
    print(f"\nscreen            median    min    max   (ms, {args.runs} visits, 360×640, "
          f"{args.events:,} events over {args.days} days, {args.backend})")
    for label, values in timings.items():
        print(f"{label:<14} {statistics.median(values):>9.0f} {min(values):>6.0f} {max(values):>6.0f}")


if __name__ == "__main__":
    main()
