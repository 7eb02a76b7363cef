"""The audit log: every event edit and delete, and user changes, with who, when, what and from
which device; readable by the ward's commander and the province's admin; never editable."""
import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from server.audit.models import AuditEntry
from server.extensions import db
from tests.factories import event_payload
from tests.outreach.helpers import sync
from tests.trust.conftest import bearer

PHONE = {"X-Device-Id": "phone-7f3a", "User-Agent": "OutreachPWA/1.0 (Android 14)"}


def entries(**where):
    db.session.expire_all()
    return db.session.scalars(select(AuditEntry).filter_by(**where).order_by(AuditEntry.id)).all()


@pytest.fixture
def officer(world, issue_tokens):
    return {**bearer(issue_tokens("officer-w1")["access_token"]), **PHONE}


@pytest.fixture
def edited(world, client, officer):
    """An event created, then edited (households 8 → 12, note changed), then deleted."""
    event = event_payload(world.groups["g1"])
    sync(client, officer, event)
    sync(client, officer, {**event, "households_visited": 12, "note": "Thăm lại", "base_version": 1})
    sync(client, officer, {"id": event["id"], "deleted": True, "base_version": 2})
    return event


def test_create_edit_delete_are_each_recorded_with_who_what_and_device(world, edited):
    create, update, delete = entries(entity="event", entity_id=edited["id"])
    officer = world.users["officer-w1"]
    assert [e.action for e in (create, update, delete)] == ["create", "update", "delete"]
    assert [e.version for e in (create, update, delete)] == [1, 2, 3]
    assert update.changes == {"households_visited": [8, 12],
                              "note": ["Hướng dẫn cài VNeID", "Thăm lại"]}
    assert delete.changes == {"deleted": [False, True]}
    for entry in (create, update, delete):
        assert entry.actor_id == officer.id and entry.ward_id == officer.ward_id
        assert entry.device_id == "phone-7f3a" and entry.user_agent.startswith("OutreachPWA")
        assert entry.at is not None


def test_retries_rejections_and_conflicts_add_nothing(world, client, officer, edited):
    before = len(entries())
    fresh = event_payload(world.groups["g1"])
    sync(client, officer, fresh)
    results = sync(client, officer, fresh,  # a retried upload: unchanged
                   {**fresh, "attendees": 5, "base_version": 7},  # stale base: conflict
                   event_payload(world.groups["g3"]))  # another ward's group: rejected
    assert [r["status"] for r in results] == ["unchanged", "conflict", "rejected"]
    assert len(entries()) == before + 1  # only the first upload's create


def test_history_of_an_event_is_oldest_first(world, client, officer, edited, issue_tokens):
    for who in ("officer-w1", "commander-w1", "admin-p1"):
        res = client.get(f"/api/v1/events/{edited['id']}/history",
                         headers=bearer(issue_tokens(who)["access_token"]))
        assert res.status_code == 200
        body = res.get_json()
        assert [e["action"] for e in body] == ["create", "update", "delete"]
        assert body[1]["changes"]["households_visited"] == [8, 12]
        assert body[1]["actor_name"] == world.users["officer-w1"].full_name
        assert body[1]["device_id"] == "phone-7f3a"


@pytest.mark.parametrize("who,status", [("officer-w2", 404), ("commander-w2", 404),
                                        ("admin-p2", 404), ("volunteer-w1", 404)])
def test_history_is_not_shown_outside_the_event_scope(world, client, edited, issue_tokens,
                                                      who, status):
    res = client.get(f"/api/v1/events/{edited['id']}/history",
                     headers=bearer(issue_tokens(who)["access_token"]))
    assert res.status_code == status


@pytest.mark.parametrize("who,ward,status", [
    ("commander-w1", "w1", 200), ("admin-p1", "w1", 200), ("admin-p1", "w2", 200),
    ("officer-w1", "w1", 403), ("volunteer-w1", "w1", 403),
    ("commander-w2", "w1", 404), ("admin-p2", "w1", 404),
])
def test_ward_audit_is_for_its_commander_and_the_province_admin(world, client, edited,
                                                                issue_tokens, who, ward, status):
    res = client.get(f"/api/v1/wards/{world.wards[ward].id}/audit",
                     headers=bearer(issue_tokens(who)["access_token"]))
    assert res.status_code == status, res.get_json()
    if status == 200:
        items = res.get_json()["items"]
        assert all(e["entity_id"] == edited["id"] for e in items if e["entity"] == "event")
        assert len(items) == (3 if ward == "w1" else 0)


def test_ward_audit_pages_newest_first_and_filters(world, client, officer, issue_tokens):
    for _ in range(5):
        sync(client, officer, event_payload(world.groups["g1"]))
    commander = bearer(issue_tokens("commander-w1")["access_token"])
    url = f"/api/v1/wards/{world.wards['w1'].id}/audit"
    seen, cursor = [], None
    while True:
        res = client.get(url, query_string={"limit": 2, **({"cursor": cursor} if cursor else {})},
                         headers=commander)
        page = res.get_json()
        seen += [e["id"] for e in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == sorted(seen, reverse=True) and len(seen) == 5
    res = client.get(url, query_string={"entity": "user"}, headers=commander)
    assert res.get_json()["items"] == []


def test_user_changes_are_recorded(world, client, issue_tokens):
    commander = bearer(issue_tokens("commander-w1")["access_token"])
    target = world.users["officer-w1"]
    client.patch(f"/api/v1/users/{target.id}", json={"active": False, "full_name": "Mới"},
                 headers=commander)
    client.patch(f"/api/v1/users/{target.id}", json={"password": "một mật khẩu dài mới"},
                 headers=commander)
    client.delete(f"/api/v1/users/{target.id}/sessions", headers=commander)
    found = entries(entity="user", entity_id=str(target.id))
    assert [e.action for e in found] == ["update", "update", "revoke_sessions"]
    assert found[0].changes == {"active": [True, False],
                                "full_name": ["officer Phường Nha Trang", "Mới"]}
    assert found[1].changes == {"password": [None, "reset"]}
    assert {e.actor_id for e in found} == {world.users["commander-w1"].id}


def test_audit_urls_only_read(app):
    rules = [r for r in app.url_map.iter_rules() if "audit" in r.rule or "history" in r.rule]
    assert rules
    for rule in rules:
        assert rule.methods <= {"GET", "HEAD", "OPTIONS"}, rule


@pytest.mark.parametrize("statement", [
    "UPDATE audit_log SET action = 'create', changes = '{}'",
    "DELETE FROM audit_log",
])
def test_the_database_refuses_to_edit_or_delete_entries(world, edited, statement):
    count = db.session.scalar(select(func.count(AuditEntry.id)))
    with pytest.raises(DBAPIError, match="append-only"):
        db.session.execute(text(statement))
        db.session.flush()
    db.session.rollback()
    assert db.session.scalar(select(func.count(AuditEntry.id))) == count
    assert [e.action for e in entries(entity_id=edited["id"])] == ["create", "update", "delete"]
