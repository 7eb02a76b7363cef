"""A commander's tasks: given to an officer or volunteer of the ward in one of its groups, done
by a matching event on or before the due day, overdue past it."""
from datetime import timedelta

import pytest

from server.extensions import db
from server.periods import local_today
from server.plans.models import Task
from tests.factories import event_payload
from tests.plans.helpers import just_now


def give(client, as_user, ward, **body):
    return client.post(f"/api/v1/wards/{ward.id}/tasks", json=body, headers=as_user("commander-w1"))


def tasks(client, headers, ward, **args):
    res = client.get(f"/api/v1/wards/{ward.id}/tasks", query_string=args, headers=headers)
    assert res.status_code == 200, res.get_json()
    return res.get_json()


def sync(client, headers, event):
    res = client.post("/api/v1/events/sync", json={"events": [event]}, headers=headers)
    assert res.get_json()["results"][0]["status"] == "created"


def test_a_task_is_done_by_its_assignees_matching_event(client, world, as_user):
    ward, g1, g2 = world.wards["w1"], world.groups["g1"], world.groups["g2"]
    officer = world.users["officer-w1"]
    res = give(client, as_user, ward, group_id=g1.id, assignee_id=officer.id, kind="meeting",
               due_on=local_today().isoformat(), note="Họp tổ về VNeID")
    assert res.status_code == 201
    task = res.get_json()
    assert task["status"] == "open" and task["overdue"] is False
    assert task["group_name"] == g1.name and task["assignee_name"] == officer.full_name
    now = just_now()
    sync(client, as_user("officer-w1"), event_payload(g1, occurred_at=now))  # not a meeting
    sync(client, as_user("volunteer-w1"), event_payload(g1, kind="meeting", attendees=20,
                                                        occurred_at=now))
    sync(client, as_user("officer-w1"), event_payload(g2, kind="meeting", attendees=20,
                                                      occurred_at=now))
    assert [t["status"] for t in tasks(client, as_user("commander-w1"), ward)] == ["open"]
    sync(client, as_user("officer-w1"), event_payload(g1, kind="meeting", attendees=25,
                                                      occurred_at=now))
    assert tasks(client, as_user("commander-w1"), ward, status="done")[0]["id"] == task["id"]
    assert tasks(client, as_user("commander-w1"), ward, status="open") == []


def test_an_open_task_past_its_day_is_overdue_to_both_and_late_events_do_not_close_it(
        client, world, as_user):
    ward, g1 = world.wards["w1"], world.groups["g1"]
    officer = world.users["officer-w1"]
    yesterday = local_today() - timedelta(days=1)
    db.session.add(Task(ward_id=ward.id, group_id=g1.id, assignee_id=officer.id,
                        due_on=yesterday, starts_on=yesterday - timedelta(days=3)))
    db.session.commit()
    sync(client, as_user("officer-w1"), event_payload(g1, occurred_at=just_now()))  # after it
    for username in ("commander-w1", "officer-w1"):
        listed = tasks(client, as_user(username), ward)
        assert [(t["status"], t["overdue"]) for t in listed] == [("open", True)]
    assert tasks(client, as_user("volunteer-w1"), ward) == []  # a field user sees their own only
    on_time = (yesterday.isoformat() + "T09:00:00+07:00")
    sync(client, as_user("officer-w1"), event_payload(g1, occurred_at=on_time))
    assert tasks(client, as_user("commander-w1"), ward)[0]["status"] == "done"


@pytest.mark.parametrize("change,errors", [
    ({"group": "g3"}, {"group_id": ["other_ward"]}),
    ({"assignee": "officer-w2"}, {"assignee_id": ["other_ward"]}),
    ({"assignee": "commander-w1"}, {"assignee_id": ["not_field_role"]}),
    ({"due_on": -1}, {"due_on": ["in_past"]}),
])
def test_bad_tasks_are_refused_with_field_errors(client, world, as_user, change, errors):
    body = {"group_id": world.groups[change.get("group", "g1")].id,
            "assignee_id": world.users[change.get("assignee", "officer-w1")].id,
            "due_on": (local_today() + timedelta(days=change.get("due_on", 2))).isoformat()}
    res = give(client, as_user, world.wards["w1"], **body)
    assert res.status_code == 422 and res.get_json()["errors"] == errors
    assert db.session.query(Task).count() == 0


def test_a_group_stopped_by_the_due_day_takes_no_task_nor_a_place_in_the_plan(
        client, world, as_user):
    ward, g1, g2 = world.wards["w1"], world.groups["g1"], world.groups["g2"]
    stop = local_today() + timedelta(days=1)
    res = client.post(f"/api/v1/wards/{ward.id}/group-changes", headers=as_user("commander-w1"),
                      json={"effective_on": stop.isoformat(),
                            "changes": [{"op": "retire", "group_id": g2.id}]})
    assert res.status_code == 201, res.get_json()
    body = {"group_id": g2.id, "assignee_id": world.users["officer-w1"].id}
    late = give(client, as_user, ward, **body, due_on=stop.isoformat())
    assert late.status_code == 422 and late.get_json()["errors"] == {"group_id": ["group_stopped"]}
    assert give(client, as_user, ward, **body, due_on=local_today().isoformat()).status_code == 201
    planned = client.get("/api/v1/me/plan", query_string={"date": stop.isoformat()},
                         headers=as_user("volunteer-w1")).get_json()
    assert [item["group_id"] for item in planned["items"]] == [g1.id]


def test_only_managers_give_tasks_and_bad_input_is_a_422(client, world, as_user):
    ward = world.wards["w1"]
    body = {"group_id": world.groups["g1"].id, "assignee_id": world.users["officer-w1"].id,
            "due_on": local_today().isoformat()}
    res = client.post(f"/api/v1/wards/{ward.id}/tasks", json=body, headers=as_user("officer-w1"))
    assert res.status_code == 403
    res = give(client, as_user, ward, **{**body, "kind": "party", "due_on": "2026-02-30"})
    assert res.status_code == 422
    assert set(res.get_json()["errors"]["json"]) == {"kind", "due_on"}
