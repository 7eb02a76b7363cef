"""Fixtures of the browser suite: one real server for the session, Debian's Chromium, phones.

The server (flask run in a subprocess, SQLite migrated and seeded with the demo ward) starts once
per session; a test that stops it gets it restarted by the `server` fixture. Each test signs in as
its own demo user so the tests do not see each other's events.
"""
import os
from pathlib import Path

import pytest

from tests.browser.live_server import LiveServer

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PHONE = {"viewport": {"width": 360, "height": 640}, "device_scale_factor": 2, "is_mobile": True,
         "has_touch": True, "locale": "vi-VN", "timezone_id": "Asia/Ho_Chi_Minh"}
LAPTOP = {**PHONE, "viewport": {"width": 1280, "height": 800}, "device_scale_factor": 1,
          "is_mobile": False, "has_touch": False}
SCREENS = Path(__file__).resolve().parents[1] / "artifacts" / "screens"


@pytest.fixture(scope="session")
def chromium_path():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("OUTREACH_REQUIRE_BROWSER"):
            pytest.fail(f"Chromium is required (OUTREACH_REQUIRE_BROWSER) but {CHROMIUM} is missing")
        pytest.skip(f"{CHROMIUM} not installed (run scripts/test.sh)")
    return CHROMIUM


@pytest.fixture(scope="session")
def live_server(tmp_path_factory, chromium_path):
    server = LiveServer(tmp_path_factory.mktemp("live-server")).prepare().start()
    yield server
    server.stop()


@pytest.fixture
def server(live_server):
    """The running server (started again if an earlier test stopped it)."""
    return live_server.start()


@pytest.fixture(scope="session")
def playwright(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright, chromium_path):
    browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def phone_context(browser):
    """A fresh phone-sized browser profile. Service workers are blocked so page.route sees
    every request; the offline test uses a persistent profile with its service worker instead."""
    context = browser.new_context(**PHONE, service_workers="block")
    context.set_default_timeout(10000)
    yield context
    context.close()


@pytest.fixture
def launch_phone(playwright, chromium_path):
    """launch_phone(profile_dir) → a persistent phone-sized context (closing it is a browser restart)."""
    opened = []

    def _launch(profile_dir):
        context = playwright.chromium.launch_persistent_context(
            str(profile_dir), executable_path=chromium_path, args=CHROMIUM_ARGS, **PHONE)
        context.set_default_timeout(10000)
        opened.append(context)
        return context

    yield _launch
    for context in opened:
        try:
            context.close()
        except Exception:  # already closed by the test
            pass


@pytest.fixture(scope="session")
def screens_dir():
    SCREENS.mkdir(parents=True, exist_ok=True)
    return SCREENS
