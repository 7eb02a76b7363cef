"""What an officer stumbled on at 360×640: a start time that defaulted to now, returned events that
were hard to find and read, red lines that stayed or hid behind the save bar, and toasts over the
login logo and the filter chips. Screenshots land in tests/artifacts/screens/."""
from datetime import datetime, timedelta, timezone

import pytest
from playwright.sync_api import expect

from tests.browser.phone import Phone

pytestmark = pytest.mark.browser

USER = "demo-volunteer-2"
COMMENT = "Số kích hoạt mức 2 chưa khớp sổ, đề nghị kiểm tra lại"
START = 'input[type="datetime-local"]'

# How far (ms) the start field is from "now minus `minutes`", read in the phone's own time zone.
START_OFFSET = """minutes => {
  const start = new Date(document.querySelector('input[type="datetime-local"]').value).getTime();
  return start - (Date.now() - minutes * 60000);
}"""

# [top, bottom] of the part of the screen nothing sticky covers: below the top bar, above the save
# bar (or the tabs).
CLEAR_AREA = """() => {
  const top = document.querySelector('.topbar').getBoundingClientRect().bottom;
  const bars = [...document.querySelectorAll('.save-bar, .bottomnav')].filter((el) => el.offsetHeight);
  return [top, Math.min(innerHeight, ...bars.map((el) => el.getBoundingClientRect().top))];
}"""

SHOW_TOAST = """async (text) => {
  const { showToast } = await import('/js/ui/toast.js');
  showToast(text, { kind: 'ok', timeout: 10000 });
}"""


def box(locator):
    b = locator.bounding_box()
    return b["y"], b["y"] + b["height"]


def overlaps(a, b):
    return a[0] < b[1] and b[0] < a[1]


def start_form(phone, kind="meeting"):
    phone.go("log")  # from the plan, the first screen: its kind buttons are links to the form
    phone.page.wait_for_selector(".event-form")
    phone.page.locator(f'[data-kind="{kind}"]').click()


def test_the_start_defaults_to_the_end_of_the_chosen_duration(server, phone_context, screens_dir):
    phone = Phone(phone_context.new_page(), server, screens_dir)
    phone.sign_in(USER)
    start_form(phone)
    page = phone.page
    assert abs(page.evaluate(START_OFFSET, 0)) < 90_000  # no duration yet: it has just ended
    page.get_by_role("button", name="1,5 giờ").click()
    assert abs(page.evaluate(START_OFFSET, 90)) < 90_000, "a 90-minute meeting that just ended"
    page.get_by_role("button", name="Thêm 15 – Thời lượng (phút)").click()
    assert abs(page.evaluate(START_OFFSET, 105)) < 90_000, "the stepper moves the start too"
    page.locator(START).scroll_into_view_if_needed()
    phone.shot("phone-start-follows-duration-360")

    chosen = (datetime.now(timezone(timedelta(hours=7))) - timedelta(hours=5)).strftime("%Y-%m-%dT%H:%M")
    page.locator(START).fill(chosen)
    page.get_by_role("button", name="2 giờ").click()
    assert page.locator(START).input_value() == chosen, "a start the user set stays"


def test_red_lines_stay_in_view_and_go_once_fixed(server, phone_context, screens_dir):
    phone = Phone(phone_context.new_page(), server, screens_dir)
    phone.sign_in(USER)
    start_form(phone)
    page = phone.page
    tomorrow = (datetime.now(timezone(timedelta(hours=7))) + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    page.locator(START).fill(tomorrow)
    page.get_by_role("button", name="Xem tất cả").click()  # every group listed, none chosen
    page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
    page.get_by_role("button", name="Lưu hoạt động").click()

    toast = page.locator('.toast[data-toast="form"]')
    expect(toast).to_be_visible()
    errors = page.locator(".event-form .field-error:visible")
    expect(errors).to_have_count(3)  # the group, the attendees, the start
    first = errors.first
    # the top-most red line is scrolled into the clear part of the screen, not under the save bar
    page.wait_for_function(f"""() => {{
      const [top, bottom] = ({CLEAR_AREA})();
      const line = document.querySelector('.event-form .field-error:not([hidden])').getBoundingClientRect();
      return line.top >= top && line.bottom <= bottom;
    }}""", timeout=3000)
    assert "Chọn tổ dân phố" in first.inner_text()
    assert not overlaps(box(toast), box(first)), "the toast does not cover the red line"
    phone.shot("phone-form-errors-in-view-360")

    page.locator(".group-picker .choice").first.click()
    page.locator('input[name="attendees"]').fill("25")
    expect(errors).to_have_count(1)  # each red line goes with its fix
    expect(toast).to_be_visible()  # one is left
    page.locator(START).fill((datetime.now(timezone(timedelta(hours=7))) - timedelta(hours=1))
                             .strftime("%Y-%m-%dT%H:%M"))
    expect(errors).to_have_count(0, timeout=1000)
    expect(toast).to_have_count(0, timeout=1000)  # not its 4 s later: with the last fix


def test_toasts_cover_neither_the_login_logo_nor_the_filter_chips(server, phone_context, screens_dir):
    phone = Phone(phone_context.new_page(), server, screens_dir)
    page = phone.page
    phone.open()
    page.locator(".login-brand").wait_for()
    page.evaluate(SHOW_TOAST, "Ứng dụng đã sẵn sàng dùng khi không có mạng.")
    toast = page.locator(".toast").last
    for essential in (".login-brand", ".login-form input:visible", ".login-form button[type=submit]"):
        for i in range(page.locator(essential).count()):
            assert not overlaps(box(toast), box(page.locator(essential).nth(i))), essential
    phone.shot("phone-toast-login-360")

    phone.sign_in(USER)
    phone.go("events")
    page.locator(".filter-chips").wait_for()
    page.evaluate(SHOW_TOAST, "Đã đồng bộ xong.")
    toast = page.locator(".toast").last
    assert not overlaps(box(toast), box(page.locator(".filter-chips")))
    assert not overlaps(box(toast), box(page.locator(".bottomnav")))
    phone.shot("phone-toast-events-360")


def return_event(server, event_id, comment=COMMENT):
    status, body = server.api("POST", f"/events/{event_id}/review", server.login("demo-commander"),
                              {"status": "returned", "comment": comment})
    assert status == 200, body


def test_a_returned_event_is_found_read_and_shown_in_one_state(server, phone_context, screens_dir):
    phone = Phone(phone_context.new_page(), server, screens_dir)
    page = phone.page
    phone.sign_in(USER)
    before = set(phone.states())
    counts = {"households_visited": 12, "people_assisted": 8, "vneid_installs": 5, "vneid_activations": 3}
    phone.log("household_visit", counts)
    phone.wait_waiting(0)
    (logged,) = [i for i in phone.states() if i not in before]
    # an older one too, far down "Tất cả"
    older = sorted((e for e in server.events_of(USER) if not e["deleted"] and e["id"] in before),
                   key=lambda e: e["occurred_at"])[len(before) // 2]["id"]
    return_event(server, logged)
    return_event(server, older, "Thời gian chưa đúng, đề nghị kiểm tra lại")

    phone.go("log")
    phone.sync_now()
    banner = page.locator(".banner-returned")
    expect(banner).to_contain_text("2 hoạt động bị chỉ huy trả lại")
    banner.click()
    expect(page.locator(".filter-chips .chip[aria-pressed=true]")).to_contain_text("Cần xử lý")
    tabs = box(page.locator(".bottomnav"))[0]
    newest, oldest = (page.locator(f'.event-item[data-id="{i}"][data-review="returned"]') for i in (logged, older))
    expect(newest).to_be_in_viewport()
    assert box(newest)[1] <= tabs, "the newest returned event is whole on screen, above the tabs"
    assert box(oldest)[0] < tabs - 40, "the older one shows just below it"
    row = page.locator(f'.event-item[data-id="{logged}"]')
    assert row.locator(".event-counts").inner_text() == \
        "12 hộ · 8 người được hỗ trợ · 5 cài VNeID · 3 kích hoạt mức 2"
    phone.shot("phone-returned-list-360")

    page.get_by_role("button", name="Tất cả").click()  # a filter chosen is kept on coming back
    row.click()
    head = page.locator(".detail-head")
    expect(head.locator(".badge")).to_have_text("Bị trả lại")
    assert page.locator(".badge-sent").count() == 0, "not also a green 'Đã gửi'"
    phone.shot("phone-returned-detail-360")
    page.get_by_role("link", name="Về danh sách").click()
    expect(page.locator(".filter-chips .chip[aria-pressed=true]")).to_contain_text("Tất cả")
    # on the list already, on "Tất cả": the banner still leads to what needs action
    expect(banner).to_be_visible()
    banner.click()
    expect(page.locator(".filter-chips .chip[aria-pressed=true]")).to_contain_text("Cần xử lý")
    page.get_by_role("button", name="Tất cả").click()
    banner.click()
    expect(page.locator(".filter-chips .chip[aria-pressed=true]")).to_contain_text("Cần xử lý")
