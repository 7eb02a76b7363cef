"""User management by commanders (their ward) and admins (their province)."""
import pytest
from sqlalchemy import select

from server.auth.models import TokenFamily, User
from server.auth.passwords import verify_password
from server.extensions import db
from tests.factories import PASSWORD

USERS = "/api/v1/users"
NEW_PASSWORD = "a brand new passphrase"


def new_user(**overrides):
    return {"username": "new-officer", "full_name": "Nguyễn Văn Mới", "role": "officer",
            "password": "long enough secret", **overrides}


def stored(username):
    return db.session.scalar(select(User).where(User.username == username))


def test_commander_adds_a_user_to_their_own_ward(client, world, login):
    res = client.post(USERS, json=new_user(), headers=login("commander-w1"))
    assert res.status_code == 201, res.get_json()
    body = res.get_json()
    assert "password" not in body and "password_hash" not in body
    user = stored("new-officer")
    assert (user.role, user.ward_id, user.province_id, user.active) == (
        "officer", world.wards["w1"].id, world.provinces["p1"].id, True)
    assert verify_password(user.password_hash, "long enough secret")
    assert user.password_hash.startswith("$argon2id$")


def test_commander_cannot_add_to_another_ward(client, world, login):
    res = client.post(USERS, json=new_user(ward_id=world.wards["w2"].id), headers=login("commander-w1"))
    assert res.status_code in (403, 404)
    assert stored("new-officer") is None


@pytest.mark.parametrize("role", ["admin"])
def test_commander_cannot_create_an_admin(client, world, login, role):
    res = client.post(USERS, json=new_user(role=role), headers=login("commander-w1"))
    assert res.status_code == 422
    assert stored("new-officer") is None


def test_admin_adds_a_user_to_a_ward_of_the_province(client, world, login):
    ward = world.wards["w2"]
    res = client.post(USERS, json=new_user(role="commander", ward_id=ward.id), headers=login("admin-p1"))
    assert res.status_code == 201
    assert stored("new-officer").ward_id == ward.id


@pytest.mark.parametrize("ward_key", ["w3", None])
def test_admin_needs_a_ward_of_their_province(client, world, login, ward_key):
    ward_id = world.wards[ward_key].id if ward_key else None
    res = client.post(USERS, json=new_user(ward_id=ward_id), headers=login("admin-p1"))
    assert res.status_code == 422
    assert stored("new-officer") is None


@pytest.mark.parametrize("overrides,field,status", [
    ({"username": "officer-w2"}, "username", 409),
    ({"password": "short"}, "password", 422),
    ({"password": "12345678"}, "password", 422),
    ({"role": "chief"}, "role", 422),
    ({"username": "has space"}, "username", 422),
])
def test_bad_new_user_is_refused_with_the_field(client, world, login, overrides, field, status):
    res = client.post(USERS, json=new_user(**overrides), headers=login("commander-w1"))
    assert res.status_code == status
    body = res.get_json()
    assert field in str(body["errors"])
    assert db.session.scalar(select(db.func.count()).select_from(User)) == len(world.users)


@pytest.mark.parametrize("caller,expected", [
    ("commander-w1", {"officer-w1", "volunteer-w1", "commander-w1"}),
    ("admin-p1", {"officer-w1", "volunteer-w1", "commander-w1", "officer-w2", "volunteer-w2",
                  "commander-w2", "admin-p1"}),
    ("admin-p2", {"officer-w3", "volunteer-w3", "commander-w3", "admin-p2"}),
])
def test_list_users_is_scoped(client, world, login, caller, expected):
    res = client.get(USERS, headers=login(caller))
    assert res.status_code == 200
    assert {u["username"] for u in res.get_json()} == expected


def test_admin_filters_users_by_ward(client, world, login):
    res = client.get(USERS, query_string={"ward_id": world.wards["w2"].id}, headers=login("admin-p1"))
    assert {u["username"] for u in res.get_json()} == {"officer-w2", "volunteer-w2", "commander-w2"}


@pytest.mark.parametrize("caller", ["officer-w1", "volunteer-w1"])
def test_field_users_cannot_manage_users(client, world, login, caller):
    headers = login(caller)
    assert client.get(USERS, headers=headers).status_code == 403
    assert client.post(USERS, json=new_user(), headers=headers).status_code == 403
    assert stored("new-officer") is None


def test_reset_password_kills_sessions_and_changes_the_password(client, world, login):
    officer = world.users["officer-w1"]
    old = login("officer-w1")
    res = client.patch(f"{USERS}/{officer.id}", json={"password": NEW_PASSWORD},
                       headers=login("commander-w1"))
    assert res.status_code == 200
    assert client.get("/api/v1/me", headers=old).status_code == 401
    bad = client.post("/api/v1/auth/login", json={"username": "officer-w1", "password": PASSWORD})
    assert bad.status_code == 401
    login("officer-w1", NEW_PASSWORD)
    db.session.expire_all()
    assert verify_password(db.session.get(User, officer.id).password_hash, NEW_PASSWORD)


def test_reset_to_a_weak_password_is_refused(client, world, login):
    officer = world.users["officer-w1"]
    res = client.patch(f"{USERS}/{officer.id}", json={"password": "1234"}, headers=login("commander-w1"))
    assert res.status_code == 422
    login("officer-w1")  # the old password still works


def test_rename_and_role_change(client, world, login):
    officer = world.users["officer-w1"]
    res = client.patch(f"{USERS}/{officer.id}", json={"full_name": "Lê Văn Đổi", "role": "volunteer"},
                       headers=login("commander-w1"))
    assert res.status_code == 200
    db.session.expire_all()
    user = db.session.get(User, officer.id)
    assert (user.full_name, user.role) == ("Lê Văn Đổi", "volunteer")


@pytest.mark.parametrize("role", ["commander", "admin"])
def test_commander_cannot_promote(client, world, login, role):
    officer = world.users["officer-w1"]
    res = client.patch(f"{USERS}/{officer.id}", json={"role": role}, headers=login("commander-w1"))
    assert res.status_code == 422
    db.session.expire_all()
    assert db.session.get(User, officer.id).role == "officer"


def test_manager_cannot_deactivate_themselves(client, world, login):
    me = world.users["commander-w1"]
    res = client.patch(f"{USERS}/{me.id}", json={"active": False}, headers=login("commander-w1"))
    assert res.status_code == 404  # oneself only through one's own account's endpoints
    db.session.expire_all()
    assert db.session.get(User, me.id).active is True


@pytest.mark.parametrize("caller,target", [("commander-w1", "officer-w2"), ("commander-w1", "admin-p1"),
                                           ("admin-p1", "officer-w3")])
def test_managers_cannot_touch_users_outside_their_area(client, world, login, caller, target):
    user = world.users[target]
    res = client.patch(f"{USERS}/{user.id}", json={"active": False}, headers=login(caller))
    assert res.status_code == 404
    db.session.expire_all()
    assert db.session.get(User, user.id).active is True


def test_sessions_are_listed_and_revoked(client, world, login):
    officer = world.users["officer-w1"]
    phone = client.post("/api/v1/auth/login", json={"username": "officer-w1", "password": PASSWORD},
                        headers={"User-Agent": "Phone A", "X-Device-Id": "device-a"}).get_json()
    login("officer-w1")
    manager = login("commander-w1")
    res = client.get(f"{USERS}/{officer.id}/sessions", headers=manager)
    assert res.status_code == 200
    sessions = res.get_json()
    assert len(sessions) == 2
    assert {"Phone A"} <= {s["user_agent"] for s in sessions}
    assert "device-a" in {s["device_id"] for s in sessions}
    assert all(s["created_at"].endswith("+00:00") for s in sessions)
    res = client.delete(f"{USERS}/{officer.id}/sessions", headers=manager)
    assert res.status_code == 204
    assert client.get("/api/v1/me",
                      headers={"Authorization": f"Bearer {phone['access_token']}"}).status_code == 401
    assert client.get(f"{USERS}/{officer.id}/sessions", headers=manager).get_json() == []
    assert db.session.scalar(select(db.func.count()).select_from(TokenFamily).where(
        TokenFamily.user_id == officer.id, TokenFamily.revoked_at.is_(None))) == 0
    # The manager's own session is untouched.
    assert client.get("/api/v1/me", headers=manager).status_code == 200


@pytest.mark.parametrize("role", ["admin"])
def test_a_field_user_cannot_be_made_admin_by_patch(client, world, login, role):
    officer = world.users["officer-w1"]
    res = client.patch(f"{USERS}/{officer.id}", json={"role": role}, headers=login("admin-p1"))
    assert res.status_code == 422
    db.session.expire_all()
    assert db.session.get(User, officer.id).role == "officer"
