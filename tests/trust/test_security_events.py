"""Security events in the audit log: logins and their failures, throttling, refresh-token reuse,
logouts, refused authorisation; commanders read their ward's, admins their province's; officers
read an event's history without other people's address, browser or device."""
import json

import pytest
from sqlalchemy import select

from server.audit.models import AuditEntry
from server.extensions import db
from tests.factories import PASSWORD, event_payload
from tests.outreach.helpers import sync
from tests.trust.conftest import bearer

LOGIN, REFRESH, LOGOUT = "/api/v1/auth/login", "/api/v1/auth/refresh", "/api/v1/auth/logout"
PHONE = {"X-Device-Id": "phone-officer", "User-Agent": "OutreachPWA/1.0 (Android 14)"}


def actions(user=None):
    db.session.expire_all()
    query = select(AuditEntry).where(AuditEntry.entity == "user").order_by(AuditEntry.id)
    if user is not None:
        query = query.where(AuditEntry.entity_id == str(user.id))
    return db.session.scalars(query).all()


def test_a_login_is_recorded_with_its_user_and_device(world, client):
    res = client.post(LOGIN, json={"username": "officer-w1", "password": PASSWORD}, headers=PHONE)
    assert res.status_code == 200
    officer = world.users["officer-w1"]
    [entry] = actions(officer)
    assert (entry.action, entry.actor_id, entry.ward_id) == ("login", officer.id, officer.ward_id)
    assert entry.device_id == "phone-officer" and entry.remote_addr == "127.0.0.1"


@pytest.mark.parametrize("username,entity_id", [("officer-w1", "officer"), (" Nobody-Here ", "-")])
def test_a_failed_login_keeps_the_username_typed_never_the_password(world, client, username,
                                                                    entity_id):
    res = client.post(LOGIN, json={"username": username, "password": "s3cret-typed-wrong"})
    assert res.status_code == 401
    [entry] = [e for e in actions() if e.action == "login_failed"]
    expected_id = str(world.users["officer-w1"].id) if entity_id == "officer" else "-"
    assert entry.entity_id == expected_id
    assert entry.changes["username"] == [None, username.strip()]
    assert entry.actor_id is None
    assert "s3cret-typed-wrong" not in json.dumps(entry.changes)


def test_throttling_is_recorded(world, client):
    for _ in range(6):
        client.post(LOGIN, json={"username": "officer-w1", "password": "wrong password"})
    officer_entries = actions(world.users["officer-w1"])
    assert [e.action for e in officer_entries].count("login_failed") == 5
    assert "throttled" in [e.action for e in officer_entries]


def test_refresh_token_reuse_is_recorded_and_ends_the_login(world, client, issue_tokens):
    tokens = issue_tokens("officer-w1")
    assert client.post(REFRESH, headers=bearer(tokens["refresh_token"])).status_code == 200
    assert client.post(REFRESH, headers=bearer(tokens["refresh_token"])).status_code == 401
    [entry] = [e for e in actions(world.users["officer-w1"]) if e.action == "refresh_reuse"]
    assert entry.ward_id == world.users["officer-w1"].ward_id
    assert client.get("/api/v1/me", headers=bearer(tokens["access_token"])).status_code == 401


def test_logout_is_recorded(world, client, issue_tokens):
    tokens = issue_tokens("officer-w1")
    assert client.post(LOGOUT, headers=bearer(tokens["access_token"])).status_code == 204
    assert [e.action for e in actions(world.users["officer-w1"])] == ["logout"]


@pytest.mark.parametrize("caller,url,status", [
    ("officer-w1", "/api/v1/users", 403),
    ("commander-w1", "/api/v1/wards/{w2}/metrics", 404),
    ("officer-w1", "/api/v1/events/{event_w2}", 404),
])
def test_refused_authorisation_is_recorded(world, client, issue_tokens, caller, url, status):
    other = event_payload(world.groups["g3"])
    sync(client, bearer(issue_tokens("officer-w2")["access_token"]), other)
    url = url.format(w2=world.wards["w2"].id, event_w2=other["id"])
    res = client.get(url, headers=bearer(issue_tokens(caller)["access_token"]))
    assert res.status_code == status
    [entry] = [e for e in actions(world.users[caller]) if e.action == "denied"]
    assert entry.actor_id == world.users[caller].id
    assert entry.changes == {"path": [None, url], "method": [None, "GET"],
                             "status": [None, status]}


def test_commanders_read_their_wards_security_events(world, client, issue_tokens):
    client.post(LOGIN, json={"username": "officer-w1", "password": "wrong password"})
    client.post(LOGIN, json={"username": "officer-w2", "password": "wrong password"})
    res = client.get(f"/api/v1/wards/{world.wards['w1'].id}/audit",
                     query_string={"entity": "user"},
                     headers=bearer(issue_tokens("commander-w1")["access_token"]))
    assert res.status_code == 200
    ids = {e["entity_id"] for e in res.get_json()["items"] if e["action"] == "login_failed"}
    assert ids == {str(world.users["officer-w1"].id)}


def test_admins_read_their_provinces_including_admins(world, client, issue_tokens):
    for username in ("admin-p1", "officer-w2", "admin-p2"):
        client.post(LOGIN, json={"username": username, "password": "wrong password"})
    res = client.get(f"/api/v1/provinces/{world.provinces['p1'].id}/audit",
                     headers=bearer(issue_tokens("admin-p1")["access_token"]))
    assert res.status_code == 200, res.get_json()
    ids = {e["entity_id"] for e in res.get_json()["items"] if e["action"] == "login_failed"}
    assert ids == {str(world.users["admin-p1"].id), str(world.users["officer-w2"].id)}
    for who in ("commander-w1", "admin-p2"):
        res = client.get(f"/api/v1/provinces/{world.provinces['p1'].id}/audit",
                         headers=bearer(issue_tokens(who)["access_token"]))
        assert res.status_code in (403, 404)


def test_officers_read_history_without_other_peoples_identifiers(world, client, issue_tokens):
    officer = {**bearer(issue_tokens("officer-w1")["access_token"]), **PHONE}
    event = event_payload(world.groups["g1"])
    sync(client, officer, event)
    commander = {**bearer(issue_tokens("commander-w1")["access_token"]),
                 "X-Device-Id": "commander-phone", "User-Agent": "CommanderBrowser/9"}
    res = client.post(f"/api/v1/events/{event['id']}/review",
                      json={"status": "returned", "comment": "Bổ sung số hộ"}, headers=commander)
    assert res.status_code == 200, res.get_json()
    mine, theirs = client.get(f"/api/v1/events/{event['id']}/history", headers=officer).get_json()
    assert mine["device_id"] == "phone-officer" and mine["user_agent"].startswith("OutreachPWA")
    assert (theirs["device_id"], theirs["user_agent"], theirs["remote_addr"]) == (None, None, None)
    assert theirs["actor_name"] == world.users["commander-w1"].full_name
    full = client.get(f"/api/v1/events/{event['id']}/history", headers=commander).get_json()
    assert full[1]["device_id"] == "commander-phone"
