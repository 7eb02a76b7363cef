"""One's own account: changing one's password, enrolling or removing one's second factor all
need the current password (and removal a current code); every role may change its password."""
import time

import pyotp
import pytest
from sqlalchemy import select

from server.audit.models import AuditEntry
from server.auth.models import TokenFamily, User
from server.extensions import db
from tests.factories import PASSWORD
from tests.trust.conftest import bearer

MY_PASSWORD, MY_TOTP = "/api/v1/me/password", "/api/v1/me/totp"
NEW = "một mật khẩu mới đủ dài"


def login(client, username, password=PASSWORD, **extra):
    return client.post("/api/v1/auth/login",
                       json={"username": username, "password": password, **extra})


def audited(username):
    db.session.expire_all()
    user = db.session.scalar(select(User).where(User.username == username))
    return db.session.scalars(select(AuditEntry.action).where(
        AuditEntry.entity == "user", AuditEntry.entity_id == str(user.id))).all()


@pytest.mark.parametrize("username", ["officer-w1", "volunteer-w1", "commander-w1", "admin-p1"])
def test_every_role_changes_its_own_password_with_the_current_one(world, client, issue_tokens,
                                                                  username):
    mine, other_phone = issue_tokens(username), issue_tokens(username)
    res = client.put(MY_PASSWORD, json={"current_password": PASSWORD, "new_password": NEW},
                     headers=bearer(mine["access_token"]))
    assert res.status_code == 204, res.get_json()
    assert login(client, username, NEW).status_code == 200
    assert login(client, username).status_code == 401
    assert client.get("/api/v1/me", headers=bearer(mine["access_token"])).status_code == 200
    assert client.get("/api/v1/me",
                      headers=bearer(other_phone["access_token"])).status_code == 401
    assert "password_change" in audited(username)


@pytest.mark.parametrize("body,field", [
    ({"current_password": "not my password", "new_password": NEW}, "current_password"),
    ({"new_password": NEW}, "current_password"),
    ({"current_password": PASSWORD, "new_password": "12345678"}, "password"),
    ({"current_password": PASSWORD}, "new_password"),
])
def test_a_bad_change_leaves_the_password(world, client, issue_tokens, body, field):
    res = client.put(MY_PASSWORD, json=body,
                     headers=bearer(issue_tokens("officer-w1")["access_token"]))
    assert res.status_code == 422
    assert field in res.get_json()["errors"] or field in res.get_json()["errors"].get("json", {})
    assert login(client, "officer-w1").status_code == 200


def test_guessing_the_current_password_is_throttled(world, client, issue_tokens):
    headers = bearer(issue_tokens("officer-w1")["access_token"])
    answers = [client.put(MY_PASSWORD, json={"current_password": f"guess number {i}",
                                             "new_password": NEW}, headers=headers).status_code
               for i in range(7)]
    assert answers[:5] == [422] * 5 and 429 in answers[5:]


def test_enrolling_needs_the_current_password(world, client, issue_tokens):
    headers = bearer(issue_tokens("commander-w1")["access_token"])
    assert client.post(MY_TOTP, headers=headers).status_code == 422
    assert client.post(MY_TOTP, json={"password": "not my password"}, headers=headers).status_code == 422
    res = client.post(MY_TOTP, json={"password": PASSWORD}, headers=headers)
    assert res.status_code == 200 and res.get_json()["otpauth_uri"].startswith("otpauth://")


def _enrolled(client, headers):
    started = client.post(MY_TOTP, json={"password": PASSWORD}, headers=headers).get_json()
    app_totp = pyotp.TOTP(started["secret"])
    assert client.post(f"{MY_TOTP}/confirm", json={"code": app_totp.now()},
                       headers=headers).status_code == 200
    return app_totp


@pytest.mark.parametrize("body", [{}, {"password": PASSWORD}, {"password": "wrong one", "code": "x"},
                                  {"password": PASSWORD, "code": "000000"}])
def test_removing_ones_second_factor_needs_password_and_code(world, client, issue_tokens, body):
    headers = bearer(issue_tokens("commander-w1")["access_token"])
    _enrolled(client, headers)
    res = client.delete(MY_TOTP, json=body, headers=headers)
    assert res.status_code == 422
    assert client.get(MY_TOTP, headers=headers).get_json()["enabled"] is True


def test_removing_ones_second_factor(world, client, issue_tokens):
    headers = bearer(issue_tokens("commander-w1")["access_token"])
    app_totp = _enrolled(client, headers)
    res = client.delete(MY_TOTP, json={"password": PASSWORD,
                                       "code": app_totp.at(time.time() + 30)}, headers=headers)
    assert res.status_code == 204, res.get_json()
    assert client.get(MY_TOTP, headers=headers).get_json()["enabled"] is False
    assert login(client, "commander-w1").status_code == 200
    assert audited("commander-w1")[-2:] == ["totp_remove", "login"]


def test_a_password_change_ends_the_other_logins(world, client, issue_tokens):
    mine = issue_tokens("officer-w1")
    issue_tokens("officer-w1")
    client.put(MY_PASSWORD, json={"current_password": PASSWORD, "new_password": NEW},
               headers=bearer(mine["access_token"]))
    db.session.expire_all()
    live = db.session.scalars(select(TokenFamily).where(TokenFamily.revoked_at.is_(None))).all()
    assert len(live) == 1
