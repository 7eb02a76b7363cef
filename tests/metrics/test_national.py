"""GET /national: every province's online-filing rate for a month from its wards, ranked, with the
national figure; aggregates only. The national desk reads any province's ranking, never writes."""
from datetime import date

import pytest

from server.auth.models import User
from server.extensions import db
from server.metrics.models import FilingStat

MARCH, FEBRUARY = date(2025, 3, 1), date(2025, 2, 1)


def _stat(ward, month, group, total, online):
    return FilingStat(ward_id=ward.id, province_id=ward.province_id, month=month,
                      service_group=group, total=total, online=online, in_person=total - online)


@pytest.fixture
def figures(world):
    """p1: w1 240 of 300 and w2 nothing arose in March (60 of 100 in February); p2: w3 80 of 100."""
    w = world.wards
    db.session.add_all([
        _stat(w["w1"], MARCH, "residence", 300, 240), _stat(w["w1"], FEBRUARY, "residence", 100, 60),
        _stat(w["w2"], MARCH, "id_card", 0, 0), _stat(w["w3"], MARCH, "residence", 100, 80),
        _stat(w["w3"], MARCH, "id_card", 100, 0),
        User(username="bo-1", full_name="Bộ Công an", role="national", password_hash="-"),
    ])
    db.session.commit()
    return world


def _national(client, headers, query="?month=2025-03"):
    res = client.get(f"/api/v1/national{query}", headers=headers)
    assert res.status_code == 200, res.get_json()
    return res.get_json()


def test_each_province_ranked_with_the_national_figure(client, figures, as_user):
    body = _national(client, as_user("bo-1"))
    rows = {r["province_code"]: r for r in body["rows"]}
    khanh_hoa, ha_noi = rows["56"], rows["01"]
    assert (khanh_hoa["rank"], khanh_hoa["total"], khanh_hoa["online"], khanh_hoa["rate_pct"]) \
        == (1, 300, 240, 80.0)
    assert (khanh_hoa["previous_rate_pct"], khanh_hoa["change_pct"]) == (60.0, 20.0)
    assert khanh_hoa["by_group"]["id_card"] == {"total": 0, "online": 0, "in_person": 0,
                                                "rate_pct": None, "nothing_arose": True}
    assert (khanh_hoa["wards"], khanh_hoa["wards_reported"], khanh_hoa["own"]) == (2, 2, False)
    assert (ha_noi["rank"], ha_noi["rate_pct"], ha_noi["by_group"]["residence"]["rate_pct"]) \
        == (2, 40.0, 80.0)
    nation = body["national"]
    assert (nation["total"], nation["online"], nation["rate_pct"]) == (500, 320, 64.0)
    assert (nation["provinces"], nation["provinces_reported"], nation["wards_reported"]) == (2, 2, 3)
    assert not any("ward_id" in row for row in body["rows"])


def test_one_service_group_ranks_by_its_own_rate(client, figures, as_user):
    body = _national(client, as_user("bo-1"), "?month=2025-03&service_group=id_card")
    rows = {r["province_code"]: r for r in body["rows"]}
    assert (rows["01"]["rank"], rows["01"]["rate_pct"]) == (1, 0.0)
    assert (rows["56"]["rank"], rows["56"]["rate_pct"], rows["56"]["nothing_arose"]) \
        == (None, None, True)
    assert body["national"]["rate_pct"] == 0.0


def test_an_admin_sees_where_their_province_stands_and_no_other_ward(client, figures, as_user):
    body = _national(client, as_user("admin-p1"), "")
    assert body["month"] == "2025-03"
    assert [r["own"] for r in body["rows"] if r["province_code"] == "56"] == [True]
    other = figures.provinces["p2"].id
    assert client.get(f"/api/v1/provinces/{other}/ranking",
                      headers=as_user("admin-p1")).status_code == 404


def test_the_national_desk_drills_into_a_province_read_only(client, figures, as_user):
    headers = as_user("bo-1")
    p2, w3 = figures.provinces["p2"].id, figures.wards["w3"].id
    ranking = client.get(f"/api/v1/provinces/{p2}/ranking?month=2025-03", headers=headers)
    assert [r["rate_pct"] for r in ranking.get_json()["rows"]] == [40.0]
    assert client.get(f"/api/v1/wards/{w3}/metrics", headers=headers).status_code == 200
    assert client.put(f"/api/v1/wards/{w3}/filing-stats/2025-03", headers=headers,
                      json={"rows": []}).status_code == 403
    assert client.get("/api/v1/users", headers=headers).status_code == 403


def test_bad_questions_are_refused_clearly(client, figures, as_user):
    for query in ("?month=2025-13", "?service_group=nope"):
        res = client.get(f"/api/v1/national{query}", headers=as_user("bo-1"))
        assert res.status_code == 422 and res.get_json()["code"] == 422
    assert client.get("/api/v1/national", headers=as_user("commander-w1")).status_code == 403
