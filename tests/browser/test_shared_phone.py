"""A shared phone: after a commander signs out, the next user finds nothing of theirs — no
dashboard or map snapshot, no chosen view or ward, nothing in localStorage or Cache Storage."""
import json

import pytest

from tests.browser.live_server import DEMO_PASSWORD
from tests.browser.phone import MANAGER_READY, OFFICER_READY, Phone, sign_in

pytestmark = pytest.mark.browser

KEYS = """async () => {
  const db = await new Promise((ok) => { const r = indexedDB.open('outreach'); r.onsuccess = () => ok(r.result); });
  return new Promise((ok) => { const r = db.transaction('kv').objectStore('kv').getAllKeys(); r.onsuccess = () => ok(r.result); });
}"""
CACHED = """async () => { const out = [];
  for (const name of await caches.keys()) {
    for (const req of await (await caches.open(name)).keys()) out.push(req.url);
  }
  return out; }"""


def test_the_next_user_finds_nothing_of_the_commander(server, phone_context):
    page = phone_context.new_page()
    phone = Phone(page, server)
    sign_in(page, server, "demo-commander", MANAGER_READY)
    commander_id = phone.session()["user"]["id"]
    phone.go("dashboard")
    page.wait_for_selector(".dash")
    phone.go("map")
    page.wait_for_function(f"async () => (await ({KEYS})()).some((k) => String(k).startsWith('snap:{commander_id}:'))")
    page.evaluate("() => localStorage.setItem('manage-ward', '1')")
    kept = [str(k) for k in page.evaluate(KEYS)]
    assert any(k.startswith(f"view:{commander_id}") or k.startswith(f"snap:{commander_id}:") for k in kept)

    phone.go("account")
    page.get_by_role("button", name="Đăng xuất").click()
    page.get_by_label("Tên đăng nhập").wait_for()
    page.get_by_label("Tên đăng nhập").fill("demo-volunteer-2")
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_function("() => !document.querySelector('.screen.login')")
    phone.go("")
    page.wait_for_selector(OFFICER_READY)

    left = [str(k) for k in page.evaluate(KEYS)]
    # a key names its user as one ':'-separated part ("snap:8:plan:2026-12-04" is user 8's)
    assert not [k for k in left if str(commander_id) in k.split(":")[1:2]], left
    assert all(area["userId"] != commander_id for area in phone.stored_all("areas"))
    assert page.evaluate("() => Object.keys(localStorage)") == []
    cached = page.evaluate(CACHED)
    assert not [url for url in cached if "/api/" in url], cached
    assert commander_id != phone.session()["user"]["id"]
    assert "demo-commander" not in json.dumps(phone.stored_all("events"))
