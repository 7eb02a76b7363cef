"""One's own account in the app: every role changes its password from the account screen; a
role that needs a second factor enrols (QR code, first code) before anything else."""
import pyotp
import pytest

from tests.browser.live_server import DEMO_PASSWORD, LiveServer
from tests.browser.phone import MANAGER_READY, OFFICER_READY, Phone, sign_in

pytestmark = pytest.mark.browser
NEW_PASSWORD = "một mật khẩu mới đủ dài"


@pytest.mark.parametrize("role", ["officer", "volunteer"])
def test_a_field_user_changes_their_password_from_the_account_screen(server, phone_context, role):
    commander = server.login("demo-commander")
    username = f"pw-change-{role}"
    status, body = server.api("POST", "/users", commander, {
        "username": username, "full_name": "Người thử", "role": role, "password": DEMO_PASSWORD})
    assert status == 201, body
    page = phone_context.new_page()
    phone = Phone(page, server)
    sign_in(page, server, username, OFFICER_READY)
    phone.go("account")
    page.get_by_text("Đổi mật khẩu").click()
    page.get_by_label("Mật khẩu hiện tại").fill("not my password")
    page.get_by_label("Mật khẩu mới (ít nhất 8 ký tự)").fill(NEW_PASSWORD)
    page.get_by_label("Nhập lại mật khẩu mới").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Lưu mật khẩu mới").click()
    page.get_by_text("Mật khẩu hiện tại không đúng.").wait_for()
    page.get_by_label("Mật khẩu hiện tại").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Lưu mật khẩu mới").click()
    page.get_by_text("Đã đổi mật khẩu.", exact=False).wait_for()
    assert server.api("POST", "/auth/login", body={"username": username,
                                                   "password": NEW_PASSWORD})[0] == 200
    assert server.api("POST", "/auth/login", body={"username": username,
                                                   "password": DEMO_PASSWORD})[0] == 401
    assert phone.errors == []


@pytest.fixture(scope="module")
def strict_server(tmp_path_factory, chromium_path):
    """A server where commanders and admins must have a second factor (as in production)."""
    server = LiveServer(tmp_path_factory.mktemp("strict-server"),
                        extra_env={"TOTP_REQUIRED_ROLES": "commander,admin"}).prepare().start()
    yield server
    server.stop()


def test_a_commanders_first_login_enrols_the_second_factor(strict_server, phone_context):
    page = phone_context.new_page()
    page.goto(f"{strict_server.url}/#/")
    page.wait_for_selector("html[data-ready]")
    page.get_by_label("Tên đăng nhập").fill("demo-commander")
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("heading", name="Bật xác thực hai bước").wait_for()
    qr = page.get_by_role("img", name="Mã QR để thêm tài khoản vào ứng dụng xác thực")
    assert qr.get_attribute("src").startswith("data:image/svg+xml")
    assert page.evaluate("() => document.querySelector('.totp-qr').naturalWidth") > 0
    assert page.locator(MANAGER_READY).count() == 0  # nothing else before enrolment
    secret = page.get_by_test_id("totp-secret").inner_text()
    page.get_by_label("Mã xác thực (6 số)").fill("000000")
    page.get_by_role("button", name="Xác nhận").click()
    page.get_by_text("Mã không đúng", exact=False).wait_for()
    page.get_by_label("Mã xác thực (6 số)").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Xác nhận").click()
    page.wait_for_selector(MANAGER_READY)
    rows = strict_server.query("SELECT totp_confirmed_at FROM users WHERE username = 'demo-commander'")
    assert rows[0]["totp_confirmed_at"] is not None
