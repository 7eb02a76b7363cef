"""The ward one last chose to look at, kept on the server (PUT /me/last-ward) so that signing
out, which forgets it on the phone, does not lose it: any ward the caller may see (an admin's
province; anyone else's own ward), anything else not found in the one error shape, bad input a
422; the user object of the login answer and of GET /me carries it."""
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from server.audit.models import AuditEntry
from server.auth.models import User
from server.extensions import db
from tests.factories import PASSWORD

LAST_WARD, ME = "/api/v1/me/last-ward", "/api/v1/me"


def stored(username):
    db.session.expire_all()
    return db.session.scalar(select(User.last_ward_id).where(User.username == username))


def test_an_admin_keeps_a_ward_of_the_province_and_finds_it_after_signing_in(world, client,
                                                                            as_user):
    w2 = world.wards["w2"]
    res = client.put(LAST_WARD, json={"ward_id": w2.id}, headers=as_user("admin-p1"))
    assert res.status_code == 204, res.get_json()
    assert stored("admin-p1") == w2.id
    login = client.post("/api/v1/auth/login", json={"username": "admin-p1", "password": PASSWORD})
    assert login.get_json()["user"]["last_ward_id"] == w2.id
    assert client.get(ME, headers=as_user("admin-p1")).get_json()["last_ward_id"] == w2.id


def test_a_user_who_chose_none_has_none(world, client, as_user):
    assert client.get(ME, headers=as_user("admin-p1")).get_json()["last_ward_id"] is None


def test_choosing_a_ward_writes_no_audit_entry(world, client, as_user):
    before = db.session.scalar(select(db.func.count()).select_from(AuditEntry))
    client.put(LAST_WARD, json={"ward_id": world.wards["w1"].id}, headers=as_user("admin-p1"))
    assert db.session.scalar(select(db.func.count()).select_from(AuditEntry)) == before


@pytest.mark.parametrize("username,ward,expected", [
    ("admin-p1", "w1", 204), ("admin-p1", "w2", 204), ("admin-p1", "w3", 404),
    ("admin-p2", "w3", 204), ("admin-p2", "w1", 404),
    ("commander-w1", "w1", 204), ("commander-w1", "w2", 404), ("commander-w1", "w3", 404),
    ("officer-w1", "w1", 204), ("officer-w1", "w2", 404),
    ("volunteer-w2", "w2", 204), ("volunteer-w2", "w1", 404),
])
def test_only_a_ward_the_caller_may_see_is_kept(world, client, as_user, username, ward, expected):
    res = client.put(LAST_WARD, json={"ward_id": world.wards[ward].id}, headers=as_user(username))
    assert res.status_code == expected
    if expected == 404:
        body = res.get_json()
        assert body["code"] == 404 and "phường/xã" in body["message"]
        assert set(body) <= {"code", "status", "message", "errors"}
        assert stored(username) is None
    else:
        assert stored(username) == world.wards[ward].id


def test_a_missing_ward_is_not_found_like_a_foreign_one(world, client, as_user):
    foreign = client.put(LAST_WARD, json={"ward_id": world.wards["w3"].id},
                         headers=as_user("admin-p1"))
    missing = client.put(LAST_WARD, json={"ward_id": 999_999}, headers=as_user("admin-p1"))
    assert missing.status_code == foreign.status_code == 404
    assert missing.get_json() == foreign.get_json()


@pytest.mark.parametrize("body", [
    {}, {"ward_id": None}, {"ward_id": "abc"}, {"ward_id": -1}, {"ward_id": 2**31},
    {"ward_id": 10**400}, {"ward_id": 1.5}, {"ward_id": "1"}, {"ward_id": True}, {"ward_id": [1]}, {"ward_id": {"id": 1}},
    {"ward_id": 1, "extra": 1}, [1], "1",
])
def test_bad_input_is_a_422_and_keeps_the_ward(world, client, as_user, body):
    headers = as_user("admin-p1")
    client.put(LAST_WARD, json={"ward_id": world.wards["w2"].id}, headers=headers)
    res = client.put(LAST_WARD, json=body, headers=headers)
    assert res.status_code == 422, res.get_data(as_text=True)
    assert res.get_json()["code"] == 422
    assert stored("admin-p1") == world.wards["w2"].id


def test_without_a_token_it_is_a_401(world, client):
    res = client.put(LAST_WARD, json={"ward_id": world.wards["w1"].id})
    assert res.status_code == 401


def test_any_ward_id_is_kept_only_when_visible_and_never_a_500(world, client, as_user):
    """Whatever id or value comes, the stored ward stays one the admin may see."""
    headers, visible = as_user("admin-p1"), {world.wards["w1"].id, world.wards["w2"].id}
    ids = st.sampled_from(sorted(w.id for w in world.wards.values())) | st.integers(-2**40, 2**40)

    @given(ward_id=ids | st.none() | st.text(max_size=5) | st.floats(allow_nan=False))
    @settings(max_examples=40, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    def run(ward_id):
        res = client.put(LAST_WARD, json={"ward_id": ward_id}, headers=headers)
        assert res.status_code in (204, 404, 422), res.get_data(as_text=True)[:300]
        assert (res.status_code == 204) == (type(ward_id) is int and ward_id in visible)
        assert stored("admin-p1") in visible | {None}

    run()
