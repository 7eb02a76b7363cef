"""POST /api/v1/events/sync: every status of API.md, the validation codes, and batch limits."""
import json
import uuid
from datetime import datetime, timedelta, timezone

import pytest
from geopy.distance import geodesic

from tests.factories import VN, event_payload
from tests.outreach.helpers import SYNC, count_events, stored, sync


@pytest.fixture
def officer(world, login):
    return login("officer-w1")


def test_every_status_in_request_order_in_one_batch(client, world, officer):
    g1 = world.groups["g1"]
    replayed, edited, stale = (event_payload(g1) for _ in range(3))
    sync(client, officer, replayed, edited, stale)
    sync(client, officer, {**stale, "attendees": 5, "base_version": 1})  # the server moves to v2
    new = event_payload(g1, kind="meeting", attendees=40, households_visited=0)
    bad = event_payload(g1, kind="karaoke")
    batch = [new, replayed, {**edited, "households_visited": 12, "base_version": 1},
             {**stale, "households_visited": 3, "base_version": 1}, bad]

    results = sync(client, officer, *batch)

    assert [r["id"] for r in results] == [e["id"] for e in batch]
    assert [r["status"] for r in results] == ["created", "unchanged", "updated", "conflict", "rejected"]
    assert [r["version"] for r in results] == [1, 1, 2, 2, None]
    assert results[3]["server_event"]["version"] == 2
    assert results[3]["server_event"]["attendees"] == 5
    assert results[4]["errors"] == {"kind": ["unknown_kind"]}
    assert stored(new["id"]).attendees == 40
    assert stored(edited["id"]).households_visited == 12 and stored(edited["id"]).version == 2
    assert stored(stale["id"]).households_visited == 8 and stored(stale["id"]).version == 2
    assert stored(bad["id"]) is None
    assert count_events() == 4


def test_created_event_is_stored_with_its_author_ward_and_local_day(client, world, officer):
    g1, user = world.groups["g1"], world.users["officer-w1"]
    payload = event_payload(g1, occurred_at=(datetime.now(VN) - timedelta(days=3)).replace(
        hour=0, minute=30, second=0, microsecond=0).isoformat())
    [result] = sync(client, officer, payload)
    assert result == {"id": payload["id"], "status": "created", "version": 1}
    event = stored(payload["id"])
    assert (event.author_id, event.ward_id, event.province_id, event.group_id) == (
        user.id, g1.ward_id, world.provinces["p1"].id, g1.id)
    local = datetime.fromisoformat(payload["occurred_at"])
    assert event.local_date == local.date()  # 00:30 in Vietnam is the previous day in UTC
    assert event.occurred_at == local.astimezone(timezone.utc).replace(tzinfo=None)
    assert event.utc_offset_min == 420
    assert (event.households_visited, event.attendees, event.version, event.deleted) == (8, 0, 1, False)


def test_missing_counts_mean_zero(client, world, officer):
    payload = {"id": str(uuid.uuid4()), "kind": "leaflet_drop", "group_id": world.groups["g1"].id,
               "occurred_at": (datetime.now(VN) - timedelta(hours=2)).isoformat(), "leaflets": 120}
    [result] = sync(client, officer, payload)
    assert result["status"] == "created"
    event = stored(payload["id"])
    assert (event.leaflets, event.attendees, event.online_reach, event.duration_min) == (120, 0, 0, 0)


def test_digital_post_with_no_reach_still_counts(client, world, officer):
    payload = event_payload(None, kind="digital_post", households_visited=0, online_reach=0)
    [result] = sync(client, officer, payload)
    assert result["status"] == "created"
    assert stored(payload["id"]).group_id is None


def _ago(**delta):
    return (datetime.now(VN) - timedelta(**delta)).replace(microsecond=0).isoformat()


REJECTIONS = {
    "unknown kind": ({"kind": "karaoke"}, {"kind": ["unknown_kind"]}),
    "missing kind": ({"kind": None}, {"kind": ["required"]}),
    "negative count": ({"vneid_installs": -1}, {"vneid_installs": ["negative"]}),
    "absurd count": ({"households_visited": 90_000}, {"households_visited": ["too_large"]}),
    "absurd reach": ({"online_reach": 10**9}, {"online_reach": ["too_large"]}),
    "fractional count": ({"attendees": 2.5}, {"attendees": ["not_integer"]}),
    "count as text": ({"attendees": "12"}, {"attendees": ["not_integer"]}),
    "meeting without attendees": ({"kind": "meeting", "attendees": 0}, {"attendees": ["required_for_kind"]}),
    "visit without households": ({"households_visited": 0}, {"households_visited": ["required_for_kind"]}),
    "session without people": ({"kind": "support_session", "people_assisted": 0},
                               {"people_assisted": ["required_for_kind"]}),
    "leaflets without leaflets": ({"kind": "leaflet_drop", "leaflets": 0}, {"leaflets": ["required_for_kind"]}),
    "no offset": ({"occurred_at": "2025-10-01T09:00:00"}, {"occurred_at": ["offset_required"]}),
    "not a date": ({"occurred_at": "hôm qua"}, {"occurred_at": ["invalid_datetime"]}),
    "missing occurred_at": ({"occurred_at": None}, {"occurred_at": ["required"]}),
    "in the future": ({"occurred_at": (datetime.now(VN) + timedelta(hours=2)).isoformat()},
                      {"occurred_at": ["in_future"]}),
    "older than 90 days": ({"occurred_at": _ago(days=91)}, {"occurred_at": ["too_old"]}),
    "latitude out of range": ({"lat": 91.0}, {"lat": ["out_of_range"]}),
    "longitude out of range": ({"lon": -181.0}, {"lon": ["out_of_range"]}),
    "lat without lon": ({"lon": None}, {"lon": ["required_with_other_coordinate"]}),
    "duration out of range": ({"duration_min": 1441}, {"duration_min": ["out_of_range"]}),
    "citizen id in note": ({"note": "Hỗ trợ ông A, CCCD 079203001234"}, {"note": ["contains_personal_data"]}),
    "spaced citizen id": ({"note": "số định danh 079 203 001 234"}, {"note": ["contains_personal_data"]}),
    "mobile in note": ({"note": "Gọi lại 0912345678 để hẹn"}, {"note": ["contains_personal_data"]}),
    "dotted mobile": ({"note": "SĐT 0912.345.678"}, {"note": ["contains_personal_data"]}),
    "international mobile": ({"note": "Zalo +84 912 345 678"}, {"note": ["contains_personal_data"]}),
    "landline": ({"note": "Bàn 0258 3822 123"}, {"note": ["contains_personal_data"]}),
    "mobile after a number": ({"note": "Tổ 5 0912345678 15 hộ"}, {"note": ["contains_personal_data"]}),
    "email in note": ({"note": "gửi về nguyen.a@gmail.com"}, {"note": ["contains_personal_data"]}),
    "note too long": ({"note": "x" * 501}, {"note": ["too_long"]}),
    "bad uuid": ({"id": "not-a-uuid"}, {"id": ["invalid_uuid"]}),
    "base_version zero": ({"base_version": 0}, {"base_version": ["out_of_range"]}),
    # Instants whose UTC falls off Python's calendar: once an OverflowError and a 500 for all.
    "year 1 east of UTC": ({"occurred_at": "0001-01-01T00:00:00+14:00"}, {"occurred_at": ["too_old"]}),
    "year 9999 west of UTC": ({"occurred_at": "9999-12-31T23:59:59-12:00"},
                              {"occurred_at": ["in_future"]}),
    # A NUL character is valid JSON but PostgreSQL text cannot hold it: that event alone is refused.
    "NUL in note": ({"note": "Hướng dẫn\u0000 cài VNeID"}, {"note": ["nul_character"]}),
    "NUL in kind": ({"kind": "meeting\u0000"}, {"kind": ["unknown_kind"]}),
}


@pytest.mark.parametrize("overrides,errors", REJECTIONS.values(), ids=REJECTIONS.keys())
def test_rejected_with_per_field_codes(client, world, officer, overrides, errors):
    good = event_payload(world.groups["g1"])
    bad = event_payload(world.groups["g1"], **overrides)
    results = sync(client, officer, bad, good)
    assert results[0]["status"] == "rejected"
    assert results[0]["errors"] == errors
    assert results[0]["version"] is None
    assert results[1]["status"] == "created"  # one bad event never fails the rest
    assert count_events() == 1 and stored(good["id"]) is not None


def test_a_nul_in_an_unknown_field_of_an_event_is_ignored_like_the_field(client, world, officer):
    payload = {**event_payload(world.groups["g1"]), "extra\u0000": "x\u0000y"}
    [result] = sync(client, officer, payload)
    assert result["status"] == "created"
    assert count_events() == 1


def test_a_nul_outside_the_events_still_refuses_the_whole_batch(client, world, officer):
    good = event_payload(world.groups["g1"])
    res = client.post(SYNC, json={"events": [good], "device": "a\u0000b"}, headers=officer)
    assert res.status_code == 400 and res.get_json()["code"] == 400
    assert count_events() == 0


@pytest.mark.parametrize("note", [
    "Họp ngày 12.10.2025 lúc 8 giờ, 45 người dự",
    "Kinh phí in tờ rơi 125.000.000 đồng",
    "Tổng kinh phí 12.500.000.000 đồng cho 1.250.000 lượt tiếp cận",
    "Phát 1.250 tờ rơi, 3 buổi, 2025-10-12 14:30",
    "Tổ 7 khu phố 3, 12 hộ",
    None,
])
def test_ordinary_notes_pass(client, world, officer, note):
    payload = event_payload(world.groups["g1"], note=note)
    [result] = sync(client, officer, payload)
    assert result["status"] == "created", result
    assert stored(payload["id"]).note == note


@pytest.mark.parametrize("group_key", ["g3", "g4"])
def test_group_outside_the_callers_ward_is_rejected(client, world, officer, group_key):
    payload = event_payload(world.groups[group_key])
    [result] = sync(client, officer, payload)
    assert result["status"] == "rejected" and result["errors"] == {"group_id": ["outside_ward"]}
    assert count_events() == 0


def test_unknown_group_is_rejected(client, world, officer):
    [result] = sync(client, officer, event_payload(None, group_id=987654))
    assert result["errors"] == {"group_id": ["outside_ward"]}
    assert count_events() == 0


@pytest.mark.parametrize("raw,errors", [
    ("a string", {"_event": ["not_an_object"]}),
    (42, {"_event": ["not_an_object"]}),
    (None, {"_event": ["not_an_object"]}),
    ([1, 2], {"_event": ["not_an_object"]}),
])
def test_a_non_object_event_is_rejected_alone(client, world, officer, raw, errors):
    good = event_payload(world.groups["g1"])
    results = sync(client, officer, raw, good)
    assert results[0] == {"id": None, "status": "rejected", "version": None, "errors": errors}
    assert results[1]["status"] == "created"
    assert count_events() == 1


def test_missing_id_is_rejected(client, world, officer):
    payload = event_payload(world.groups["g1"])
    del payload["id"]
    [result] = sync(client, officer, payload)
    assert result["status"] == "rejected" and result["errors"] == {"id": ["required"]}


def test_delete_without_id_is_rejected(client, world, officer):
    good = event_payload(world.groups["g1"])
    results = sync(client, officer, {"deleted": True}, good)
    assert results[0]["status"] == "rejected" and results[0]["errors"] == {"id": ["required"]}
    assert results[1]["status"] == "created"


def test_soft_delete_hides_the_event_but_keeps_the_row(client, world, officer):
    payload = event_payload(world.groups["g1"])
    sync(client, officer, payload)
    [result] = sync(client, officer, {"id": payload["id"], "deleted": True, "base_version": 1})
    assert result == {"id": payload["id"], "status": "updated", "version": 2}
    listed = client.get("/api/v1/events", headers=officer).get_json()["items"]
    assert payload["id"] not in {e["id"] for e in listed}
    event = stored(payload["id"])
    assert event.deleted is True and event.deleted_at is not None
    assert event.households_visited == 8  # the content stays
    # Replaying the delete changes nothing; editing a deleted event is a conflict.
    [again] = sync(client, officer, {"id": payload["id"], "deleted": True, "base_version": 1})
    assert again["status"] == "unchanged"
    [edit] = sync(client, officer, {**payload, "attendees": 3, "base_version": 2})
    assert edit["status"] == "conflict" and edit["server_event"]["deleted"] is True
    assert stored(payload["id"]).version == 2


def test_delete_carrying_content_that_is_now_too_old_still_deletes(client, world, officer):
    payload = event_payload(world.groups["g1"])
    sync(client, officer, payload)
    old = {**payload, "occurred_at": _ago(days=120), "households_visited": 0, "deleted": True}
    [result] = sync(client, officer, old)
    assert result["status"] == "updated"
    event = stored(payload["id"])
    assert event.deleted is True and event.households_visited == 8


def test_deleting_an_unknown_event_is_rejected(client, world, officer):
    [result] = sync(client, officer, {"id": str(uuid.uuid4()), "deleted": True})
    assert result["status"] == "rejected" and result["errors"] == {"id": ["not_found"]}
    assert count_events() == 0


def test_replay_of_an_edit_is_unchanged(client, world, officer):
    payload = event_payload(world.groups["g1"])
    sync(client, officer, payload)
    edit = {**payload, "households_visited": 9, "base_version": 1}
    assert sync(client, officer, edit)[0]["status"] == "updated"
    assert sync(client, officer, edit)[0] == {"id": payload["id"], "status": "unchanged", "version": 2}
    assert stored(payload["id"]).version == 2


# DESIGN.md §4.3: the same id with other content and no base_version.
def test_lost_first_answer_is_an_edit_of_version_1_by_the_author(client, world, officer):
    payload = event_payload(world.groups["g1"])
    sync(client, officer, payload)
    [result] = sync(client, officer, {**payload, "households_visited": 15})
    assert result == {"id": payload["id"], "status": "updated", "version": 2}
    assert stored(payload["id"]).households_visited == 15


# Found by bench/load.py: an upload given up on by the phone reached the server after the
# edit that followed it; with no base_version it looked like a lost first answer and overwrote it.
@pytest.mark.parametrize("late_first", [False, True], ids=["edit-stored-first", "creation-late"])
def test_a_late_copy_of_an_earlier_change_never_overwrites_a_later_one(client, world, officer, late_first):
    first = {**event_payload(world.groups["g1"]), "rev": 1, "duration_min": 170}
    second = {**first, "rev": 2, "duration_min": 111}
    if not late_first:
        sync(client, officer, first)
    assert sync(client, officer, second)[0]["status"] == ("updated" if not late_first else "created")
    [late] = sync(client, officer, first)  # the first upload, delivered late
    assert late["status"] == "conflict" and late["server_event"]["duration_min"] == 111
    assert stored(first["id"]).duration_min == 111
    assert stored(first["id"]).client_rev == 2
    # a real later change, on the version the phone was told of
    [newer] = sync(client, officer, {**first, "rev": 3, "duration_min": 95, "base_version": late["version"]})
    assert newer["status"] == "updated" and stored(first["id"]).duration_min == 95


@pytest.mark.parametrize("rev", [0, -1, 2**31, "2", 1.5])
def test_a_bad_rev_is_rejected(client, world, officer, rev):
    [result] = sync(client, officer, {**event_payload(world.groups["g1"]), "rev": rev})
    assert result["status"] == "rejected" and list(result["errors"]) == ["rev"]


def test_no_base_version_on_a_newer_server_copy_is_a_conflict(client, world, officer):
    payload = event_payload(world.groups["g1"])
    sync(client, officer, payload)
    sync(client, officer, {**payload, "households_visited": 15, "base_version": 1})
    [result] = sync(client, officer, {**payload, "households_visited": 20})
    assert result["status"] == "conflict" and result["version"] == 2
    assert result["server_event"]["households_visited"] == 15
    assert stored(payload["id"]).households_visited == 15


def test_no_base_version_from_someone_else_is_a_conflict(client, world, officer, login):
    payload = event_payload(world.groups["g1"])
    sync(client, officer, payload)
    [result] = sync(client, login("commander-w1"), {**payload, "households_visited": 20})
    assert result["status"] == "conflict" and result["server_event"]["id"] == payload["id"]
    assert stored(payload["id"]).households_visited == 8 and stored(payload["id"]).version == 1


def test_commander_edits_an_officers_event_on_its_version(client, world, officer, login):
    payload = event_payload(world.groups["g1"])
    sync(client, officer, payload)
    [result] = sync(client, login("commander-w1"), {**payload, "households_visited": 20, "base_version": 1})
    assert result["status"] == "updated"
    event = stored(payload["id"])
    assert event.households_visited == 20 and event.author_id == world.users["officer-w1"].id


@pytest.mark.parametrize("other", ["volunteer-w1", "officer-w2"])
def test_another_users_event_id_is_refused_without_its_content(client, world, officer, login, other):
    payload = event_payload(world.groups["g1"])
    sync(client, officer, payload)
    group = world.groups["g1" if other.endswith("w1") else "g3"]
    [result] = sync(client, login(other), {**payload, "group_id": group.id, "attendees": 1,
                                           "base_version": 1})
    assert result["status"] == "rejected" and "server_event" not in result
    event = stored(payload["id"])
    assert (event.attendees, event.version, event.author_id) == (0, 1, world.users["officer-w1"].id)


def test_far_from_group_is_kept_and_flagged_with_the_distance(client, world, officer):
    g1 = world.groups["g1"]
    far = event_payload(g1, lat=g1.lat + 0.03, lon=g1.lon)
    near = event_payload(g1, lat=g1.lat + 0.005, lon=g1.lon)
    assert [r["status"] for r in sync(client, officer, far, near)] == ["created", "created"]
    expected = geodesic((g1.lat + 0.03, g1.lon), (g1.lat, g1.lon)).meters
    event = stored(far["id"])
    assert event.flags == ["far_from_group"]
    assert event.distance_m == pytest.approx(expected, abs=1)
    assert 3000 < event.distance_m < 3500
    assert stored(near["id"]).flags == [] and stored(near["id"]).distance_m < 2000
    body = client.get(f"/api/v1/events/{far['id']}", headers=officer).get_json()
    assert body["flags"] == ["far_from_group"] and body["distance_m"] == pytest.approx(expected, abs=1)


def test_far_threshold_is_a_setting(app, client, world, officer):
    app.config["FAR_FROM_GROUP_M"] = 400
    g1 = world.groups["g1"]
    payload = event_payload(g1, lat=g1.lat + 0.005, lon=g1.lon)  # about 550 m
    sync(client, officer, payload)
    assert stored(payload["id"]).flags == ["far_from_group"]


def test_moving_an_event_back_near_its_group_clears_the_flag(client, world, officer):
    g1 = world.groups["g1"]
    payload = event_payload(g1, lat=g1.lat + 0.03, lon=g1.lon)
    sync(client, officer, payload)
    sync(client, officer, {**payload, "lat": g1.lat, "base_version": 1})
    event = stored(payload["id"])
    assert event.flags == [] and event.distance_m == pytest.approx(0, abs=1)


def test_event_without_coordinates_has_no_distance(client, world, officer):
    payload = event_payload(world.groups["g1"], lat=None, lon=None, accuracy_m=None)
    sync(client, officer, payload)
    event = stored(payload["id"])
    assert event.distance_m is None and event.flags == []


@pytest.mark.parametrize("role", ["admin-p1"])
def test_admins_do_not_sync(client, world, login, role):
    res = client.post(SYNC, json={"events": [event_payload(world.groups["g1"])]}, headers=login(role))
    assert res.status_code == 403
    assert count_events() == 0


def test_volunteer_syncs_in_their_ward(client, world, login):
    payload = event_payload(world.groups["g2"], kind="support_session", people_assisted=14)
    [result] = sync(client, login("volunteer-w1"), payload)
    assert result["status"] == "created"
    assert stored(payload["id"]).author_id == world.users["volunteer-w1"].id


# ---- the batch as a whole -----------------------------------------------------------------------

def test_more_than_500_events_is_413(client, world, officer):
    events = [event_payload(world.groups["g1"]) for _ in range(501)]
    res = client.post(SYNC, json={"events": events}, headers=officer)
    assert res.status_code == 413
    assert res.get_json()["code"] == 413
    assert count_events() == 0


def test_exactly_500_events_are_accepted(client, world, officer):
    events = [event_payload(world.groups["g1"]) for _ in range(500)]
    results = sync(client, officer, *events)
    assert {r["status"] for r in results} == {"created"}
    assert count_events() == 500


@pytest.mark.parametrize("body,content_type,status", [
    (b'{"events": [', "application/json", 400),
    (b"\xff\xfe not utf-8", "application/json", 400),
    (b'{"events": []}', "text/plain", 415),
    (b"events=1", "application/x-www-form-urlencoded", 415),
    (b'{"events": {"id": 1}}', "application/json", 422),
    (b'{"events": "many"}', "application/json", 422),
    (b'{"events": null}', "application/json", 422),
    (b"{}", "application/json", 422),
    (b"[]", "application/json", 422),
    (b'"events"', "application/json", 422),
])
def test_bad_bodies_are_clear_4xx(client, world, officer, body, content_type, status):
    res = client.post(SYNC, data=body, content_type=content_type, headers=officer)
    assert res.status_code == status, res.get_json()
    payload = res.get_json()
    assert payload["code"] == status and payload["message"]
    assert count_events() == 0


def test_body_over_max_content_length_is_413(app, client, world, officer):
    limit = app.config["MAX_CONTENT_LENGTH"]
    note = "x" * 400
    events = [event_payload(world.groups["g1"], note=note) for _ in range(limit // 400 + 10)]
    data = json.dumps({"events": events})
    assert len(data) > limit
    res = client.post(SYNC, data=data, content_type="application/json", headers=officer)
    assert res.status_code == 413
    assert res.get_json()["code"] == 413
    assert count_events() == 0


def test_empty_batch_is_fine(client, world, officer):
    assert sync(client, officer) == []


def test_the_same_id_twice_in_one_batch(client, world, officer):
    payload = event_payload(world.groups["g1"])
    results = sync(client, officer, payload, payload, {**payload, "households_visited": 11})
    assert [r["status"] for r in results] == ["created", "unchanged", "updated"]
    assert count_events() == 1 and stored(payload["id"]).households_visited == 11
