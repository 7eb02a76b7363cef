"""Garbage from a phone or a script is a clear 4xx in the one error shape, never a 500.

The endpoint lists come from the app's URL map, so endpoints added later are covered too.
"""
import io
import uuid
from datetime import datetime

import pytest
from sqlalchemy import func, select

from server import create_app
from server.config import TestConfig
from server.outreach.models import Event
from server.extensions import db
from tests.factories import event_payload

_URL_APP = create_app(type("UrlMapOnly", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": "sqlite://"}))
HUGE = 2**31


def _api_rules():
    return sorted((r for r in _URL_APP.url_map.iter_rules() if r.rule.startswith("/api/")),
                  key=lambda r: r.rule)


def _url(rule, int_value=1):
    """The rule's path with every int argument set to `int_value` and every uuid to a new one."""
    values = {}
    for name, converter in rule._converters.items():
        kind = type(converter).__name__
        values[name] = uuid.uuid4() if kind == "UUIDConverter" else int_value
    with _URL_APP.test_request_context():
        return _URL_APP.url_for(rule.endpoint, **values)


def _cases(methods, need_int=False):
    for rule in _api_rules():
        if need_int and not any(type(c).__name__ == "DbIntConverter"
                                for c in rule._converters.values()):
            continue
        for method in sorted(rule.methods & set(methods)):
            yield pytest.param(method, rule, id=f"{method} {rule.rule}")


def assert_error_shape(res, code):
    body = res.get_json()
    assert res.status_code == code, body
    assert body["code"] == code and body["status"] and body["message"]


@pytest.mark.parametrize("method,rule", list(_cases({"GET", "POST", "PUT", "PATCH", "DELETE"},
                                                    need_int=True)))
def test_id_beyond_database_integer_is_404(method, rule):
    res = _URL_APP.test_client().open(_url(rule, HUGE), method=method)
    assert_error_shape(res, 404)


GARBAGE = {
    "deep_nesting": "[" * 100_000 + "]" * 100_000,
    "nan": '{"events": [NaN]}',
    "infinity": '{"events": [], "x": Infinity}',
    "float_overflow": '{"events": [], "x": 1e999}',
    "nul_escape": '{"username": "a\\u0000b", "password": "x", "events": []}',
    "truncated": '{"events": [',
    "not_utf8": b'{"events": "\xff\xfe"}',
}


@pytest.mark.parametrize("garbage", list(GARBAGE))
@pytest.mark.parametrize("method,rule", list(_cases({"POST", "PUT", "PATCH"})))
def test_malformed_json_body_is_400(method, rule, garbage):
    res = _URL_APP.test_client().open(_url(rule), method=method, data=GARBAGE[garbage],
                                      content_type="application/json")
    assert_error_shape(res, 400)


@pytest.mark.parametrize("method,rule", list(_cases({"POST", "PUT", "PATCH"})))
def test_body_of_another_type_is_415(method, rule):
    res = _URL_APP.test_client().open(_url(rule), method=method, data="username=a",
                                      content_type="application/x-www-form-urlencoded")
    assert_error_shape(res, 415)


def _undeclared(methods):
    for rule in _api_rules():
        for method in sorted(set(methods) - rule.methods):
            yield pytest.param(method, rule, id=f"{method} {rule.rule}")


@pytest.mark.parametrize("method,rule", list(_undeclared({"POST", "PUT", "PATCH"})))
def test_a_method_the_path_lacks_is_405_whatever_the_body(method, rule):
    res = _URL_APP.test_client().open(_url(rule), method=method, data="month=0000-00",
                                      content_type="application/x-www-form-urlencoded")
    assert_error_shape(res, 405)


def test_body_over_the_size_limit_is_413():
    big = '{"events": [' + ",".join(['{"note": "' + "x" * 1000 + '"}'] * 3000) + "]}"
    res = _URL_APP.test_client().post("/api/v1/events/sync", data=big,
                                      content_type="application/json")
    assert_error_shape(res, 413)


@pytest.mark.parametrize("query", ["cursor=%00", "kind=meeting%00", "from=2025-01-01%00",
                                   "x%00=1"])
def test_nul_in_the_query_is_400(query):
    res = _URL_APP.test_client().get(f"/api/v1/events?{query}")
    assert_error_shape(res, 400)


@pytest.mark.parametrize("path,param,user", [
    ("/api/v1/users", "ward_id", "admin-p1"),
    ("/api/v1/events", "ward_id", "admin-p1"),
    ("/api/v1/events", "group_id", "commander-w1"),
    ("/api/v1/events", "user_id", "commander-w1"),
])
def test_query_id_beyond_database_integer_is_422(world, login, client, path, param, user):
    res = client.get(f"{path}?{param}={HUGE}", headers=login(user))
    assert_error_shape(res, 422)
    assert param in res.get_json()["errors"]["query"]


def test_sync_with_huge_group_id_rejects_that_event_only(world, login, client):
    good = event_payload(world.groups["g1"])
    bad = event_payload(world.groups["g1"], group_id=HUGE)
    res = client.post("/api/v1/events/sync", json={"events": [bad, good]},
                      headers=login("officer-w1"))
    assert res.status_code == 200
    first, second = res.get_json()["results"]
    assert first["status"] == "rejected" and first["errors"]["group_id"] == ["out_of_range"]
    assert second["status"] == "created"
    assert db.session.scalar(select(func.count(Event.id))) == 1


def test_csv_with_nul_is_422_and_stores_nothing(world, login, client):
    from server.areas.models import ResidentialGroup

    ward = world.groups["g1"].ward
    before = db.session.scalar(select(func.count(ResidentialGroup.id)))
    data = {"file": (io.BytesIO("code,name\nT9,Tổ\x00 9\n".encode()), "groups.csv")}
    res = client.post(f"/api/v1/wards/{ward.id}/groups/import", data=data,
                      content_type="multipart/form-data", headers=login("commander-w1"))
    assert_error_shape(res, 422)
    assert db.session.scalar(select(func.count(ResidentialGroup.id))) == before


@pytest.mark.parametrize("path,fields", [
    ("/api/v1/users", ("created_at",)),
    ("/api/v1/users/{officer}/sessions", ("created_at", "last_used_at")),
])
def test_times_in_answers_carry_their_offset(world, login, client, path, fields):
    login("officer-w1")
    res = client.get(path.format(officer=world.users["officer-w1"].id),
                     headers=login("commander-w1"))
    assert res.status_code == 200 and res.get_json()
    for item in res.get_json():
        for name in fields:
            assert datetime.fromisoformat(item[name]).utcoffset() is not None, item
