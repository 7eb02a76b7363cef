"""GET /me/plan: an officer's or volunteer's day, from gaps, coverage, targets and tasks, in
route order."""
from datetime import date, timedelta

from server.periods import local_today
from tests.factories import event_payload
from tests.plans.helpers import just_now


def sync(client, headers, *events):
    res = client.post("/api/v1/events/sync", json={"events": list(events)}, headers=headers)
    return res.get_json()["results"]


def plan(client, headers, **args):
    res = client.get("/api/v1/me/plan", query_string=args, headers=headers)
    assert res.status_code == 200, res.get_json()
    return res.get_json()


def assign(client, as_user, world, group, username):
    res = client.patch(f"/api/v1/groups/{world.groups[group].id}", headers=as_user("commander-w1"),
                       json={"officer_id": world.users[username].id})
    assert res.status_code == 200


def by_group(body):
    return {item["group_id"]: item for item in body["items"]}


def test_an_officers_area_comes_with_its_needs_in_route_order(client, world, as_user):
    g1, g2 = world.groups["g1"], world.groups["g2"]
    for key in ("g1", "g2"):
        assign(client, as_user, world, key, "officer-w1")
    body = plan(client, as_user("officer-w1"))
    assert body["date"] == local_today().isoformat() and body["area"] == [g1.id, g2.id]
    assert [i["group_id"] for i in body["items"]] == [g1.id, g2.id]  # g1 is nearer the centre
    assert [i["order"] for i in body["items"]] == [1, 2]
    assert by_group(body)[g1.id]["reasons"] == ["assigned", "gap", "low_coverage"]
    assert 200 < by_group(body)[g1.id]["distance_m"] < 250  # 0.002° north of the ward centre
    assert 640 < by_group(body)[g2.id]["distance_m"] < 690  # then 0.006° south
    assert body["start"]["source"] == "ward"
    visit = event_payload(g1, households_visited=150)
    assert sync(client, as_user("officer-w1"), visit)[0]["status"] == "created"
    item = by_group(plan(client, as_user("officer-w1")))[g1.id]
    assert item["reasons"] == ["assigned"] and item["coverage_pct"] == 75.0
    near_g2 = plan(client, as_user("officer-w1"), lat=g2.lat, lon=g2.lon)
    assert near_g2["items"][0]["group_id"] == g2.id and near_g2["items"][0]["distance_m"] == 0
    assert near_g2["start"]["source"] == "position"


def test_a_volunteer_without_an_area_gets_the_groups_that_need_a_visit(client, world, as_user):
    g1, g2 = world.groups["g1"], world.groups["g2"]
    sync(client, as_user("officer-w1"), event_payload(g1, households_visited=180))
    body = plan(client, as_user("volunteer-w1"))
    assert body["area"] == [] and list(by_group(body)) == [g2.id]
    assert by_group(body)[g2.id]["reasons"] == ["gap", "low_coverage"]


def test_a_lagging_target_marks_the_groups_behind_their_share(client, world, as_user):
    g1, g2 = world.groups["g1"], world.groups["g2"]
    today = local_today()
    res = client.put(f"/api/v1/wards/{g1.ward_id}/targets", headers=as_user("commander-w1"),
                     json={"kind": "vneid_installs", "from": (today - timedelta(days=1)).isoformat(),
                           "to": (today + timedelta(days=1)).isoformat(), "value": 100})
    assert res.status_code in (200, 201), res.get_json()
    sync(client, as_user("officer-w1"), event_payload(g1, households_visited=180,
                                                      vneid_installs=60))
    items = by_group(plan(client, as_user("volunteer-w1")))
    assert "target" in items[g2.id]["reasons"] and g1.id not in items


def test_open_tasks_come_first_and_leave_once_done(client, world, as_user):
    g1, g2 = world.groups["g1"], world.groups["g2"]
    officer = world.users["officer-w1"]
    assign(client, as_user, world, "g1", "officer-w1")
    res = client.post(f"/api/v1/wards/{g2.ward_id}/tasks", headers=as_user("commander-w1"),
                      json={"group_id": g2.id, "assignee_id": officer.id, "kind": "meeting",
                            "due_on": local_today().isoformat(), "note": "Họp tổ"})
    task_id = res.get_json()["id"]
    items = by_group(plan(client, as_user("officer-w1")))
    assert items[g2.id]["reasons"][0] == "task" and items[g2.id]["task_id"] == task_id
    assert items[g2.id]["task_kind"] == "meeting" and items[g2.id]["overdue"] is False
    sync(client, as_user("officer-w1"), event_payload(g2, kind="meeting", attendees=30,
                                                      occurred_at=just_now()))
    assert g2.id not in by_group(plan(client, as_user("officer-w1")))


def test_the_plan_is_for_field_users_and_checks_its_arguments(client, world, as_user):
    assert client.get("/api/v1/me/plan", headers=as_user("commander-w1")).status_code == 403
    res = client.get("/api/v1/me/plan?date=1900-01-01", headers=as_user("officer-w1"))
    assert res.status_code == 422 and "date" in res.get_json()["errors"]["query"]
    assert plan(client, as_user("officer-w1"), date="2026-01-05")["date"] == "2026-01-05"
    assert date.fromisoformat(plan(client, as_user("officer-w1"))["date"]) == local_today()


def test_the_commander_sees_plan_against_done_per_person_and_week(client, world, as_user):
    ward, g1, g2 = world.wards["w1"], world.groups["g1"], world.groups["g2"]
    for key in ("g1", "g2"):
        assign(client, as_user, world, key, "officer-w1")
    volunteer = world.users["volunteer-w1"]
    res = client.post(f"/api/v1/wards/{ward.id}/tasks", headers=as_user("commander-w1"),
                      json={"group_id": g2.id, "assignee_id": volunteer.id,
                            "due_on": local_today().isoformat()})
    assert res.status_code == 201
    sync(client, as_user("officer-w1"), event_payload(g1, occurred_at=just_now()))
    res = client.get(f"/api/v1/wards/{ward.id}/plan-report", headers=as_user("commander-w1"))
    week = res.get_json()["weeks"][-1]
    rows = {row["user_id"]: (row["planned"], row["done"]) for row in week["users"]}
    assert rows[world.users["officer-w1"].id] == (2, 1)
    assert rows[volunteer.id] == (1, 0)
    assert world.users["commander-w1"].id not in rows
    assert client.get(f"/api/v1/wards/{ward.id}/plan-report",
                      headers=as_user("officer-w1")).status_code == 403


def test_a_week_spreads_the_stops_over_its_days_with_tasks_on_their_due_day(
        client, world, as_user):
    g1, g2 = world.groups["g1"], world.groups["g2"]
    for key in ("g1", "g2"):
        assign(client, as_user, world, key, "officer-w1")
    today = local_today()
    week = plan(client, as_user("officer-w1"), days=7)
    assert [d["date"] for d in week["days"]] == [
        (today + timedelta(offset)).isoformat() for offset in range(7)]
    placed = [[i["group_id"] for i in d["items"]] for d in week["days"]]
    assert placed[:2] == [[g1.id], [g2.id]] and placed[2:] == [[]] * 5  # one a day, neediest first
    assert week["items"] == week["days"][0]["items"] and week["days"][1]["items"][0]["order"] == 1
    res = client.post(f"/api/v1/wards/{g2.ward_id}/tasks", headers=as_user("commander-w1"),
                      json={"group_id": g2.id, "assignee_id": world.users["officer-w1"].id,
                            "due_on": (today + timedelta(3)).isoformat()})
    assert res.status_code == 201
    week = plan(client, as_user("officer-w1"), days=7, lat=g2.lat, lon=g2.lon)
    placed = [[i["group_id"] for i in d["items"]] for d in week["days"]]
    assert placed == [[g1.id], [], [], [g2.id], [], [], []]  # the task on its due day
    assert week["days"][3]["items"][0]["reasons"][0] == "task"
    assert 420 < week["days"][3]["items"][0]["distance_m"] < 465  # later days: from the centre
    day = plan(client, as_user("officer-w1"))
    assert [i["group_id"] for i in day["items"]] == [g1.id, g2.id]  # a day keeps all of them
    res = client.get("/api/v1/me/plan?days=8", headers=as_user("officer-w1"))
    assert res.status_code == 422 and "days" in res.get_json()["errors"]["query"]
