"""A second factor required for some roles (TOTP_REQUIRED_ROLES; commanders and admins in
production): their first login without one leads to enrolment before anything else is allowed."""
import pyotp
import pytest

from server import create_app
from server.config import Config
from tests.factories import PASSWORD
from tests.trust.conftest import bearer

LOGIN = "/api/v1/auth/login"


@pytest.fixture
def required(app):
    app.config["TOTP_REQUIRED_ROLES"] = ("commander", "admin")


def login(client, username):
    res = client.post(LOGIN, json={"username": username, "password": PASSWORD})
    assert res.status_code == 200, res.get_json()
    return res.get_json()


def test_other_roles_keep_the_plain_login_answer(world, client, required):
    body = login(client, "officer-w1")
    assert set(body) == {"access_token", "refresh_token", "user"}


@pytest.mark.parametrize("username", ["commander-w1", "admin-p1"])
def test_first_login_leads_to_enrolment_before_anything_else(world, client, required, username):
    body = login(client, username)
    enrolment = body["totp_enrolment"]
    assert enrolment["otpauth_uri"].startswith("otpauth://totp/")
    assert enrolment["qr_code"].startswith("data:image/svg+xml")
    headers = bearer(body["access_token"])
    ward = world.wards["w1"].id
    refused = client.get(f"/api/v1/wards/{ward}/metrics", headers=headers)
    assert refused.status_code == 403
    assert refused.get_json()["errors"] == {"totp": ["enrolment_required"]}
    assert client.get("/api/v1/me", headers=headers).status_code == 200
    code = pyotp.TOTP(enrolment["secret"]).now()
    confirmed = client.post("/api/v1/me/totp/confirm", json={"code": code}, headers=headers)
    assert confirmed.status_code == 200 and confirmed.get_json()["enabled"] is True
    assert client.get(f"/api/v1/wards/{ward}/metrics", headers=headers).status_code == 200


def test_without_the_setting_managers_sign_in_with_the_password_only(world, client):
    body = login(client, "commander-w1")
    assert "totp_enrolment" not in body
    assert client.get(f"/api/v1/wards/{world.wards['w1'].id}/metrics",
                      headers=bearer(body["access_token"])).status_code == 200


@pytest.mark.parametrize("env,roles", [("production", ("commander", "admin", "national")),
                                       ("development", ()), ("test", ())])
def test_the_default_follows_the_environment(env, roles):
    config = type("Env", (Config,), {"SQLALCHEMY_DATABASE_URI": "sqlite://", "ENV_NAME": env,
                                     "SECRET_KEY": "k" * 40, "JWT_SECRET_KEY": "j" * 40,
                                     "TOTP_ENCRYPTION_KEY": "t" * 40})
    assert tuple(create_app(config).config["TOTP_REQUIRED_ROLES"]) == roles
