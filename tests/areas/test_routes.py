"""Wards and residential groups: scoped lists, create/edit by managers, CSV import."""
import io

import pytest
from sqlalchemy import select

from server.areas.models import ResidentialGroup
from server.extensions import db

GROUP = {"code": "TDP09", "name": "Tổ dân phố 9", "kind": "to_dan_pho", "households_total": 240,
         "population": 910, "lat": 12.25, "lon": 109.19}


def groups_of(ward):
    return {g.code: g for g in db.session.scalars(
        select(ResidentialGroup).where(ResidentialGroup.ward_id == ward.id))}


@pytest.mark.parametrize("caller,expected", [
    ("officer-w1", {"w1"}), ("volunteer-w2", {"w2"}), ("commander-w3", {"w3"}),
    ("admin-p1", {"w1", "w2"}), ("admin-p2", {"w3"}),
])
def test_wards_list_is_scoped(client, world, login, caller, expected):
    res = client.get("/api/v1/wards", headers=login(caller))
    assert res.status_code == 200
    codes = {w["code"] for w in res.get_json()}
    assert codes == {world.wards[k].code for k in expected}
    assert {"id", "code", "name", "province_id", "lat", "lon"} <= set(res.get_json()[0])


def test_groups_list_has_the_api_md_fields(client, world, login):
    ward = world.wards["w1"]
    res = client.get(f"/api/v1/wards/{ward.id}/groups", headers=login("officer-w1"))
    assert res.status_code == 200
    items = res.get_json()
    assert [g["code"] for g in items] == ["G1", "G2"]
    assert {"id", "code", "name", "kind", "households_total", "population", "lat", "lon"} <= set(items[0])


@pytest.mark.parametrize("caller,ward_key", [("officer-w1", "w2"), ("commander-w1", "w3"),
                                             ("admin-p1", "w3")])
def test_groups_of_a_foreign_ward_are_not_found(client, world, login, caller, ward_key):
    res = client.get(f"/api/v1/wards/{world.wards[ward_key].id}/groups", headers=login(caller))
    assert res.status_code == 404
    assert set(res.get_json()) <= {"code", "status", "message", "errors"}


@pytest.mark.parametrize("caller,ward_key", [("commander-w1", "w1"), ("admin-p1", "w2")])
def test_managers_create_groups(client, world, login, caller, ward_key):
    ward = world.wards[ward_key]
    res = client.post(f"/api/v1/wards/{ward.id}/groups", json=GROUP, headers=login(caller))
    assert res.status_code == 201, res.get_json()
    body = res.get_json()
    assert body["code"] == "TDP09" and body["households_total"] == 240
    group = groups_of(ward)["TDP09"]
    assert (group.name, group.population, group.lat) == ("Tổ dân phố 9", 910, 12.25)


@pytest.mark.parametrize("caller", ["officer-w1", "volunteer-w1"])
def test_field_users_cannot_create_or_edit_groups(client, world, login, caller):
    ward, group = world.wards["w1"], world.groups["g1"]
    headers = login(caller)
    assert client.post(f"/api/v1/wards/{ward.id}/groups", json=GROUP, headers=headers).status_code == 403
    assert client.patch(f"/api/v1/groups/{group.id}", json={"name": "X"}, headers=headers).status_code == 403
    assert "TDP09" not in groups_of(ward)
    db.session.expire_all()
    assert db.session.get(ResidentialGroup, group.id).name == "Tổ dân phố 1"


def test_commander_cannot_create_in_another_ward(client, world, login):
    ward = world.wards["w2"]
    res = client.post(f"/api/v1/wards/{ward.id}/groups", json=GROUP, headers=login("commander-w1"))
    assert res.status_code == 404
    assert "TDP09" not in groups_of(ward)


def test_duplicate_code_in_a_ward_is_409(client, world, login):
    ward = world.wards["w1"]
    res = client.post(f"/api/v1/wards/{ward.id}/groups", json={**GROUP, "code": "G1"},
                      headers=login("commander-w1"))
    assert res.status_code == 409
    assert res.get_json()["errors"] == {"code": ["taken"]}
    assert len(groups_of(ward)) == 2


def test_same_code_in_another_ward_is_fine(client, world, login):
    ward = world.wards["w2"]
    res = client.post(f"/api/v1/wards/{ward.id}/groups", json={**GROUP, "code": "G1"},
                      headers=login("commander-w2"))
    assert res.status_code == 201


@pytest.mark.parametrize("payload,field", [
    ({**GROUP, "kind": "castle"}, "kind"),
    ({**GROUP, "households_total": -1}, "households_total"),
    ({**GROUP, "lat": 91}, "lat"),
    ({k: v for k, v in GROUP.items() if k != "code"}, "code"),
    ({**GROUP, "name": ""}, "name"),
])
def test_bad_group_is_422_with_the_field(client, world, login, payload, field):
    ward = world.wards["w1"]
    res = client.post(f"/api/v1/wards/{ward.id}/groups", json=payload, headers=login("commander-w1"))
    assert res.status_code == 422
    assert field in res.get_json()["errors"]["json"]
    assert len(groups_of(ward)) == 2


def test_patch_edits_a_group(client, world, login):
    group = world.groups["g1"]
    res = client.patch(f"/api/v1/groups/{group.id}", json={"households_total": 321, "name": "Tổ 1 mới"},
                       headers=login("commander-w1"))
    assert res.status_code == 200
    assert res.get_json()["households_total"] == 321
    db.session.expire_all()
    stored = db.session.get(ResidentialGroup, group.id)
    assert (stored.households_total, stored.name, stored.code) == (321, "Tổ 1 mới", "G1")


def test_patch_to_a_taken_code_is_409(client, world, login):
    group = world.groups["g1"]
    res = client.patch(f"/api/v1/groups/{group.id}", json={"code": "G2"}, headers=login("commander-w1"))
    assert res.status_code == 409
    db.session.expire_all()
    assert db.session.get(ResidentialGroup, group.id).code == "G1"


@pytest.mark.parametrize("caller,group_key", [("commander-w1", "g3"), ("admin-p1", "g4")])
def test_patch_a_foreign_group_is_404(client, world, login, caller, group_key):
    group = world.groups[group_key]
    res = client.patch(f"/api/v1/groups/{group.id}", json={"name": "X"}, headers=login(caller))
    assert res.status_code == 404
    db.session.expire_all()
    assert db.session.get(ResidentialGroup, group.id).name != "X"


def upload(client, ward, text, headers, encoding="utf-8"):
    data = {"file": (io.BytesIO(text.encode(encoding)), "groups.csv")}
    return client.post(f"/api/v1/wards/{ward.id}/groups/import", data=data, headers=headers,
                       content_type="multipart/form-data")


@pytest.mark.parametrize("bom,sep", [(False, ","), (True, ","), (True, ";"), (False, ";")])
def test_csv_import_keeps_good_rows_and_explains_bad_ones(client, world, login, bom, sep):
    ward = world.wards["w1"]
    rows = [
        "code,name,kind,households_total,population,lat,lon",
        "TDP10,Tổ dân phố 10,to_dan_pho,210,800,12.25,109.19",
        "TDP11,Tổ dân phố 11,castle,210,800,12.25,109.19",
        "TDP12,Tổ dân phố 12,thon,-5,800,,",
        "G1,Tổ dân phố 1 (sửa),,250,,,",
        ",Không mã,,,,,",
        "TDP13,Thôn Bình Tân,thon,95,380,,",
    ]
    text = ("\ufeff" if bom else "") + "\n".join(r.replace(",", sep) for r in rows) + "\n"
    res = upload(client, ward, text, login("commander-w1"))
    assert res.status_code == 200, res.get_json()
    body = res.get_json()
    assert (body["created"], body["updated"]) == (2, 1)
    by_line = {r["line"]: r for r in body["rows"]}
    assert [by_line[n]["status"] for n in range(2, 8)] == [
        "created", "rejected", "rejected", "updated", "rejected", "created"]
    assert "kind" in by_line[3]["errors"]
    assert "households_total" in by_line[4]["errors"]
    assert "code" in by_line[6]["errors"]
    stored = groups_of(ward)
    assert set(stored) == {"G1", "G2", "TDP10", "TDP13"}
    assert stored["G1"].households_total == 250 and stored["G1"].name == "Tổ dân phố 1 (sửa)"
    assert stored["G1"].population == 760  # an empty cell leaves the old value
    assert stored["TDP13"].kind == "thon" and stored["TDP13"].lat is None


def test_csv_without_required_columns_is_422(client, world, login):
    res = upload(client, world.wards["w1"], "ma,ten\nA,B\n", login("commander-w1"))
    assert res.status_code == 422
    assert res.get_json()["errors"]["file"]


def test_csv_not_utf8_is_422(client, world, login):
    res = upload(client, world.wards["w1"], "code,name\nT1,Tổ một\n", login("commander-w1"),
                 encoding="utf-16")
    assert res.status_code == 422
    assert len(groups_of(world.wards["w1"])) == 2


def test_csv_import_without_file_is_422(client, world, login):
    res = client.post(f"/api/v1/wards/{world.wards['w1'].id}/groups/import", data={},
                      headers=login("commander-w1"), content_type="multipart/form-data")
    assert res.status_code == 422


def test_csv_import_into_a_foreign_ward_is_404(client, world, login):
    ward = world.wards["w2"]
    res = upload(client, ward, "code,name\nT1,Tổ một\n", login("commander-w1"))
    assert res.status_code == 404
    assert "T1" not in groups_of(ward)
