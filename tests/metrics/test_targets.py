"""Targets per ward and period: set, replaced, listed, removed, and their progress — from events
for counts and coverage, from filing statistics for online-filing rates."""
import pytest
from sqlalchemy import select

from server.extensions import db
from server.metrics.models import Target
from tests.metrics.helpers import event, post, vn


def _targets_url(ward):
    return f"/api/v1/wards/{ward.id}/targets"


def _stored(ward):
    db.session.expire_all()
    return {(t.kind, t.period_from.isoformat(), t.period_to.isoformat()): t.value
            for t in db.session.scalars(select(Target).where(Target.ward_id == ward.id))}


@pytest.fixture
def w1(world):
    return world.wards["w1"]


@pytest.fixture
def march_outcomes(client, world, as_user, w1):
    """In March 2025: 7 + 5 activations and 60 + 100 of 400 households visited in g1 (200 hh);
    filing: residence 350/500, id_card 90/200."""
    officer = as_user("officer-w1")
    post(client, officer,
         event(world.groups["g1"], vn("2025-03-03 09:00"), households_visited=60, vneid_activations=7),
         event(world.groups["g2"], vn("2025-03-20 09:00"), households_visited=100, vneid_activations=5),
         event(world.groups["g2"], vn("2025-04-01 09:00"), households_visited=100, vneid_activations=50))
    client.put(f"/api/v1/wards/{w1.id}/filing-stats/2025-03", headers=as_user("commander-w1"), json={
        "rows": [{"service_group": "residence", "total": 500, "online": 350, "in_person": 150},
                 {"service_group": "id_card", "total": 200, "online": 90, "in_person": 110}]})


@pytest.mark.parametrize("kind,value,actual,progress", [
    ("vneid_activations", 40, 12, 30.0),
    ("households_visited", 320, 160, 50.0),
    ("events", 3, 2, 66.67),
    ("coverage_pct", 50, 40.0, 80.0),          # (60 + 100) / 400 households
    ("dvc_rate_residence", 80, 70.0, 87.5),
    ("dvc_rate_id_card", 60, 45.0, 75.0),
    ("dvc_rate_overall", 80, 62.86, 78.57),    # 440 / 700
    ("dvc_rate_other", 50, None, None),        # no figures for that group
])
def test_progress_of_a_monthly_target(client, world, as_user, w1, march_outcomes, kind, value,
                                      actual, progress):
    res = client.put(_targets_url(w1), json={"kind": kind, "value": value, "month": "2025-03"},
                     headers=as_user("commander-w1"))
    assert res.status_code == 200, res.get_json()
    body = res.get_json()
    assert (body["kind"], body["value"], body["from"], body["to"], body["month"]) == (
        kind, value, "2025-03-01", "2025-04-01", "2025-03")
    assert (body["actual"], body["progress_pct"]) == (actual, progress)
    assert _stored(w1) == {(kind, "2025-03-01", "2025-04-01"): value}
    metrics = client.get(f"/api/v1/wards/{w1.id}/metrics?from=2025-03-01&to=2025-04-01",
                         headers=as_user("commander-w1")).get_json()
    assert metrics["targets"] == [body]


def test_a_target_over_a_period_counts_the_whole_period(client, world, as_user, w1, march_outcomes):
    res = client.put(_targets_url(w1), headers=as_user("admin-p1"), json={
        "kind": "vneid_activations", "value": 100, "from": "2025-03-15", "to": "2025-04-15"})
    body = res.get_json()
    assert (body["month"], body["actual"], body["progress_pct"]) == (None, 55, 55.0)


def test_setting_a_target_again_replaces_its_value(client, world, as_user, w1):
    commander = as_user("commander-w1")
    for value in (100, 150):
        res = client.put(_targets_url(w1), headers=commander,
                         json={"kind": "events", "value": value, "month": "2025-03", "note": "Quý I"})
        assert res.status_code == 200
    assert _stored(w1) == {("events", "2025-03-01", "2025-04-01"): 150}


def test_list_and_delete(client, world, as_user, w1):
    commander = as_user("commander-w1")
    for month in ("2025-02", "2025-03"):
        client.put(_targets_url(w1), headers=commander,
                   json={"kind": "vneid_activations", "value": 10, "month": month})
    listed = client.get(_targets_url(w1), headers=commander).get_json()
    assert [t["month"] for t in listed] == ["2025-03", "2025-02"]
    only_march = client.get(_targets_url(w1) + "?from=2025-03-01&to=2025-04-01", headers=commander)
    assert [t["month"] for t in only_march.get_json()] == ["2025-03"]
    res = client.delete(_targets_url(w1) + "?kind=vneid_activations&month=2025-02", headers=commander)
    assert res.status_code == 204
    assert _stored(w1) == {("vneid_activations", "2025-03-01", "2025-04-01"): 10}
    again = client.delete(_targets_url(w1) + "?kind=vneid_activations&month=2025-02", headers=commander)
    assert again.status_code == 404


@pytest.mark.parametrize("body,errors", [
    ({"kind": "karaoke", "value": 1, "month": "2025-03"}, {"json": {"kind": ["Must be one of: events, attendees, households_visited, people_assisted, vneid_installs, vneid_activations, dvc_filings, leaflets, online_reach, coverage_pct, dvc_rate_permanent_residence, dvc_rate_temporary_residence, "
     "dvc_rate_temporary_absence, dvc_rate_stay_notice, dvc_rate_residence, dvc_rate_id_card, "
     "dvc_rate_other_mps, dvc_rate_other, dvc_rate_overall."]}}),
    ({"kind": "events", "value": -1, "month": "2025-03"}, None),
    ({"kind": "events", "value": 1}, {"month": ["month_or_period_required"]}),
    ({"kind": "events", "value": 1, "month": "2025-13"}, {"month": ["invalid_month"]}),
    ({"kind": "events", "value": 1, "from": "2025-03-01", "to": "2025-03-01"}, {"to": ["before_from"]}),
    ({"kind": "events", "value": 1, "from": "2025-01-01", "to": "2026-03-01"}, {"to": ["period_too_long"]}),
    ({"kind": "dvc_rate_overall", "value": 101, "month": "2025-03"}, {"value": ["over_100_pct"]}),
])
def test_bad_targets_are_refused(client, world, as_user, w1, body, errors):
    res = client.put(_targets_url(w1), json=body, headers=as_user("commander-w1"))
    assert res.status_code == 422
    if errors:
        assert res.get_json()["errors"] == errors
    assert _stored(w1) == {}


@pytest.mark.parametrize("username,status", [
    ("commander-w1", 200), ("admin-p1", 200), ("officer-w1", 403), ("volunteer-w1", 403),
    ("commander-w2", 404), ("admin-p2", 404)])
def test_who_may_set_targets(client, world, as_user, w1, username, status):
    res = client.put(_targets_url(w1), json={"kind": "events", "value": 5, "month": "2025-03"},
                     headers=as_user(username))
    assert res.status_code == status
    assert bool(_stored(w1)) == (status == 200)
