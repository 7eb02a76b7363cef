"""GET /wards/<id>/event-points and GET /map-settings: what the coverage map draws besides the
ward's metrics, by role and ward, with the period in local days: points, or past MAP_POINTS_LIMIT
grid clusters, read from the covering index ix_events_map_points."""
import uuid
from datetime import datetime, timedelta

import pytest
from sqlalchemy import event as sa_event
from sqlalchemy import select

from server.extensions import db
from server.metrics import mapdata
from server.outreach.models import Event
from tests.metrics.helpers import event, post, vn

MARCH = "from=2025-03-01&to=2025-04-01"


def located(group, when, lat, lon, **counts):
    return {**event(group, when, **counts), "lat": lat, "lon": lon, "accuracy_m": 10.0}


@pytest.fixture
def points(client, world, as_user):
    g1, g2 = world.groups["g1"], world.groups["g2"]
    officer = as_user("officer-w1")
    gone = located(g2, vn("2025-03-20 08:00"), 16.01, 108.01, households_visited=3)
    post(client, officer,
         located(g1, vn("2025-03-01 00:10"), 16.1, 108.2, households_visited=5),  # first local minute
         located(g2, vn("2025-03-15 09:00"), 16.2, 108.3, kind="meeting", attendees=30),
         event(g1, vn("2025-03-16 09:00"), households_visited=4),  # no location: counted only
         located(g1, vn("2025-02-28 23:50"), 16.3, 108.4, households_visited=2),  # before
         located(g1, vn("2025-04-01 00:00"), 16.4, 108.5, households_visited=2),  # after
         gone)
    post(client, officer, {"id": gone["id"], "deleted": True, "base_version": 1})
    post(client, as_user("officer-w2"),
         located(world.groups["g3"], vn("2025-03-05 09:00"), 16.5, 108.6, households_visited=1))
    return {"g1": g1, "g2": g2}


def test_event_points_of_the_period_newest_first(client, world, as_user, points):
    res = client.get(f"/api/v1/wards/{world.wards['w1'].id}/event-points?{MARCH}",
                     headers=as_user("commander-w1"))
    assert res.status_code == 200, res.get_json()
    body = res.get_json()
    assert (body["from"], body["to"]) == ("2025-03-01", "2025-04-01")
    assert body["events"] == 3 and body["without_location"] == 1 and body["truncated"] is False
    assert body["mode"] == "points" and body["located"] == body["count"] == 2
    assert body["clusters"] == {"lat": [], "lon": [], "count": []}
    assert body["points"] == {
        "kind": ["meeting", "household_visit"],
        "group_id": [points["g2"].id, points["g1"].id],
        "lat": [16.2, 16.1], "lon": [108.3, 108.2],
        "occurred_at": ["2025-03-15T09:00:00+07:00", "2025-03-01T00:10:00+07:00"],
    }


def test_an_admin_reads_a_ward_of_the_province(client, world, as_user, points):
    res = client.get(f"/api/v1/wards/{world.wards['w1'].id}/event-points?{MARCH}",
                     headers=as_user("admin-p1"))
    assert res.status_code == 200
    assert res.get_json()["count"] == 2 and len(res.get_json()["points"]["lat"]) == 2


@pytest.mark.parametrize("username, ward, status", [
    ("officer-w1", "w1", 403), ("volunteer-w1", "w1", 403),
    ("commander-w2", "w1", 404), ("admin-p2", "w1", 404),
])
def test_others_cannot_read_the_points(client, world, as_user, points, username, ward, status):
    res = client.get(f"/api/v1/wards/{world.wards[ward].id}/event-points?{MARCH}",
                     headers=as_user(username))
    assert res.status_code == status
    assert set(res.get_json()) >= {"code", "status", "message"} and "points" not in res.get_json()


@pytest.mark.parametrize("query", ["from=2025-13-01", "from=2025-03-10&to=2025-03-01",
                                   "from=2020-01-01&to=2025-01-01"])
def test_a_bad_period_is_a_422(client, world, as_user, query):
    res = client.get(f"/api/v1/wards/{world.wards['w1'].id}/event-points?{query}",
                     headers=as_user("commander-w1"))
    assert res.status_code == 422
    assert res.get_json()["code"] == 422


@pytest.mark.parametrize("limit, mode", [(3, "points"), (2, "clusters"), (0, "clusters")])
def test_past_the_limit_the_answer_is_grid_clusters(app, client, world, as_user, points, limit, mode):
    """Three located events in March: at most the limit, points; past it, per-cell counts."""
    post(client, as_user("officer-w1"),
         located(points["g1"], vn("2025-03-10 08:00"), 16.3005, 108.4005, households_visited=1))
    app.config["MAP_POINTS_LIMIT"] = limit
    body = client.get(f"/api/v1/wards/{world.wards['w1'].id}/event-points?{MARCH}",
                      headers=as_user("commander-w1")).get_json()
    assert body["mode"] == mode and body["located"] == 3 and body["events"] == 4
    assert body["without_location"] == 1 and body["truncated"] is False
    if mode == "points":
        assert body["count"] == 3 and body["points"]["lat"] == [16.2, 16.3005, 16.1]
        assert body["clusters"]["count"] == []
        return
    assert body["points"] == {name: [] for name in mapdata.POINT_FIELDS}
    assert body["cell_deg"] == mapdata.CELL_DEG and body["count"] == 3
    assert sum(body["clusters"]["count"]) == 3
    cells = sorted(zip(body["clusters"]["lat"], body["clusters"]["lon"], body["clusters"]["count"]))
    assert cells == [(16.1, 108.2, 1), (16.2, 108.3, 1), (16.3005, 108.4005, 1)]


def test_a_cluster_counts_the_events_of_its_cell_at_their_mean(app, client, world, as_user, points):
    g1 = points["g1"]
    post(client, as_user("officer-w1"),
         located(g1, vn("2025-03-10 08:00"), 16.3002, 108.4004, households_visited=1),
         located(g1, vn("2025-03-11 08:00"), 16.3004, 108.4003, households_visited=1),
         located(g1, vn("2025-03-12 08:00"), 16.3003, 108.4002, kind="meeting", attendees=5))
    app.config["MAP_POINTS_LIMIT"] = 4
    body = client.get(f"/api/v1/wards/{world.wards['w1'].id}/event-points?{MARCH}",
                      headers=as_user("commander-w1")).get_json()
    assert body["mode"] == "clusters" and body["located"] == 5 and body["count"] == 3
    clusters = body["clusters"]
    assert clusters["count"] == [3, 1, 1]  # most events first
    assert clusters["lat"][0] == pytest.approx(16.3003) and clusters["lon"][0] == pytest.approx(108.4003)


def _a_year_of_copies(count):
    """`count` copies of the ward's stored events spread over the year before March, then
    ANALYZE: the planner sees a ward with history, as in use."""
    table = Event.__table__
    rows = [dict(r._mapping) for r in db.session.execute(select(table)).all()]
    copies = []
    for n in range(count):
        row = dict(rows[n % len(rows)])
        when = datetime(2025, 2, 28, 8) - timedelta(hours=3 * n)
        copies.append({**row, "id": str(uuid.uuid4()), "occurred_at": when, "local_date": when.date()})
    db.session.execute(table.insert(), copies)
    db.session.commit()
    with db.engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")
        conn.commit()


def test_the_points_are_read_from_the_covering_index(app, client, world, as_user, points):
    """The queries of the answer, explained on this database: a range of ix_events_map_points
    (on SQLite a covering index: the table itself is never read)."""
    _a_year_of_copies(3000)
    seen = []
    record = lambda conn, cursor, statement, params, context, many: seen.append((statement, params))
    engine = db.engine
    sa_event.listen(engine, "before_cursor_execute", record)
    try:
        assert client.get(f"/api/v1/wards/{world.wards['w1'].id}/event-points?{MARCH}",
                          headers=as_user("commander-w1")).status_code == 200
    finally:
        sa_event.remove(engine, "before_cursor_execute", record)
    queries = [(s, p) for s, p in seen if "FROM events" in s]
    assert len(queries) == 2  # the counts per grid cell, then the points
    with engine.connect() as conn:
        for statement, params in queries:
            plan = _plan(conn, statement, params)
            assert "ix_events_map_points" in plan, plan
            if engine.dialect.name == "sqlite":
                assert "COVERING INDEX" in plan, plan


def _plan(conn, statement, params):
    if conn.dialect.name == "sqlite":
        rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, params).all()
        return "\n".join(str(r[-1]) for r in rows)
    conn.exec_driver_sql("SET enable_seqscan = off")
    conn.exec_driver_sql("SET enable_bitmapscan = off")
    return "\n".join(r[0] for r in conn.exec_driver_sql("EXPLAIN " + statement, params).all())


def test_map_settings_give_the_configured_tile_server(app, client, as_user):
    app.config["MAP_TILE_URL"] = "https://tiles.example.vn/{z}/{x}/{y}.png"
    app.config["MAP_TILE_ATTRIBUTION"] = "© Bản đồ tỉnh"
    res = client.get("/api/v1/map-settings", headers=as_user("commander-w1"))
    assert res.status_code == 200
    assert res.get_json() == {"tile_url": "https://tiles.example.vn/{z}/{x}/{y}.png",
                              "attribution": "© Bản đồ tỉnh", "max_points": app.config["MAP_POINTS_LIMIT"]}
    assert "img-src 'self' data: blob: https://tiles.example.vn;" in res.headers["Content-Security-Policy"]
    assert client.get("/api/v1/map-settings", headers=as_user("officer-w1")).status_code == 403
    assert client.get("/api/v1/map-settings").status_code == 401
