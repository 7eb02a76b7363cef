"""Filing statistics: a month entered by hand (PUT/GET) and a province's CSV import, with rates per
service group and overall, the change against the previous month, and rows that do not add up
kept and flagged."""
import io

import pytest
from sqlalchemy import select

from server.extensions import db
from server.metrics.models import FilingStat


def _url(ward, month):
    return f"/api/v1/wards/{ward.id}/filing-stats/{month}"


def _put(client, headers, ward, month, *rows):
    return client.put(_url(ward, month), json={"rows": list(rows)}, headers=headers)


def _row(group, total, online, in_person):
    return {"service_group": group, "total": total, "online": online, "in_person": in_person}


def _stored(ward):
    db.session.expire_all()
    return {(s.month.isoformat()[:7], s.service_group): (s.total, s.online, s.in_person, s.source)
            for s in db.session.scalars(select(FilingStat).where(FilingStat.ward_id == ward.id))}


@pytest.fixture
def w1(world):
    return world.wards["w1"]


def test_a_month_with_rates_change_and_a_row_that_does_not_add_up(client, w1, as_user):
    commander = as_user("commander-w1")
    assert _put(client, commander, w1, "2025-02", _row("residence", 400, 240, 160),
                _row("id_card", 100, 40, 60)).status_code == 200
    res = _put(client, commander, w1, "2025-03", _row("residence", 500, 350, 150),
               _row("id_card", 200, 90, 104), _row("other", 50, 40, 10))
    assert res.status_code == 200
    body = res.get_json()
    # Overall: 480 online of 750 = 64 %; February: 280 of 500 = 56 %.
    assert (body["month"], body["total"], body["online"], body["in_person"]) == ("2025-03", 750, 480, 264)
    assert (body["rate_pct"], body["previous_rate_pct"], body["change_pct"]) == (64.0, 56.0, 8.0)
    assert body["inconsistent"] is True
    assert body["rows"] == [
        {**_row("residence", 500, 350, 150), "rate_pct": 70.0, "change_pct": 10.0,
         "inconsistent": False, "nothing_arose": False},
        {**_row("id_card", 200, 90, 104), "rate_pct": 45.0, "change_pct": 5.0,
         "inconsistent": True, "nothing_arose": False},
        {**_row("other", 50, 40, 10), "rate_pct": 80.0, "change_pct": None,
         "inconsistent": False, "nothing_arose": False},
    ]
    assert _stored(w1)[("2025-03", "id_card")] == (200, 90, 104, "manual")  # kept as given
    assert client.get(_url(w1, "2025-03"), headers=as_user("admin-p1")).get_json() == body


def test_rates_are_rounded_to_two_decimals(client, w1, as_user):
    res = _put(client, as_user("commander-w1"), w1, "2025-03", _row("residence", 3, 2, 1))
    assert res.get_json()["rate_pct"] == 66.67 and res.get_json()["rows"][0]["rate_pct"] == 66.67


def test_put_replaces_the_whole_month(client, w1, as_user):
    commander = as_user("commander-w1")
    _put(client, commander, w1, "2025-03", _row("residence", 10, 5, 5), _row("other", 4, 2, 2))
    res = _put(client, commander, w1, "2025-03", _row("residence", 12, 6, 6))
    assert [r["service_group"] for r in res.get_json()["rows"]] == ["residence"]
    assert _stored(w1) == {("2025-03", "residence"): (12, 6, 6, "manual")}


def test_a_month_with_nothing_entered_is_empty(client, w1, as_user):
    body = client.get(_url(w1, "2025-03"), headers=as_user("commander-w1")).get_json()
    assert (body["rows"], body["total"], body["rate_pct"], body["inconsistent"]) == ([], None, None, False)


def test_a_month_with_no_dossiers_has_no_rate(client, w1, as_user):
    body = _put(client, as_user("commander-w1"), w1, "2025-03", _row("other", 0, 0, 0)).get_json()
    assert (body["total"], body["rate_pct"], body["rows"][0]["rate_pct"]) == (0, None, None)


def test_months_of_a_period(client, w1, as_user):
    commander = as_user("commander-w1")
    _put(client, commander, w1, "2025-01", _row("residence", 10, 5, 5))
    _put(client, commander, w1, "2025-03", _row("residence", 10, 8, 2))
    res = client.get(f"/api/v1/wards/{w1.id}/filing-stats?from=2025-01-01&to=2025-04-01",
                     headers=commander)
    assert [(m["month"], m["rate_pct"], m["change_pct"]) for m in res.get_json()] == [
        ("2025-01", 50.0, None), ("2025-02", None, None), ("2025-03", 80.0, None)]


BAD_BODIES = {
    "negative": ({"rows": [_row("residence", -1, 0, 0)]}, {"rows": {"0": {"total": ["out_of_range"]}}}),
    "unknown group": ({"rows": [_row("passport", 1, 1, 0)]}, None),
    "online above total": ({"rows": [_row("residence", 10, 11, 0)]},
                           {"rows": {"0": {"online": ["online_exceeds_total"]}}}),
    "in person above total": ({"rows": [_row("residence", 10, 0, 12)]},
                              {"rows": {"0": {"in_person": ["in_person_exceeds_total"]}}}),
    "twice the same group": ({"rows": [_row("residence", 1, 1, 0), _row("residence", 2, 1, 1)]},
                             {"rows": ["duplicate_service_group"]}),
    "no rows": ({"rows": []}, None),
    "text figure": ({"rows": [{**_row("residence", 1, 1, 0), "total": "12"}]}, None),
}


@pytest.mark.parametrize("body,errors", BAD_BODIES.values(), ids=BAD_BODIES.keys())
def test_bad_figures_are_refused_and_nothing_is_stored(client, w1, as_user, body, errors):
    res = client.put(_url(w1, "2025-03"), json=body, headers=as_user("commander-w1"))
    assert res.status_code == 422
    if errors:
        assert res.get_json()["errors"]["json"] == errors
    assert _stored(w1) == {}


@pytest.mark.parametrize("month", ["2025-3", "2025-13", "03-2025", "1999-12"])
def test_a_bad_month_is_refused(client, w1, as_user, month):
    res = _put(client, as_user("commander-w1"), w1, month, _row("residence", 1, 1, 0))
    assert res.status_code == 422 and res.get_json()["errors"] == {"month": ["invalid_month"]}
    assert _stored(w1) == {}


@pytest.mark.parametrize("username,status", [
    ("commander-w1", 200), ("admin-p1", 200), ("officer-w1", 403), ("volunteer-w1", 403),
    ("commander-w2", 404), ("admin-p2", 404)])
def test_who_may_enter_a_wards_figures(client, w1, as_user, username, status):
    res = _put(client, as_user(username), w1, "2025-03", _row("residence", 10, 5, 5))
    assert res.status_code == status
    assert bool(_stored(w1)) == (status == 200)


# ---- CSV import ---------------------------------------------------------------------------------

def _import(client, headers, province, text, name="dvc.csv"):
    data = {"file": (io.BytesIO(text.encode("utf-8")), name)}
    return client.post(f"/api/v1/provinces/{province.id}/filing-stats/import", data=data,
                       content_type="multipart/form-data", headers=headers)


CSV = """\ufeffward_code,month,service_group,total,online,in_person
22366,2025-03,residence,500,350,150
22366,2025-03,id_card,200,90,104
22333,2025-03,residence,1.234,1.000,234
00004,2025-03,residence,10,5,5
22333,2025-3,id_card,10,5,5
22333,2025-03,passport,10,5,5
22333,2025-03,other,10,-5,15
22333,2025-03,other,10,12,0
22333,2025-03,id_card,,5,5
22366,2025-03,residence,1,1,0
"""


def test_import_keeps_good_rows_and_explains_the_others(client, world, as_user):
    res = _import(client, as_user("admin-p1"), world.provinces["p1"], CSV)
    assert res.status_code == 200
    body = res.get_json()
    assert (body["created"], body["updated"], body["rejected"]) == (3, 0, 7)
    answers = [(r["line"], r["status"], r.get("inconsistent"), r.get("errors")) for r in body["rows"]]
    assert answers == [
        (2, "created", False, None),
        (3, "created", True, None),
        (4, "created", False, None),
        (5, "rejected", None, {"ward_code": ["unknown_ward"]}),  # a ward of another province
        (6, "rejected", None, {"month": ["invalid_month"]}),
        (7, "rejected", None, {"service_group": ["unknown_service_group"]}),
        (8, "rejected", None, {"online": ["negative"]}),
        (9, "rejected", None, {"online": ["online_exceeds_total"]}),
        (10, "rejected", None, {"total": ["required"]}),
        (11, "rejected", None, {"row": ["duplicate_row"]}),
    ]
    assert _stored(world.wards["w1"]) == {("2025-03", "residence"): (500, 350, 150, "import"),
                                          ("2025-03", "id_card"): (200, 90, 104, "import")}
    assert _stored(world.wards["w2"]) == {("2025-03", "residence"): (1234, 1000, 234, "import")}
    assert _stored(world.wards["w3"]) == {}


def test_import_updates_existing_figures(client, world, as_user):
    w1 = world.wards["w1"]
    _put(client, as_user("commander-w1"), w1, "2025-03", _row("residence", 1, 1, 0))
    res = _import(client, as_user("admin-p1"), world.provinces["p1"],
                  "ward_code;month;service_group;total;online;in_person\n22366;2025-03;residence;9;6;3\n")
    assert [(r["status"], r["inconsistent"]) for r in res.get_json()["rows"]] == [("updated", False)]
    assert _stored(w1) == {("2025-03", "residence"): (9, 6, 3, "import")}


@pytest.mark.parametrize("text,code", [
    ("ward_code,month,total\n22366,2025-03,1\n", "missing_column:service_group"),
    ("ward_code,month,service_group,total,online,in_person\n22366,2025-03,other,1,1,\x00\n",
     "nul_character"),
])
def test_an_unreadable_file_is_refused_whole(client, world, as_user, text, code):
    res = _import(client, as_user("admin-p1"), world.provinces["p1"], text)
    assert res.status_code == 422 and code in res.get_json()["errors"]["file"]
    assert _stored(world.wards["w1"]) == {}


@pytest.mark.parametrize("username,province,status", [
    ("admin-p1", "p1", 200), ("admin-p2", "p1", 404), ("commander-w1", "p1", 403),
    ("officer-w1", "p1", 403)])
def test_who_may_import(client, world, as_user, username, province, status):
    res = _import(client, as_user(username), world.provinces[province],
                  "ward_code,month,service_group,total,online,in_person\n22366,2025-03,other,2,1,1\n")
    assert res.status_code == status
    assert bool(_stored(world.wards["w1"])) == (status == 200)
