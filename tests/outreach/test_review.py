"""The commander's review (POST /events/<id>/review), the review filter of GET /events, the
author's correction clearing a return, and the ward's review queue with data-quality signals."""
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from server.audit.models import AuditEntry
from server.extensions import db
from tests.factories import VN, event_payload
from tests.outreach.helpers import EVENTS, at_local, stored, sync


def review_url(event_id):
    return f"{EVENTS}/{event_id}/review"


def queue_url(ward):
    return f"/api/v1/wards/{ward.id}/review-queue"


@pytest.fixture
def visit(client, world, login):
    """One household visit of officer-w1 in g1, stored."""
    payload = event_payload(world.groups["g1"])
    assert sync(client, login("officer-w1"), payload)[0]["status"] == "created"
    return payload


def test_commander_returns_with_comment_and_the_author_sees_it(client, login, world, visit):
    res = client.post(review_url(visit["id"]), headers=login("commander-w1"),
                      json={"status": "returned", "comment": "Số hộ chưa khớp sổ theo dõi", "version": 1})
    assert res.status_code == 200, res.get_json()
    body = res.get_json()
    assert body["review_status"] == "returned"
    assert body["review_comment"] == "Số hộ chưa khớp sổ theo dõi"
    assert body["reviewed_by_id"] == world.users["commander-w1"].id
    assert body["reviewed_by_name"] == world.users["commander-w1"].full_name
    assert body["version"] == 1  # a review is not an edit of the content
    mine = client.get(EVENTS, headers=login("officer-w1")).get_json()["items"]
    assert [(e["id"], e["review_status"], e["review_comment"]) for e in mine] == [
        (visit["id"], "returned", "Số hộ chưa khớp sổ theo dõi")]
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "review"))
    assert entry.entity_id == visit["id"]
    assert entry.actor_id == world.users["commander-w1"].id
    assert entry.changes == {"review_status": [None, "returned"],
                             "review_comment": [None, "Số hộ chưa khớp sổ theo dõi"]}


def test_returning_needs_a_comment(client, login, visit):
    for comment in (None, "", "   "):
        res = client.post(review_url(visit["id"]), headers=login("commander-w1"),
                          json={"status": "returned", "comment": comment})
        assert res.status_code == 422
        assert res.get_json()["errors"] == {"comment": ["required_to_return"]}
    assert stored(visit["id"]).review_status is None


@pytest.mark.parametrize("body,field,code", [
    ({"status": "approved"}, "status", "unknown_status"),
    ({}, "status", None),
    ({"status": "returned", "comment": "Gọi 0912345678 để hỏi lại"}, "comment", "contains_personal_data"),
    ({"status": "accepted", "comment": "x" * 501}, "comment", "too_long"),
    ({"status": "accepted", "version": "2"}, "version", None),
])
def test_bad_review_bodies_are_422(client, login, visit, body, field, code):
    res = client.post(review_url(visit["id"]), headers=login("commander-w1"), json=body)
    assert res.status_code == 422
    errors = res.get_json()["errors"]["json"]
    assert field in errors
    if code:
        assert errors[field] == [code]


def test_stale_version_and_deleted_event_are_409(client, login, visit):
    res = client.post(review_url(visit["id"]), headers=login("commander-w1"),
                      json={"status": "accepted", "version": 7})
    assert res.status_code == 409
    assert res.get_json()["errors"] == {"version": ["changed"]}
    sync(client, login("officer-w1"), {"id": visit["id"], "deleted": True, "base_version": 1})
    res = client.post(review_url(visit["id"]), headers=login("commander-w1"),
                      json={"status": "accepted"})
    assert res.status_code == 409


@pytest.mark.parametrize("caller,status", [
    ("officer-w1", 403), ("volunteer-w1", 403), ("commander-w2", 404), ("admin-p2", 404),
    ("commander-w1", 200), ("admin-p1", 200),
])
def test_only_the_wards_managers_review(client, login, visit, caller, status):
    res = client.post(review_url(visit["id"]), headers=login(caller), json={"status": "accepted"})
    assert res.status_code == status
    assert stored(visit["id"]).review_status == ("accepted" if status == 200 else None)


def test_the_authors_edit_clears_a_return(client, login, world, visit):
    client.post(review_url(visit["id"]), headers=login("commander-w1"),
                json={"status": "returned", "comment": "Thiếu thời lượng"})
    edited = {**visit, "households_visited": 6, "base_version": 1}
    assert sync(client, login("officer-w1"), edited)[0]["status"] == "updated"
    event = stored(visit["id"])
    assert (event.review_status, event.review_comment, event.reviewed_by_id, event.reviewed_at) \
        == (None, None, None, None)
    update = db.session.scalars(select(AuditEntry).where(
        AuditEntry.entity_id == visit["id"], AuditEntry.action == "update")).one()
    assert update.changes["review_status"] == ["returned", None]
    assert update.changes["households_visited"] == [8, 6]


def test_a_commanders_own_edit_keeps_the_review(client, login, world, visit):
    client.post(review_url(visit["id"]), headers=login("commander-w1"),
                json={"status": "accepted"})
    edited = {**visit, "note": "Đã đối chiếu", "base_version": 1}
    assert sync(client, login("commander-w1"), edited)[0]["status"] == "updated"
    assert stored(visit["id"]).review_status == "accepted"


def test_sync_conflict_carries_the_review(client, login, visit):
    client.post(review_url(visit["id"]), headers=login("commander-w1"),
                json={"status": "returned", "comment": "Kiểm tra lại số hộ"})
    sync(client, login("officer-w1"), {**visit, "households_visited": 9, "base_version": 1})
    stale = sync(client, login("officer-w1"), {**visit, "households_visited": 7, "base_version": 1})[0]
    assert stale["status"] == "conflict"
    assert stale["server_event"]["review_status"] is None
    assert stale["server_event"]["households_visited"] == 9


def test_list_filters_by_review_status(client, login, world):
    g1 = world.groups["g1"]
    a, b, c = (event_payload(g1, occurred_at=at_local(1, h)) for h in (8, 9, 10))
    sync(client, login("officer-w1"), a, b, c)
    headers = login("commander-w1")
    client.post(review_url(a["id"]), headers=headers, json={"status": "accepted"})
    client.post(review_url(b["id"]), headers=headers, json={"status": "returned", "comment": "Sai tổ"})

    def ids(status):
        res = client.get(EVENTS, query_string={"review_status": status}, headers=headers)
        assert res.status_code == 200
        return [e["id"] for e in res.get_json()["items"]]

    assert ids("accepted") == [a["id"]]
    assert ids("returned") == [b["id"]]
    assert ids("none") == [c["id"]]
    assert client.get(EVENTS, query_string={"review_status": "bad"}, headers=headers).status_code == 422


# ---- the review queue and its signals ------------------------------------------------------------

@pytest.fixture
def signals(client, world, login):
    """One event per signal (and a clean one) by officer-w1, plus one of volunteer-w1."""
    g1 = world.groups["g1"]
    far = {"lat": g1.lat + 0.05, "lon": g1.lon}
    plan = {
        "clean": event_payload(g1, occurred_at=at_local(2, 8)),
        "far_from_group": event_payload(g1, occurred_at=at_local(3, 8), **far),
        "no_location": event_payload(g1, occurred_at=at_local(4, 8), lat=None, lon=None,
                                     accuracy_m=None),
        "households_too_fast": event_payload(g1, occurred_at=at_local(5, 8), duration_min=15,
                                             households_visited=36, people_assisted=12),
        "assists_too_fast": event_payload(g1, kind="support_session", occurred_at=at_local(6, 8),
                                          duration_min=20, people_assisted=45, households_visited=0),
        "no_duration": event_payload(g1, kind="meeting", occurred_at=at_local(7, 8),
                                     duration_min=0, attendees=40, households_visited=0,
                                     people_assisted=0, vneid_installs=0, vneid_activations=0,
                                     dvc_filings=0),
        "too_long": event_payload(g1, occurred_at=at_local(8, 7), duration_min=720),
        # With no duration only that is said, not "too fast" as well.
        "visit_no_duration": event_payload(g1, occurred_at=at_local(8, 20), duration_min=0,
                                           households_visited=30, people_assisted=30),
        "overlap_a": event_payload(g1, occurred_at=at_local(9, 8), duration_min=90),
        "overlap_b": event_payload(g1, kind="meeting", occurred_at=at_local(9, 9), duration_min=60,
                                   attendees=30),
        "back_to_back": event_payload(g1, occurred_at=at_local(10, 8), duration_min=60),
        "after": event_payload(g1, occurred_at=at_local(10, 9), duration_min=60),
        "post_during": event_payload(None, kind="digital_post", occurred_at=at_local(9, 8, 30),
                                     duration_min=15, households_visited=0, people_assisted=0,
                                     vneid_installs=0, vneid_activations=0, dvc_filings=0,
                                     leaflets=0, online_reach=300),
    }
    results = sync(client, login("officer-w1"), *plan.values())
    assert {r["status"] for r in results} == {"created"}
    # Another author's event at the same time overlaps nothing of officer-w1's.
    plan["volunteer"] = event_payload(g1, occurred_at=at_local(9, 8), duration_min=90)
    assert sync(client, login("volunteer-w1"), plan["volunteer"])[0]["status"] == "created"
    return plan


def test_each_signal_names_its_events(client, login, world, signals):
    res = client.get(queue_url(world.wards["w1"]), headers=login("commander-w1"),
                     query_string={"limit": 200})
    assert res.status_code == 200, res.get_json()
    body = res.get_json()
    reasons = {item["event"]["id"]: item["reasons"] for item in body["items"]}
    expect = {name: [] for name in signals}
    for name in ("far_from_group", "no_location", "households_too_fast", "assists_too_fast",
                 "no_duration", "too_long"):
        expect[name] = [name]
    expect["overlap_a"] = expect["overlap_b"] = ["overlaps"]
    expect["visit_no_duration"] = ["no_duration"]
    assert {name: reasons[p["id"]] for name, p in signals.items()} == expect
    assert body["counts"]["all"] == len(signals)
    assert body["counts"]["any"] == 9
    assert body["counts"]["overlaps"] == 2


def test_queue_filters_by_reason_review_and_author_and_pages(client, login, world, signals):
    headers = login("commander-w1")
    url = queue_url(world.wards["w1"])

    def ids(**params):
        res = client.get(url, headers=headers, query_string=params)
        assert res.status_code == 200, res.get_json()
        return {item["event"]["id"] for item in res.get_json()["items"]}

    assert ids(reason="overlaps") == {signals["overlap_a"]["id"], signals["overlap_b"]["id"]}
    assert len(ids(reason="any")) == 9
    client.post(review_url(signals["too_long"]["id"]), headers=headers, json={"status": "accepted"})
    assert signals["too_long"]["id"] not in ids(reason="any", review_status="none")
    assert ids(review_status="accepted") == {signals["too_long"]["id"]}
    assert ids(user_id=world.users["volunteer-w1"].id) == {signals["volunteer"]["id"]}
    seen, cursor = [], None
    while True:
        params = {"limit": 5, **({"cursor": cursor} if cursor else {})}
        page = client.get(url, headers=headers, query_string=params).get_json()
        seen += [item["event"]["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert len(seen) == len(set(seen)) == len(signals)


def test_queue_period_and_bad_arguments(client, login, world, signals):
    headers = login("commander-w1")
    url = queue_url(world.wards["w1"])
    day = (datetime.now(VN).date() - timedelta(days=9)).isoformat()
    next_day = (datetime.now(VN).date() - timedelta(days=8)).isoformat()
    res = client.get(url, headers=headers, query_string={"from": day, "to": next_day})
    assert res.get_json()["counts"]["all"] == 4  # overlap_a, overlap_b, the post, the volunteer's
    for params, field in (({"reason": "odd"}, "reason"), ({"limit": 0}, "limit"),
                          ({"from": "2025-13-01"}, "from"), ({"cursor": "%%%"}, "cursor"),
                          ({"reason": "too_long", "cursor": "%%%"}, "cursor")):  # none match
        res = client.get(url, headers=headers, query_string=params)
        assert res.status_code == 422, params
        assert field in str(res.get_json()["errors"])
    res = client.get(url, headers=headers, query_string={"from": "2025-01-01", "to": "2025-12-31"})
    assert res.status_code == 422
    assert res.get_json()["errors"] == {"to": ["period_too_long"]}


@pytest.mark.parametrize("caller,status", [
    ("officer-w1", 403), ("volunteer-w1", 403), ("commander-w2", 404), ("admin-p2", 404),
    ("commander-w1", 200), ("admin-p1", 200),
])
def test_queue_scope(client, login, world, signals, caller, status):
    res = client.get(queue_url(world.wards["w1"]), headers=login(caller))
    assert res.status_code == status
    if status != 200:
        assert "items" not in res.get_json()
