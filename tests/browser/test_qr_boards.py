"""A QR board tried as a new user would: the demo commander makes one on Quản lý, opens its A4
poster, a phone's browser opens its short link three times (each time sent on to the guide), and
the dashboard and the map show three scans today. Screenshots of the poster and of the
dashboard's channels go to /work/shots/h17/ when that folder exists, else tests/artifacts/."""
import os
import secrets
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.browser.conftest import LAPTOP, PHONE
from tests.browser.phone import MANAGER_READY, sign_in

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("OUTREACH_SHOTS_DIR", "/work/shots/h17"))


def _shots(screens_dir):
    return SHOTS if SHOTS.is_dir() else screens_dir


class _Guide(BaseHTTPRequestHandler):
    """The page a board leads to (a public-service guide), on its own loopback port: a browser
    follows a redirect off our server to it as it would to dichvucong.gov.vn."""

    def do_GET(self):
        body = "<!doctype html><meta charset=utf-8><h1>Hướng dẫn dịch vụ công</h1>".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def guide():
    site = ThreadingHTTPServer(("127.0.0.1", 0), _Guide)
    threading.Thread(target=site.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{site.server_port}/huong-dan-vneid.html"
    site.shutdown()
    site.server_close()


def _make_board(page, name, guide):
    page.evaluate("() => { location.hash = '#/manage/boards'; }")
    page.get_by_role("button", name="+ Thêm bảng QR").click()
    page.get_by_label("Tên bảng").fill(name)
    page.get_by_label("Liên kết đích").fill(guide)
    # a demo group no other test rearranges: the map draws only the groups in force
    group = page.locator('select[name="group_id"] option', has_text="TDP05")
    page.locator('select[name="group_id"]').select_option(group.get_attribute("value"))
    page.get_by_role("button", name="Tạo bảng QR").click()
    item = page.locator(".m-item", has_text=name)
    item.wait_for()
    return item


def test_a_board_made_printed_and_scanned_three_times_shows_three_scans(browser, server, screens_dir,
                                                                         guide):
    shots = _shots(screens_dir)
    desk = browser.new_context(**LAPTOP, service_workers="block")
    page = desk.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, server, "demo-commander", MANAGER_READY)
    name = f"Nhà văn hóa tổ 3 · {secrets.token_hex(2)}"
    item = _make_board(page, name, guide)
    board_id, code = item.get_attribute("data-id"), item.get_attribute("data-code")
    with desk.expect_page() as opened:
        item.get_by_role("button", name="In áp phích").click()
    poster = opened.value
    poster.wait_for_selector(".poster-qr")
    assert poster.locator(".poster-name").inner_text() == name
    assert "quét mã" in poster.locator(".poster-instruction").inner_text()
    assert poster.locator(".poster-qr").evaluate("img => img.naturalWidth") > 0
    poster.set_viewport_size({"width": 820, "height": 1160})
    poster.screenshot(path=str(shots / "qr-poster.png"), full_page=True)
    poster.close()
    page.bring_to_front()  # a tab behind another draws nothing to take a picture of

    phone = browser.new_context(**PHONE, service_workers="block")
    scanner = phone.new_page()
    for _ in range(3):
        scanner.goto(f"{server.url}/q/{code}")
        assert scanner.url == guide and "Hướng dẫn" in scanner.inner_text("h1")
    assert phone.cookies() == []
    phone.close()

    page.evaluate("() => { location.hash = '#/dashboard'; }")
    row = page.locator(f'.board-table tr[data-board="{board_id}"]')
    row.wait_for()
    assert (row.get_attribute("data-scans"), row.get_attribute("data-today")) == ("3", "3")
    page.wait_for_timeout(400)
    box = page.locator("section[data-channels]").bounding_box()
    page.screenshot(path=str(shots / "dashboard-channels.png"), full_page=True, clip=box)
    page.evaluate("() => { location.hash = '#/map'; }")
    page.wait_for_selector('#coverage-map[data-ready="1"]')
    marker = page.locator(".channel-board", has_text="3")
    assert marker.count() >= 1 and int(page.locator("#coverage-map").get_attribute("data-qr-scans")) >= 3
    page.screenshot(path=str(shots / "map-channels.png"))
    assert errors == []
    desk.close()
