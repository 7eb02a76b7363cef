"""Closing a ward's month: sync refuses every write into it (old or new date), the report stays
as it was sent, an admin reopens it with a reason, and both are in the audit log."""
import pytest
from sqlalchemy import func, select

from server.audit.models import AuditEntry
from server.extensions import db
from server.periods import format_month, local_today, month_start, previous_month
from server.closures.models import PeriodClosure
from tests.metrics.helpers import event, post
from tests.metrics.helpers import vn as vn_time
from tests.outreach.helpers import sync
from tests.statements import statements_about


def _close(client, headers, ward, month="2025-03"):
    return client.put(f"/api/v1/wards/{ward.id}/closures/{month}", headers=headers)


@pytest.fixture
def march(client, world, as_user):
    """Two events of officer-w1: one in March 2025 (to be closed), one in April."""
    g1 = world.groups["g1"]
    in_march = event(g1, vn_time("2025-03-31 23:30"), "household_visit", households_visited=10)
    in_april = event(g1, vn_time("2025-04-01 00:30"), "household_visit", households_visited=4)
    post(client, as_user("officer-w1"), in_march, in_april)
    return in_march, in_april


def test_a_closed_month_refuses_creates_edits_moves_and_deletes(client, world, as_user, march):
    in_march, in_april = march
    officer, w1 = as_user("officer-w1"), world.wards["w1"]
    res = _close(client, as_user("commander-w1"), w1)
    assert res.status_code == 200
    assert res.get_json()["month"] == "2025-03" and res.get_json()["closed"] is True
    g1 = world.groups["g1"]
    new = event(g1, vn_time("2025-03-15 10:00"), "meeting", attendees=30)
    edit = {**in_march, "households_visited": 11, "base_version": 1}
    delete = {"id": in_march["id"], "deleted": True, "base_version": 1}
    move_in = {**in_april, "occurred_at": vn_time("2025-03-20 10:00"), "base_version": 1}
    retry = dict(in_march)  # the same content again: a lost answer, still answered unchanged
    results = sync(client, officer, new, edit, delete, move_in, retry)
    assert [r["status"] for r in results] == ["rejected"] * 4 + ["unchanged"]
    assert all(r["errors"] == {"occurred_at": ["period_closed"]} for r in results[:4])
    # April is open: an edit there, and a new event in another ward's March, go through.
    april_edit = {**in_april, "households_visited": 5, "base_version": 1}
    assert [r["status"] for r in sync(client, officer, april_edit)] == ["updated"]
    other = event(world.groups["g3"], vn_time("2025-03-15 10:00"), "meeting", attendees=30)
    assert [r["status"] for r in sync(client, as_user("officer-w2"), other)] == ["created"]
    # Moving the March event out of March is a write into March too.
    move_out = {**in_march, "occurred_at": vn_time("2025-04-02 10:00"), "base_version": 1}
    assert sync(client, officer, move_out)[0]["errors"] == {"occurred_at": ["period_closed"]}


def test_the_batch_reads_closed_months_once(client, world, as_user, march, app):
    _close(client, as_user("commander-w1"), world.wards["w1"])
    g1 = world.groups["g1"]
    batch = [event(g1, vn_time(f"2025-03-{d:02d} 10:00"), "meeting", attendees=5) for d in range(1, 29)]
    with statements_about("period_closures") as statements:
        results = sync(client, as_user("officer-w1"), *batch)
    assert {r["status"] for r in results} == {"rejected"}
    assert len(statements) == 1


def test_a_closed_months_report_stays_as_sent(client, world, as_user, march):
    commander, admin, w1 = as_user("commander-w1"), as_user("admin-p1"), world.wards["w1"]
    url = f"/api/v1/wards/{w1.id}/report?from=2025-03-01&to=2025-04-01&format=csv"
    before = client.get(url, headers=commander).get_data(as_text=True)
    assert _close(client, commander, w1).status_code == 200
    # Figures that are not events change after closing: the report does not.
    res = client.put(f"/api/v1/wards/{w1.id}/filing-stats/2025-03", headers=commander,
                     json={"rows": [{"service_group": "residence", "total": 100, "online": 90,
                                     "in_person": 10}]})
    assert res.status_code == 200
    kept = client.get(url, headers=commander).get_data(as_text=True)
    assert _without_time(kept) == _without_time(before)
    html = client.get(url.replace("csv", "html"), headers=commander).get_data(as_text=True)
    assert "Số liệu đã chốt ngày" in html and "90,00" not in html
    # Reopened, the report is computed again and shows the new figures.
    res = client.post(f"/api/v1/wards/{w1.id}/closures/2025-03/reopen", headers=admin,
                      json={"reason": "Bổ sung số liệu hồ sơ tháng 3"})
    assert res.status_code == 200 and res.get_json()["closed"] is False
    html = client.get(url.replace("csv", "html"), headers=commander).get_data(as_text=True)
    assert "tỷ lệ hồ sơ trực tuyến đạt 90,00 %" in html and "Số liệu đã chốt" not in html
    # And sync writes into March again.
    in_march = {**march[0], "households_visited": 12, "base_version": 1}
    assert sync(client, as_user("officer-w1"), in_march)[0]["status"] == "updated"


def _without_time(text):
    return [line for line in text.splitlines() if "ngày" not in line.lower()][1:]


def test_closing_and_reopening_are_audited_and_listed(client, world, as_user):
    commander, admin, w1 = as_user("commander-w1"), as_user("admin-p1"), world.wards["w1"]
    assert _close(client, commander, w1).status_code == 200
    assert _close(client, commander, w1).status_code == 200  # a retry changes nothing
    reopen = f"/api/v1/wards/{w1.id}/closures/2025-03/reopen"
    assert client.post(reopen, headers=commander, json={"reason": "Sửa số liệu"}).status_code == 403
    assert client.post(reopen, headers=admin, json={}).status_code == 422
    assert client.post(reopen, headers=admin, json={"reason": "Sửa số liệu sai"}).status_code == 200
    res = client.post(reopen, headers=admin, json={"reason": "Sửa số liệu sai"})
    assert res.status_code == 409 and res.get_json()["errors"] == {"month": ["not_closed"]}
    assert _close(client, commander, w1).status_code == 200
    listed = client.get(f"/api/v1/wards/{w1.id}/closures", headers=commander).get_json()
    assert [(c["month"], c["closed"], c["reopen_reason"]) for c in listed] == [
        ("2025-03", True, "Sửa số liệu sai")]
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.entity == "period")
                                 .order_by(AuditEntry.id)).all()
    assert [(e.action, e.entity_id, e.ward_id) for e in entries] == [
        ("close", "2025-03", w1.id), ("reopen", "2025-03", w1.id), ("close", "2025-03", w1.id)]
    assert entries[1].changes["reason"] == [None, "Sửa số liệu sai"]
    assert entries[1].actor_id == world.users["admin-p1"].id
    audit = client.get(f"/api/v1/wards/{w1.id}/audit?entity=period", headers=commander).get_json()
    assert [e["action"] for e in audit["items"]] == ["close", "reopen", "close"]
    assert db.session.scalar(select(func.count()).select_from(PeriodClosure)) == 1


@pytest.mark.parametrize("month, status", [("2999-01", 422), ("2025-13", 422), ("march", 422)])
def test_future_or_malformed_months_cannot_be_closed(client, world, as_user, month, status):
    res = _close(client, as_user("commander-w1"), world.wards["w1"], month)
    assert res.status_code == status and "message" in res.get_json()


def test_only_managers_of_the_ward_close_it(client, world, as_user):
    w1 = world.wards["w1"]
    assert _close(client, as_user("officer-w1"), w1).status_code == 403
    assert _close(client, as_user("commander-w2"), w1).status_code == 404
    assert _close(client, as_user("admin-p2"), w1).status_code == 404
    assert _close(client, as_user("admin-p1"), w1).status_code == 200


def test_a_month_still_running_cannot_be_closed(client, world, as_user):
    commander, w1 = as_user("commander-w1"), world.wards["w1"]
    this_month = month_start(local_today())
    res = _close(client, commander, w1, format_month(this_month))
    assert res.status_code == 422
    body = res.get_json()
    assert body["code"] == 422 and body["errors"] == {"month": ["month_not_ended"]}
    assert "đã kết thúc" in body["message"]
    assert _close(client, commander, w1, format_month(previous_month(this_month))).status_code == 200


def test_everyone_of_the_ward_reads_its_closed_months(client, world, as_user):
    commander, admin, w1 = as_user("commander-w1"), as_user("admin-p1"), world.wards["w1"]
    url = f"/api/v1/wards/{w1.id}/closed-months"
    for month in ("2025-03", "2025-01"):
        assert _close(client, commander, w1, month).status_code == 200
    assert client.post(f"/api/v1/wards/{w1.id}/closures/2025-03/reopen", headers=admin,
                       json={"reason": "Bổ sung số liệu"}).status_code == 200
    for user in ("officer-w1", "volunteer-w1", "commander-w1", "admin-p1"):
        res = client.get(url, headers=as_user(user))
        assert res.status_code == 200 and res.get_json() == {"ward_id": w1.id, "months": ["2025-01"]}
    res = client.get(url, headers=as_user("officer-w2"))
    assert res.status_code == 404 and "message" in res.get_json()
