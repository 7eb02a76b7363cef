"""One ward for an admin across the managers' screens, and the review queue's filters.

An admin who picks a ward on "Quản lý" finds it on "Tổng quan", "Duyệt" and "Báo cáo"; picking
another on "Báo cáo" moves the others too; a second admin signing in on the same phone starts
from nothing chosen. Changing a filter of "Duyệt" asks the server for the queue alone.
"""
import uuid
from pathlib import Path

import pytest

from tests.browser.conftest import LAPTOP, PHONE
from tests.browser.phone import MANAGER_READY, Phone, sign_in

pytestmark = pytest.mark.browser

PASSWORD = "Quan-tri-tinh-2025"
SHOTS = Path("/work/shots/lastward")


@pytest.fixture
def desk(browser, server, screens_dir):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="vi-VN",
                                  timezone_id="Asia/Ho_Chi_Minh", service_workers="block")
    context.set_default_timeout(10000)
    yield Phone(context.new_page(), server, screens_dir)
    context.close()


def picked(desk):
    return desk.page.locator('select[name="ward_id"]').input_value()


def open_screen(desk, path, ready):
    desk.go(path)
    desk.page.locator(ready).first.wait_for(state="attached")
    desk.page.locator('select[name="ward_id"]').wait_for()


def second_admin(server):
    """Another admin of the demo province, made as admins are (an admin cannot make a peer)."""
    username = f"qt.{uuid.uuid4().hex[:6]}"
    [province] = server.query("SELECT p.code FROM provinces p JOIN users u ON u.province_id = p.id "
                              "WHERE u.username = ?", "demo-admin")
    server.flask("create-user", username, "--role", "admin", "--province", province["code"],
                 "--full-name", "Lê Thị Quản Trị", stdin=PASSWORD + "\n")
    return username


def test_one_ward_for_every_screen_and_for_this_admin_only(desk, server):
    # the ward an earlier test chose is kept on the server: start from none chosen
    server.query("UPDATE users SET last_ward_id = NULL WHERE username = ?", "demo-admin")
    _, wards = server.api("GET", "/wards", server.login("demo-admin"))
    names = {str(w["id"]): w["name"] for w in wards}
    assert len(names) >= 3
    sign_in(desk.page, server, "demo-admin", MANAGER_READY)

    open_screen(desk, "manage/groups", ".m-list")
    first = picked(desk)  # nothing chosen yet: "Quản lý" shows the first ward
    chosen = next(i for i in names if i != first)
    desk.page.locator('select[name="ward_id"]').select_option(chosen)
    desk.page.locator(".manage-ward", has_text=names[chosen]).wait_for()

    open_screen(desk, "dashboard", '.figure[data-figure="events"]')
    assert picked(desk) == chosen
    assert desk.page.locator(".dash-title").inner_text() == names[chosen]
    open_screen(desk, "review", ".rv-summary")
    assert picked(desk) == chosen
    open_screen(desk, "reports", '[data-card="ward"]')
    assert picked(desk) == chosen
    assert names[chosen] in desk.page.locator('[data-card="ward"] h2').inner_text()

    other = next(i for i in names if i not in (first, chosen))
    desk.page.locator('select[name="ward_id"]').select_option(other)
    desk.page.locator('[data-card="ward"] h2', has_text=names[other]).wait_for()
    open_screen(desk, "dashboard", '.figure[data-figure="events"]')
    assert picked(desk) == other
    open_screen(desk, "manage/users", ".m-list")
    assert picked(desk) == other
    assert desk.errors == []

    username = second_admin(server)
    desk.go("account")
    desk.page.get_by_role("button", name="Đăng xuất").click()
    desk.page.get_by_label("Tên đăng nhập").wait_for()
    sign_in(desk.page, server, username, MANAGER_READY, password=PASSWORD)
    desk.go("dashboard")
    desk.page.get_by_text("Chọn một phường/xã để xem số liệu.").wait_for()
    assert picked(desk) == ""  # the first admin's choice stays theirs
    open_screen(desk, "manage/groups", ".m-list")
    assert picked(desk) == first
    assert desk.errors == []


def test_a_filter_change_fetches_the_queue_alone(desk, server):
    sign_in(desk.page, server, "demo-commander", MANAGER_READY)
    desk.go("review")
    desk.page.locator(".rv-summary").wait_for()
    asked = []
    desk.page.on("request", lambda request: asked.append(request.url) if "/api/v1/" in request.url else None)

    queue = lambda response: "/review-queue" in response.url  # noqa: E731
    with desk.page.expect_response(queue):
        desk.page.get_by_role("button", name="Tất cả (", exact=False).first.click()
    desk.page.locator('.rv-reasons-filter .chip[aria-pressed="true"]', has_text="Tất cả (").wait_for()
    with desk.page.expect_response(queue):
        desk.page.get_by_label("Trạng thái", exact=True).select_option("")
    desk.page.wait_for_timeout(500)  # anything else the screen would ask for has been asked by now

    paths = [url.split("/api/v1", 1)[1].split("?")[0] for url in asked]
    assert len(paths) == 2, asked
    assert all(path.endswith("/review-queue") for path in paths), asked
    assert "review_status" not in asked[-1]  # "Tất cả": no status in the query
    assert desk.errors == []


def sign_out(desk):
    desk.go("account")
    desk.page.get_by_role("button", name="Đăng xuất").click()
    desk.page.get_by_label("Tên đăng nhập").wait_for()


@pytest.mark.parametrize("size", ["360", "1280"])
def test_the_report_screen_opens_on_the_ward_chosen_before_signing_out(browser, server,
                                                                      screens_dir, size):
    options = {"360": PHONE, "1280": LAPTOP}[size]
    context = browser.new_context(**options, service_workers="block")
    context.set_default_timeout(10000)
    desk = Phone(context.new_page(), server, screens_dir)
    username = second_admin(server)
    _, wards = server.api("GET", "/wards", server.login(username, PASSWORD))
    names = {str(w["id"]): w["name"] for w in wards}
    sign_in(desk.page, server, username, MANAGER_READY, password=PASSWORD)
    open_screen(desk, "reports", '[data-card="ward"]')
    first = picked(desk)  # nothing chosen yet: the first ward by name
    chosen = next(i for i in reversed(list(names)) if i != first)
    with desk.page.expect_response(lambda r: r.url.endswith("/api/v1/me/last-ward")) as told:
        desk.page.locator('select[name="ward_id"]').select_option(chosen)
    assert told.value.status == 204
    desk.page.locator('[data-card="ward"] h2', has_text=names[chosen]).wait_for()

    user_id = desk.session()["user"]["id"]
    assert desk.stored("kv", f"ward:{user_id}") == int(chosen)
    sign_out(desk)
    assert desk.stored("kv", f"ward:{user_id}") is None  # nothing of the user stays on the phone
    sign_in(desk.page, server, username, MANAGER_READY, password=PASSWORD)
    open_screen(desk, "reports", '[data-card="ward"]')
    desk.page.locator('[data-card="ward"] h2', has_text=names[chosen]).wait_for()
    assert picked(desk) == chosen
    SHOTS.mkdir(parents=True, exist_ok=True)
    for close in desk.page.locator(".toast .toast-close").all():  # "Đã đăng xuất."
        close.click()
    desk.page.evaluate("document.querySelector('.ward-picker').scrollIntoView({block: 'center'})")
    desk.page.screenshot(path=str(SHOTS / f"report-opens-on-last-ward-{size}.png"))
    # the other ward screens open on it too
    open_screen(desk, "dashboard", '.figure[data-figure="events"]')
    assert picked(desk) == chosen
    assert desk.errors == []
    context.close()
