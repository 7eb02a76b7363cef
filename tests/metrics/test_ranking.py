"""GET /provinces/<id>/ranking: the province's wards by online-filing rate, best first, with their
outreach that month beside it."""
import io

import pytest

from server.areas.models import Ward
from server.extensions import db
from tests.metrics.helpers import event, post, vn

CSV_HEADER = "ward_code,month,service_group,total,online,in_person\n"


@pytest.fixture
def province(client, world, as_user):
    """Province p1 with a third ward; March 2025 figures (and February's for w1), and outreach."""
    w4 = Ward(code="22390", name="Phường Tây Nha Trang", kind="Phường", province=world.provinces["p1"])
    db.session.add(w4)
    db.session.commit()
    csv = CSV_HEADER + "".join([
        "22366,2025-02,residence,100,50,50\n",
        "22366,2025-03,residence,300,240,60\n",   # w1: 240 + 30 of 300 + 100 → 67.5 %
        "22366,2025-03,id_card,100,30,65\n",      #     does not add up (30 + 65 ≠ 100)
        "22333,2025-03,residence,200,180,20\n",   # w2: 90 %
        "22390,2025-03,residence,40,27,13\n",     # w4: 67.5 %, tied with w1
    ])
    res = client.post(f"/api/v1/provinces/{world.provinces['p1'].id}/filing-stats/import",
                      data={"file": (io.BytesIO(csv.encode()), "dvc.csv")},
                      content_type="multipart/form-data", headers=as_user("admin-p1"))
    assert res.get_json()["rejected"] == 0
    post(client, as_user("officer-w1"),
         event(world.groups["g1"], vn("2025-03-03 09:00"), duration_min=90, households_visited=150,
               vneid_activations=6, dvc_filings=4),
         event(world.groups["g2"], vn("2025-03-04 09:00"), households_visited=20, vneid_activations=2),
         event(None, vn("2025-03-05 09:00"), kind="digital_post", online_reach=900),
         event(world.groups["g1"], vn("2025-04-01 09:00"), households_visited=99))
    return world.provinces["p1"]


def _ranking(client, headers, province, query="?month=2025-03"):
    res = client.get(f"/api/v1/provinces/{province.id}/ranking{query}", headers=headers)
    assert res.status_code == 200, res.get_json()
    return res.get_json()


def test_wards_ranked_by_rate_with_ties_sharing_a_rank(client, world, as_user, province):
    body = _ranking(client, as_user("admin-p1"), province)
    assert body["month"] == "2025-03" and body["province_id"] == province.id
    assert [(r["rank"], r["ward_code"], r["rate_pct"]) for r in body["rows"]] == [
        (1, "22333", 90.0), (2, "22366", 67.5), (2, "22390", 67.5)]
    assert body["province"] == {"total": 640, "online": 477, "in_person": 158, "rate_pct": 74.53,
                                "wards_reported": 3}


def test_a_wards_figures_change_and_outreach(client, world, as_user, province):
    rows = {r["ward_code"]: r for r in _ranking(client, as_user("admin-p1"), province)["rows"]}
    w1 = rows["22366"]
    assert (w1["ward_id"], w1["ward_name"]) == (world.wards["w1"].id, "Phường Nha Trang")
    assert (w1["total"], w1["online"], w1["in_person"], w1["inconsistent"]) == (400, 270, 125, True)
    assert (w1["previous_rate_pct"], w1["change_pct"]) == (50.0, 17.5)
    # Outreach in March: three events of 90 + 60 + 60 minutes; g1 150/200 households, g2 20/200.
    assert (w1["events"], w1["hours"], w1["vneid_activations"], w1["dvc_filings"]) == (3, 3.5, 8, 4)
    assert (w1["households_visited"], w1["households_total"]) == (170, 400)
    assert w1["coverage_pct"] == 42.5                      # (150 + 20) / 400
    assert w1["activations_per_1000_households"] == 20.0   # 1000 × 8 / 400
    w2 = rows["22333"]
    assert (w2["change_pct"], w2["inconsistent"], w2["events"], w2["coverage_pct"]) == (None, False, 0, 0.0)
    assert rows["22390"]["coverage_pct"] is None and rows["22390"]["activations_per_1000_households"] is None


def test_wards_without_figures_come_last_unranked(client, world, as_user, province):
    rows = _ranking(client, as_user("admin-p1"), province, "?month=2025-02")["rows"]
    assert [(r["rank"], r["ward_code"], r["rate_pct"]) for r in rows] == [
        (1, "22366", 50.0), (None, "22333", None), (None, "22390", None)]


def test_the_latest_reported_month_by_default(client, world, as_user, province):
    assert _ranking(client, as_user("admin-p1"), province, "")["month"] == "2025-03"


@pytest.mark.parametrize("month", ["2025-3", "March", "2025-00"])
def test_a_bad_month_is_refused(client, world, as_user, province, month):
    res = client.get(f"/api/v1/provinces/{province.id}/ranking?month={month}",
                     headers=as_user("admin-p1"))
    assert res.status_code == 422 and res.get_json()["errors"] == {"month": ["invalid_month"]}


@pytest.mark.parametrize("username,status", [
    ("admin-p1", 200), ("admin-p2", 404), ("commander-w1", 403), ("officer-w1", 403),
    ("volunteer-w1", 403)])
def test_only_the_provinces_admins_see_its_ranking(client, world, as_user, province, username, status):
    res = client.get(f"/api/v1/provinces/{province.id}/ranking?month=2025-03", headers=as_user(username))
    assert res.status_code == status
    assert ("rows" in res.get_json()) == (status == 200)
