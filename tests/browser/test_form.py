"""The event form on a phone: typing with the on-screen keyboard up, the nearest groups first from
the phone's own location fix, and the note's personal-data check agreeing with the server's."""
import json
import math
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from server.personal_data import looks_personal
from tests.browser.conftest import PHONE
from tests.browser.phone import Phone

pytestmark = pytest.mark.browser

KEYBOARD_UP = {"width": 360, "height": 360}  # 640 px less a typical on-screen keyboard

_UNCOVERED = """el => {
  const box = el.getBoundingClientRect();
  const x = box.left + box.width / 2;
  const y = box.top + Math.min(box.height / 2, 22);
  const top = document.elementFromPoint(x, y);
  return {top: Math.round(box.top), bottom: Math.round(box.bottom), height: innerHeight,
          uncovered: top === el || el.contains(top)};
}"""


def close_toasts(page):
    """A passing message (e.g. "no offline mode" when the test blocks the service worker) would
    hide part of the screenshot."""
    for close in page.locator(".toast:not(.toast-sticky) .toast-close").all():
        close.click()


def assert_in_view(locator):
    """The field is inside the visible area and nothing (top bar, save bar) lies over it."""
    seen = locator.evaluate(_UNCOVERED)
    assert seen["top"] >= 0 and seen["bottom"] <= seen["height"] and seen["uncovered"], seen


def test_the_form_works_with_the_on_screen_keyboard_open(server, phone_context, screens_dir):
    page = phone_context.new_page()
    phone = Phone(page, server, screens_dir)
    phone.sign_in("demo-volunteer-3")
    before = len(server.events_of("demo-volunteer-3"))
    page.locator('[data-kind="support_session"]').click()
    page.locator(".group-picker .choice").nth(1).click()

    count = page.locator('input[name="people_assisted"]')
    count.click()  # the keyboard comes up and takes the lower half of the screen
    page.set_viewport_size(KEYBOARD_UP)
    page.keyboard.type("24")
    assert count.input_value() == "24"
    assert_in_view(count)
    assert page.locator(".bottomnav").is_hidden()  # the navigation makes room while typing
    close_toasts(page)
    phone.shot("14-keyboard-count")

    page.set_viewport_size(PHONE["viewport"])  # keyboard down; the next field
    note = page.get_by_label("Ghi chú")
    note.click()
    page.set_viewport_size(KEYBOARD_UP)
    page.keyboard.type("Hỗ trợ kích hoạt mức 2 cho người cao tuổi")
    assert_in_view(note)
    close_toasts(page)
    phone.shot("15-keyboard-note")

    save = page.get_by_role("button", name="Lưu hoạt động")
    save.scroll_into_view_if_needed()
    assert_in_view(save)
    save.click()
    page.locator(".saved-notice").wait_for()
    page.set_viewport_size(PHONE["viewport"])
    phone.wait_waiting(0)
    rows = server.events_of("demo-volunteer-3")
    assert len(rows) == before + 1
    (row,) = [r for r in rows if r["note"] == "Hỗ trợ kích hoạt mức 2 cho người cao tuổi"]
    assert (row["kind"], row["people_assisted"]) == ("support_session", 24)
    assert phone.errors == []


def test_a_date_the_server_would_refuse_is_caught_on_the_phone(server, phone_context):
    """A slip of the year (more than 90 days back) is shown under the time before saving, not
    refused by the server later."""
    page = phone_context.new_page()
    phone = Phone(page, server)
    phone.sign_in("demo-volunteer-3")
    before = len(server.events_of("demo-volunteer-3"))
    local = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh"))
    page.locator('[data-kind="leaflet_drop"]').click()
    page.locator(".group-picker .choice").first.click()
    page.locator('input[name="leaflets"]').fill("120")
    time_input = page.get_by_label("Bắt đầu lúc")
    time_input.fill((local - timedelta(days=100)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Lưu hoạt động").click()
    page.get_by_text("Đã quá 90 ngày: máy chủ không nhận hoạt động cũ như vậy.").wait_for()
    assert page.locator(".saved-notice").count() == 0 and phone.waiting() == 0

    time_input.fill((local - timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Lưu hoạt động").click()
    page.locator(".saved-notice").wait_for()
    phone.wait_waiting(0)
    assert len(server.events_of("demo-volunteer-3")) == before + 1
    assert phone.errors == []


def metres(a, b):
    rad = math.radians
    h = (math.sin(rad(b[0] - a[0]) / 2) ** 2
         + math.cos(rad(a[0])) * math.cos(rad(b[0])) * math.sin(rad(b[1] - a[1]) / 2) ** 2)
    return 2 * 6371008.8 * math.asin(math.sqrt(h))


def test_the_group_picker_lists_the_nearest_groups_first(server, browser, screens_dir):
    user = "demo-officer-4"
    groups = server.query("SELECT g.id, g.name, g.lat, g.lon FROM residential_groups g "
                          "JOIN users u ON u.ward_id = g.ward_id WHERE u.username = ? AND g.lat IS NOT NULL "
                          "ORDER BY g.code", user)  # a group added without a centre cannot be near
    target = groups[13]  # far down the list by code, and not among this officer's recent groups
    here = (target["lat"] + 0.0003, target["lon"] - 0.0002)  # standing ~40 m from its centre
    nearest = sorted(groups, key=lambda g: metres(here, (g["lat"], g["lon"])))
    context = browser.new_context(**PHONE, service_workers="block", permissions=["geolocation"],
                                  geolocation={"latitude": here[0], "longitude": here[1], "accuracy": 12})
    context.set_default_timeout(10000)
    try:
        page = context.new_page()
        phone = Phone(page, server, screens_dir)
        phone.sign_in(user)
        before = {r["id"] for r in server.events_of(user)}
        page.locator('[data-kind="household_visit"]').click()
        page.get_by_text("Tổ gần bạn nhất ở trên cùng.").wait_for()
        choices = page.locator(".group-picker .choice")
        names = choices.locator(".choice-name").all_inner_texts()
        assert names[:3] == [g["name"] for g in nearest[:3]]
        assert choices.first.locator(".choice-meta").inner_text() == "cách 40 m"
        assert page.locator(".loc-text").inner_text() == "Đã có vị trí (sai số khoảng 12 m)."
        close_toasts(page)
        phone.shot("16-nearest-groups")

        choices.first.click()
        page.locator('input[name="households_visited"]').fill("6")
        page.get_by_role("button", name="Lưu hoạt động").click()
        page.locator(".saved-notice").wait_for()
        phone.wait_waiting(0)
        (row,) = [r for r in server.events_of(user) if r["id"] not in before]
        assert row["group_id"] == target["id"]
        assert (round(row["lat"], 4), round(row["lon"], 4), row["accuracy_m"]) == (
            round(here[0], 4), round(here[1], 4), 12.0)
        assert row["distance_m"] == pytest.approx(40, abs=2)
        assert phone.errors == []
    finally:
        context.close()


PII_CASES = json.loads((Path(__file__).parents[1] / "data" / "pii_cases.json").read_text("utf-8"))
NOTES = PII_CASES["personal"] + PII_CASES["not_personal"]


def test_the_phone_refuses_exactly_the_notes_the_server_refuses(server, phone_context):
    page = phone_context.new_page()
    page.goto(server.url)
    phone_says = page.evaluate("""async (notes) => {
      const { looksPersonal } = await import('/js/data/event-fields.js');
      return notes.map((note) => looksPersonal(note));
    }""", NOTES)
    assert dict(zip(NOTES, phone_says)) == {note: looks_personal(note) for note in NOTES}
    assert dict(zip(NOTES, phone_says)) == {note: note in PII_CASES["personal"] for note in NOTES}
