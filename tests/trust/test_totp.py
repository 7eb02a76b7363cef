"""Second factor for commanders and admins: enrolment, login with a code, replay, reset."""
import time

import pyotp
import pytest
from sqlalchemy import select

from server.audit.models import AuditEntry
from server.auth.models import User
from server.extensions import db
from tests.factories import PASSWORD
from tests.trust.conftest import bearer

LOGIN = "/api/v1/auth/login"


def login(client, username, **extra):
    return client.post(LOGIN, json={"username": username, "password": PASSWORD, **extra})


def enrol(client, issue_tokens, username):
    """Enrol `username`; returns the pyotp.TOTP of their app. The confirming code is spent."""
    headers = bearer(issue_tokens(username)["access_token"])
    started = client.post("/api/v1/me/totp", json={"password": PASSWORD}, headers=headers)
    assert started.status_code == 200, started.get_json()
    app_totp = pyotp.TOTP(started.get_json()["secret"])
    res = client.post("/api/v1/me/totp/confirm", json={"code": app_totp.now()}, headers=headers)
    assert res.status_code == 200 and res.get_json()["enabled"] is True
    return app_totp


def user(username):
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.username == username))


def next_code(app_totp):
    """The code of the next 30-second step: still accepted (clock drift), not yet spent."""
    return app_totp.at(time.time() + 30)


@pytest.mark.parametrize("username", ["commander-w1", "admin-p1"])
def test_enrolment_gives_a_secret_and_an_otpauth_uri(world, client, issue_tokens, username):
    res = client.post("/api/v1/me/totp", json={"password": PASSWORD},
                      headers=bearer(issue_tokens(username)["access_token"]))
    body = res.get_json()
    assert res.status_code == 200
    assert body["otpauth_uri"].startswith("otpauth://totp/")
    assert f"secret={body['secret']}" in body["otpauth_uri"]
    assert user(username).totp_secret == body["secret"]
    assert user(username).totp_confirmed_at is None  # not in force until confirmed
    assert login(client, username).status_code == 200


@pytest.mark.parametrize("username", ["officer-w1", "volunteer-w1"])
def test_field_roles_do_not_enrol(world, client, issue_tokens, username):
    res = client.post("/api/v1/me/totp", headers=bearer(issue_tokens(username)["access_token"]))
    assert res.status_code == 403
    assert user(username).totp_secret is None


@pytest.mark.parametrize("code", ["000000", "12345", "abcdef", ""])
def test_confirm_with_a_wrong_code_leaves_it_off(world, client, issue_tokens, code):
    headers = bearer(issue_tokens("commander-w1")["access_token"])
    client.post("/api/v1/me/totp", json={"password": PASSWORD}, headers=headers)
    res = client.post("/api/v1/me/totp/confirm", json={"code": code}, headers=headers)
    assert res.status_code == 422
    assert user("commander-w1").totp_confirmed_at is None


def test_confirmed_enrolment_is_audited_and_cannot_restart(world, client, issue_tokens):
    enrol(client, issue_tokens, "commander-w1")
    target = user("commander-w1")
    assert target.totp_confirmed_at is not None
    actions = db.session.scalars(select(AuditEntry.action).where(
        AuditEntry.entity == "user", AuditEntry.entity_id == str(target.id))).all()
    assert actions == ["totp_enrol"]
    res = client.post("/api/v1/me/totp", json={"password": PASSWORD},
                      headers=bearer(issue_tokens("commander-w1")["access_token"]))
    assert res.status_code == 409


@pytest.mark.parametrize("extra,error", [({}, "required"), ({"totp": "000000"}, "invalid"),
                                         ({"totp": "not a code"}, "invalid")])
def test_login_without_a_good_code_is_401_with_the_reason(world, client, issue_tokens,
                                                          extra, error):
    enrol(client, issue_tokens, "commander-w1")
    res = login(client, "commander-w1", **extra)
    assert res.status_code == 401
    assert res.get_json()["errors"] == {"totp": [error]}
    assert "access_token" not in res.get_json()


def test_login_with_the_code_works_once(world, client, issue_tokens):
    app_totp = enrol(client, issue_tokens, "commander-w1")
    code = next_code(app_totp)
    assert login(client, "commander-w1", totp=code).status_code == 200
    replay = login(client, "commander-w1", totp=code)
    assert replay.status_code == 401 and replay.get_json()["errors"] == {"totp": ["invalid"]}


def test_wrong_password_with_a_good_code_is_the_plain_401(world, client, issue_tokens):
    app_totp = enrol(client, issue_tokens, "commander-w1")
    res = client.post(LOGIN, json={"username": "commander-w1", "password": "wrong password",
                                   "totp": next_code(app_totp)})
    assert res.status_code == 401 and "errors" not in res.get_json()
    # the code was not spent by the failed attempt
    assert login(client, "commander-w1", totp=next_code(app_totp)).status_code == 200


def test_asking_for_the_code_does_not_count_as_a_failed_login(world, client, issue_tokens):
    app_totp = enrol(client, issue_tokens, "commander-w1")
    for _ in range(8):  # more than the 5 failures allowed per user
        assert login(client, "commander-w1").status_code == 401
    assert login(client, "commander-w1", totp=next_code(app_totp)).status_code == 200


def test_wrong_codes_are_throttled(world, client, issue_tokens):
    enrol(client, issue_tokens, "commander-w1")
    statuses = [login(client, "commander-w1", totp="000000").status_code for _ in range(6)]
    assert statuses == [401] * 5 + [429]


def test_users_without_enrolment_log_in_with_the_password_only(world, client):
    for username in ("officer-w1", "commander-w1", "admin-p1"):
        assert login(client, username).status_code == 200


def test_admin_resets_a_lost_second_factor(world, client, issue_tokens):
    enrol(client, issue_tokens, "commander-w1")
    target = user("commander-w1")
    res = client.delete(f"/api/v1/users/{target.id}/totp",
                        headers=bearer(issue_tokens("admin-p1")["access_token"]))
    assert res.status_code == 204
    assert user("commander-w1").totp_secret is None
    assert login(client, "commander-w1").status_code == 200


@pytest.mark.parametrize("caller,target,status", [
    ("commander-w1", "commander-w1", 404),  # one's own: through /me/totp only
    ("commander-w2", "commander-w1", 404),
    ("officer-w1", "commander-w1", 403),
    ("admin-p2", "commander-w1", 404),
])
def test_reset_is_refused_outside_the_rules(world, client, issue_tokens, caller, target, status):
    enrol(client, issue_tokens, target)
    res = client.delete(f"/api/v1/users/{user(target).id}/totp",
                        headers=bearer(issue_tokens(caller)["access_token"]))
    assert res.status_code == status
    assert user(target).totp_confirmed_at is not None
