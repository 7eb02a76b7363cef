"""Outcomes as the reporting chain counts them: filing statistics per residence procedure (or
`residence` for sources that do not split them, never both in one month), "chưa phát sinh" where
nothing arose, and the level-2 e-ID figures of a ward's month."""
import io

import pytest
from sqlalchemy import select

from server.extensions import db
from server.metrics.models import EidStat, FilingStat


def _row(group, total, online, in_person):
    return {"service_group": group, "total": total, "online": online, "in_person": in_person}


def _put(client, headers, ward, month, *rows):
    return client.put(f"/api/v1/wards/{ward.id}/filing-stats/{month}", json={"rows": list(rows)},
                      headers=headers)


def _groups(ward):
    db.session.expire_all()
    return sorted((s.month.isoformat()[:7], s.service_group) for s in
                  db.session.scalars(select(FilingStat).where(FilingStat.ward_id == ward.id)))


@pytest.fixture
def w1(world):
    return world.wards["w1"]


def test_a_month_per_procedure_with_nothing_arisen(client, w1, as_user):
    res = _put(client, as_user("commander-w1"), w1, "2025-03",
               _row("permanent_residence", 40, 12, 28), _row("temporary_residence", 100, 55, 45),
               _row("temporary_absence", 0, 0, 0), _row("stay_notice", 300, 300, 0),
               _row("id_card", 10, 3, 7), _row("other_mps", 20, 5, 15), _row("other", 0, 0, 0))
    assert res.status_code == 200
    rows = {r["service_group"]: (r["rate_pct"], r["nothing_arose"]) for r in res.get_json()["rows"]}
    assert rows == {"permanent_residence": (30.0, False), "temporary_residence": (55.0, False),
                    "temporary_absence": (None, True), "stay_notice": (100.0, False),
                    "id_card": (30.0, False), "other_mps": (25.0, False), "other": (None, True)}
    assert list(rows)[:4] == ["permanent_residence", "temporary_residence", "temporary_absence",
                              "stay_notice"]
    assert res.get_json()["rate_pct"] == 79.79  # 375 of 470 and res.get_json()["nothing_arose"] is False


def test_a_month_of_nothing_arisen_at_all(client, w1, as_user):
    body = _put(client, as_user("commander-w1"), w1, "2025-03", _row("residence", 0, 0, 0)).get_json()
    assert (body["rate_pct"], body["nothing_arose"]) == (None, True)
    assert (body["rows"][0]["rate_pct"], body["rows"][0]["nothing_arose"]) == (None, True)


def test_residence_and_its_procedures_are_never_in_one_month(client, w1, as_user):
    res = _put(client, as_user("commander-w1"), w1, "2025-03", _row("residence", 10, 5, 5),
               _row("stay_notice", 3, 3, 0))
    assert res.status_code == 422
    assert res.get_json()["errors"]["json"] == {"rows": ["residence_and_procedures"]}
    assert _groups(w1) == []


def test_a_month_may_change_from_residence_to_procedures_as_a_whole(client, w1, as_user):
    commander = as_user("commander-w1")
    _put(client, commander, w1, "2025-03", _row("residence", 10, 5, 5), _row("id_card", 1, 1, 0))
    res = _put(client, commander, w1, "2025-03", _row("stay_notice", 3, 3, 0),
               _row("id_card", 1, 1, 0))
    assert res.status_code == 200
    assert _groups(w1) == [("2025-03", "id_card"), ("2025-03", "stay_notice")]


def _import(client, headers, province, text):
    data = {"file": (io.BytesIO(text.encode("utf-8")), "dvc.csv")}
    return client.post(f"/api/v1/provinces/{province.id}/filing-stats/import", data=data,
                       content_type="multipart/form-data", headers=headers)


def test_the_import_takes_procedures_and_refuses_mixing_them_with_residence(client, world, as_user):
    w1, w2 = world.wards["w1"], world.wards["w2"]
    _put(client, as_user("commander-w1"), w1, "2025-03", _row("residence", 10, 5, 5))
    csv = ("ward_code,month,service_group,total,online,in_person\n"
           "22366,2025-03,stay_notice,5,5,0\n"  # w1's March holds residence already
           "22333,2025-03,temporary_absence,0,0,0\n"
           "22333,2025-03,residence,9,3,6\n"  # w2's March took a procedure two lines above
           "22333,2025-04,other_mps,4,1,3\n")
    body = _import(client, as_user("admin-p1"), world.provinces["p1"], csv).get_json()
    assert [(r["status"], r.get("errors")) for r in body["rows"]] == [
        ("rejected", {"service_group": ["residence_and_procedures"]}), ("created", None),
        ("rejected", {"service_group": ["residence_and_procedures"]}), ("created", None)]
    assert (body["created"], body["rejected"]) == (2, 2)
    assert _groups(w1) == [("2025-03", "residence")]
    assert _groups(w2) == [("2025-03", "temporary_absence"), ("2025-04", "other_mps")]


# ---- level-2 e-ID figures -------------------------------------------------------------------

def _eid(client, headers, ward, month, body):
    return client.put(f"/api/v1/wards/{ward.id}/eid-stats/{month}", json=body, headers=headers)


def test_a_months_level_2_figures_with_their_coverage(client, w1, as_user):
    commander = as_user("commander-w1")
    res = _eid(client, commander, w1, "2025-03", {"eligible": 73307, "activated": 40796})
    assert res.status_code == 200
    assert res.get_json() == {"ward_id": w1.id, "month": "2025-03", "eligible": 73307,
                              "activated": 40796, "coverage_pct": 55.65, "source": "manual"}
    _eid(client, commander, w1, "2025-03", {"eligible": 100, "activated": 60})
    got = client.get(f"/api/v1/wards/{w1.id}/eid-stats/2025-03", headers=as_user("admin-p1"))
    assert (got.get_json()["eligible"], got.get_json()["coverage_pct"]) == (100, 60.0)
    period = client.get(f"/api/v1/wards/{w1.id}/eid-stats?from=2025-02-01&to=2025-04-01",
                        headers=commander).get_json()
    assert [(m["month"], m["coverage_pct"]) for m in period] == [("2025-02", None), ("2025-03", 60.0)]
    assert _eid(client, commander, w1, "2025-04", {"eligible": 0, "activated": 0}
                ).get_json()["coverage_pct"] is None


BAD_EID = {
    "activated above eligible": ({"eligible": 10, "activated": 11},
                                 {"activated": ["activated_exceeds_eligible"]}),
    "negative": ({"eligible": -1, "activated": 0}, None),
    "text": ({"eligible": "10", "activated": 1}, None),
    "fraction": ({"eligible": 10.5, "activated": 1}, None),
    "missing": ({"eligible": 10}, None),
}


@pytest.mark.parametrize("body,errors", BAD_EID.values(), ids=BAD_EID.keys())
def test_bad_level_2_figures_are_refused(client, w1, as_user, body, errors):
    res = _eid(client, as_user("commander-w1"), w1, "2025-03", body)
    assert res.status_code == 422 and res.get_json()["code"] == 422
    if errors:
        assert res.get_json()["errors"] == errors
    assert db.session.scalar(select(EidStat)) is None


@pytest.mark.parametrize("username,status", [
    ("commander-w1", 200), ("admin-p1", 200), ("officer-w1", 403), ("volunteer-w1", 403),
    ("commander-w2", 404), ("admin-p2", 404)])
def test_who_may_enter_level_2_figures(client, w1, as_user, username, status):
    res = _eid(client, as_user(username), w1, "2025-03", {"eligible": 10, "activated": 5})
    assert res.status_code == status
