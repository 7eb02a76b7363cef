"""Working with the server really stopped: reload from the service worker, log, restart the
browser, and every event reaches the database exactly once when the server is back."""
import pytest

from tests.browser.phone import Phone

pytestmark = pytest.mark.browser


def test_events_logged_offline_survive_a_browser_restart_and_arrive_once(
        server, launch_phone, tmp_path, screens_dir):
    profile = tmp_path / "profile"
    context = launch_phone(profile)
    phone = Phone(context.pages[0], server, screens_dir)
    phone.sign_in("demo-officer")
    phone.page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    phone.page.wait_for_selector("html[data-offline-ready]")
    before = len(server.events_of("demo-officer"))

    server.stop()
    phone.page.reload()
    phone.page.wait_for_selector('[data-kind="meeting"]')  # the app came from the service worker
    phone.log("meeting", {"attendees": 42, "vneid_installs": 7}, group=0)
    phone.log("household_visit", {"households_visited": 12, "people_assisted": 15}, group=1)
    phone.wait_waiting(2)
    phone.shot("offline-two-waiting")
    waiting = {i: s for i, s in phone.states().items() if s == "pending"}
    assert len(waiting) == 2
    assert phone.errors == []
    context.close()

    context = launch_phone(profile)  # the browser restarts; the server is still down
    phone = Phone(context.pages[0], server, screens_dir)
    phone.open("events")
    assert {i: s for i, s in phone.states().items() if s == "pending"} == waiting

    server.start()
    phone.sync_now()
    phone.wait_waiting(0)
    for event_id in waiting:
        phone.wait_state(event_id, "sent")
    stored = {row["id"]: row for row in server.events_of("demo-officer")}
    assert len(stored) == before + 2
    assert set(waiting) <= set(stored)
    meeting = next(stored[i] for i in waiting if stored[i]["kind"] == "meeting")
    visit = next(stored[i] for i in waiting if stored[i]["kind"] == "household_visit")
    assert (meeting["attendees"], meeting["vneid_installs"], meeting["version"]) == (42, 7, 1)
    assert (visit["households_visited"], visit["people_assisted"], visit["version"]) == (12, 15, 1)
    assert meeting["utc_offset_min"] == 420  # sent with the phone's own offset (+07:00)
    assert phone.errors == []
