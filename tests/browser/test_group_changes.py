"""Groups that change, in Chromium: the commander merges two groups from "Quản lý" (pick,
preview with the households summed, confirm), and an officer's phone that had logged an event
in one of them after the merge is told which group to use and moves it there in one tap."""
import uuid

import pytest

from tests.browser.conftest import LAPTOP
from tests.browser.phone import MANAGER_READY, Phone, sign_in

pytestmark = pytest.mark.browser

SYNC = "**/api/v1/events/sync"
OFFICER = "demo-officer-4"


def test_a_merge_on_the_desk_and_the_successor_offered_on_the_phone(server, browser, phone_context,
                                                                    screens_dir):
    (me,) = server.query("SELECT ward_id FROM users WHERE username = ?", OFFICER)
    commander, tag = server.login("demo-commander"), uuid.uuid4().hex[:4].upper()
    olds = []
    for n, households in ((1, 210), (2, 190)):
        status, group = server.api("POST", f"/wards/{me['ward_id']}/groups", commander, {
            "code": f"00-{tag}-{n}", "name": f"Tổ ghép {tag} {n}", "households_total": households,
            "population": 700 + n})
        assert status == 201, group
        olds.append(group)

    # The officer logs a visit in the first group, out of signal.
    phone = Phone(phone_context.new_page(), server, screens_dir)
    phone.sign_in(OFFICER)
    phone.page.route(SYNC, lambda route: route.abort())
    before = set(phone.states())
    phone.go("log")
    phone.page.locator('[data-kind="household_visit"]').click()
    phone.page.locator(".group-picker .link-btn", has_text="Xem tất cả").click()
    phone.page.locator(".group-picker .choice", has_text=olds[0]["name"]).first.click()
    phone.page.locator('input[name="households_visited"]').fill("12")
    phone.page.get_by_role("button", name="Lưu hoạt động").click()
    phone.page.locator(".saved-notice").wait_for()
    (event_id,) = set(phone.states()) - before

    # The commander merges the two groups from the first of the month.
    context = browser.new_context(**LAPTOP, service_workers="block")
    context.set_default_timeout(10000)
    desk = Phone(context.new_page(), server, screens_dir)
    sign_in(desk.page, server, "demo-commander", MANAGER_READY)
    desk.go("manage/groups")
    page = desk.page
    page.locator(".m-changes summary").click()
    op, parts, code = (page.locator(f'[name="{name}"]') for name in ("op", "parts", "new_code"))
    assert parts.is_hidden() and code.is_visible()  # a merge asks for the new code and name only
    op.select_option("split")
    assert parts.is_visible() and code.is_hidden()
    op.select_option("merge")
    for old in olds:
        page.locator(f'.m-picks input[value="{old["id"]}"]').check()
    page.locator('input[name="new_code"]').fill(f"00-{tag}-M")
    page.locator('input[name="new_name"]').fill(f"Tổ hợp nhất {tag}")
    page.get_by_role("button", name="Xem trước", exact=True).click()
    preview = page.locator(".m-preview-list")
    assert "400 hộ" in preview.inner_text() and "1.403 người" in preview.inner_text()
    page.locator(f'.m-picks input[value="{olds[0]["id"]}"]').uncheck()
    assert preview.count() == 0  # another choice is previewed again before it can be confirmed
    page.locator(f'.m-picks input[value="{olds[0]["id"]}"]').check()
    page.get_by_role("button", name="Xem trước", exact=True).click()
    page.locator(".m-changes").screenshot(path=str(screens_dir / "group-merge-preview.png"))
    page.get_by_role("button", name="Xác nhận thay đổi").click()
    page.locator(f'.m-item[data-code="00-{tag}-M"]').wait_for()
    assert page.locator(f'.m-item[data-code="{olds[0]["code"]}"]').count() == 0
    desk.shot("group-merged-list")
    context.close()
    (merged,) = server.query("SELECT id FROM residential_groups WHERE code = ?", f"00-{tag}-M")

    # Back in signal: the visit is refused, the phone offers the merged group and sends it there.
    phone.page.unroute(SYNC)
    phone.sync_now()
    phone.wait_state(event_id, "rejected")
    phone.go(f"events/{event_id}")
    offer = phone.page.locator(f'.successor-offer button[data-group="{merged["id"]}"]')
    offer.wait_for()
    assert f"Tổ hợp nhất {tag}" in offer.inner_text()
    phone.page.evaluate("() => document.querySelectorAll('.toast-close').forEach((b) => b.click())")
    phone.shot("group-stopped-successor-offer")
    groups = {g["id"] for g in phone.stored("areas", phone.session()["user"]["id"])["groups"]}
    assert merged["id"] in groups and olds[0]["id"] not in groups  # only groups in force
    offer.click()
    phone.wait_state(event_id, "sent")
    (stored,) = server.query("SELECT group_id FROM events WHERE id = ?", event_id)
    assert stored["group_id"] == merged["id"]
    assert phone.errors == []
