"""GET /wards/<id>/event-points and GET /map-settings: what the coverage map draws besides the
ward's metrics, by role and ward, with the period in local days."""
import pytest

from server.metrics import mapdata
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
    assert body["count"] == 2
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


def test_points_are_capped_and_the_cap_is_reported(client, world, as_user, monkeypatch, points):
    monkeypatch.setattr(mapdata, "MAX_POINTS", 1)
    body = client.get(f"/api/v1/wards/{world.wards['w1'].id}/event-points?{MARCH}",
                      headers=as_user("commander-w1")).get_json()
    assert body["truncated"] is True and body["count"] == 1
    assert body["points"]["kind"] == ["meeting"] and body["points"]["lat"] == [16.2]


def test_map_settings_give_the_configured_tile_server(app, client, as_user):
    app.config["MAP_TILE_URL"] = "https://tiles.example.vn/{z}/{x}/{y}.png"
    app.config["MAP_TILE_ATTRIBUTION"] = "© Bản đồ tỉnh"
    res = client.get("/api/v1/map-settings", headers=as_user("commander-w1"))
    assert res.status_code == 200
    assert res.get_json() == {"tile_url": "https://tiles.example.vn/{z}/{x}/{y}.png",
                              "attribution": "© Bản đồ tỉnh", "max_points": mapdata.MAX_POINTS}
    assert "img-src 'self' data: blob: https://tiles.example.vn;" in res.headers["Content-Security-Policy"]
    assert client.get("/api/v1/map-settings", headers=as_user("officer-w1")).status_code == 403
    assert client.get("/api/v1/map-settings").status_code == 401
