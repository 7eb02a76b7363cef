"""The coverage map with 2,000 residential groups and 50,000 events of a period: the API's answers
are widened in the browser (page.route) so the page draws that many, and the time it takes is
reported (tests/artifacts/map-scale.json and the test's output), not asserted: machines differ.

    python -m pytest -q -s tests/browser/test_map_scale.py
"""
import json
import math
import random
import re
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tests.browser.phone import MANAGER_READY, sign_in

pytestmark = pytest.mark.browser

GROUPS = 2000
EVENTS = 50_000
KINDS = ["meeting", "household_visit", "support_session", "leaflet_drop", "digital_post"]
REPORT = Path(__file__).resolve().parents[1] / "artifacts" / "map-scale.json"


def synthetic(centre_lat, centre_lon, rng):
    """2,000 groups on a grid about 9 km across, a tenth of them gaps, and 50,000 events near them."""
    side = math.ceil(math.sqrt(GROUPS))
    groups, figures = [], []
    for n in range(GROUPS):
        lat = centre_lat + (n // side - side / 2) * 0.0018
        lon = centre_lon + (n % side - side / 2) * 0.0018
        households = rng.randrange(80, 500)
        gap = n % 10 == 0
        visited = 0 if gap else rng.randrange(0, households)
        groups.append({"id": 900_000 + n, "code": f"T{n:04d}", "name": f"Tổ dân phố thử {n + 1}",
                       "kind": "to_dan_pho", "households_total": households, "population": households * 4,
                       "lat": lat, "lon": lon, "boundary": None})
        figures.append({"group_id": 900_000 + n, "code": f"T{n:04d}", "name": f"Tổ dân phố thử {n + 1}",
                        "households_total": households, "households_visited": visited,
                        "coverage_pct": round(100 * visited / households, 2), "gap": gap,
                        "events": 0 if gap else 25, "vneid_activations": 3, "dvc_filings": 1,
                        "last_event_at": None, "days_since_last": 40 if gap else 2})
    now = datetime.now()
    points = {"kind": [], "group_id": [], "lat": [], "lon": [], "occurred_at": []}
    for _ in range(EVENTS):
        g = groups[rng.randrange(GROUPS)]
        points["kind"].append(rng.choice(KINDS))
        points["group_id"].append(g["id"])
        points["lat"].append(g["lat"] + rng.uniform(-0.0008, 0.0008))
        points["lon"].append(g["lon"] + rng.uniform(-0.0008, 0.0008))
        points["occurred_at"].append((now - timedelta(minutes=rng.randrange(40_000))).isoformat() + "+07:00")
    return groups, figures, points


def test_map_with_2000_groups_and_50000_events(phone_context, server):
    rng = random.Random(6)
    token = server.login("demo-commander")
    status, me = server.api("GET", "/me", token)
    status, wards = server.api("GET", "/wards", token)
    ward = next(w for w in wards if w["id"] == me["ward_id"])
    groups, figures, points = synthetic(ward["lat"], ward["lon"], rng)
    bodies = {"groups": json.dumps(groups), "points": None}

    def widen_metrics(route):
        answer = route.fetch()
        body = answer.json()
        body["groups"] = figures
        body["gaps"] = sum(1 for f in figures if f["gap"])
        route.fulfill(response=answer, json=body)

    def widen_points(route):
        answer = route.fetch()
        body = answer.json()
        body.update(points=points, count=EVENTS, events=EVENTS, without_location=0, truncated=False)
        bodies["points"] = len(json.dumps(body))
        route.fulfill(response=answer, json=body)

    page = phone_context.new_page()
    # the map asks for the groups in force at the period's end (?on=)
    page.route(re.compile(rf"/api/v1/wards/{ward['id']}/groups(\?.*)?$"), lambda route: route.fulfill(
        status=200, content_type="application/json", body=bodies["groups"]))
    page.route(f"**/api/v1/wards/{ward['id']}/metrics?*", widen_metrics)
    page.route(f"**/api/v1/wards/{ward['id']}/event-points?*", widen_points)
    page.route("https://tile.openstreetmap.org/**", lambda route: route.abort("internetdisconnected"))
    sign_in(page, server, "demo-commander", MANAGER_READY)

    started = time.monotonic()
    page.evaluate("location.hash = '#/map'")
    page.wait_for_selector("#coverage-map[data-ready]", timeout=120_000)
    opened_s = time.monotonic() - started
    el = page.locator("#coverage-map")
    assert el.get_attribute("data-groups") == str(GROUPS)
    assert el.get_attribute("data-gaps") == str(GROUPS // 10)
    # chunked loading: wait until every event is in the clusters
    page.wait_for_function(
        f"() => document.querySelector('#coverage-map').coverage.cluster.getLayers().length === {EVENTS}",
        timeout=120_000)
    clustered_s = time.monotonic() - started
    # frames while the user pans and zooms: intervals between animation frames
    frames = page.evaluate("""async () => {
        const map = document.querySelector('#coverage-map').coverage.map;
        const stamps = [];
        let running = true;
        const tick = (t) => { stamps.push(t); if (running) requestAnimationFrame(tick); };
        requestAnimationFrame(tick);
        const wait = (ms) => new Promise(r => setTimeout(r, ms));
        for (let i = 0; i < 4; i++) { map.panBy([120, 80]); await wait(350); }
        map.zoomIn(); await wait(600);
        map.zoomIn(); await wait(600);
        map.zoomOut(); await wait(600);
        for (let i = 0; i < 4; i++) { map.panBy([-120, -80]); await wait(350); }
        running = false;
        const gaps = stamps.slice(1).map((t, i) => t - stamps[i]).sort((a, b) => a - b);
        return {count: gaps.length, p50: gaps[Math.floor(gaps.length * 0.5)],
                p95: gaps[Math.floor(gaps.length * 0.95)], max: gaps[gaps.length - 1]};
    }""")
    report = {
        "groups": GROUPS, "events": EVENTS, "event_points_bytes": bodies["points"],
        "open_to_drawn_s": round(opened_s, 2), "open_to_all_clustered_s": round(clustered_s, 2),
        "draw_ms_after_data": int(el.get_attribute("data-draw-ms")),
        "frame_ms_while_panning_and_zooming": {k: round(v, 1) for k, v in frames.items()},
        "viewport": "360x640 phone profile, Debian Chromium headless",
    }
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(json.dumps(report, indent=2))
    print("\nmap scale:", json.dumps(report))
    assert frames["count"] > 0
