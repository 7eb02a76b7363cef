"""GET /wards/<id>/metrics against figures computed by hand from a small, explicit set of events
(DESIGN.md §5), access by role and ward, period handling, and local-time buckets."""
import time
from datetime import datetime, timedelta

import pytest

from server.areas.models import ResidentialGroup
from server.extensions import db
from server.periods import local_today
from server.timeutil import LOCAL_TZ
from tests.metrics.helpers import event, post, vn

MARCH = "from=2025-03-01&to=2025-04-01"


@pytest.fixture
def march(client, world, as_user):
    """March 2025 in ward w1 (g1, g2: 200 households each; g5: 100), with events around it.

    officer-w1:  E1 g1 visit 03-03, E3 g2 meeting 03-01, E5 g5 visit 02-20 (before the period),
                 E6 g2 visit 04-01 00:30 (after it), E7 g2 visit 03-20 then deleted
    volunteer-w1: E2 g1 support session 03-10, E4 ward-wide digital post 03-31
    officer-w2:  one visit in ward w2 (another ward)
    """
    g1, g2 = world.groups["g1"], world.groups["g2"]
    g5 = ResidentialGroup(ward=world.wards["w1"], code="G5", name="Thôn 5", households_total=100)
    db.session.add(g5)
    db.session.commit()
    officer, volunteer = as_user("officer-w1"), as_user("volunteer-w1")
    deleted = event(g2, vn("2025-03-20 08:00"), households_visited=90)
    post(client, officer,
         event(g1, vn("2025-03-03 09:00"), duration_min=90, households_visited=50,
               people_assisted=20, vneid_installs=6, vneid_activations=4, dvc_filings=2, leaflets=10),
         event(g2, vn("2025-03-01 19:00"), kind="meeting", duration_min=120, attendees=60,
               vneid_installs=10, vneid_activations=5, dvc_filings=3, leaflets=60),
         event(g5, vn("2025-02-20 10:00"), households_visited=30),
         event(g2, vn("2025-04-01 00:30"), households_visited=5),
         deleted)
    post(client, officer, {"id": deleted["id"], "deleted": True, "base_version": 1})
    post(client, volunteer,
         event(g1, vn("2025-03-10 14:00"), kind="support_session", duration_min=180,
               people_assisted=40, vneid_installs=12, vneid_activations=9, dvc_filings=15),
         event(None, vn("2025-03-31 20:00"), kind="digital_post", duration_min=30, online_reach=1500))
    post(client, as_user("officer-w2"), event(world.groups["g3"], vn("2025-03-05 09:00"),
                                              households_visited=40))
    return {"g1": g1, "g2": g2, "g5": g5}


def _metrics(client, headers, ward, query=MARCH):
    res = client.get(f"/api/v1/wards/{ward.id}/metrics?{query}", headers=headers)
    assert res.status_code == 200, res.get_json()
    return res.get_json()


def _totals(events, hours, **counts):
    base = dict.fromkeys(("attendees", "households_visited", "people_assisted", "vneid_installs",
                          "vneid_activations", "dvc_filings", "leaflets", "online_reach"), 0)
    return {"events": events, "hours": hours, **base, **counts}


def _effect(installs, activations, filings, per_hour):
    i, a, f = per_hour
    return {"vneid_installs_per_event": installs, "vneid_activations_per_event": activations,
            "dvc_filings_per_event": filings, "vneid_installs_per_hour": i,
            "vneid_activations_per_hour": a, "dvc_filings_per_hour": f}


def test_totals_and_effectiveness(client, world, as_user, march):
    body = _metrics(client, as_user("commander-w1"), world.wards["w1"])
    assert (body["ward_id"], body["from"], body["to"]) == (world.wards["w1"].id, "2025-03-01", "2025-04-01")
    # E1 + E2 + E3 + E4: 90 + 180 + 120 + 30 minutes = 7 hours.
    assert body["totals"] == {
        **_totals(4, 7.0, attendees=60, households_visited=50, people_assisted=60,
                  vneid_installs=28, vneid_activations=18, dvc_filings=20, leaflets=70,
                  online_reach=1500),
        "effectiveness": _effect(7.0, 4.5, 5.0, (4.0, 2.57, 2.86)),
    }
    assert body["ward_wide"] == _totals(1, 0.5, online_reach=1500)


def test_by_kind(client, world, as_user, march):
    by_kind = _metrics(client, as_user("commander-w1"), world.wards["w1"])["by_kind"]
    assert by_kind["household_visit"] == {
        **_totals(1, 1.5, households_visited=50, people_assisted=20, vneid_installs=6,
                  vneid_activations=4, dvc_filings=2, leaflets=10),
        "effectiveness": _effect(6.0, 4.0, 2.0, (4.0, 2.67, 1.33))}
    assert by_kind["support_session"]["effectiveness"] == _effect(12.0, 9.0, 15.0, (4.0, 3.0, 5.0))
    assert by_kind["meeting"]["effectiveness"] == _effect(10.0, 5.0, 3.0, (5.0, 2.5, 1.5))
    assert by_kind["digital_post"]["effectiveness"] == _effect(0.0, 0.0, 0.0, (0.0, 0.0, 0.0))
    assert by_kind["leaflet_drop"] == {**_totals(0, 0.0),
                                       "effectiveness": _effect(None, None, None, (None, None, None))}


def test_groups_coverage_gap_and_last_event(client, world, as_user, march):
    body = _metrics(client, as_user("commander-w1"), world.wards["w1"])
    groups = {g["code"]: g for g in body["groups"]}
    assert list(groups) == ["G1", "G2", "G5"]
    g1, g2, g5 = groups["G1"], groups["G2"], groups["G5"]
    assert (g1["events"], g1["hours"], g1["households_visited"], g1["vneid_installs"]) == (2, 4.5, 50, 18)
    assert (g1["coverage_pct"], g1["gap"], g1["households_total"]) == (25.0, False, 200)
    assert g1["last_event_at"] == "2025-03-10T14:00:00+07:00" and g1["days_since_last"] == 21
    # G2's only live event is on 1 March, before the last 30 days of the period (2–31 March):
    # the deleted one of 20 March and the one of 1 April do not count.
    assert (g2["events"], g2["attendees"], g2["coverage_pct"], g2["gap"]) == (1, 60, 0.0, True)
    assert g2["last_event_at"] == "2025-03-01T19:00:00+07:00" and g2["days_since_last"] == 30
    assert (g5["events"], g5["coverage_pct"], g5["gap"], g5["days_since_last"]) == (0, 0.0, True, 39)
    assert g5["last_event_at"] == "2025-02-20T10:00:00+07:00"
    # Households-weighted: (50 + 0 + 0) / (200 + 200 + 100).
    assert (body["coverage_pct"], body["households_total"], body["gaps"]) == (10.0, 500, 2)


def test_users(client, world, as_user, march):
    users = _metrics(client, as_user("commander-w1"), world.wards["w1"])["users"]
    by_name = {u["full_name"]: u for u in users}
    officer = by_name[world.users["officer-w1"].full_name]
    volunteer = by_name[world.users["volunteer-w1"].full_name]
    commander = by_name[world.users["commander-w1"].full_name]
    assert len(users) == 3  # the ward's field users; nobody of ward w2
    assert (officer["user_id"], officer["role"], officer["events"], officer["hours"]) == (
        world.users["officer-w1"].id, "officer", 2, 3.5)
    assert officer["effectiveness"] == _effect(8.0, 4.5, 2.5, (4.57, 2.57, 1.43))
    assert (volunteer["events"], volunteer["online_reach"]) == (2, 1500)
    assert volunteer["effectiveness"] == _effect(6.0, 4.5, 7.5, (3.43, 2.57, 4.29))
    assert (commander["events"], commander["effectiveness"]["dvc_filings_per_hour"]) == (0, None)


def test_weekly_iso_weeks(client, world, as_user, march):
    weekly = _metrics(client, as_user("commander-w1"), world.wards["w1"])["weekly"]
    # 1 March 2025 is a Saturday: the period touches ISO weeks 9 to 14.
    assert [(w["week"], w["week_start"], w["events"]) for w in weekly] == [
        ("2025-W09", "2025-02-24", 1), ("2025-W10", "2025-03-03", 1), ("2025-W11", "2025-03-10", 1),
        ("2025-W12", "2025-03-17", 0), ("2025-W13", "2025-03-24", 0), ("2025-W14", "2025-03-31", 1)]
    assert weekly[1]["households_visited"] == 50 and weekly[5]["online_reach"] == 1500


def test_weekly_stops_at_the_current_week_which_is_marked_ongoing(client, world, as_user):
    today = local_today()
    start, end = today.replace(day=1) - timedelta(days=35), today + timedelta(days=60)
    query = f"from={start.isoformat()}&to={end.isoformat()}"
    weekly = _metrics(client, as_user("commander-w1"), world.wards["w1"], query)["weekly"]
    this_week = (today - timedelta(days=today.weekday())).isoformat()
    assert weekly[-1]["week_start"] == this_week  # no week yet to come
    assert [w["ongoing"] for w in weekly] == [False] * (len(weekly) - 1) + [True]


def test_admin_of_the_province_sees_the_same(client, world, as_user, march):
    ward = world.wards["w1"]
    assert _metrics(client, as_user("admin-p1"), ward) == _metrics(client, as_user("commander-w1"), ward)


def test_an_edit_moving_an_event_moves_its_figures(client, world, as_user, march):
    moved = event(march["g2"], vn("2025-03-25 09:00"), households_visited=100)
    post(client, as_user("officer-w1"), moved)
    before = {g["code"]: g for g in _metrics(client, as_user("commander-w1"), world.wards["w1"])["groups"]}
    assert (before["G2"]["coverage_pct"], before["G2"]["gap"]) == (50.0, False)
    post(client, as_user("commander-w1"), {**moved, "group_id": march["g1"].id,
                                           "occurred_at": vn("2025-04-02 09:00"), "base_version": 1})
    after = {g["code"]: g for g in _metrics(client, as_user("commander-w1"), world.wards["w1"])["groups"]}
    assert (after["G2"]["coverage_pct"], after["G2"]["gap"]) == (0.0, True)
    assert after["G1"]["households_visited"] == 50  # moved out of the period
    april = _metrics(client, as_user("commander-w1"), world.wards["w1"], "from=2025-04-01&to=2025-05-01")
    assert {g["code"]: g["households_visited"] for g in april["groups"]} == {"G1": 100, "G2": 5, "G5": 0}
    assert april["groups"][0]["coverage_pct"] == 50.0


@pytest.mark.parametrize("username,status", [
    ("commander-w1", 200), ("admin-p1", 200), ("officer-w1", 403), ("volunteer-w1", 403),
    ("commander-w2", 404), ("admin-p2", 404)])
def test_who_may_see_a_wards_metrics(client, world, as_user, username, status):
    res = client.get(f"/api/v1/wards/{world.wards['w1'].id}/metrics", headers=as_user(username))
    assert res.status_code == status
    assert ("totals" in res.get_json()) == (status == 200)


@pytest.mark.parametrize("query,field,code", [
    ("from=2025-03-10&to=2025-03-10", "to", "before_from"),
    ("from=2025-04-01&to=2025-03-01", "to", "before_from"),
    ("from=2024-01-01&to=2025-03-01", "to", "period_too_long"),
])
def test_bad_periods_are_refused(client, world, as_user, query, field, code):
    res = client.get(f"/api/v1/wards/{world.wards['w1'].id}/metrics?{query}",
                     headers=as_user("commander-w1"))
    assert res.status_code == 422 and res.get_json()["errors"] == {field: [code]}


@pytest.mark.parametrize("query", ["from=2025-13-01", "to=yesterday", "from=01/03/2025"])
def test_malformed_dates_are_refused(client, world, as_user, query):
    res = client.get(f"/api/v1/wards/{world.wards['w1'].id}/metrics?{query}",
                     headers=as_user("commander-w1"))
    assert res.status_code == 422 and "query" in res.get_json()["errors"]


def test_the_default_period_is_this_local_month(client, world, as_user):
    today = datetime.now(LOCAL_TZ).date()
    first = today.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    body = _metrics(client, as_user("commander-w1"), world.wards["w1"], "")
    assert (body["from"], body["to"]) == (first.isoformat(), following.isoformat())


# ---- local time ---------------------------------------------------------------------------------

@pytest.fixture(params=["America/Los_Angeles", "UTC", "Pacific/Kiritimati"])
def server_clock_zone(request, monkeypatch):
    """Run the server with a clock zone other than Vietnam's."""
    monkeypatch.setenv("TZ", request.param)
    time.tzset()
    yield request.param
    monkeypatch.undo()
    time.tzset()


def test_half_past_midnight_on_the_first_belongs_to_that_day_week_and_month(
        client, world, as_user, server_clock_zone):
    # 00:30 on 1 March in Vietnam is still 28 February in UTC and in Los Angeles.
    post(client, as_user("officer-w1"), event(world.groups["g1"], vn("2025-03-01 00:30"),
                                              households_visited=7))
    commander, ward = as_user("commander-w1"), world.wards["w1"]
    assert _metrics(client, commander, ward, "from=2025-03-01&to=2025-03-02")["totals"]["events"] == 1
    assert _metrics(client, commander, ward, "from=2025-02-01&to=2025-03-01")["totals"]["events"] == 0
    weeks = _metrics(client, commander, ward, "from=2025-02-24&to=2025-03-10")["weekly"]
    assert [(w["week"], w["events"]) for w in weeks] == [("2025-W09", 1), ("2025-W10", 0)]
    province = world.provinces["p1"].id
    ranking = {m: {r["ward_code"]: r for r in client.get(
        f"/api/v1/provinces/{province}/ranking?month={m}", headers=as_user("admin-p1")
    ).get_json()["rows"]} for m in ("2025-02", "2025-03")}
    assert ranking["2025-03"]["22366"]["households_visited"] == 7
    assert ranking["2025-02"]["22366"]["events"] == 0
