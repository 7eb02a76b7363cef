"""Hardened defaults to OWASP ASVS 5.0 level 2, each checked from the attacker's side."""
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import jwt as pyjwt
import pytest
from argon2 import extract_parameters
from sqlalchemy import select

from server import create_app
from server.auth.models import RefreshToken, TokenFamily, User
from server.auth.passwords import hash_password
from server.config import DEFAULT_SECRET, Config, TestConfig
from server.extensions import db
from server.timeutil import utcnow
from tests.factories import PASSWORD
from tests.trust.conftest import bearer

ROOT = Path(__file__).resolve().parents[2]
STRONG = "k3Jq9vR2xW7mT5pL8nB4cY6hF1dG0sZa-strong-secret"
TOTP_KEY = "Vq8wN2rT6yU1iO9pA3sD7fG5hJ0kL4zX-totp-key"
LOGIN, REFRESH, ME = "/api/v1/auth/login", "/api/v1/auth/refresh", "/api/v1/me"


# ---- production refuses weak configuration ----------------------------------------------------

def _start_production(env_extra, tmp_path):
    env = {k: v for k, v in os.environ.items()
           if k not in ("SECRET_KEY", "JWT_SECRET_KEY", "TOTP_ENCRYPTION_KEY")}
    env.update(OUTREACH_ENV="production", DATABASE_URL=f"sqlite:///{tmp_path}/p.db", **env_extra)
    return subprocess.run([sys.executable, "-c", "import wsgi"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("env,refused", [
    ({}, True),                                        # no secret at all
    ({"SECRET_KEY": DEFAULT_SECRET}, True),            # the development default
    ({"SECRET_KEY": "short-secret"}, True),            # too short
    ({"SECRET_KEY": STRONG, "JWT_SECRET_KEY": "x"}, True),
    ({"SECRET_KEY": STRONG, "TOTP_ENCRYPTION_KEY": TOTP_KEY, "ARGON2_TIME_COST": "1"}, True),
    ({"SECRET_KEY": STRONG, "TOTP_ENCRYPTION_KEY": TOTP_KEY, "ARGON2_MEMORY_KIB": "8192"}, True),
    ({"SECRET_KEY": STRONG}, True),                    # no key for second-factor secrets
    ({"SECRET_KEY": STRONG, "TOTP_ENCRYPTION_KEY": "short"}, True),
    ({"SECRET_KEY": STRONG, "TOTP_ENCRYPTION_KEY": TOTP_KEY}, False),
])
def test_production_refuses_to_start_with_weak_settings(tmp_path, env, refused):
    result = _start_production(env, tmp_path)
    assert (result.returncode != 0) == refused, result.stderr[-500:]
    if refused:
        assert "RuntimeError" in result.stderr


def test_production_argon2_cost_is_at_least_owasp(app):
    assert Config.ARGON2_TIME_COST >= 2 and Config.ARGON2_MEMORY_KIB >= 19 * 1024
    prod = create_app(type("Prod", (Config,), {"SQLALCHEMY_DATABASE_URI": "sqlite://"}))
    with prod.app_context():
        params = extract_parameters(hash_password("một mật khẩu dài"))
    assert params.type.name == "ID"
    assert params.time_cost >= 2 and params.memory_cost >= 19 * 1024


# ---- tokens ----------------------------------------------------------------------------------

def _forge(token, algorithm, key):
    claims = pyjwt.decode(token, options={"verify_signature": False})
    return pyjwt.encode(claims, key, algorithm=algorithm)


@pytest.mark.filterwarnings("ignore:The HMAC key")
@pytest.mark.parametrize("algorithm,key", [
    ("none", None),
    ("HS512", TestConfig.JWT_SECRET_KEY),
    ("HS384", TestConfig.JWT_SECRET_KEY),
    ("HS256", "another-secret-of-the-right-length-32b"),
])
def test_only_hs256_with_our_key_is_accepted(world, client, issue_tokens, algorithm, key):
    genuine = issue_tokens("admin-p1")["access_token"]
    assert client.get(ME, headers=bearer(genuine)).status_code == 200
    forged = _forge(genuine, algorithm, key)
    res = client.get(ME, headers=bearer(forged))
    assert res.status_code == 401 and res.get_json()["code"] == 401


def test_a_token_with_its_signature_stripped_is_refused(world, client, issue_tokens):
    header, payload, _sig = issue_tokens("admin-p1")["access_token"].split(".")
    assert client.get(ME, headers=bearer(f"{header}.{payload}.")).status_code == 401


@pytest.mark.parametrize("first", ["victim", "attacker"])
def test_a_stolen_refresh_token_ends_the_whole_login(world, client, issue_tokens, first):
    """The attacker copied the refresh token; whoever uses it second reveals the theft."""
    stolen = issue_tokens("officer-w1", device_id="phone-A")
    other_phone = issue_tokens("officer-w1", device_id="phone-B")
    order = ["victim", "attacker"] if first == "victim" else ["attacker", "victim"]
    answers = {who: client.post(REFRESH, headers=bearer(stolen["refresh_token"]))
               for who in order}
    assert answers[order[0]].status_code == 200
    assert answers[order[1]].status_code == 401
    winner = answers[order[0]].get_json()
    for token in (winner["access_token"], stolen["access_token"]):
        assert client.get(ME, headers=bearer(token)).status_code == 401
    assert client.post(REFRESH, headers=bearer(winner["refresh_token"])).status_code == 401
    family = db.session.scalar(select(TokenFamily).where(TokenFamily.device_id == "phone-A"))
    assert family.revoked_reason == "refresh_reuse"
    assert client.get(ME, headers=bearer(other_phone["access_token"])).status_code == 200


def test_refresh_never_extends_the_login_beyond_its_absolute_expiry(world, client, issue_tokens):
    pair = issue_tokens("officer-w1", device_id="phone-A")
    family = db.session.scalar(select(TokenFamily).where(TokenFamily.device_id == "phone-A"))
    deadline = family.expires_at
    assert timedelta(days=89) < deadline - family.created_at <= timedelta(days=90)
    for _ in range(3):
        pair = client.post(REFRESH, headers=bearer(pair["refresh_token"])).get_json()
    db.session.expire_all()
    assert family.expires_at == deadline
    spans = db.session.scalars(select(RefreshToken.expires_at)
                               .where(RefreshToken.family_id == family.id)).all()
    assert len(spans) == 4 and max(spans) <= deadline


def test_a_login_past_its_absolute_expiry_is_dead(world, client, issue_tokens):
    pair = issue_tokens("officer-w1", device_id="phone-A")
    family = db.session.scalar(select(TokenFamily).where(TokenFamily.device_id == "phone-A"))
    family.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert client.post(REFRESH, headers=bearer(pair["refresh_token"])).status_code == 401
    assert client.get(ME, headers=bearer(pair["access_token"])).status_code == 401


# ---- passwords -------------------------------------------------------------------------------

def _deep_common():
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return [p for p in FREQUENCY_LISTS["passwords"] if len(p) >= 8][-1]


@pytest.mark.parametrize("password,error", [
    ("ngắn7kt", "too_short"),
    ("x" * 65, "too_long"),
    ("password1", "too_common"),
    ("BASEBALL", "too_common"),
    ("matkhau123", "too_common"),
    (_deep_common(), "too_common"),
    ("tổdânphố", None),          # 8 characters
    ("y" * 64, None),
])
def test_password_policy_on_new_users(world, client, issue_tokens, password, error):
    res = client.post("/api/v1/users", json={"username": "new-officer", "full_name": "Mới",
                                             "role": "officer", "password": password},
                      headers=bearer(issue_tokens("commander-w1")["access_token"]))
    created = db.session.scalar(select(User).where(User.username == "new-officer"))
    if error:
        assert res.status_code == 422 and res.get_json()["errors"] == {"password": [error]}
        assert created is None
    else:
        assert res.status_code == 201 and created is not None


# ---- headers, CSP, CORS ----------------------------------------------------------------------

@pytest.fixture
def pwa_app(app, tmp_path):
    (tmp_path / "index.html").write_text("<!doctype html><script type=module src=js/app.js>"
                                         "</script>", encoding="utf-8")
    app.config["PWA_DIR"] = str(tmp_path)
    return app


@pytest.mark.parametrize("path", ["/", "/api/v1/wards", "/api/v1/openapi.json", "/healthz"])
def test_strict_security_headers_everywhere(pwa_app, path):
    res = pwa_app.test_client().get(path)
    h = res.headers
    assert h["X-Content-Type-Options"] == "nosniff"
    assert h["X-Frame-Options"] == "DENY"
    assert h["Referrer-Policy"] == "no-referrer"
    assert h["Strict-Transport-Security"].startswith("max-age=")
    csp = dict(d.strip().split(" ", 1) for d in h["Content-Security-Policy"].split(";"))
    assert csp["default-src"] == "'self'" and csp["script-src"] == "'self'"
    assert csp["object-src"] == "'none'" and csp["frame-ancestors"] == "'none'"
    assert csp["base-uri"] == "'none'"
    assert "unsafe" not in h["Content-Security-Policy"]
    if path.startswith("/api/"):
        assert h["Cache-Control"] == "no-store"


def test_the_pwa_has_no_inline_script_or_handler():
    """The CSP allows no inline script: every page's scripts are files, no on*= handlers."""
    import re

    pages = list((ROOT / "pwa").rglob("*.html"))
    pages = [p for p in pages if "vendor" not in p.parts]
    for page in pages:
        html = page.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", html, flags=re.I):
            assert re.search(r"\bsrc=", tag), f"{page}: inline {tag}"
        assert not re.search(r"\son[a-z]+\s*=", html, flags=re.I), f"{page}: inline handler"
        assert "javascript:" not in html.lower(), page


@pytest.mark.parametrize("configured,origin,allowed", [
    ([], "https://evil.example", False),
    ([], "https://tinh.example.vn", False),
    (["https://tinh.example.vn"], "https://tinh.example.vn", True),
    (["https://tinh.example.vn"], "https://evil.example", False),
    (["https://tinh.example.vn"], "https://tinh.example.vn.evil.example", False),
])
def test_cors_is_closed_unless_the_origin_is_configured(app, world, issue_tokens, configured,
                                                       origin, allowed):
    app.config["CORS_ORIGINS"] = configured
    client = app.test_client()
    preflight = client.options("/api/v1/wards", headers={
        "Origin": origin, "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "authorization"})
    actual = client.get("/api/v1/wards", headers={
        "Origin": origin, **bearer(issue_tokens("officer-w1")["access_token"])})
    for res in (preflight, actual):
        assert (res.headers.get("Access-Control-Allow-Origin") == origin) == allowed
        assert "Access-Control-Allow-Credentials" not in res.headers
    if allowed:
        assert "authorization" in preflight.headers["Access-Control-Allow-Headers"].lower()
        assert "Origin" in actual.headers["Vary"]


# ---- a stolen phone --------------------------------------------------------------------------

@pytest.mark.parametrize("action", ["revoke_sessions", "deactivate"])
def test_commander_ends_every_session_of_a_stolen_phone(world, client, issue_tokens, action):
    phones = [issue_tokens("officer-w1", device_id=d) for d in ("phone-stolen", "phone-old")]
    commander = bearer(issue_tokens("commander-w1")["access_token"])
    officer_id = world.users["officer-w1"].id
    listed = client.get(f"/api/v1/users/{officer_id}/sessions", headers=commander).get_json()
    assert {s["device_id"] for s in listed} == {"phone-stolen", "phone-old"}
    if action == "revoke_sessions":
        res = client.delete(f"/api/v1/users/{officer_id}/sessions", headers=commander)
        assert res.status_code == 204
    else:
        res = client.patch(f"/api/v1/users/{officer_id}", json={"active": False}, headers=commander)
        assert res.status_code == 200
    for pair in phones:
        assert client.get(ME, headers=bearer(pair["access_token"])).status_code == 401
        assert client.post(REFRESH, headers=bearer(pair["refresh_token"])).status_code == 401
    assert client.get(f"/api/v1/users/{officer_id}/sessions", headers=commander).get_json() == []
    relogin = client.post(LOGIN, json={"username": "officer-w1", "password": PASSWORD})
    assert relogin.status_code == (200 if action == "revoke_sessions" else 401)
