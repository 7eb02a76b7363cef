"""The phone's store stays small after a year of use: sent events older than 60 days are pruned
on a sync, while an event that never reached the server is never dropped by the app."""
import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.browser.conftest import PHONE
from tests.browser.live_server import DEMO_PASSWORD
from tests.browser.phone import IDB, Phone, wait_for_async

pytestmark = pytest.mark.browser

KEEP_DAYS = 60


def old_record(user_id, days_ago, state):
    when = (datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")) - timedelta(days=days_ago)).replace(microsecond=0)
    fields = {"kind": "leaflet_drop", "group_id": None, "occurred_at": when.isoformat(), "duration_min": 30,
              "attendees": 0, "households_visited": 0, "people_assisted": 0, "vneid_installs": 0,
              "vneid_activations": 0, "dvc_filings": 0, "leaflets": 90, "online_reach": 0,
              "lat": None, "lon": None, "accuracy_m": None, "note": None}
    return {"id": str(uuid.uuid4()), "userId": user_id, "fields": fields, "deleted": False,
            "version": 1 if state == "sent" else None, "acked": fields if state == "sent" else None,
            "state": state, "errors": {"occurred_at": ["too_old"]} if state == "rejected" else None,
            "server": None, "updatedAt": when.isoformat(), "sentAt": when.isoformat() if state == "sent" else None}


def test_sent_events_older_than_60_days_are_pruned_and_unsent_ones_kept(server, phone_context):
    page = phone_context.new_page()
    phone = Phone(page, server)
    phone.sign_in("demo-officer-4")
    user_id = phone.session()["user"]["id"]
    sent_long_ago = old_record(user_id, 200, "sent")
    refused_long_ago = old_record(user_id, 200, "rejected")  # never reached the server
    phone.store("events", sent_long_ago)
    phone.store("events", refused_long_ago)
    phone.store("outbox", {"id": refused_long_ago["id"], "userId": user_id, "payload": {},
                           "rev": 1, "queuedAt": 0, "attempts": 1, "held": "rejected"})
    states = phone.states()
    assert states[sent_long_ago["id"]] == "sent" and states[refused_long_ago["id"]] == "rejected"

    phone.sync_now()  # a sync refreshes the user's list and prunes
    page.wait_for_function("id => !document.querySelector(`.event-item[data-id='${id}']`)",
                           arg=sent_long_ago["id"])
    kept = {r["id"]: r for r in phone.stored_all("events") if r["userId"] == user_id}
    assert sent_long_ago["id"] not in kept
    assert kept[refused_long_ago["id"]]["state"] == "rejected"
    cutoff = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")) - timedelta(days=KEEP_DAYS, hours=1)
    sent = [r for r in kept.values() if r["state"] == "sent"]
    assert sent and all(datetime.fromisoformat(r["fields"]["occurred_at"]) >= cutoff for r in sent)
    seeded = server.query("SELECT COUNT(*) AS n FROM events e JOIN users u ON u.id = e.author_id "
                          "WHERE u.username = 'demo-officer-4' AND e.deleted = 0")[0]["n"]
    assert len(sent) < seeded  # the server has 90 days of this officer's events; the phone keeps 60
    assert phone.errors == []


def test_signing_out_works_offline_and_the_login_is_ended_on_the_server_later(server, browser):
    context = browser.new_context(**PHONE)  # with its service worker: the app works offline
    context.set_default_timeout(15000)
    try:
        page = context.new_page()
        phone = Phone(page, server)
        phone.sign_in("demo-volunteer-3")
        page.wait_for_selector("html[data-offline-ready]")
        refresh = phone.session()["refreshToken"]
        context.set_offline(True)
        phone.go("account")
        page.get_by_role("button", name="Đăng xuất").click()  # nothing waiting: no question asked
        page.get_by_label("Tên đăng nhập").wait_for()
        assert phone.session() is None
        assert phone.stored_all("events") == []  # the next user of the phone sees nothing
        assert (phone.stored("kv", "revoke") or []) == [refresh]  # to tell the server when it can

        context.set_offline(False)  # back in signal: the next sign-in also ends the old login
        page.get_by_label("Tên đăng nhập").fill("demo-volunteer-3")
        page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_selector('[data-kind="meeting"]')
        wait_for_async(page, f"() => ({IDB})(['kv', 'get', 'revoke', null]).then((left) => (left || []).length === 0)")
        status, _ = server.api("POST", "/auth/refresh", token=refresh)
        assert status == 401
        assert phone.errors == []
    finally:
        context.close()


def test_a_screen_that_cannot_load_offline_says_so(server, phone_context):
    """Offline before the service worker has saved the app (here: service workers blocked), a
    tap on a screen whose file is not loaded yet answers with a message and "Thử lại"."""
    page = phone_context.new_page()
    phone = Phone(page, server)
    phone.sign_in("demo-volunteer-3")
    phone_context.set_offline(True)
    phone.go("account")
    page.get_by_text("Chưa mở được màn hình này.").wait_for()
    phone_context.set_offline(False)
    page.get_by_role("button", name="Thử lại").click()
    page.get_by_role("button", name="Đăng xuất").wait_for()
    assert phone.errors == []  # handled: nothing left uncaught
