"""Sync in real Chromium: a lost answer, tokens that die, and a phone shared by two users."""
import json
import time

import pytest
from playwright.sync_api import expect

from tests.browser.live_server import DEMO_PASSWORD
from tests.browser.phone import MANAGER_READY, Phone

pytestmark = pytest.mark.browser

SYNC = "**/api/v1/events/sync"


def lose_first_answer(page):
    """Let the first sync request reach the server, then drop its answer on the way back."""
    lost = []

    def handler(route):
        if lost:
            route.continue_()
            return
        lost.append(route.fetch().status)  # the server stores the batch and answers...
        route.abort()                       # ...and the phone never hears it

    page.route(SYNC, handler)
    return lost


def wait_failed_attempt(phone):
    phone.page.wait_for_function(
        "() => document.getElementById('sync-status').textContent.includes('Chưa kết nối được máy chủ')")


@pytest.mark.parametrize("edit_before_retry", [False, True], ids=["retry", "edit-then-retry"])
def test_a_lost_answer_creates_no_duplicate(server, phone_context, edit_before_retry):
    phone = Phone(phone_context.new_page(), server)
    phone.sign_in("demo-officer-2")
    before = len(server.events_of("demo-officer-2"))
    lost = lose_first_answer(phone.page)
    outbox_sizes = []  # what the phone tells the server's figures (X-Outbox-Size)
    phone.page.on("request", lambda r: r.url.endswith("/events/sync")
                  and outbox_sizes.append(r.headers.get("x-outbox-size")))

    phone.log("meeting", {"attendees": 30}, group=2)
    wait_failed_attempt(phone)
    assert lost == [200] and outbox_sizes[0] == "1"
    assert len(server.events_of("demo-officer-2")) == before + 1  # stored, answer lost
    assert phone.waiting() == 1                                  # so the phone still holds it
    (event_id,) = [i for i, s in phone.states().items() if s == "pending"]

    if edit_before_retry:  # edited before ever hearing back: sent again with no base_version
        phone.go(f"events/{event_id}/edit")
        phone.page.locator('input[name="attendees"]').fill("35")
        phone.page.get_by_role("button", name="Lưu thay đổi").click()
        phone.page.wait_for_url(f"**/#/events/{event_id}")
    phone.sync_now()
    phone.wait_waiting(0)
    phone.wait_state(event_id, "sent")

    rows = [r for r in server.events_of("demo-officer-2") if r["id"] == event_id]
    assert len(server.events_of("demo-officer-2")) == before + 1
    assert [(r["attendees"], r["version"]) for r in rows] == ([(35, 2)] if edit_before_retry else [(30, 1)])
    assert phone.errors == []


def test_dead_tokens_never_block_logging_and_lose_nothing(server, phone_context, screens_dir):
    phone = Phone(phone_context.new_page(), server, screens_dir)
    phone.sign_in("demo-commander", ready=MANAGER_READY)
    before = len(server.events_of("demo-commander"))

    session = phone.session()
    phone.set_session({**session, "accessToken": server.expired(session["accessToken"])})
    phone.log("support_session", {"people_assisted": 20, "vneid_activations": 6}, group=0)
    phone.wait_waiting(0)  # 401 → refreshed → sent
    assert len(server.events_of("demo-commander")) == before + 1
    assert phone.session()["refreshToken"] != session["refreshToken"]

    status, _ = server.api("POST", "/auth/logout", token=phone.session()["refreshToken"])
    assert status == 204  # e.g. the commander's phone session ended from elsewhere: both tokens dead
    phone.log("leaflet_drop", {"leaflets": 150}, group=1)
    phone.page.get_by_text("Phiên đăng nhập đã hết hạn").wait_for()
    phone.log("digital_post", {"online_reach": 900}, group=None)  # logging still works
    phone.wait_waiting(2)
    phone.shot("session-expired-banner")
    assert len(server.events_of("demo-commander")) == before + 1

    phone.page.get_by_role("link", name="Đăng nhập lại").click()
    assert phone.page.get_by_label("Tên đăng nhập").input_value() == "demo-commander"
    phone.page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    phone.page.get_by_role("button", name="Đăng nhập").click()
    phone.page.wait_for_selector('[data-kind="meeting"]')  # signed in again (the status line is the old session's until then)
    phone.wait_waiting(0)
    kinds = sorted(r["kind"] for r in server.events_of("demo-commander"))
    assert len(kinds) == before + 3
    assert {"leaflet_drop", "digital_post", "support_session"} <= set(kinds)
    assert phone.errors == []


def test_a_shared_phone_sends_each_users_events_only_under_their_account(server, phone_context, screens_dir):
    phone = Phone(phone_context.new_page(), server, screens_dir)
    sent_bodies = []
    phone.page.on("request", lambda r: sent_bodies.append(
        (r.headers.get("authorization"), json.loads(r.post_data))) if r.url.endswith("/events/sync") else None)
    phone.sign_in("demo-volunteer")
    phone.page.route(SYNC, lambda route: route.abort())  # no signal
    phone.log("leaflet_drop", {"leaflets": 120}, group=0)
    phone.wait_waiting(1)
    (a_event,) = [i for i, s in phone.states().items() if s == "pending"]

    phone.go("account")
    phone.page.get_by_role("button", name="Đăng xuất").click()
    phone.page.get_by_text("Còn 1 hoạt động chưa lên máy chủ").wait_for()
    phone.shot("logout-warning")
    phone.page.get_by_role("button", name="Vẫn đăng xuất").click()
    phone.page.get_by_label("Tên đăng nhập").wait_for()
    phone.page.unroute(SYNC)

    phone.page.get_by_label("Tên đăng nhập").fill("demo-volunteer-2")
    phone.page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    phone.page.get_by_role("button", name="Đăng nhập").click()
    phone.page.wait_for_selector('[data-kind="meeting"]')
    b_states = phone.states()
    assert a_event not in b_states and "pending" not in b_states.values()
    phone.sync_now()
    phone.wait_waiting(0)
    b_token = phone.session()["accessToken"]
    assert all(a_event not in json.dumps(body) for auth, body in sent_bodies if auth == f"Bearer {b_token}")
    assert not server.query("SELECT id FROM events WHERE id = ?", a_event)

    phone.go("account")
    phone.page.get_by_role("button", name="Đăng xuất").click()
    phone.page.get_by_label("Tên đăng nhập").fill("demo-volunteer")
    phone.page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    phone.page.get_by_role("button", name="Đăng nhập").click()
    phone.page.wait_for_selector('[data-kind="meeting"]')  # signed in (the status line is the last user's until then)
    phone.wait_waiting(0)
    phone.wait_state(a_event, "sent")
    (row,) = server.query("SELECT u.username, e.leaflets FROM events e JOIN users u ON u.id = e.author_id "
                          "WHERE e.id = ?", a_event)
    assert row == {"username": "demo-volunteer", "leaflets": 120}
    assert phone.errors == []


def sync_state(phone):
    return phone.stored("kv", f"sync:{phone.session()['user']['id']}") or {}


def outage(phone, failures, timeout_s=60):
    """Stop the server for real, log an event, then run the phone's clock on (Playwright's fake
    clock, installed once the form is left) until it has failed `failures` times to reach the
    server; returns the phone's sync state then. The back-off's minutes pass in a few seconds."""
    phone.go("log")  # the form's module is loaded while the server is up (no service worker here)
    phone.page.wait_for_selector(".event-form")
    phone.server.stop()
    phone.log("meeting", {"attendees": 12}, group=0)
    phone.page.clock.install()
    deadline = time.monotonic() + timeout_s
    while (sync_state(phone).get("failures") or 0) < failures:
        assert time.monotonic() < deadline, f"{sync_state(phone)} after {timeout_s} s"
        phone.page.clock.run_for(2_000)
        time.sleep(0.2)
    return sync_state(phone)


def test_after_a_long_outage_the_phone_sends_within_half_a_minute_by_itself(server, phone_context, screens_dir):
    phone = Phone(phone_context.new_page(), server, screens_dir)
    phone.sign_in("demo-officer-2")
    before = len(server.events_of("demo-officer-2"))
    state = outage(phone, failures=5)  # 5 + 10 + 20 + 30 s of failed tries
    assert state["nextAttemptAt"] - state["lastFailureAt"] <= 37_500  # 30 s ± 25 %, not 80 s
    retry_at = phone.page.evaluate(
        "at => new Date(at).toTimeString().slice(0, 5)", state["nextAttemptAt"])
    line = phone.page.locator("#sync-status")
    expect(line).to_contain_text(f"Chưa kết nối được máy chủ, thử lại lúc {retry_at}")
    expect(line).to_contain_text("1 chờ gửi")
    phone.shot("outage-retry-at")

    server.start()
    left_ms = state["nextAttemptAt"] - phone.page.evaluate("Date.now()")
    phone.page.clock.run_for(max(0, left_ms - 1_000))
    time.sleep(1)
    assert len(server.events_of("demo-officer-2")) == before  # not before its time
    phone.page.clock.run_for(2_000)  # no "Đồng bộ ngay": the capped wait alone
    phone.wait_waiting(0)
    assert len(server.events_of("demo-officer-2")) == before + 1
    expect(line).not_to_contain_text("thử lại lúc")
    assert phone.errors == []


def test_coming_back_to_the_screen_tries_again_at_once(server, phone_context):
    phone = Phone(phone_context.new_page(), server)
    phone.sign_in("demo-officer-2")
    before = len(server.events_of("demo-officer-2"))
    state = outage(phone, failures=4)
    server.start()
    left_ms = state["nextAttemptAt"] - phone.page.evaluate("Date.now()")
    assert left_ms > 12_000  # the back-off alone would wait that long yet
    phone.page.evaluate("document.dispatchEvent(new Event('visibilitychange'))")  # still 'visible'
    phone.wait_waiting(0, timeout=left_ms - 4_000)
    assert len(server.events_of("demo-officer-2")) == before + 1
    assert phone.errors == []
