"""Login throttling that cannot lock others out: per (username, address) pair, a progressive
slow-down per username instead of a lock-out, a per-address limit high enough for a station
behind one NAT, X-Forwarded-For only behind a configured proxy, counters in the shared store."""
import time

import pytest
from argon2 import PasswordHasher

from server import create_app
from server.config import Config
from server.extensions import db, limiter
from tests.conftest import _config
from tests.factories import PASSWORD

LOGIN = "/api/v1/auth/login"


def attempt(client, username, password="wrong password", addr="10.0.0.1", **headers):
    return client.post(LOGIN, json={"username": username, "password": password},
                       environ_base={"REMOTE_ADDR": addr}, headers=headers)


def test_the_pair_is_throttled_but_the_owner_elsewhere_is_not(world, client):
    for _ in range(5):
        assert attempt(client, "officer-w1", addr="10.0.0.66").status_code == 401
    blocked = attempt(client, "officer-w1", addr="10.0.0.66")
    assert blocked.status_code == 429 and blocked.get_json()["code"] == 429
    assert attempt(client, "officer-w1", PASSWORD, addr="10.0.9.9").status_code == 200


def test_a_username_is_slowed_down_progressively_never_locked(world, client):
    for i in range(5):  # five failures from five addresses: nothing happens yet
        assert attempt(client, "officer-w1", addr=f"10.0.1.{i}").status_code == 401
    assert attempt(client, "officer-w1", addr="10.0.1.5").status_code == 401  # the 6th failure
    waiting = attempt(client, "officer-w1", PASSWORD, addr="10.0.9.9")
    assert waiting.status_code == 429
    first_wait = int(waiting.headers["Retry-After"])
    assert 1 <= first_wait <= 2
    time.sleep(first_wait + 0.1)
    assert attempt(client, "officer-w1", addr="10.0.1.6").status_code == 401  # the 7th failure
    second_wait = int(attempt(client, "officer-w1", addr="10.0.9.9").headers["Retry-After"])
    assert first_wait < second_wait <= Config.LOGIN_USER_MAX_DELAY_S
    time.sleep(second_wait + 0.1)
    assert attempt(client, "officer-w1", PASSWORD, addr="10.0.9.9").status_code == 200
    # a success starts the count again
    assert attempt(client, "officer-w1", addr="10.0.1.7").status_code == 401
    assert attempt(client, "officer-w1", PASSWORD, addr="10.0.9.9").status_code == 200


def test_the_longest_wait_is_short(app):
    assert Config.LOGIN_USER_MAX_DELAY_S <= 60


def test_a_station_behind_one_address_is_not_locked_out(world, client):
    for i in range(40):  # more than the 30 that used to lock out the whole address
        assert attempt(client, f"guess-{i}").status_code == 401
    assert attempt(client, "officer-w1", PASSWORD).status_code == 200


def test_the_per_address_limit_still_holds(app, world, client):
    app.config["LOGIN_FAILURE_LIMIT_ADDR"] = "3 per 15 minutes"
    for i in range(3):
        assert attempt(client, f"guess-{i}").status_code == 401
    assert attempt(client, "officer-w1", PASSWORD).status_code == 429
    assert attempt(client, "officer-w1", PASSWORD, addr="10.0.0.2").status_code == 200


def test_forwarded_for_is_ignored_without_a_trusted_proxy(world, client):
    for i in range(5):
        attempt(client, "officer-w1", addr="10.0.0.1", **{"X-Forwarded-For": f"203.0.113.{i}"})
    res = attempt(client, "officer-w1", addr="10.0.0.1", **{"X-Forwarded-For": "203.0.113.99"})
    assert res.status_code == 429


def test_forwarded_for_counts_behind_a_trusted_proxy(database_url, world):
    proxied = create_app(_config(database_url, TRUSTED_PROXY_COUNT=1))
    client = proxied.test_client()
    with proxied.app_context():
        limiter.reset()
        for i in range(5):
            assert attempt(client, "officer-w1", addr="10.0.0.1",
                           **{"X-Forwarded-For": f"203.0.113.{i}"}).status_code == 401
        res = attempt(client, "officer-w1", PASSWORD, addr="10.0.0.1",
                      **{"X-Forwarded-For": "203.0.113.99"})
        assert res.status_code == 200


def test_the_counters_live_in_the_limiters_shared_storage(world, client):
    for i in range(6):
        attempt(client, "officer-w1", addr=f"10.0.1.{i}")
    assert attempt(client, "officer-w1", PASSWORD, addr="10.0.9.9").status_code == 429
    limiter.storage.reset()  # what every process shares (RATELIMIT_STORAGE_URI)
    assert attempt(client, "officer-w1", PASSWORD, addr="10.0.9.9").status_code == 200


@pytest.fixture
def verifications(monkeypatch):
    """Count argon2 verifications (the real ones still run)."""
    calls = []
    real = PasswordHasher.verify

    def counting(self, hash_, password):
        calls.append(hash_)
        return real(self, hash_, password)

    monkeypatch.setattr(PasswordHasher, "verify", counting)
    return calls


@pytest.mark.parametrize("case", ["wrong password", "unknown user", "deactivated user"])
def test_every_refusal_costs_one_argon2_verification(world, client, verifications, case):
    if case == "deactivated user":
        world.users["officer-w1"].active = False
        db.session.commit()
    username = "nobody-here" if case == "unknown user" else "officer-w1"
    password = "wrong password" if case == "wrong password" else PASSWORD
    assert attempt(client, username, password).status_code == 401
    assert len(verifications) == 1
