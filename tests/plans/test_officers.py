"""The officer in charge of a group: a commander sets it with PATCH /groups/<id>."""
import pytest


def patch(client, headers, group, body):
    return client.patch(f"/api/v1/groups/{group.id}", json=body, headers=headers)


def test_a_commander_puts_an_officer_in_charge_and_takes_them_off(client, world, as_user):
    headers, group = as_user("commander-w1"), world.groups["g1"]
    officer = world.users["officer-w1"]
    res = patch(client, headers, group, {"officer_id": officer.id})
    assert res.status_code == 200 and res.get_json()["officer_id"] == officer.id
    listed = client.get(f"/api/v1/wards/{group.ward_id}/groups", headers=headers).get_json()
    assert {g["id"]: g["officer_id"] for g in listed}[group.id] == officer.id
    res = patch(client, headers, group, {"officer_id": None})
    assert res.status_code == 200 and res.get_json()["officer_id"] is None


@pytest.mark.parametrize("username,code", [("officer-w2", "other_ward"),
                                           ("commander-w1", "not_field_role"),
                                           ("admin-p1", "other_ward")])
def test_an_officer_of_another_ward_or_a_commander_is_refused(client, world, as_user, username,
                                                              code):
    group = world.groups["g1"]
    res = patch(client, as_user("commander-w1"), group,
                {"officer_id": world.users[username].id, "name": "Tổ mới"})
    assert res.status_code == 422
    assert res.get_json()["errors"] == {"officer_id": [code]}
    assert client.get(f"/api/v1/groups/{group.id}",
                      headers=as_user("commander-w1")).get_json()["name"] == group.name


def test_an_unknown_user_is_refused_and_a_volunteer_may_be_in_charge(client, world, as_user):
    headers, group = as_user("commander-w1"), world.groups["g2"]
    assert patch(client, headers, group, {"officer_id": 999_999}).get_json()["errors"] == {
        "officer_id": ["other_ward"]}
    volunteer = world.users["volunteer-w1"]
    assert patch(client, headers, group, {"officer_id": volunteer.id}).status_code == 200


def test_an_officer_cannot_assign_groups(client, world, as_user):
    res = patch(client, as_user("officer-w1"), world.groups["g1"],
                {"officer_id": world.users["officer-w1"].id})
    assert res.status_code == 403


def test_groups_chosen_on_the_map_are_assigned_in_one_request_all_or_none(client, world, as_user):
    headers, g1, g2 = as_user("commander-w1"), world.groups["g1"], world.groups["g2"]
    url, officer = f"/api/v1/wards/{g1.ward_id}/officer-assignments", world.users["officer-w1"]
    res = client.post(url, json={"officer_id": officer.id, "group_ids": [g1.id, g2.id]},
                      headers=headers)
    assert res.status_code == 200, res.get_json()
    assert {(g["group_id"], g["officer_id"]) for g in res.get_json()} == {
        (g1.id, officer.id), (g2.id, officer.id)}
    foreign = next(g for g in world.groups.values() if g.ward_id != g1.ward_id)
    res = client.post(url, json={"officer_id": world.users["commander-w1"].id,
                                 "group_ids": [g1.id, foreign.id]}, headers=headers)
    assert res.status_code == 422 and res.get_json()["errors"] == {
        "officer_id": ["not_field_role"], "group_ids": {"1": ["other_ward_or_stopped"]}}
    listed = client.get(f"/api/v1/wards/{g1.ward_id}/groups", headers=headers).get_json()
    assert {g["id"]: g["officer_id"] for g in listed}[g1.id] == officer.id  # none changed
    res = client.post(url, json={"officer_id": None, "group_ids": [g2.id]}, headers=headers)
    assert res.status_code == 200 and res.get_json()[0]["officer_id"] is None
    assert client.post(url, json={"officer_id": None, "group_ids": []},
                       headers=headers).status_code == 422
    assert client.post(url, json={"officer_id": officer.id, "group_ids": [g1.id]},
                       headers=as_user("officer-w1")).status_code == 403
