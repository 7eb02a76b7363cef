"""Login, refresh rotation, logout and revocation, as API.md states them."""
import pytest
from sqlalchemy import select

from server import create_app
from server.auth.models import TokenFamily, User
from server.config import TestConfig
from server.extensions import db
from tests.factories import PASSWORD

LOGIN = "/api/v1/auth/login"
REFRESH = "/api/v1/auth/refresh"
LOGOUT = "/api/v1/auth/logout"
ME = "/api/v1/me"


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def tokens(client, username, password=PASSWORD):
    res = client.post(LOGIN, json={"username": username, "password": password})
    assert res.status_code == 200, res.get_json()
    body = res.get_json()
    return body["access_token"], body["refresh_token"]


def assert_error(res, code):
    body = res.get_json()
    assert res.status_code == code, body
    assert body["code"] == code and isinstance(body["status"], str) and body["message"]
    return body


@pytest.mark.parametrize("username", ["officer-w1", "commander-w2", "admin-p1"])
def test_login_answers_the_shape_of_api_md(client, world, username):
    user = world.users[username]
    res = client.post(LOGIN, json={"username": username, "password": PASSWORD})
    assert res.status_code == 200
    body = res.get_json()
    assert set(body) == {"access_token", "refresh_token", "user"}
    assert body["user"] == {
        "id": user.id, "username": username, "full_name": user.full_name, "role": user.role,
        "ward_id": user.ward_id, "province_id": user.province_id, "last_ward_id": None,
    }
    assert db.session.scalar(select(db.func.count()).select_from(TokenFamily)
                             .where(TokenFamily.user_id == user.id)) == 1


def test_wrong_password_and_unknown_user_answer_the_same(client, world):
    wrong = client.post(LOGIN, json={"username": "officer-w1", "password": "not the password"})
    unknown = client.post(LOGIN, json={"username": "nobody-here", "password": PASSWORD})
    assert_error(wrong, 401)
    assert (wrong.status_code, wrong.get_json()) == (unknown.status_code, unknown.get_json())
    assert db.session.scalar(select(db.func.count()).select_from(TokenFamily)) == 0


def test_inactive_user_cannot_log_in(client, world):
    world.users["officer-w1"].active = False
    db.session.commit()
    body = assert_error(client.post(LOGIN, json={"username": "officer-w1", "password": PASSWORD}), 401)
    unknown = client.post(LOGIN, json={"username": "nobody-here", "password": PASSWORD})
    assert body == unknown.get_json()


@pytest.mark.parametrize("payload", [{}, {"username": "officer-w1"}, {"password": "x"},
                                     {"username": "", "password": ""}])
def test_login_with_missing_fields_is_422(client, world, payload):
    assert_error(client.post(LOGIN, json=payload), 422)


def test_repeated_failures_answer_429_in_the_error_shape(client, world):
    for _ in range(5):
        assert client.post(LOGIN, json={"username": "officer-w1", "password": "wrong-1"}).status_code == 401
    # Now even the right password is refused for a while, in the one error shape.
    body = assert_error(client.post(LOGIN, json={"username": "officer-w1", "password": PASSWORD}), 429)
    assert body["status"] == "Too Many Requests"
    # Another user of the same address is not locked out by these failures.
    assert client.post(LOGIN, json={"username": "officer-w2", "password": PASSWORD}).status_code == 200


def test_successful_logins_do_not_count_as_failures(client, world):
    for _ in range(8):
        tokens(client, "officer-w1")


def test_refresh_rotates_the_pair(client, world):
    access, refresh = tokens(client, "officer-w1")
    res = client.post(REFRESH, headers=bearer(refresh))
    assert res.status_code == 200
    body = res.get_json()
    assert set(body) == {"access_token", "refresh_token"}
    assert body["refresh_token"] != refresh and body["access_token"] != access
    assert client.get(ME, headers=bearer(body["access_token"])).status_code == 200
    # The spent refresh token is dead; the new one works.
    assert_error(client.post(REFRESH, headers=bearer(refresh)), 401)


def test_new_refresh_token_works_and_rotates_again(client, world):
    _, refresh = tokens(client, "officer-w1")
    second = client.post(REFRESH, headers=bearer(refresh)).get_json()["refresh_token"]
    res = client.post(REFRESH, headers=bearer(second))
    assert res.status_code == 200
    assert client.get(ME, headers=bearer(res.get_json()["access_token"])).status_code == 200


def test_refresh_token_used_twice_revokes_its_whole_family(client, world):
    access, refresh = tokens(client, "officer-w1")
    newer = client.post(REFRESH, headers=bearer(refresh)).get_json()
    assert_error(client.post(REFRESH, headers=bearer(refresh)), 401)  # replayed: a copied token
    for token in (access, newer["access_token"]):
        assert_error(client.get(ME, headers=bearer(token)), 401)
    assert_error(client.post(REFRESH, headers=bearer(newer["refresh_token"])), 401)
    family = db.session.scalar(select(TokenFamily))
    assert family.revoked_at is not None and family.revoked_reason == "refresh_reuse"


def test_refresh_refuses_an_access_token(client, world):
    access, _ = tokens(client, "officer-w1")
    assert_error(client.post(REFRESH, headers=bearer(access)), 401)


def test_api_refuses_a_refresh_token_as_access(client, world):
    _, refresh = tokens(client, "officer-w1")
    assert_error(client.get(ME, headers=bearer(refresh)), 401)


@pytest.mark.parametrize("which", ["access", "refresh"])
def test_logout_with_either_token_kills_both(client, world, which):
    access, refresh = tokens(client, "officer-w1")
    other_access, _ = tokens(client, "officer-w1")  # another phone of the same user
    res = client.post(LOGOUT, headers=bearer(access if which == "access" else refresh))
    assert res.status_code == 204
    assert_error(client.get(ME, headers=bearer(access)), 401)
    assert_error(client.post(REFRESH, headers=bearer(refresh)), 401)
    assert client.get(ME, headers=bearer(other_access)).status_code == 200
    reasons = db.session.scalars(select(TokenFamily.revoked_reason)).all()
    assert sorted(reasons, key=str) == sorted(["logout", None], key=str)


@pytest.mark.parametrize("header", [{}, {"Authorization": "Bearer not-a-jwt"},
                                    {"Authorization": "Basic b2ZmaWNlcjpwdw=="}])
def test_missing_or_bad_token_is_401_in_the_error_shape(client, world, header):
    assert_error(client.get(ME, headers=header), 401)


def test_deactivating_a_user_kills_their_tokens(client, world, login):
    officer = world.users["officer-w1"]
    access, refresh = tokens(client, "officer-w1")
    res = client.patch(f"/api/v1/users/{officer.id}", json={"active": False},
                       headers=login("commander-w1"))
    assert res.status_code == 200 and res.get_json()["active"] is False
    assert_error(client.get(ME, headers=bearer(access)), 401)
    assert_error(client.post(REFRESH, headers=bearer(refresh)), 401)
    assert_error(client.post(LOGIN, json={"username": "officer-w1", "password": PASSWORD}), 401)
    db.session.expire_all()
    assert db.session.get(User, officer.id).active is False
    assert db.session.scalar(select(TokenFamily.revoked_reason)
                             .where(TokenFamily.user_id == officer.id)) == "deactivated"


def test_reactivated_user_logs_in_again_but_old_tokens_stay_dead(client, world, login):
    officer = world.users["officer-w1"]
    access, _ = tokens(client, "officer-w1")
    manager = login("commander-w1")
    client.patch(f"/api/v1/users/{officer.id}", json={"active": False}, headers=manager)
    client.patch(f"/api/v1/users/{officer.id}", json={"active": True}, headers=manager)
    assert_error(client.get(ME, headers=bearer(access)), 401)
    fresh, _ = tokens(client, "officer-w1")
    assert client.get(ME, headers=bearer(fresh)).status_code == 200


def _second_app(app):
    """A new app object on the same database: what a server restart looks like."""
    config = type("Restarted", (TestConfig,),
                  {"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]})
    return create_app(config)


@pytest.mark.parametrize("how", ["logout", "refresh_reuse"])
def test_revocation_survives_a_restart(app, client, world, how):
    access, refresh = tokens(client, "officer-w1")
    if how == "logout":
        client.post(LOGOUT, headers=bearer(access))
    else:
        client.post(REFRESH, headers=bearer(refresh))
        client.post(REFRESH, headers=bearer(refresh))
    db.session.remove()
    restarted = _second_app(app)
    with restarted.app_context():
        other = restarted.test_client()
        assert_error(other.get(ME, headers=bearer(access)), 401)
        assert_error(other.post(REFRESH, headers=bearer(refresh)), 401)
        live, _ = tokens(other, "officer-w1")
        assert other.get(ME, headers=bearer(live)).status_code == 200
        db.session.remove()
        db.engine.dispose()


def test_tokens_survive_a_restart(app, client, world):
    access, _ = tokens(client, "officer-w1")
    db.session.remove()
    restarted = _second_app(app)
    with restarted.app_context():
        assert restarted.test_client().get(ME, headers=bearer(access)).status_code == 200
        db.session.remove()
        db.engine.dispose()


@pytest.mark.parametrize("username", ["officer-w1", "volunteer-w2", "commander-w1", "admin-p2"])
def test_me_is_the_user_object(client, world, login, username):
    user = world.users[username]
    res = client.get(ME, headers=login(username))
    assert res.status_code == 200
    assert res.get_json() == {
        "id": user.id, "username": username, "full_name": user.full_name, "role": user.role,
        "ward_id": user.ward_id, "province_id": user.province_id, "last_ward_id": None,
    }
