"""Each online-filing rate against the target that applies: the ward's own for a period covering
the month, else the province's default (set by its admin), else the national floor; and the
province's ranking per service group with those targets and the month's level-2 e-ID coverage."""
import pytest

from tests.metrics.test_ranking import province  # noqa: F401 (fixture)


def _targets(client, headers, url):
    res = client.get(url, headers=headers)
    assert res.status_code == 200, res.get_json()
    return {t["service_group"]: (t["target_pct"], t["target_source"]) for t in res.get_json()["targets"]}


def test_national_floors_then_province_defaults_then_ward_targets(client, world, as_user):
    w1, p1 = world.wards["w1"], world.provinces["p1"]
    admin, commander = as_user("admin-p1"), as_user("commander-w1")
    ward_url = f"/api/v1/wards/{w1.id}/rate-targets?month=2025-03"
    floors = _targets(client, commander, ward_url)
    assert floors["permanent_residence"] == (30.0, "national")
    assert (floors["temporary_residence"], floors["temporary_absence"], floors["stay_notice"],
            floors["other_mps"], floors["other"]) == (
        (50.0, "national"), (70.0, "national"), (100.0, "national"), (30.0, "national"),
        (20.0, "national"))
    res = client.put(f"/api/v1/provinces/{p1.id}/rate-targets", headers=admin, json={
        "targets": [{"service_group": "permanent_residence", "target_pct": 40},
                    {"service_group": "overall", "target_pct": 45}]})
    assert res.status_code == 200
    assert client.put(f"/api/v1/wards/{w1.id}/targets", headers=commander, json={
        "kind": "dvc_rate_permanent_residence", "from": "2025-01-01", "to": "2025-07-01",
        "value": 55}).status_code == 200
    got = _targets(client, commander, ward_url)
    assert (got["permanent_residence"], got["overall"], got["stay_notice"]) == (
        (55.0, "ward"), (45.0, "province"), (100.0, "national"))
    later = _targets(client, commander, f"/api/v1/wards/{w1.id}/rate-targets?month=2025-07")
    assert later["permanent_residence"] == (40.0, "province")
    assert _targets(client, as_user("commander-w2"),
                    f"/api/v1/wards/{world.wards['w2'].id}/rate-targets?month=2025-03"
                    )["permanent_residence"] == (40.0, "province")
    client.put(f"/api/v1/provinces/{p1.id}/rate-targets", headers=admin, json={"targets": []})
    assert _targets(client, admin, f"/api/v1/provinces/{p1.id}/rate-targets")["overall"] == (
        30.0, "national")


def test_a_months_rates_against_their_targets(client, world, as_user):
    w1 = world.wards["w1"]
    commander = as_user("commander-w1")
    client.put(f"/api/v1/wards/{w1.id}/targets", headers=commander,
               json={"kind": "dvc_rate_stay_notice", "month": "2025-03", "value": 90})
    body = client.put(f"/api/v1/wards/{w1.id}/filing-stats/2025-03", headers=commander, json={"rows": [
        {"service_group": "permanent_residence", "total": 10, "online": 2, "in_person": 8},
        {"service_group": "stay_notice", "total": 10, "online": 9, "in_person": 1},
        {"service_group": "temporary_absence", "total": 0, "online": 0, "in_person": 0}]}).get_json()
    rows = {r["service_group"]: (r["target_pct"], r["target_source"], r["meets_target"])
            for r in body["rows"]}
    assert rows == {"permanent_residence": (30.0, "national", False),
                    "stay_notice": (90.0, "ward", True),
                    "temporary_absence": (70.0, "national", None)}  # nothing arose: not judged
    assert (body["rate_pct"], body["target_pct"], body["meets_target"]) == (55.0, 30.0, True)


BAD_DEFAULTS = [
    {"targets": [{"service_group": "passport", "target_pct": 10}]},
    {"targets": [{"service_group": "other", "target_pct": 101}]},
    {"targets": [{"service_group": "other", "target_pct": 10}, {"service_group": "other",
                                                                  "target_pct": 20}]},
    {"targets": "all"},
    {},
]


@pytest.mark.parametrize("body", BAD_DEFAULTS)
def test_bad_province_defaults_are_refused(client, world, as_user, body):
    url = f"/api/v1/provinces/{world.provinces['p1'].id}/rate-targets"
    res = client.put(url, headers=as_user("admin-p1"), json=body)
    assert res.status_code == 422 and res.get_json()["code"] == 422
    assert _targets(client, as_user("admin-p1"), url)["other"] == (20.0, "national")


@pytest.mark.parametrize("username,status", [
    ("admin-p1", 200), ("admin-p2", 404), ("commander-w1", 403), ("officer-w1", 403)])
def test_only_the_provinces_admins_set_its_defaults(client, world, as_user, username, status):
    res = client.put(f"/api/v1/provinces/{world.provinces['p1'].id}/rate-targets",
                     headers=as_user(username), json={"targets": []})
    assert res.status_code == status


def test_ranking_of_one_service_group_with_targets_and_level_2_coverage(client, world, as_user,
                                                                       province):  # noqa: F811
    admin = as_user("admin-p1")
    w1 = world.wards["w1"]
    client.put(f"/api/v1/wards/{w1.id}/eid-stats/2025-03", headers=admin,
               json={"eligible": 2000, "activated": 1113})
    client.put(f"/api/v1/wards/{w1.id}/targets", headers=admin,
               json={"kind": "dvc_rate_residence", "month": "2025-03", "value": 85})
    res = client.get(f"/api/v1/provinces/{province.id}/ranking?month=2025-03&service_group=residence",
                     headers=admin)
    body = res.get_json()
    assert body["service_group"] == "residence"
    assert [(r["rank"], r["ward_code"], r["rate_pct"], r["target_pct"], r["target_source"],
             r["meets_target"]) for r in body["rows"]] == [
        (1, "22333", 90.0, 30.0, "national", True), (2, "22366", 80.0, 85.0, "ward", False),
        (3, "22390", 67.5, 30.0, "national", True)]
    w1_row = body["rows"][1]
    assert (w1_row["eid_eligible"], w1_row["eid_activated"], w1_row["eid_coverage_pct"]) == (
        2000, 1113, 55.65)
    assert body["rows"][0]["eid_coverage_pct"] is None
    overall = client.get(f"/api/v1/provinces/{province.id}/ranking?month=2025-03",
                         headers=admin).get_json()
    assert overall["service_group"] is None
    assert [(r["ward_code"], r["target_pct"]) for r in overall["rows"]][1] == ("22366", 30.0)


def test_residence_ranks_a_ward_that_splits_it_by_its_procedures(client, world, as_user):
    admin, w1 = as_user("admin-p1"), world.wards["w1"]
    client.put(f"/api/v1/wards/{w1.id}/filing-stats/2025-05", headers=admin, json={"rows": [
        {"service_group": "stay_notice", "total": 30, "online": 30, "in_person": 0},
        {"service_group": "permanent_residence", "total": 10, "online": 2, "in_person": 8},
        {"service_group": "id_card", "total": 100, "online": 0, "in_person": 100}]})
    url = f"/api/v1/provinces/{world.provinces['p1'].id}/ranking?month=2025-05&service_group="
    [row] = [r for r in client.get(url + "residence", headers=admin).get_json()["rows"] if r["rank"]]
    assert (row["total"], row["online"], row["rate_pct"]) == (40, 32, 80.0)
    [row] = [r for r in client.get(url + "stay_notice", headers=admin).get_json()["rows"] if r["rank"]]
    assert (row["rate_pct"], row["target_pct"], row["meets_target"]) == (100.0, 100.0, True)
    res = client.get(url + "passport", headers=admin)
    assert res.status_code == 422 and res.get_json()["code"] == 422
