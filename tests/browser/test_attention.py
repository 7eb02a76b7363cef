"""Events that need the user: a refused one (its reason in Vietnamese, fixed or discarded) and
conflicting edits (both versions side by side, "keep mine" or "take the server's"), and that
each choice reaches the server."""
import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.phone import Phone, unfit_for_a_thumb

pytestmark = pytest.mark.browser

SYNC = "**/api/v1/events/sync"
USER = "demo-officer-3"


def look(phone, name, problems, full_page=False):
    """Capture the screen (passing messages closed) and note what a thumb could not use."""
    for close in phone.page.locator(".toast:not(.toast-sticky) .toast-close").all():
        close.click()
    phone.shot(name, full_page=full_page)
    wrong = unfit_for_a_thumb(phone.page)
    if wrong:
        problems[name] = wrong


def new_ids(phone, before):
    return [i for i in phone.states() if i not in before]


def record(phone, event_id):
    return phone.stored("events", event_id)


def edit_count(phone, event_id, name, value):
    phone.go(f"events/{event_id}/edit")
    phone.page.locator(f'input[name="{name}"]').fill(str(value))
    phone.page.get_by_role("button", name="Lưu thay đổi").click()
    phone.page.wait_for_url(f"**/#/events/{event_id}")


def test_refused_and_conflicting_events_are_explained_and_settled(server, phone_context, screens_dir):
    (me,) = server.query("SELECT id, ward_id FROM users WHERE username = ?", USER)
    (other_ward,) = server.query("SELECT id FROM wards WHERE id != ? LIMIT 1", me["ward_id"])
    commander = server.login("demo-commander")
    status, moved = server.api("POST", f"/wards/{me['ward_id']}/groups", commander, {
        "code": f"TDP-{uuid.uuid4().hex[:6]}", "name": "Tổ dân phố Phước Long 9",
        "lat": 12.2251, "lon": 109.1931})
    assert status == 201, moved

    phone = Phone(phone_context.new_page(), server, screens_dir)
    problems = {}
    phone.sign_in(USER)  # the new group is now stored on the phone
    before = set(phone.states())
    phone.log("meeting", {"attendees": 40}, group=0)
    phone.log("household_visit", {"households_visited": 10}, group=1)
    phone.wait_waiting(0)
    meeting, visit = sorted(new_ids(phone, before), key=lambda i: record(phone, i)["fields"]["kind"], reverse=True)
    assert record(phone, meeting)["fields"]["kind"] == "meeting"
    before |= {meeting, visit}

    # The commander corrects both in the office while the officer, out of signal, edits them too.
    edits = []
    for event_id, name, value in ((meeting, "attendees", 45), (visit, "households_visited", 14)):
        payload = {**record(phone, event_id)["fields"], "id": event_id, name: value, "base_version": 1}
        edits.append(payload)
    status, answer = server.api("POST", "/events/sync", commander, {"events": edits})
    assert status == 200 and [r["status"] for r in answer["results"]] == ["updated", "updated"]

    phone.page.route(SYNC, lambda route: route.abort())
    edit_count(phone, meeting, "attendees", 50)
    edit_count(phone, visit, "households_visited", 12)
    # The ward's groups are reorganised: the new group now belongs to another ward, but the
    # phone still offers it.
    server.query("UPDATE residential_groups SET ward_id = ? WHERE id = ?", other_ward["id"], moved["id"])
    for attendees in (25, 30):
        phone.go("log")
        phone.page.locator('[data-kind="meeting"]').click()
        phone.page.get_by_role("button", name="Xem tất cả").click()
        phone.page.locator(f'.group-picker .choice[data-group-id="{moved["id"]}"]').click()
        phone.page.locator('input[name="attendees"]').fill(str(attendees))
        phone.page.get_by_role("button", name="Lưu hoạt động").click()
        phone.page.locator(".saved-notice").wait_for()
    refused = new_ids(phone, before)
    assert len(refused) == 2
    before |= set(refused)

    phone.page.unroute(SYNC)
    phone.sync_now()
    for event_id in (meeting, visit):
        phone.wait_state(event_id, "conflict")
    for event_id in refused:
        phone.wait_state(event_id, "rejected")
    assert phone.waiting() == 0
    phone.page.locator(".banner", has_text="4 hoạt động cần bạn xử lý").wait_for()

    phone.page.route(SYNC, lambda route: route.abort())  # one more, logged out of signal
    phone.log("support_session", {"people_assisted": 18}, group=2)
    phone.wait_waiting(1)
    (waiting,) = new_ids(phone, before)
    states = phone.states()
    assert {states[i] for i in (meeting, visit)} == {"conflict"}
    assert {states[i] for i in refused} == {"rejected"}
    assert states[waiting] == "pending" and "sent" in states.values()
    look(phone, "my-events-states", problems)
    phone.page.get_by_role("button", name="Cần xử lý (4)").click()
    expect(phone.page.locator(".event-item")).to_have_count(4)
    look(phone, "my-events-attention", problems)
    phone.page.get_by_role("button", name="Tất cả").click()

    # A conflict shows both versions, the differing one marked, and keeps mine on request.
    phone.go(f"events/{meeting}")
    box = phone.page.locator(".alert-conflict")
    box.get_by_text("Xung đột: hoạt động đã được sửa ở nơi khác").wait_for()
    row = box.locator("tr.differs", has_text="Số người dự")
    row.wait_for()
    assert row.locator("td").all_inner_texts() == ["50", "45"]
    assert "phiên bản 2" in box.inner_text()
    look(phone, "conflict-view", problems, full_page=True)
    box.get_by_role("button", name="Giữ bản của tôi").click()
    phone.page.wait_for_selector('.badge-pending')
    assert record(phone, meeting)["fields"]["attendees"] == 50

    # ...or takes the server's: the phone shows the commander's figure, nothing is sent.
    phone.go(f"events/{visit}")
    box = phone.page.locator(".alert-conflict")
    row = box.locator("tr.differs", has_text="Số hộ đã đến")
    row.wait_for()
    assert row.locator("td").all_inner_texts() == ["12", "14"]
    box.get_by_role("button", name="Dùng bản trên máy chủ").click()
    phone.page.wait_for_selector(".badge-sent")
    assert phone.page.locator(".facts").get_by_text("14", exact=True).is_visible()

    # A refused event says why in Vietnamese; "Sửa lại" opens the form on the refused field.
    first, second = refused
    first_attendees = record(phone, first)["fields"]["attendees"]
    phone.go(f"events/{first}")
    alert = phone.page.locator(".alert-refused")
    alert.get_by_text("Máy chủ từ chối hoạt động này").wait_for()
    assert "không thuộc phường/xã của bạn" in alert.inner_text()
    look(phone, "refused-view", problems, full_page=True)
    alert.get_by_role("link", name="Sửa lại").click()
    phone.page.wait_for_url(f"**/#/events/{first}/edit")
    form = phone.page.locator(".event-form")
    form.locator(".refused-reasons").get_by_text("không thuộc phường/xã của bạn").wait_for()
    picker_error = form.locator(".group-picker .field-error")
    assert "không thuộc phường/xã của bạn" in picker_error.inner_text()
    assert form.locator('.group-picker .choice[aria-checked="true"]').count() == 0
    assert form.locator(f'.group-picker .choice[data-group-id="{moved["id"]}"]').count() == 0
    look(phone, "refused-fix-form", problems)
    form.locator(".group-picker .choice").first.click()
    fixed_group = int(form.locator('.group-picker .choice[aria-checked="true"]').get_attribute("data-group-id"))
    phone.page.get_by_role("button", name="Lưu thay đổi").click()
    phone.page.wait_for_url(f"**/#/events/{first}")
    phone.page.wait_for_selector(".badge-pending")

    # The other refused one is discarded: gone from the phone, never sent.
    phone.go(f"events/{second}")
    phone.page.locator(".alert-refused").get_by_role("button", name="Bỏ hoạt động").click()
    phone.page.locator("dialog").get_by_role("button", name="Bỏ", exact=True).click()
    phone.page.wait_for_url("**/#/events")
    assert second not in phone.states()

    phone.page.unroute(SYNC)
    phone.sync_now()
    phone.wait_waiting(0)
    for event_id in (meeting, visit, first, waiting):
        phone.wait_state(event_id, "sent")
    rows = {r["id"]: r for r in server.events_of(USER)}
    assert (rows[meeting]["attendees"], rows[meeting]["version"]) == (50, 3)  # mine, on top of theirs
    assert (rows[visit]["households_visited"], rows[visit]["version"]) == (14, 2)  # theirs, untouched
    assert (rows[first]["group_id"], rows[first]["attendees"], rows[first]["version"]) == (fixed_group, first_attendees, 1)
    assert rows[waiting]["people_assisted"] == 18
    assert second not in rows
    assert phone.page.locator(".banner", has_text="cần bạn xử lý").count() == 0
    assert problems == {}
    assert phone.errors == []


def test_an_edit_of_an_event_deleted_on_the_server_can_be_kept_as_a_new_event(server, phone_context, screens_dir):
    user = "demo-volunteer-3"
    phone = Phone(phone_context.new_page(), server, screens_dir)
    phone.sign_in(user)
    before = set(phone.states())
    phone.log("leaflet_drop", {"leaflets": 150}, group=0)
    phone.wait_waiting(0)
    (event_id,) = new_ids(phone, before)

    phone.page.route(SYNC, lambda route: route.abort())
    edit_count(phone, event_id, "leaflets", 200)
    commander = server.login("demo-commander")  # deletes it from the office meanwhile
    status, answer = server.api("POST", "/events/sync", commander,
                                {"events": [{"id": event_id, "deleted": True, "base_version": 1}]})
    assert status == 200 and answer["results"][0]["status"] == "updated"
    phone.page.unroute(SYNC)
    phone.sync_now()
    phone.wait_state(event_id, "conflict")

    phone.go(f"events/{event_id}")
    box = phone.page.locator(".alert-conflict")
    box.get_by_text("Trên máy chủ hoạt động này đã bị xóa").wait_for()
    rows = box.locator("tbody tr")
    assert rows.locator("th").all_inner_texts() == ["Loại hoạt động", "Tổ dân phố", "Thời gian",
                                                    "Tờ rơi đã phát"]  # what the phone's copy holds
    assert rows.filter(has_text="Tờ rơi đã phát").locator("td").all_inner_texts() == ["200"]
    assert box.locator("td.gone").inner_text() == "Đã xóa"  # once, for the server's whole column
    problems = {}
    look(phone, "conflict-deleted-on-server", problems, full_page=True)
    assert problems == {}
    phone.page.route(SYNC, lambda route: route.abort())  # held back, so it is seen waiting first
    box.get_by_role("button", name="Giữ bản của tôi").click()
    # Kept under a new id (the deleted one cannot come back), and the phone shows that one.
    phone.page.wait_for_url(lambda url: "#/events/" in url and event_id not in url)
    new_id = phone.page.url.rsplit("/", 1)[-1]
    phone.page.locator(".detail-head .badge-pending").wait_for()
    phone.page.unroute(SYNC)
    phone.sync_now()
    phone.wait_waiting(0)
    phone.wait_state(new_id, "sent")
    assert event_id not in phone.states()
    (old,) = server.query("SELECT deleted FROM events WHERE id = ?", event_id)
    (new,) = server.query("SELECT leaflets, deleted, version FROM events WHERE id = ?", new_id)
    assert old["deleted"] == 1 and new == {"leaflets": 200, "deleted": 0, "version": 1}
    assert phone.errors == []
