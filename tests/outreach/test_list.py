"""GET /api/v1/events (filters, scope, cursor pages) and GET /api/v1/events/<id>."""
from datetime import datetime, timedelta

import pytest

from tests.factories import VN, event_payload
from tests.outreach.helpers import EVENTS, at_local, sync


@pytest.fixture
def logged(client, world, login):
    """Events by three users of w1, one of w2 and one of w3; returns {name: payload}."""
    g1, g2, g3, g4 = (world.groups[k] for k in ("g1", "g2", "g3", "g4"))
    plan = {
        "officer-w1": [("o1", g1, "household_visit", 5, 0, 30), ("o2", g2, "meeting", 4, 23, 30),
                       ("o3", g1, "leaflet_drop", 2, 9, 0)],
        "volunteer-w1": [("v1", g2, "support_session", 3, 10, 0)],
        "commander-w1": [("c1", None, "digital_post", 1, 8, 0)],
        "officer-w2": [("x2", g3, "household_visit", 2, 11, 0)],
        "officer-w3": [("x3", g4, "household_visit", 2, 9, 0)],
    }
    counts = {"meeting": {"attendees": 30}, "support_session": {"people_assisted": 12},
              "leaflet_drop": {"leaflets": 200}, "digital_post": {}, "household_visit": {}}
    made = {}
    for user, rows in plan.items():
        payloads = []
        for name, group, kind, days, hour, minute in rows:
            made[name] = event_payload(group, kind=kind, occurred_at=at_local(days, hour, minute),
                                       **counts[kind])
            payloads.append(made[name])
        assert {r["status"] for r in sync(client, login(user), *payloads)} == {"created"}
    return made


def ids(res):
    assert res.status_code == 200, res.get_json()
    return [e["id"] for e in res.get_json()["items"]]


def names(made, *keys):
    return [made[k]["id"] for k in keys]


@pytest.mark.parametrize("caller,expected", [
    ("officer-w1", ["o3", "o2", "o1"]),
    ("volunteer-w1", ["v1"]),
    ("commander-w1", ["c1", "o3", "v1", "o2", "o1"]),
    ("admin-p1", ["c1", "x2", "o3", "v1", "o2", "o1"]),
    ("admin-p2", ["x3"]),
    ("commander-w3", ["x3"]),
])
def test_scope_and_newest_first(client, login, logged, caller, expected):
    got = ids(client.get(EVENTS, headers=login(caller)))
    assert got == names(logged, *expected)


@pytest.mark.parametrize("query,expected", [
    ({"kind": "meeting"}, ["o2"]),
    ({"group": "g1"}, ["o3", "o1"]),
    ({"user": "volunteer-w1"}, ["v1"]),
    ({"ward": "w2"}, ["x2"]),
    ({"ward": "w1", "kind": "household_visit"}, ["o1"]),
])
def test_filters(client, world, login, logged, query, expected):
    args = {}
    for key, value in query.items():
        if key == "group":
            args["group_id"] = world.groups[value].id
        elif key == "user":
            args["user_id"] = world.users[value].id
        elif key == "ward":
            args["ward_id"] = world.wards[value].id
        else:
            args[key] = value
    assert ids(client.get(EVENTS, query_string=args, headers=login("admin-p1"))) == names(logged, *expected)


def test_from_and_to_are_local_days(client, login, logged):
    # o1 is at 00:30 local time five days ago: in UTC still the evening before, so a UTC reading
    # of `from` would drop it. o3 (two days ago) bounds the second window.
    headers = login("officer-w1")
    day_o1 = (datetime.now(VN).date() - timedelta(days=5)).isoformat()
    day_o2 = (datetime.now(VN).date() - timedelta(days=4)).isoformat()
    day_o3 = (datetime.now(VN).date() - timedelta(days=2)).isoformat()
    assert ids(client.get(EVENTS, query_string={"from": day_o1, "to": day_o2}, headers=headers)) \
        == names(logged, "o1")
    assert ids(client.get(EVENTS, query_string={"from": day_o2, "to": day_o3}, headers=headers)) \
        == names(logged, "o2")
    assert ids(client.get(EVENTS, query_string={"from": day_o2}, headers=headers)) == names(logged, "o3", "o2")
    assert ids(client.get(EVENTS, query_string={"to": day_o2}, headers=headers)) == names(logged, "o1")


@pytest.mark.parametrize("args,field", [
    ({"from": "yesterday"}, "from"), ({"to": "2025-13-01"}, "to"),
    ({"from": "2025-10-01T10:00:00"}, "from"), ({"kind": "karaoke"}, "kind"),
    ({"limit": 0}, "limit"), ({"limit": 501}, "limit"), ({"cursor": "!!not-a-cursor"}, "cursor"),
])
def test_bad_query_is_422(client, login, logged, args, field):
    res = client.get(EVENTS, query_string=args, headers=login("commander-w1"))
    assert res.status_code == 422
    assert field in str(res.get_json()["errors"])


@pytest.mark.parametrize("caller,ward", [("officer-w1", "w2"), ("commander-w1", "w2")])
def test_foreign_ward_filter_is_404(client, world, login, logged, caller, ward):
    res = client.get(EVENTS, query_string={"ward_id": world.wards[ward].id}, headers=login(caller))
    assert res.status_code == 404


def test_admin_filter_on_another_province_returns_nothing(client, world, login, logged):
    res = client.get(EVENTS, query_string={"ward_id": world.wards["w3"].id}, headers=login("admin-p1"))
    assert res.status_code in (200, 404)
    if res.status_code == 200:
        assert res.get_json()["items"] == []


def test_officer_filtering_on_a_colleague_sees_nothing(client, world, login, logged):
    res = client.get(EVENTS, query_string={"user_id": world.users["volunteer-w1"].id},
                     headers=login("officer-w1"))
    assert ids(res) == []


@pytest.mark.parametrize("limit", [1, 4, 7, 30])
def test_cursor_pages_have_no_duplicates_or_omissions(client, world, login, limit):
    headers = login("officer-w1")
    same_time = at_local(1, 9)
    payloads = [event_payload(world.groups["g1"], occurred_at=same_time) for _ in range(8)]
    payloads += [event_payload(world.groups["g2"], occurred_at=at_local(d, 8 + d % 10, d % 60))
                 for d in range(2, 19)]
    for start in range(0, len(payloads), 10):
        sync(client, headers, *payloads[start:start + 10])
    seen, cursor, pages = [], None, 0
    while True:
        args = {"limit": limit, **({"cursor": cursor} if cursor else {})}
        res = client.get(EVENTS, query_string=args, headers=headers)
        body = res.get_json()
        assert len(body["items"]) <= limit
        seen += [e["id"] for e in body["items"]]
        cursor, pages = body["next_cursor"], pages + 1
        if not cursor:
            break
        assert pages < 100
    assert len(seen) == len(set(seen)) == len(payloads)
    assert set(seen) == {p["id"] for p in payloads}
    whole = ids(client.get(EVENTS, query_string={"limit": 500}, headers=headers))
    assert seen == whole  # the pages, joined, are the one newest-first list


def test_default_page_and_limit(client, world, login, logged):
    body = client.get(EVENTS, query_string={"limit": 2}, headers=login("commander-w1")).get_json()
    assert set(body) == {"items", "next_cursor"} and len(body["items"]) == 2 and body["next_cursor"]
    body = client.get(EVENTS, headers=login("commander-w1")).get_json()
    assert body["next_cursor"] is None


def test_event_by_id_has_its_version_author_ward_and_flags(client, world, login, logged):
    event_id = logged["o1"]["id"]
    res = client.get(f"{EVENTS}/{event_id}", headers=login("officer-w1"))
    assert res.status_code == 200
    body = res.get_json()
    assert body["id"] == event_id and body["version"] == 1 and body["flags"] == []
    assert body["author_id"] == world.users["officer-w1"].id
    assert body["ward_id"] == world.wards["w1"].id and body["group_id"] == world.groups["g1"].id
    assert body["occurred_at"] == logged["o1"]["occurred_at"]  # with the phone's own offset
    assert body["kind"] == "household_visit" and body["households_visited"] == 8


@pytest.mark.parametrize("caller,event,visible", [
    ("officer-w1", "o1", True), ("officer-w1", "v1", False), ("volunteer-w1", "o1", False),
    ("commander-w1", "v1", True), ("commander-w1", "x2", False), ("admin-p1", "x2", True),
    ("admin-p1", "x3", False), ("admin-p2", "o1", False), ("officer-w2", "o1", False),
])
def test_event_by_id_is_scoped(client, login, logged, caller, event, visible):
    res = client.get(f"{EVENTS}/{logged[event]['id']}", headers=login(caller))
    assert res.status_code == (200 if visible else 404)
    if not visible:
        assert "kind" not in res.get_json()


def test_unknown_event_is_404(client, login, logged):
    res = client.get(f"{EVENTS}/7f1c0a5e-0000-4000-8000-000000000000", headers=login("commander-w1"))
    assert res.status_code == 404


def test_deleted_events_are_hidden_unless_asked(client, login, logged):
    headers = login("officer-w1")
    sync(client, headers, {"id": logged["o3"]["id"], "deleted": True, "base_version": 1})
    assert ids(client.get(EVENTS, headers=headers)) == names(logged, "o2", "o1")
    shown = ids(client.get(EVENTS, query_string={"include_deleted": "true"}, headers=headers))
    assert shown == names(logged, "o3", "o2", "o1")
