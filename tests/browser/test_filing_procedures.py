"""Quản lý → Số liệu DVC as the reporting chain counts it, on a phone: the commander enters a
month per residence procedure, sees "Chưa phát sinh" (never 0 %) where nothing arose and each rate
against its target, met or not, then the month's level-2 e-ID figures (refused when more accounts
are activated than residents eligible). Every control is thumb-sized; the screen is captured at
360×640 and 1280×800."""
import os
from pathlib import Path

import pytest

from tests.browser.conftest import LAPTOP
from tests.browser.phone import MANAGER_READY, Phone, sign_in, unfilled_month, unfit_for_a_thumb

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("SHOTS_DIR", "/work/shots/h13a"))
FIGURES = {"permanent_residence": (40, 12, 28), "temporary_residence": (100, 55, 45),
           "temporary_absence": (0, 0, 0), "stay_notice": (300, 290, 10), "id_card": (10, 3, 7)}


def _fill(page, group, figures):
    box = page.locator(f'fieldset[data-group="{group}"]')
    for label, value in zip(("Tổng số tiếp nhận", "Trực tuyến", "Trực tiếp"), figures):
        box.get_by_label(label).fill(str(value))
    return box


def _shot(phone, name):
    for close in phone.page.locator(".toast .toast-close").all():
        close.click()  # a passing message would hide what is under it
    if SHOTS.parent.exists():
        SHOTS.mkdir(parents=True, exist_ok=True)
        phone.page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_a_month_per_procedure_against_its_targets_and_level_2_figures(server, browser,
                                                                       phone_context, screens_dir):
    boss = Phone(phone_context.new_page(), server, screens_dir)
    page = boss.page
    sign_in(page, server, "demo-commander", MANAGER_READY)
    boss.go("manage/filing")
    page.locator(".m-filing").first.wait_for()
    month = unfilled_month(page, server, 22)
    page.get_by_label("Tháng báo cáo").select_option(month)
    # the month's own form (the e-ID box of the month before also says "chưa có số liệu")
    page.locator(f'form[data-month="{month}"] .m-filing-total', has_text="chưa có số liệu").wait_for()
    assert page.locator('fieldset[data-group="residence"]').count() == 0  # split by default
    boxes = {group: _fill(page, group, figures) for group, figures in FIGURES.items()}
    page.get_by_role("button", name="Lưu số liệu tháng").click()
    page.locator(".m-filing-total", has_text="tỷ lệ").wait_for()

    absence = page.locator('fieldset[data-group="temporary_absence"] .m-target')
    assert "Chưa phát sinh" in absence.inner_text() and "0 %" not in absence.inner_text().split("chỉ tiêu")[0]
    permanent = page.locator('fieldset[data-group="permanent_residence"] .m-target').inner_text()
    assert "30 %" in permanent and "mức sàn quốc gia" in permanent and "Đạt" in permanent
    stay = page.locator('fieldset[data-group="stay_notice"] .m-target').inner_text()
    assert "96,67 %" in stay and "100 %" in stay and "Chưa đạt" in stay
    assert boxes["id_card"].locator(".m-badge").inner_text() == "Đạt"  # 30 % of a 30 % floor
    _shot(boss, "filing-procedures-360x640")

    eid = page.locator(".m-eid")
    eid.get_by_label("Công dân đủ điều kiện").fill("100")
    eid.get_by_label("Tài khoản đã kích hoạt").fill("120")
    page.get_by_role("button", name="Lưu định danh mức 2").click()
    error = eid.locator('[data-field="activated"] .field-error')
    error.wait_for()
    assert "không thể lớn hơn" in error.inner_text()
    eid.get_by_label("Công dân đủ điều kiện").fill("73.307")
    eid.get_by_label("Tài khoản đã kích hoạt").fill("40796")
    page.get_by_role("button", name="Lưu định danh mức 2").click()
    page.locator(".m-eid .m-filing-total", has_text="55,65 %").wait_for()
    assert unfit_for_a_thumb(page) == []
    page.locator(".m-eid").scroll_into_view_if_needed()
    if SHOTS.parent.exists():
        page.screenshot(path=str(SHOTS / "filing-eid-360x640.png"))

    token = server.login("demo-commander")
    ward_id = server.api("GET", "/me", token)[1]["ward_id"]
    status, stored = server.api("GET", f"/wards/{ward_id}/filing-stats/{month}", token)
    rows = {r["service_group"]: r for r in stored["rows"]}
    assert (rows["temporary_absence"]["rate_pct"], rows["temporary_absence"]["nothing_arose"]) == (None, True)
    assert rows["stay_notice"]["meets_target"] is False
    assert server.api("GET", f"/wards/{ward_id}/eid-stats/{month}", token)[1]["coverage_pct"] == 55.65
    assert boss.errors == []

    desk_context = browser.new_context(**LAPTOP, service_workers="block")
    try:
        desk = Phone(desk_context.new_page(), server, screens_dir)
        sign_in(desk.page, server, "demo-commander", MANAGER_READY)
        desk.go("manage/filing")
        desk.page.get_by_label("Tháng báo cáo").select_option(month)
        desk.page.locator(".m-filing-total", has_text="tỷ lệ").wait_for()
        _shot(desk, "filing-procedures-1280x800")
        assert desk.errors == []
    finally:
        desk_context.close()
