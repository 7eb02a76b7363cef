"""Support points: managed per ward, named by support sessions (checked in sync), and each
point's figures on the channels endpoint; digital posts with their platform."""
from tests.factories import event_payload
from tests.outreach.helpers import stored, sync

HOURS = {"mon": [["07:30", "11:30"], ["13:30", "17:00"]], "sat": [["07:30", "11:30"]]}


def _point(client, headers, ward, **extra):
    body = {"name": "Điểm hỗ trợ chợ Đầm", "kind": "market", "address": "Chợ Đầm, Nha Trang",
            "lat": 12.2545, "lon": 109.1925, "opening_hours": HOURS, **extra}
    res = client.post(f"/api/v1/wards/{ward.id}/support-points", json=body, headers=headers)
    assert res.status_code == 201, res.get_json()
    return res.get_json()


def test_a_commander_manages_the_points_the_ward_reads(client, world, as_user):
    w1 = world.wards["w1"]
    point = _point(client, as_user("commander-w1"), w1)
    assert point["opening_hours"] == HOURS and point["active"] is True
    officer = as_user("officer-w1")
    listed = client.get(f"/api/v1/wards/{w1.id}/support-points", headers=officer).get_json()
    assert [p["name"] for p in listed] == ["Điểm hỗ trợ chợ Đầm"]
    refused = client.post(f"/api/v1/wards/{w1.id}/support-points", json={"name": "X"},
                          headers=officer)
    assert refused.status_code == 403
    url = f"/api/v1/support-points/{point['id']}"
    edited = client.patch(url, json={"name": "Bộ phận một cửa"}, headers=as_user("commander-w1"))
    assert edited.get_json()["name"] == "Bộ phận một cửa"
    assert client.delete(url, headers=as_user("commander-w1")).status_code == 204
    assert client.get(f"/api/v1/wards/{w1.id}/support-points", headers=officer).get_json() == []


def test_bad_opening_hours_are_refused_with_field_errors(client, world, as_user):
    url = f"/api/v1/wards/{world.wards['w1'].id}/support-points"
    headers = as_user("commander-w1")
    for hours, code in (({"mon": [["11:00", "08:00"]]}, "closes_before_opening"),
                        ({"funday": []}, "unknown_weekday"),
                        ({"mon": [["7h", "9h"]]}, "invalid_span"),
                        ({"mon": [["08:00", "11:00"], ["10:00", "12:00"]]}, "overlapping_spans"),
                        ([], "not_object")):
        res = client.post(url, json={"name": "Điểm", "opening_hours": hours}, headers=headers)
        assert res.status_code == 422
        assert res.get_json()["errors"]["json"]["opening_hours"] == [code], hours


def test_sync_checks_the_point_a_session_names(client, world, as_user):
    own = _point(client, as_user("commander-w1"), world.wards["w1"])
    foreign = _point(client, as_user("commander-w2"), world.wards["w2"])
    group = world.groups["g1"]
    good = event_payload(group, kind="support_session", support_point_id=own["id"])
    other_ward = event_payload(group, kind="support_session", support_point_id=foreign["id"])
    not_session = event_payload(group, support_point_id=own["id"])
    missing = event_payload(group, kind="support_session", support_point_id=999999)
    results = sync(client, as_user("officer-w1"), good, other_ward, not_session, missing)
    assert [r["status"] for r in results] == ["created", "rejected", "rejected", "rejected"]
    assert [r["errors"] for r in results[1:]] == [
        {"support_point_id": ["outside_ward"]}, {"support_point_id": ["not_for_kind"]},
        {"support_point_id": ["not_found"]}]
    assert stored(good["id"]).support_point_id == own["id"]


def test_a_point_and_each_platform_have_their_figures(client, world, as_user):
    w1, group = world.wards["w1"], world.groups["g1"]
    every_day = {day: [["07:30", "11:30"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
    point = _point(client, as_user("commander-w1"), w1, opening_hours=every_day)
    sessions = [event_payload(group, kind="support_session", support_point_id=point["id"],
                              people_assisted=people) for people in (10, 15)]
    posts = [event_payload(None, kind="digital_post", platform="zalo", online_reach=900),
             event_payload(None, kind="digital_post", platform="loudspeaker", online_reach=0)]
    wrong = event_payload(group, platform="zalo")
    results = sync(client, as_user("officer-w1"), *sessions, *posts, wrong)
    assert [r["status"] for r in results] == ["created"] * 4 + ["rejected"]
    assert results[-1]["errors"] == {"platform": ["not_for_kind"]}
    body = client.get(f"/api/v1/wards/{w1.id}/channels",
                      headers=as_user("commander-w1")).get_json()
    [figures] = body["points"]
    assert (figures["sessions"], figures["people_assisted"], figures["vneid_activations"]) == (2, 25, 4)
    assert figures["open_hours"] >= 4  # the first of the month to today, 4 hours a day
    assert figures["people_per_open_hour"] == round(25 / figures["open_hours"], 2)
    by_platform = {row["platform"]: row for row in body["platforms"]}
    assert by_platform["zalo"]["posts"] == 1 and by_platform["zalo"]["online_reach"] == 900
    assert by_platform["loudspeaker"]["posts"] == 1 and by_platform["facebook"]["posts"] == 0
