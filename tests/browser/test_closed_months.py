"""Closing a month as the commander and the officer live it: only ended months are offered, the
confirmation says what happens to late events, the officer is told who can reopen, and a reopened
month takes back the events it refused without the officer touching them."""
import pytest
from playwright.sync_api import expect

from server.periods import format_month, local_today, month_start, previous_month
from tests.browser.phone import MANAGER_READY, Phone, sign_in
from tests.browser.test_reports import open_reports

pytestmark = pytest.mark.browser


def last_month():
    return format_month(previous_month(month_start(local_today())))


def test_only_ended_months_are_offered_and_the_confirmation_tells_what_closing_does(
        server, phone_context, screens_dir):
    page = phone_context.new_page()
    sign_in(page, server, "demo-commander", MANAGER_READY)
    open_reports(page)
    this_month = page.locator(f'.closure[data-month="{format_month(local_today())}"]')
    expect(this_month.locator(".closure-status")).to_contain_text("chốt được khi hết tháng")
    expect(this_month.locator("button")).to_have_count(0)
    page.locator('[data-card="closures"]').scroll_into_view_if_needed()
    page.screenshot(path=str(screens_dir / "closures-card.png"))
    month = last_month()
    ended = page.locator(f'.closure[data-month="{month}"]')
    ended.locator(f'[data-close="{month}"]').click()
    dialog = page.locator("dialog[open]")
    expect(dialog).to_contain_text("gửi lên muộn")
    expect(dialog).to_contain_text("sẽ bị từ chối")
    expect(dialog).to_contain_text("Chỉ cán bộ quản trị tỉnh mở lại được")
    page.screenshot(path=str(screens_dir / "close-month-confirm.png"))
    dialog.get_by_role("button", name="Hủy").click()
    expect(ended.locator(".closure-status")).to_have_text("Chưa chốt")


def test_a_refused_event_says_so_and_goes_again_once_the_month_is_reopened(
        server, phone_context, screens_dir):
    (officer,) = server.query("SELECT ward_id FROM users WHERE username = 'demo-officer-2'")
    ward, month = officer["ward_id"], last_month()
    status, _ = server.api("PUT", f"/wards/{ward}/closures/{month}", server.login("demo-commander"))
    assert status == 200
    phone = Phone(phone_context.new_page(), server, screens_dir)
    phone.sign_in("demo-officer-2")
    phone.log("meeting", {"attendees": 25}, group=1, when=f"{month}-15T09:00")

    notice = phone.page.locator(".saved-notice")
    expect(notice).to_have_attribute("data-state", "rejected")
    expect(notice).to_contain_text("Chỉ cán bộ quản trị tỉnh mở lại được")
    expect(notice).not_to_contain_text("Sẽ tự gửi")
    status_line = phone.page.locator("#sync-status")
    expect(status_line).to_contain_text("1 cần xử lý")
    expect(status_line).not_to_contain_text("Đã gửi hết")
    phone.shot("refused-closed-month-saved")
    (event_id,) = [i for i, s in phone.states().items() if s == "rejected"]
    assert not server.query("SELECT id FROM events WHERE id = ?", event_id)
    phone.go(f"events/{event_id}/edit")  # opened to fix: nothing on the form is what to fix
    reasons = phone.page.locator(".refused-reasons")
    expect(reasons).to_contain_text("Chỉ cán bộ quản trị tỉnh mở lại được")
    expect(reasons).not_to_contain_text("Sửa các mục sau")
    phone.go("log")

    status, _ = server.api("POST", f"/wards/{ward}/closures/{month}/reopen", server.login("demo-admin"),
                           {"reason": "Nhận hoạt động gửi muộn"})
    assert status == 200
    phone.sync_now()
    phone.wait_state(event_id, "sent")
    expect(status_line).to_contain_text("Đã gửi hết")
    (row,) = server.query("SELECT attendees, version FROM events WHERE id = ?", event_id)
    assert row == {"attendees": 25, "version": 1}
    assert phone.errors == []
