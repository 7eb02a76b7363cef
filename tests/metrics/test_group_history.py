"""Figures across a rearrangement of groups (DESIGN.md §8): a merged group carries its
predecessors, split parts start afresh, ward totals never move, groups stopped inside a period
are listed with their own figures, and a report of an earlier period shows the names of then."""
from datetime import date, timedelta

import pytest

from server.areas.models import ResidentialGroup
from server.extensions import db
from server.metrics.figures import ward_coverage
from server.periods import local_today
from tests.metrics.helpers import event, post, vn

NOVEMBER = "from=2026-11-01&to=2026-12-01"
OCTOBER = "from=2026-10-01&to=2026-11-01"


@pytest.fixture
def rearranged(client, world, as_user):
    """w1: G1, G2 (200 households each), H3 (300), H4 (400); events in November; on 11-15
    G1+G2 merge into M12, H3 splits into S3A and S3B, H4 is renamed. Returns the ward metrics
    of November before the change, and the new groups by code."""
    ward, g = world.wards["w1"], world.groups
    h3, h4 = (ResidentialGroup(ward_id=ward.id, code=c, name=n, households_total=t)
              for c, n, t in (("H3", "Tổ 3", 300), ("H4", "Tổ 4", 400)))
    db.session.add_all([h3, h4])
    db.session.commit()
    officer, commander = as_user("officer-w1"), as_user("commander-w1")
    post(client, officer, event(g["g1"], vn("2026-11-05 09:00"), households_visited=50),
         event(g["g2"], vn("2026-11-10 09:00"), households_visited=30),
         event(h3, vn("2026-11-08 09:00"), households_visited=60),
         event(h4, vn("2026-11-20 09:00"), households_visited=10),
         event(h4, vn("2026-10-20 09:00"), households_visited=5))
    before = metrics(client, commander, ward, NOVEMBER)
    res = client.post(f"/api/v1/wards/{ward.id}/group-changes", headers=commander, json={
        "effective_on": "2026-11-15", "changes": [
            {"op": "merge", "from": [g["g1"].id, g["g2"].id], "into": {"code": "M12", "name": "Tổ 1-2"}},
            {"op": "split", "from": h3.id, "into": [
                {"code": "S3A", "name": "Tổ 3A", "households_total": 150},
                {"code": "S3B", "name": "Tổ 3B", "households_total": 150}]},
            {"op": "rename", "group_id": h4.id, "name": "Tổ Hòa Bình"}]})
    assert res.status_code == 201, res.get_json()
    created = {c["code"]: c for c in res.get_json()}
    post(client, officer, event(db.session.get(ResidentialGroup, created["M12"]["id"]),
                                vn("2026-11-20 10:00"), households_visited=20))
    return before, created


def metrics(client, headers, ward, query):
    res = client.get(f"/api/v1/wards/{ward.id}/metrics?{query}", headers=headers)
    assert res.status_code == 200, res.get_json()
    return res.get_json()


def test_a_period_across_the_change(client, world, as_user, rearranged):
    before, created = rearranged
    ward = world.wards["w1"]
    m = metrics(client, as_user("commander-w1"), ward, NOVEMBER)
    rows = {r["code"]: r for r in m["groups"]}
    assert m["totals"]["events"] == before["totals"]["events"] + 1  # only the new event moved them
    assert m["totals"]["households_visited"] == before["totals"]["households_visited"] + 20
    merged = rows["M12"]
    assert (merged["events"], merged["households_visited"], merged["coverage_pct"]) == (3, 100, 25.0)
    assert merged["gap"] is False and merged["last_event_at"].startswith("2026-11-20T10:00")
    assert rows["S3A"]["events"] == 0 and rows["S3A"]["gap"] is True  # no history
    assert rows["G1"]["in_force"] is False and rows["G1"]["gap"] is False
    assert (rows["G1"]["events"], rows["G1"]["valid_to"]) == (1, "2026-11-15")
    assert rows["G1"]["successor_ids"] == [created["M12"]["id"]]
    assert rows["H3"]["successor_ids"] == sorted([created["S3A"]["id"], created["S3B"]["id"]])
    assert rows["H4"]["name"] == "Tổ Hòa Bình"
    assert m["households_total"] == 400 + 300 + 400
    assert m["gaps"] == 2
    assert m["coverage_pct"] == round(100 * (100 + 10) / 1100, 2)
    assert float(ward_coverage(ward.id, *_days(NOVEMBER))) == m["coverage_pct"]


def test_an_earlier_period_shows_its_groups_and_names(client, world, as_user, rearranged):
    m = metrics(client, as_user("commander-w1"), world.wards["w1"], OCTOBER)
    rows = {r["code"]: r for r in m["groups"]}
    assert set(rows) == {"G1", "G2", "H3", "H4"}
    assert rows["H4"]["name"] == "Tổ 4" and rows["H4"]["events"] == 1
    assert all(r["in_force"] for r in rows.values())


def test_a_name_edited_in_place_is_a_rename_from_today(client, world, as_user):
    """PATCH /groups/<id> with a new name: today's figures take it, yesterday's keep the old."""
    group, headers = world.groups["g1"], as_user("commander-w1")
    before = group.name
    for name in ("Tổ Mới", "Tổ Mới Hơn"):
        res = client.patch(f"/api/v1/groups/{group.id}", json={"name": name}, headers=headers)
        assert res.status_code == 200, res.get_json()
    today = local_today()
    for day, name in ((today - timedelta(days=1), before), (today, "Tổ Mới Hơn")):
        query = f"from={day.isoformat()}&to={(day + timedelta(days=1)).isoformat()}"
        rows = {r["group_id"]: r for r in metrics(client, headers, world.wards["w1"], query)["groups"]}
        assert rows[group.id]["name"] == name, day


def _days(query):
    start, end = (part.split("=")[1] for part in query.split("&"))
    return date.fromisoformat(start), date.fromisoformat(end)
