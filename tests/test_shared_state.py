"""Two app instances (separate gunicorn masters, as two machines) sharing one database, and Redis
when configured: a login throttle reached through one holds on the other, a login ended through
one is refused by the other, and the counters live where the configuration says, never in a
process."""
import time

import pytest
from sqlalchemy import func, select

from server import create_app
from server.counters import RateCounter
from server.extensions import db
from tests.browser.live_server import free_port
from tests.conftest import _config
from tests.factories import PASSWORD
from tests.instances import instances

LOGIN = "/api/v1/auth/login"
# The pair limit after three failures; the username slow-down after one, waiting one second.
LIMITS = {"LOGIN_FAILURE_LIMIT_PAIR": "3 per 15 minutes", "LOGIN_USER_FREE_FAILURES": "1",
          "LOGIN_USER_MAX_DELAY_S": "1"}


def login(instance, username, password="wrong password"):
    return instance.call("POST", LOGIN, {"username": username, "password": password})


# Without Redis on SQLite (one ward's machine), with Redis on PostgreSQL (the national set-up).
@pytest.mark.parametrize("database_url, store", [("sqlite", "database"), ("postgresql", "redis")],
                         indirect=["database_url"])
def test_two_instances_share_throttles_and_revocations(world, database_url, store, request,
                                                       tmp_path):
    env = {"DATABASE_URL": database_url, **LIMITS}
    if store == "redis":
        env["REDIS_URL"] = request.getfixturevalue("fresh_redis_url")
    with instances(2, env, tmp_path / "gunicorn.log") as (one, two):
        the_username_slow_down_crosses_instances(one, two)
        the_pair_limit_crosses_instances(one, two)
        a_logout_through_one_is_refused_by_the_other(one, two)
        assert 'endpoint="/api/v1/auth/login",method="POST",status="401"} 5.0' in \
            one.call("GET", "/metrics")[2]  # gunicorn's workers' figures, added up
    kept = db.session.scalar(select(func.count()).select_from(RateCounter))
    assert (kept > 0) == (store == "database")  # with Redis, nothing counts in the database


def the_username_slow_down_crosses_instances(one, two):
    assert login(one, "officer-w1")[0] == 401
    assert login(one, "officer-w1")[0] == 401  # past the free failure: a wait starts
    status, _, body = login(two, "officer-w1", PASSWORD)
    assert status == 429 and "đăng nhập sai" in body["message"], body  # the username's wait


def the_pair_limit_crosses_instances(one, two):
    assert [login(one, "officer-w2")[0] for _ in range(2)] == [401, 401]
    time.sleep(1.1)  # the username's one-second wait
    assert login(one, "officer-w2")[0] == 401  # the third failure of this pair
    status, _, body = login(two, "officer-w2", PASSWORD)
    assert status == 429 and "quá nhiều yêu cầu" in body["message"].lower(), body  # the limiter


def a_logout_through_one_is_refused_by_the_other(one, two):
    status, _, tokens = login(one, "officer-w3", PASSWORD)
    assert status == 200
    assert two.call("GET", "/api/v1/me", token=tokens["access_token"])[0] == 200
    assert one.call("POST", "/api/v1/auth/logout", token=tokens["access_token"])[0] == 204
    assert two.call("GET", "/api/v1/me", token=tokens["access_token"])[0] == 401
    assert two.call("POST", "/api/v1/auth/refresh", token=tokens["refresh_token"])[0] == 401


def test_a_login_while_redis_is_down_is_refused_with_503_not_500(world, database_url):
    """A Redis that is down or restarting: the login is answered 503 with a retry delay, in the
    one error shape, whether the limiter, the throttle or the success's clearing meets it."""
    gone = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    client = create_app(_config(database_url, REDIS_URL=gone)).test_client()
    res = client.post(LOGIN, json={"username": "officer-w1", "password": PASSWORD})
    body = res.get_json()
    assert res.status_code == 503 and body["code"] == 503, body
    assert "thử lại" in body["message"] and res.headers["Retry-After"] == "5"
