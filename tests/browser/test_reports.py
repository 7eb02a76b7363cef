"""The "Báo cáo" screen in Chromium: the demo commander downloads this month's report as Excel
(figures checked against the metrics API) and opens the printable page, which Chromium prints to
PDF and whose text is checked; a past month is closed and an admin reopens it with a reason; an
officer exports their own events from "Hoạt động của tôi" and cannot reach the reports."""
import csv
import io
import unicodedata
import openpyxl
import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from server.periods import local_today, month_start, next_month
from server.reports import vn
from tests.browser.phone import MANAGER_READY, sign_in

pytestmark = pytest.mark.browser


def squeeze(text):
    return unicodedata.normalize("NFC", "".join(text.split()))


def open_reports(page):
    page.locator('.bottomnav [data-screen="reports"]').click()
    page.wait_for_selector('[data-card="closures"] .closure')


def metrics_of_this_month(server, token, ward_id):
    start = month_start(local_today())
    end = next_month(start)
    status, body = server.api("GET", f"/wards/{ward_id}/metrics?from={start}&to={end}", token)
    assert status == 200
    return body


def test_commander_downloads_and_prints_this_months_report(server, phone_context, browser,
                                                           screens_dir, tmp_path):
    page = phone_context.new_page()
    sign_in(page, server, "demo-commander", MANAGER_READY)
    open_reports(page)
    page.screenshot(path=str(screens_dir / "reports-commander-360.png"), full_page=True)
    (me,) = server.query("SELECT ward_id FROM users WHERE username = 'demo-commander'")
    metrics = metrics_of_this_month(server, server.login("demo-commander"), me["ward_id"])

    with page.expect_download() as info:
        page.locator('[data-action="ward-xlsx"]').click()
    path = tmp_path / "report.xlsx"
    info.value.save_as(path)
    assert info.value.suggested_filename == f"bao-cao-phuong-nha-trang-{local_today():%Y-%m}.xlsx"
    book = openpyxl.load_workbook(path)
    kinds = [s for s in book.worksheets if s.title.startswith("1.")][0]
    total = [row for row in kinds.iter_rows(values_only=True) if row[1] == "Tổng cộng"][0]
    assert list(total[2:4]) == [metrics["totals"]["events"], vn.rounded(metrics["totals"]["hours"], 1)]
    assert total[9] == metrics["totals"]["dvc_filings"]

    with phone_context.expect_page() as popup:
        page.locator('[data-action="ward-html"]').click()
    report = popup.value
    report.wait_for_selector("h1", timeout=15000)
    expect(report.locator("h1")).to_have_text("BÁO CÁO")
    report.set_viewport_size({"width": 1000, "height": 1400})
    report.screenshot(path=str(screens_dir / "report-demo-ward.png"), full_page=True)
    pdf = tmp_path / "report.pdf"
    report.pdf(path=str(pdf), format="A4")
    # The PDF's text layer spaces out glyphs with diacritics ("C Ộ NG"): compare without spaces.
    text = squeeze("".join(p.extract_text() for p in PdfReader(pdf).pages))
    today = local_today()
    t = metrics["totals"]
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                     "CÔNG AN PHƯỜNG NHA TRANG", f"tháng {today.month} năm {today.year}",
                     f"đã thực hiện {vn.number(t['events'])} hoạt động tuyên truyền",
                     f"hỗ trợ nộp {vn.number(t['dvc_filings'])} hồ sơ dịch vụ công trực tuyến",
                     "I. KẾT QUẢ CÔNG TÁC TUYÊN TRUYỀN", "Tổng cộng", "TRƯỞNG CÔNG AN PHƯỜNG",
                     "Trần Văn Hùng"):
        assert squeeze(expected) in text, expected
    assert len(PdfReader(pdf).pages) >= 2
    report.close()


def test_a_month_is_closed_then_reopened_by_the_admin(server, phone_context, browser, screens_dir):
    page = phone_context.new_page()
    sign_in(page, server, "demo-commander", MANAGER_READY)
    open_reports(page)
    rows = page.locator('[data-card="closures"] .closure')
    oldest = rows.last
    month = oldest.get_attribute("data-month")
    oldest.locator(f'[data-close="{month}"]').click()
    page.get_by_role("button", name="Chốt số liệu").last.click()
    expect(oldest.locator(".closure-status")).to_contain_text("Đã chốt ngày")
    expect(oldest.locator("button")).to_have_count(0)  # only the province reopens
    (me,) = server.query("SELECT ward_id FROM users WHERE username = 'demo-commander'")
    assert server.query("SELECT closed FROM period_closures WHERE ward_id = ? AND month = ?",
                        me["ward_id"], f"{month}-01") == [{"closed": 1}]

    admin = browser.new_context(viewport={"width": 1280, "height": 800}, locale="vi-VN",
                                timezone_id="Asia/Ho_Chi_Minh", service_workers="block")
    try:
        desk = admin.new_page()
        sign_in(desk, server, "demo-admin", MANAGER_READY)
        open_reports(desk)
        desk.locator("select").select_option(str(me["ward_id"]))
        row = desk.locator(f'.closure[data-month="{month}"]')
        expect(row.locator(".closure-status")).to_contain_text("Đã chốt ngày")
        desk.screenshot(path=str(screens_dir / "reports-admin-1280.png"), full_page=True)
        row.locator(f'[data-reopen="{month}"]').click()
        desk.locator("dialog textarea").fill("Bổ sung hoạt động còn thiếu")
        desk.locator("dialog").get_by_role("button", name="Mở lại").click()
        expect(row.locator(".closure-status")).to_contain_text("Đã mở lại: Bổ sung hoạt động còn thiếu")
    finally:
        admin.close()
    audit = server.query("SELECT action FROM audit_log WHERE entity = 'period' AND entity_id = ? "
                         "ORDER BY id", month)
    assert [a["action"] for a in audit] == ["close", "reopen"]


def test_officer_exports_own_events_and_cannot_open_reports(server, phone_context, tmp_path):
    page = phone_context.new_page()
    sign_in(page, server, "demo-officer-4", MANAGER_READY)
    page.locator('.bottomnav [data-screen="events"]').click()
    with page.expect_download() as info:
        page.locator('[data-export="csv"]').click()
    path = tmp_path / "mine.csv"
    info.value.save_as(path)
    raw = path.read_bytes()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    mine = server.events_of("demo-officer-4")
    assert len(rows) == len([e for e in mine if not e["deleted"]]) > 0
    assert {r["Người ghi"] for r in rows} == {"Huỳnh Tấn Phát"}
    assert page.locator('.bottomnav [data-screen="reports"]').count() == 0
    page.evaluate("location.hash = '#/reports'")
    page.wait_for_function("() => location.hash !== '#/reports'")  # sent away from the screen
    assert "#/reports" not in page.url
    token = server.login("demo-officer-4")
    status, me = server.api("GET", "/me", token)
    assert status == 200, me
    status, _ = server.api("GET", f"/wards/{me['ward_id']}/report", token)
    assert status == 403  # not even the officer's own ward
