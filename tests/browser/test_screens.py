"""Every screen the officer sees, captured at 360×640 for a person to look at, and measured:
every button, link and field at least 44 px high, nothing wider than the phone. The update
prompt of a new app version, with the service worker really running."""
import importlib.util
import shutil

import pytest

from tests.browser.conftest import PHONE
from tests.browser.live_server import ROOT, LiveServer
from tests.browser.phone import Phone, unfit_for_a_thumb

pytestmark = pytest.mark.browser

SYNC = "**/api/v1/events/sync"
class Screens:
    """Captures a screen, then checks its touch targets and width; collects what is wrong."""

    def __init__(self, phone):
        self.phone = phone
        self.problems = {}
        self.taken = []

    def capture(self, name, full_page=False):
        page = self.phone.page
        for close in page.locator(".toast:not(.toast-sticky) .toast-close").all():
            close.click()  # a passing message would hide what is under it
        page.wait_for_timeout(150)
        self.phone.shot(name, full_page=full_page)
        self.taken.append(name)
        wrong = unfit_for_a_thumb(page)
        if wrong:
            self.problems[name] = wrong


def test_every_officer_screen_is_captured_and_easy_to_tap(server, phone_context, screens_dir):
    page = phone_context.new_page()
    phone = Phone(page, server, screens_dir)
    screens = Screens(phone)
    phone.open()
    page.get_by_label("Tên đăng nhập").wait_for()
    screens.capture("01-login")

    phone.sign_in("demo-officer-4")
    screens.capture("02-kind-choice")

    page.locator('[data-kind="meeting"]').click()
    page.locator(".group-picker .choice").first.wait_for()
    screens.capture("03-event-form")
    page.locator(".group-picker .choice").first.click()
    plus = page.get_by_role("button", name="Thêm 1 – Số người dự")
    page.locator(".counts").evaluate("el => el.scrollIntoView({block: 'start'})")
    for _ in range(3):
        plus.click()
    page.get_by_role("button", name="Bớt 1 – Số người dự").click()
    assert page.locator('input[name="attendees"]').input_value() == "2"
    screens.capture("04-event-form-steppers")
    page.locator('input[name="attendees"]').fill("38")
    page.get_by_role("button", name="Thêm 1 – Cài đặt VNeID").click()
    page.get_by_role("button", name="1 giờ", exact=True).click()
    page.get_by_label("Ghi chú").scroll_into_view_if_needed()
    page.get_by_label("Ghi chú").fill("Nhiều hộ vắng nhà, hẹn quay lại")
    screens.capture("05-event-form-note")
    page.get_by_role("button", name="Lưu hoạt động").click()
    page.locator(".saved-notice").wait_for()
    screens.capture("06-saved-notice")
    phone.wait_waiting(0)

    page.route(SYNC, lambda route: route.abort())  # out of signal for the next one
    phone.log("household_visit", {"households_visited": 9, "people_assisted": 11}, group=1)
    phone.wait_waiting(1)
    states = phone.states()
    (waiting,) = [i for i, s in states.items() if s == "pending"]
    screens.capture("07-my-events")

    page.locator(f'.event-item[data-id="{waiting}"]').click()
    page.locator(".notice-wait").wait_for()
    screens.capture("08-event-detail-waiting")
    phone.go("events")
    page.locator('.event-item[data-state="sent"]').first.click()
    page.locator(".detail-head .badge-sent").wait_for()
    screens.capture("09-event-detail-sent", full_page=True)

    phone.go("account")
    page.get_by_role("button", name="Đăng xuất").wait_for()
    screens.capture("10-account", full_page=True)
    page.get_by_role("button", name="Đăng xuất").click()
    page.get_by_text("Còn 1 hoạt động chưa lên máy chủ").wait_for()
    screens.capture("11-logout-warning")
    page.get_by_role("button", name="Ở lại").click()

    phone_context.set_offline(True)
    phone.go("log")
    page.wait_for_selector(".topbar.is-offline")
    assert "Ngoại tuyến" in page.locator("#sync-status").inner_text()
    screens.capture("12-offline")
    phone_context.set_offline(False)
    page.unroute(SYNC)
    phone.sync_now()
    phone.wait_waiting(0)

    assert screens.problems == {}
    assert phone.errors == []


def load_manifest_builder():
    spec = importlib.util.spec_from_file_location("build_sw_manifest", ROOT / "scripts" / "build-sw-manifest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_new_version_is_offered_and_taken(server, browser, tmp_path, screens_dir):
    """With the service worker running: an asset changes on the server, the browser finds the new
    worker, the page offers "Cập nhật", and tapping it reloads the page on the new version."""
    builder = load_manifest_builder()
    app = tmp_path / "pwa"
    shutil.copytree(ROOT / "pwa", app)
    (app / "precache-manifest.js").write_text(builder.render(app), encoding="utf-8")
    # A second server process on the same database, serving this copy of the app.
    deployed = LiveServer(server.workdir, extra_env={"PWA_DIR": str(app)}).start()
    context = browser.new_context(**PHONE)
    context.set_default_timeout(15000)
    try:
        page = context.new_page()
        phone = Phone(page, deployed, screens_dir)
        phone.sign_in("demo-volunteer-3")
        page.wait_for_selector("html[data-offline-ready]")
        (old,) = page.evaluate("() => caches.keys()")

        with open(app / "css" / "app.css", "a", encoding="utf-8") as css:
            css.write("\n/* next version */\n")
        (app / "precache-manifest.js").write_text(builder.render(app), encoding="utf-8")
        page.evaluate("() => navigator.serviceWorker.getRegistration().then((r) => r.update())")
        prompt = page.locator(".toast", has_text="Có phiên bản mới của ứng dụng.")
        prompt.wait_for()
        phone.shot("13-update-available")
        with page.expect_event("load"):
            prompt.get_by_role("button", name="Cập nhật").click()
        page.wait_for_selector("html[data-ready]")
        page.wait_for_function("old => caches.keys().then((k) => k.length === 1 && k[0] !== old)", arg=old)
        assert "next version" in page.evaluate("() => fetch('/css/app.css').then((r) => r.text())")
        assert phone.errors == []
    finally:
        context.close()
        deployed.stop()
