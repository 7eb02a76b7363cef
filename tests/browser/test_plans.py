"""The day's plan as an officer lives it: the plan comes with the first visit, opens with the
server stopped, a stop opens the form with its group chosen and the running campaign offered,
and the stop ticks itself once the visit is logged; the commander sees plan against done and the
campaign's progress on a desk."""
import uuid
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.browser.conftest import LAPTOP, PHONE
from tests.browser.live_server import DEMO_PASSWORD
from tests.browser.phone import MANAGER_READY, Phone, sign_in, unfit_for_a_thumb

pytestmark = pytest.mark.browser

USER = "demo-officer-4"
SHOTS = Path("/work/shots/h15")


def prepare(server):
    """The commander puts USER in charge of two groups and opens a campaign running today."""
    token = server.login("demo-commander")
    _, me = server.api("GET", "/me", token)
    _, groups = server.api("GET", f"/wards/{me['ward_id']}/groups", token)
    officer = server.query("SELECT id FROM users WHERE username = ?", USER)[0]["id"]
    for group in groups[-2:]:
        status, body = server.api("PATCH", f"/groups/{group['id']}", token, {"officer_id": officer})
        assert status == 200, body
    today = date.today()
    status, campaign = server.api("POST", f"/wards/{me['ward_id']}/campaigns", token, {
        "name": "90 ngày đêm cao điểm", "from": today.isoformat(),
        "to": (today + timedelta(days=89)).isoformat(), "targets": {"households_visited": 400}})
    assert status == 201, campaign
    return groups[-2:], campaign


def test_the_officers_plan_works_offline_and_ticks_the_stop_logged(
        server, launch_phone, browser, tmp_path, screens_dir):
    SHOTS.mkdir(parents=True, exist_ok=True)
    area, campaign = prepare(server)
    context = launch_phone(tmp_path / "profile")
    phone = Phone(context.pages[0], server, screens_dir)
    phone.sign_in(USER)
    page = phone.page
    page.wait_for_selector(".plan-item")  # the officer lands on today's plan
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.wait_for_selector("html[data-offline-ready]")

    server.stop()
    page.reload()
    page.wait_for_selector(".plan-item")  # kept on the phone for the day
    items = page.locator(".plan-item")
    assert {int(g) for g in items.evaluate_all("els => els.map((e) => e.dataset.group)")} >= {
        g["id"] for g in area}
    assert page.locator(".plan-kinds [data-kind]").count() == 5  # the kinds one tap away
    page.wait_for_selector(".bottomnav .navitem")
    page.screenshot(path=str(SHOTS / "officer-plan-360x640.png"))
    stop = items.first
    group_id = int(stop.get_attribute("data-group"))
    assert stop.get_attribute("data-done") == "0"

    stop.locator(".plan-link").click()
    page.locator('[data-kind="household_visit"]').click()
    assert page.locator('.group-picker [aria-checked="true"], .group-picker .is-selected').count() >= 1
    page.locator('input[name="households_visited"]').fill("12")
    assert page.locator('input[name="campaign_id"]').is_checked()
    page.get_by_role("button", name="Lưu hoạt động").click()
    page.locator(".saved-notice").wait_for()
    phone.go("plan")
    page.wait_for_selector(f'.plan-item[data-group="{group_id}"][data-done="1"]')
    assert phone.waiting() == 1

    server.start()
    phone.sync_now()
    phone.wait_waiting(0)
    stored = [e for e in server.events_of(USER) if e["group_id"] == group_id]
    assert [(e["households_visited"], e["campaign_id"]) for e in stored] == [(12, campaign["id"])]
    assert phone.errors == []

    desk = browser.new_context(**LAPTOP)
    page = desk.new_page()
    sign_in(page, server, "demo-commander", ready=MANAGER_READY)
    page.goto(f"{server.url}/#/dashboard")
    officer_id = stored[0]["author_id"]
    row = page.locator(f'.plan-table tr[data-user="{officer_id}"] td').last
    assert row.inner_text() == "1/2"  # this week: one of the two groups in charge reached
    page.wait_for_selector(f'[data-campaign="{campaign["id"]}"]')
    page.locator("#dash-plans").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "commander-dashboard-1280x800.png"))
    page.goto(f"{server.url}/#/manage/plans")
    page.wait_for_selector(".assign-btn")
    page.screenshot(path=str(SHOTS / "commander-manage-plans-1280x800.png"))
    assign_on_the_map(server, page, officer_id)
    page.goto(f"{server.url}/#/log")
    page.locator('[data-kind="meeting"]').click()
    width = page.evaluate("() => document.querySelector('.event-form').getBoundingClientRect().width")
    assert width > 900  # the desk's logging screen uses the width
    page.screenshot(path=str(SHOTS / "commander-log-1280x800.png"))
    desk.close()


def assign_on_the_map(server, page, officer_id):
    """The commander chooses the officer, taps two more groups on the map and gives them in one
    request; the groups go back to whom they had afterwards."""
    token = server.login("demo-commander")
    _, me = server.api("GET", "/me", token)
    _, groups = server.api("GET", f"/wards/{me['ward_id']}/groups", token)
    chosen = [g for g in groups if g.get("lat") is not None and g["officer_id"] != officer_id][:2]
    page.locator(f'.chips [data-officer="{officer_id}"]').click()
    page.wait_for_selector(f'.chips [data-officer="{officer_id}"][aria-checked="true"]')
    for group in chosen:
        page.locator(f'path.assign-dot[data-group="{group["id"]}"]').click()
        page.wait_for_selector(f'path.assign-dot[data-group="{group["id"]}"][data-chosen="1"]',
                               state="attached")
    posted = []
    page.on("request", lambda r: "officer-assignments" in r.url and posted.append(r.url))
    page.locator(".assign-map-box").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "commander-assign-on-map-1280x800.png"))
    page.locator(".assign-chosen").click()
    page.wait_for_selector(".toast:has-text('Đã giao 2 tổ')")
    _, after = server.api("GET", f"/wards/{me['ward_id']}/groups", token)
    assert {g["id"]: g["officer_id"] for g in after if g["id"] in {c["id"] for c in chosen}} == {
        c["id"]: officer_id for c in chosen}
    assert len(posted) == 1
    for group in chosen:
        status, body = server.api("PATCH", f"/groups/{group['id']}", token,
                                  {"officer_id": group["officer_id"]})
        assert status == 200, body


def test_the_week_the_start_from_the_phone_and_one_refetch_a_sync(server, browser):
    """A new officer: the route starts from the ward centre until the phone's position is allowed,
    then from it; the week is kept on the phone; a sync's burst of changes asks the plan once."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    username = f"plan-week-{uuid.uuid4().hex[:8]}"
    status, body = server.api("POST", "/users", server.login("demo-commander"), {
        "username": username, "full_name": "Cán bộ tuần", "role": "officer",
        "password": DEMO_PASSWORD})
    assert status == 201, body
    context = browser.new_context(**PHONE, service_workers="block")  # page.on sees every request
    context.set_default_timeout(10000)
    phone = Phone(context.new_page(), server)
    page = phone.page
    asked = []
    page.on("request", lambda r: "/api/v1/me/plan" in r.url and asked.append(r.url))
    phone.sign_in(username)
    page.wait_for_selector('.plan-start[data-source="ward"]')
    stops = page.locator(".plan-item").evaluate_all(
        "els => els.map((e) => Number(e.dataset.group))")
    assert len(stops) >= 3
    page.get_by_role("button", name="Bắt đầu từ vị trí của tôi").click()  # not allowed yet
    page.wait_for_selector(".plan-start-message:has-text('chưa cho phép')")
    assert page.locator(".plan-item").evaluate_all(
        "els => els.map((e) => Number(e.dataset.group))") == stops  # still the ward centre's
    # the last stop with a place (a group another walk added without one is routed last)
    token = server.login("demo-commander")
    last = next(group for group in (server.api("GET", f"/groups/{stop}", token)[1]
                                    for stop in reversed(stops)) if group.get("lat") is not None)
    context.grant_permissions(["geolocation"])
    context.set_geolocation({"latitude": last["lat"], "longitude": last["lon"]})
    page.get_by_role("button", name="Bắt đầu từ vị trí của tôi").click()
    page.wait_for_selector('.plan-start[data-source="position"]')
    assert int(page.locator(".plan-item").first.get_attribute("data-group")) == last["id"]
    assert any("lat=" in url for url in asked)
    page.screenshot(path=str(SHOTS / "officer-plan-day-360x640.png"))

    page.locator('.plan-view [data-days="7"]').click()
    page.wait_for_selector(".plan-day")
    assert page.locator(".plan-day").count() == 7
    assert unfit_for_a_thumb(page) == []
    page.screenshot(path=str(SHOTS / "officer-plan-week-360x640.png"))
    context.set_offline(True)
    phone.go("events")
    phone.go("plan")
    page.wait_for_selector(".plan-day .plan-item >> nth=0")  # the week, kept on the phone
    assert page.locator(".plan-head .notice").inner_text().startswith("Đang ngoại tuyến")

    context.set_offline(False)
    page.locator('.plan-view [data-days="1"]').click()
    page.wait_for_selector(".plan-list")
    page.route("**/api/v1/events/sync", lambda route: route.abort())  # the two visits wait
    phone.log("household_visit", {"households_visited": 3}, group=0)
    phone.log("household_visit", {"households_visited": 4}, group=1)
    phone.go("plan")
    page.wait_for_selector(".plan-item")
    phone.wait_waiting(2)
    page.wait_for_timeout(1000)  # the redraws of the saves have settled
    page.unroute("**/api/v1/events/sync")
    asked.clear()
    phone.sync_now()
    phone.wait_waiting(0)
    page.wait_for_timeout(1200)  # longer than the quiet time the plan waits for
    assert len(asked) == 1, asked  # one request for the whole burst of changes
    assert phone.errors == []
    context.close()
