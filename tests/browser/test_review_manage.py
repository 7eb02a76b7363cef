"""The commander's review and ward management in the app, against the live demo server.

The demo commander adds an officer from "Quản lý", the officer logs an event, the commander
returns it with a comment from "Duyệt hoạt động", the officer sees "Bị trả lại" with the comment
in "Hoạt động của tôi", corrects it, and the review clears on the server. The commander adds a
residential group and sets a target from the app; an officer cannot reach these screens or their
data. Screenshots at 360×640 and 1280×800 land in tests/artifacts/screens/.
"""
import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.browser.conftest import LAPTOP, PHONE
from tests.browser.phone import MANAGER_READY, Phone, sign_in, unfilled_month

pytestmark = pytest.mark.browser

COMMENT = "Số hộ chưa khớp sổ theo dõi, đề nghị kiểm tra lại"
OFFICER_PASSWORD = "Tuan-tra-khu-vuc-2025"


@pytest.fixture
def laptop_context(browser):
    context = browser.new_context(**LAPTOP, service_workers="block")
    context.set_default_timeout(10000)
    yield context
    context.close()


def sign_in_manager(phone, username):
    sign_in(phone.page, phone.server, username, MANAGER_READY)


def test_return_correct_and_manage_the_ward(server, browser, phone_context, laptop_context, screens_dir):
    suffix = uuid.uuid4().hex[:6]
    username = f"cskv.{suffix}"

    # ---- the commander adds an officer from "Quản lý · Người dùng" -------------------------
    boss = Phone(phone_context.new_page(), server, screens_dir)
    sign_in_manager(boss, "demo-commander")
    boss.go("manage/users")
    page = boss.page
    page.get_by_role("button", name="+ Thêm người dùng").click()
    page.get_by_label("Họ và tên").fill("Nguyễn Văn Tuấn")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu ban đầu").fill("123456789")
    page.get_by_role("button", name="Thêm", exact=True).click()
    error = page.locator('[data-field="password"] .field-error')
    error.wait_for()
    assert "phổ biến" in error.inner_text()  # the API's too_common, said in Vietnamese
    boss.shot("manage-users-error-360")
    page.get_by_label("Mật khẩu ban đầu").fill(OFFICER_PASSWORD)
    page.get_by_role("button", name="Thêm", exact=True).click()
    page.locator(f'.m-item[data-username="{username}"]').wait_for()

    # ---- the new officer logs a visit --------------------------------------------------------
    officer_page = browser.new_context(**PHONE, service_workers="block")
    officer_page.set_default_timeout(10000)
    try:
        officer = Phone(officer_page.new_page(), server, screens_dir)
        officer.sign_in(username, OFFICER_PASSWORD)
        officer.log("household_visit", {"households_visited": 12})
        officer.wait_waiting(0)
        event_id = next(iter(officer.states()))

        # ---- the commander returns it with a comment -----------------------------------------
        boss.go("review")
        page.locator(".rv-summary").wait_for()
        page.get_by_role("button", name="Tất cả (", exact=False).first.click()
        # the queue is loaded again: wait for the chip to be pressed, not for the old summary
        page.locator('.rv-reasons-filter .chip[aria-pressed="true"]', has_text="Tất cả (").wait_for()
        page.get_by_label("Người ghi", exact=True).select_option(label="Nguyễn Văn Tuấn")
        card = page.locator(f'.rv-card[data-id="{event_id}"]')
        card.wait_for()
        boss.shot("review-queue-360")
        card.get_by_role("button", name="Trả lại").click()
        card.get_by_role("button", name="Gửi trả lại").click()
        card.locator(".field-error").wait_for()
        assert "Cần ghi lý do" in card.locator(".field-error").inner_text()  # required_to_return
        card.get_by_label("Lý do trả lại").fill(COMMENT)
        card.get_by_role("button", name="Gửi trả lại").click()
        page.locator(f'.rv-card[data-id="{event_id}"][data-review="returned"]').wait_for()
        assert COMMENT in card.locator(".rv-comment").inner_text()
        boss.shot("review-returned-360")

        # ---- the officer sees it, with the comment, and corrects it ---------------------------
        officer.sync_now()
        officer.go("events")
        item = officer.page.locator(f'.event-item[data-id="{event_id}"][data-review="returned"]')
        item.wait_for(timeout=15000)
        assert "Bị trả lại" in item.inner_text()
        assert COMMENT in item.inner_text()
        banner = officer.page.locator(".banner-returned")
        banner.wait_for()
        assert "1 hoạt động bị chỉ huy trả lại" in banner.inner_text()
        officer.shot("my-events-returned-360")
        item.click()
        box = officer.page.locator(".alert-returned")
        box.wait_for()
        assert COMMENT in box.inner_text()
        officer.shot("event-returned-360")
        box.get_by_role("link", name="Sửa lại").click()
        officer.page.locator('input[name="households_visited"]').fill("10")
        officer.page.get_by_role("button", name="Lưu thay đổi").click()
        officer.page.wait_for_function("() => !location.hash.endsWith('/edit')")
        officer.sync_now()
        try:
            officer.wait_state(event_id, "sent", timeout=30000)
        except Exception:
            officer.shot("event-corrected-failure-360")
            raise AssertionError(f"corrected event not sent: {officer.states()} {officer.errors}")
        assert officer.page.locator(f'.event-item[data-id="{event_id}"][data-review]').count() == 0
        assert officer.page.locator(".banner-returned").count() == 0
        token = server.login("demo-commander")
        status, stored = server.api("GET", f"/events/{event_id}", token)
        assert status == 200
        assert (stored["review_status"], stored["review_comment"], stored["households_visited"]) \
            == (None, None, 10)

        # ---- an officer cannot reach the managers' screens or their data -----------------------
        for path in ("review", "manage", "manage/groups", "manage/users"):
            officer.go(path)
            officer.page.wait_for_function("() => !location.hash.includes('review') && !location.hash.includes('manage')")
            assert officer.page.locator(".rv-card, .manage").count() == 0
        assert officer.page.locator('.bottomnav [data-screen="review"], .bottomnav [data-screen="manage"]').count() == 0
        officer_token = server.login(username, OFFICER_PASSWORD)
        _, officer_user = server.api("GET", "/me", officer_token)
        ward_id = officer_user["ward_id"]
        for method, path, body in (
                ("GET", f"/wards/{ward_id}/review-queue", None),
                ("POST", f"/events/{event_id}/review", {"status": "accepted"}),
                ("POST", f"/wards/{ward_id}/groups", {"code": "X1", "name": "Tổ X"}),
                ("PUT", f"/wards/{ward_id}/targets", {"kind": "events", "month": "2025-11", "value": 5}),
                ("GET", "/users", None)):
            status, answer = server.api(method, path, officer_token, body)
            assert status == 403, (method, path, answer)
    finally:
        officer_page.close()

    # ---- the commander adds a group and sets a target ----------------------------------------
    code = f"TDP-{suffix}".upper()
    boss.go("manage/groups")
    page.get_by_role("button", name="+ Thêm tổ dân phố").click()
    page.get_by_label("Mã tổ", exact=True).fill("TDP01")  # the demo ward's first group: taken
    page.get_by_label("Tên tổ", exact=True).fill("Tổ dân phố Mới")
    page.get_by_role("button", name="Thêm tổ").click()
    page.locator('[data-field="code"] .field-error').wait_for()
    assert "Đã có" in page.locator('[data-field="code"] .field-error').inner_text()
    page.get_by_label("Mã tổ", exact=True).fill(code)
    page.get_by_label("Số hộ").fill("240")
    page.get_by_label("Số nhân khẩu").fill("910")
    page.get_by_role("button", name="Thêm tổ").click()
    page.locator(f'.m-item[data-code="{code}"]').wait_for()
    boss.shot("manage-groups-360")
    status, groups = server.api("GET", f"/wards/{ward_id}/groups", token)
    added = next(g for g in groups if g["code"] == code)
    assert (added["name"], added["households_total"], added["population"]) == ("Tổ dân phố Mới", 240, 910)

    # edit it, then import two more from a CSV file with one bad row
    page.locator(f'.m-item[data-code="{code}"]').get_by_role("button", name="Sửa").click()
    page.get_by_label("Số hộ").fill("-5")
    page.get_by_role("button", name="Lưu", exact=True).click()
    page.locator('[data-field="households_total"] .field-error').wait_for()
    page.get_by_label("Số hộ").fill("250")
    page.get_by_role("button", name="Lưu", exact=True).click()
    page.locator(f'.m-item[data-code="{code}"].is-new', has_text="250 hộ").wait_for()
    csv = ("code,name,kind,households_total,population,lat,lon\n"
           f"{code}-B,Thôn Đồng Bò,thon,120,480,12.21,109.15\n"
           f"{code}-C,Tổ thiếu số hộ,to_dan_pho,nhiều,,,\n").encode()
    page.get_by_text("Nhập nhiều tổ từ tệp CSV").click()
    # the first file field: the groups' import (the rearrangement's own CSV field comes after it)
    page.locator('input[type="file"]').first.set_input_files(
        files=[{"name": "to-dan-pho.csv", "mimeType": "text/csv", "buffer": csv}])
    page.get_by_role("button", name="Nhập danh sách tổ").click()
    report = page.locator(".manage-groups .notice-warn")
    report.wait_for()
    assert "Dòng 3" in report.inner_text() and f"{code}-C" in report.inner_text()
    page.locator(f'.m-item[data-code="{code}-B"]').wait_for()
    boss.shot("manage-groups-import-360")
    status, groups = server.api("GET", f"/wards/{ward_id}/groups", token)
    codes = {g["code"]: g for g in groups}
    assert codes[code]["households_total"] == 250
    assert codes[f"{code}-B"]["kind"] == "thon" and f"{code}-C" not in codes

    boss.go("manage/targets")
    page.get_by_label("Loại chỉ tiêu").select_option("vneid_activations")
    month = page.get_by_label("Tháng", exact=True).input_value()
    assert month == datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).strftime("%Y-%m")
    page.get_by_label("Chỉ tiêu", exact=True).fill("150")
    page.get_by_role("button", name="Lưu chỉ tiêu").click()
    # the demo ward already has this month's target (400): wait for the new figure, not the item
    page.locator('.m-item[data-kind="vneid_activations"]', has_text="chỉ tiêu 150 ·").wait_for()
    boss.shot("manage-targets-360")
    status, targets = server.api("GET", f"/wards/{ward_id}/targets", token)
    assert any(t["kind"] == "vneid_activations" and t["month"] == month and t["value"] == 150
               for t in targets)

    # ---- and enters a month's filing figures (an old month the demo has none for) ------------
    boss.go("manage/filing")
    page.locator(".m-filing").first.wait_for()
    boss.shot("manage-filing-360")
    old = unfilled_month(page, server, 20)
    page.get_by_label("Tháng báo cáo").select_option(old)
    # the month's own form (the e-ID box of the month before also says "chưa có số liệu")
    page.locator(f'form[data-month="{old}"] .m-filing-total', has_text="chưa có số liệu").wait_for()
    page.get_by_label("Số liệu cư trú").select_option("combined")  # a source that does not split it
    residence = page.locator('fieldset[data-group="residence"]')
    residence.wait_for(timeout=30_000)  # the form is redrawn for the combined source
    residence.get_by_label("Tổng số tiếp nhận").fill("100")
    residence.get_by_label("Trực tuyến").fill("120")
    residence.get_by_label("Trực tiếp").fill("0")
    page.get_by_role("button", name="Lưu số liệu tháng").click()
    residence.locator(".field-error").wait_for()
    assert "không thể lớn hơn tổng số" in residence.locator(".field-error").inner_text()
    boss.shot("manage-filing-error-360")
    residence.get_by_label("Trực tuyến").fill("80")
    residence.get_by_label("Trực tiếp").fill("15")
    page.get_by_role("button", name="Lưu số liệu tháng").click()
    page.locator(".m-filing-total", has_text="tỷ lệ 80 %").wait_for()
    status, stored = server.api("GET", f"/wards/{ward_id}/filing-stats/{old}", token)
    assert (stored["total"], stored["online"], stored["rate_pct"], stored["inconsistent"]) \
        == (100, 80, 80.0, True)
    assert residence.locator(".m-flag").count() == 1  # 80 + 15 ≠ 100, kept and flagged
    assert boss.errors == []

    # ---- the same screens on a laptop --------------------------------------------------------
    desk = Phone(laptop_context.new_page(), server, screens_dir)
    sign_in_manager(desk, "demo-commander")
    for path, name in (("review", "review-queue-1280"), ("manage/groups", "manage-groups-1280"),
                       ("manage/users", "manage-users-1280"), ("manage/targets", "manage-targets-1280"),
                       ("manage/filing", "manage-filing-1280")):
        desk.go(path)
        desk.page.locator(".rv-summary, .m-list, .m-filing").first.wait_for()
        desk.shot(name)
    assert desk.errors == []


def test_an_admin_manages_a_ward_of_the_province(server, laptop_context, screens_dir):
    desk = Phone(laptop_context.new_page(), server, screens_dir)
    sign_in_manager(desk, "demo-admin")
    token = server.login("demo-admin")
    status, wards = server.api("GET", "/wards", token)
    assert status == 200 and wards
    _, commander = server.api("GET", "/me", server.login("demo-commander"))
    demo = next(w for w in wards if w["id"] == commander["ward_id"])
    desk.go("manage/groups")
    picker = desk.page.locator('select[name="ward_id"]')
    picker.wait_for()
    assert picker.locator("option").count() == len(wards)
    picker.select_option(str(demo["id"]))
    desk.page.locator(".manage-ward", has_text=demo["name"]).wait_for()
    desk.page.locator(".m-list").wait_for()
    status, groups = server.api("GET", f"/wards/{demo['id']}/groups", token)
    assert desk.page.locator(".m-list .m-item").count() == len(groups) > 0
    desk.shot("manage-groups-admin-1280")
    desk.go("review")
    desk.page.locator(".rv-summary").wait_for()
    # The choice is kept: the review queue opens on the same ward.
    assert desk.page.locator('select[name="ward_id"]').input_value() == str(demo["id"])
    desk.shot("review-queue-admin-1280")
    assert desk.errors == []
