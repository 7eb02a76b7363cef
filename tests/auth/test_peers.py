"""People of the same rank: a user manages only users of a lower rank in their area; peers and
themselves only through their own account's endpoints."""
import pytest
from sqlalchemy import select

from server.auth.models import User
from server.extensions import db

USERS = "/api/v1/users"


@pytest.fixture
def peers(world):
    """A second commander of ward w1 and a second admin of province p1."""
    hashed = world.users["commander-w1"].password_hash
    extra = {
        "commander2-w1": User(username="commander2-w1", full_name="Chỉ huy hai", role="commander",
                              ward_id=world.wards["w1"].id, province_id=world.provinces["p1"].id,
                              password_hash=hashed),
        "admin2-p1": User(username="admin2-p1", full_name="Quản trị hai", role="admin",
                          province_id=world.provinces["p1"].id, password_hash=hashed),
    }
    db.session.add_all(extra.values())
    db.session.commit()
    return {**world.users, **extra}


def fresh(user_id):
    db.session.expire_all()
    return db.session.get(User, user_id)


PEER_CASES = [("commander-w1", "commander2-w1"), ("admin-p1", "admin2-p1"),
              ("commander-w1", "commander-w1"), ("admin-p1", "admin-p1")]


@pytest.mark.parametrize("caller,target", PEER_CASES)
@pytest.mark.parametrize("change", [{"password": "a brand new passphrase"}, {"active": False},
                                    {"role": "officer"}, {"full_name": "Đổi tên"}])
def test_peers_and_oneself_cannot_be_managed(client, peers, as_user, caller, target, change):
    user = peers[target]
    res = client.patch(f"{USERS}/{user.id}", json=change, headers=as_user(caller))
    assert res.status_code == 404
    after = fresh(user.id)
    assert (after.password_hash, after.active, after.role, after.full_name) == (
        user.password_hash, True, user.role, user.full_name)


@pytest.mark.parametrize("caller,target", PEER_CASES)
@pytest.mark.parametrize("method,suffix", [("DELETE", "/totp"), ("DELETE", "/sessions"),
                                           ("GET", "/sessions")])
def test_peers_second_factor_and_sessions_are_out_of_reach(client, peers, as_user, caller, target,
                                                           method, suffix):
    res = client.open(f"{USERS}/{peers[target].id}{suffix}", method=method,
                      headers=as_user(caller))
    assert res.status_code == 404


@pytest.mark.parametrize("caller,role,status", [
    ("commander-w1", "commander", 422), ("commander-w1", "admin", 422),
    ("commander-w1", "officer", 201), ("commander-w1", "volunteer", 201),
    ("admin-p1", "admin", 422), ("admin-p1", "commander", 201),
])
def test_new_users_rank_below_their_creator(client, peers, as_user, caller, role, status):
    body = {"username": "new-user", "full_name": "Người mới", "role": role,
            "password": "long enough secret", "ward_id": peers["commander-w1"].ward_id}
    res = client.post(USERS, json=body, headers=as_user(caller))
    assert res.status_code == status, res.get_json()
    created = db.session.scalar(select(User).where(User.username == "new-user"))
    assert (created is not None) == (status == 201)


@pytest.mark.parametrize("caller,target,role,status", [
    ("admin-p1", "officer-w1", "commander", 200),
    ("admin-p1", "commander-w1", "officer", 200),
    ("admin-p1", "officer-w1", "admin", 422),
    ("commander-w1", "officer-w1", "commander", 422),
])
def test_roles_given_rank_below_the_caller(client, peers, as_user, caller, target, role, status):
    res = client.patch(f"{USERS}/{peers[target].id}", json={"role": role}, headers=as_user(caller))
    assert res.status_code == status, res.get_json()


def test_admin_still_manages_the_commanders_of_the_province(client, peers, as_user):
    res = client.patch(f"{USERS}/{peers['commander2-w1'].id}", json={"active": False},
                       headers=as_user("admin-p1"))
    assert res.status_code == 200
    assert fresh(peers["commander2-w1"].id).active is False

