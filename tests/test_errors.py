"""Every error, wherever it comes from, is JSON in the one shape of API.md (never HTML, never 500)."""
from datetime import timedelta

import jwt as pyjwt
import pytest
from sqlalchemy import select

from server.areas.models import Province
from server.errors import Conflict, NotFound
from server.extensions import db
from tests.factories import PASSWORD

SHAPE = {"code", "status", "message", "errors"}


def assert_shape(res, code):
    assert res.status_code == code, res.get_data(as_text=True)[:300]
    assert res.mimetype == "application/json"
    body = res.get_json()
    assert set(body) <= SHAPE and {"code", "status", "message"} <= set(body)
    assert body["code"] == code and body["status"] and body["message"]
    return body


@pytest.mark.parametrize("method,path,status", [
    ("GET", "/api/v1/nothing-here", 404),
    ("GET", "/api/v1/wards/99999", 404),
    ("DELETE", "/api/v1/wards", 405),
    ("PUT", "/api/v1/events/sync", 405),
])
def test_routing_errors(client, world, login, method, path, status):
    res = client.open(path, method=method, headers=login("commander-w1"))
    assert_shape(res, status)
    if status == 405:
        assert "Allow" in res.headers


def test_validation_error_names_the_field(client, world, login):
    res = client.post(f"/api/v1/wards/{world.wards['w1'].id}/groups", json={"name": "Tổ"},
                      headers=login("commander-w1"))
    body = assert_shape(res, 422)
    assert "code" in body["errors"]["json"]


def test_domain_error_shape(client, world, login):
    res = client.post(f"/api/v1/wards/{world.wards['w1'].id}/groups", json={"code": "G1", "name": "Tổ"},
                      headers=login("commander-w1"))
    assert assert_shape(res, 409)["errors"] == {"code": ["taken"]}


def _forged(**changes):
    claims = {"sub": "1", "type": "access", "fam": "x", "jti": "j", "fresh": False,
              "iat": 1_700_000_000, "nbf": 1_700_000_000, "exp": 4_000_000_000, **changes}
    return claims


@pytest.mark.parametrize("case", ["wrong_key", "alg_none", "garbage", "expired", "no_bearer"])
def test_jwt_errors_are_401_in_the_shape(app, client, world, case):
    if case == "wrong_key":
        token = pyjwt.encode(_forged(), "another-secret-of-enough-length-1234", algorithm="HS256")
    elif case == "alg_none":
        token = pyjwt.encode(_forged(), None, algorithm="none")
    elif case == "garbage":
        token = "a.b.c"
    elif case == "expired":
        app.config["JWT_ACCESS_TOKEN_EXPIRES"] = timedelta(seconds=-5)
        res = client.post("/api/v1/auth/login", json={"username": "officer-w1", "password": PASSWORD})
        token = res.get_json()["access_token"]
    else:
        res = client.get("/api/v1/me", headers={"Authorization": "Token abc"})
        assert_shape(res, 401)
        return
    res = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert_shape(res, 401)


def test_rate_limit_error_shape(client, world):
    for _ in range(5):
        client.post("/api/v1/auth/login", json={"username": "officer-w1", "password": "wrong-pass"})
    res = client.post("/api/v1/auth/login", json={"username": "officer-w1", "password": "wrong-pass"})
    assert_shape(res, 429)
    assert "Retry-After" in res.headers or "X-RateLimit-Reset" in res.headers


@pytest.mark.parametrize("data,content_type,status", [
    (b"{not json", "application/json", 400),
    (b'{"username": "a", "password": "b"}', "text/plain", 415),
    (b"x" * (3 * 1024 * 1024), "application/json", 413),
])
def test_body_errors(client, world, data, content_type, status):
    res = client.post("/api/v1/auth/login", data=data, content_type=content_type)
    assert_shape(res, status)


def test_an_unexpected_error_is_a_500_in_the_shape_and_rolls_back(app, client, world):
    def boom():
        db.session.add(Province(code="99", name="Tỉnh lỗi", short_name="Lỗi"))
        db.session.flush()
        raise RuntimeError("a bug")

    app.add_url_rule("/api/v1/test-boom", "test_boom", boom)
    res = client.get("/api/v1/test-boom")
    body = assert_shape(res, 500)
    assert "a bug" not in body["message"]  # no internals leak
    db.session.remove()
    assert db.session.scalar(select(Province).where(Province.code == "99")) is None


@pytest.mark.parametrize("error,code", [(NotFound("không có"), 404), (Conflict("trùng", {"x": ["taken"]}), 409)])
def test_domain_errors_raised_anywhere_render_alike(app, client, error, code):
    def view():
        raise error

    app.add_url_rule(f"/api/v1/test-raise-{code}", f"test_raise_{code}", view)
    body = assert_shape(client.get(f"/api/v1/test-raise-{code}"), code)
    assert body["message"] == error.message
