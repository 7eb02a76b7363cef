"""The province screen's import of a published table, walked as an admin would in Chromium: the
provincial inspection report's table (tests/data, XLSX with its title lines) imported into the
demo province (Khánh Hòa, which took in its units' communes in 2025), every line answered in
Vietnamese (the unit with 0 dossiers but 298 online flagged, "TP. Phan Rang Tháp Chàm", now
Phường Phan Rang, refused by name and the others kept, the TỔNG line checked against the sum),
the ranking of that service group showing the same figures in the published layout; the same
table again as CSV changes nothing; level-2 e-ID figures of the same units imported beside it, every
line answered, the same file twice unchanged. Screenshots at 360×640 and 1280×800."""
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import LAPTOP, PHONE
from tests.browser.phone import sign_in, unfit_for_a_thumb

pytestmark = pytest.mark.browser

DATA = Path(__file__).resolve().parents[1] / "data"


def answers(page):
    box = page.locator("[data-answers='filing-import']")
    expect(box).to_be_visible()
    return box


def import_form(page, name, path):
    """The import form `name` unfolded, its file chosen."""
    box = page.locator(f"[data-box='{name}']")
    if box.get_attribute("open") is None:
        box.locator("summary").click()
    form = page.locator(f"[data-form='{name}']")
    form.locator("input[type=file]").set_input_files(str(path))
    return form


def import_table(page, path):
    form = import_form(page, "filing-import", path)
    form.locator("select[name=month]").select_option("2022-10")
    form.locator("select[name=service_group]").select_option("other")
    form.get_by_role("button", name="Nhập bảng").click()


EID_TABLE = """CÔNG AN TỈNH KHÁNH HÒA,,,
Đơn vị,Tháng,Đủ điều kiện,Đã kích hoạt
Xã Ninh Hải,10/2022,"12.400","6.510"
Bác Ái,Tháng 10/2022,"5.000","1.200"
Ninh Sơn,10/2022,"900","1.100"
TỔNG,,"18.300","8.810"
"""


def import_eid(page, path):
    import_form(page, "eid-import", path).get_by_role("button", name="Nhập số liệu định danh").click()


def test_a_published_table_imports_and_ranks_as_printed(browser, server, screens_dir, tmp_path):
    context = browser.new_context(**PHONE, service_workers="block")
    page = context.new_page()
    sign_in(page, server, "demo-admin", ".ranking-table")
    import_table(page, DATA / "ninh-thuan-dvc-2022.xlsx")
    box = answers(page)
    expect(box.locator("h3")).to_contain_text("6 thêm mới, 0 cập nhật, 0 không đổi, 1 bị từ chối")
    expect(box.locator("tr[data-line='5']")).to_contain_text("Không có phường/xã nào của tỉnh")
    ninh_phuoc = box.locator("tr[data-line='9']")
    expect(ninh_phuoc).to_contain_text("Thêm mới")
    expect(ninh_phuoc).to_contain_text("Số liệu không khớp")
    expect(ninh_phuoc).to_contain_text("Không báo cáo đầy đủ")
    expect(box.locator("tr[data-status='total_row']")).to_contain_text(
        "Không khớp tổng các dòng: Trực tiếp in 80.388, cộng các dòng 80.686")
    # the ranking of that month and service group, in the published layout, the same figures
    expect(page.locator(".dash-title")).to_have_text("Xếp hạng phường/xã tháng 10/2022: Lĩnh vực khác")
    rows = page.locator(".ranking-table tbody tr")
    first = rows.first.locator("th, td").all_inner_texts()
    assert first[0] == "1" and "Xã Ninh Hải" in first[1]
    assert first[2:6] == ["26.311", "16.622", "9.689", "36,82"]
    flagged = page.locator(".ranking-table tr.is-inconsistent")
    expect(flagged).to_have_count(1)
    cells = flagged.locator("th, td").all_inner_texts()
    assert "Xã Ninh Phước" in cells[1] and cells[2:7] == ["0", "0", "298", "—", "x"]
    assert "Số liệu không khớp" in cells[7] and "Chưa phát sinh" in cells[7]
    foot = page.locator(".ranking-table tfoot").inner_text()
    assert "71.709" in foot and "18.374" in foot  # the table's TỔNG less the unit refused
    page.locator(".ranking-table").scroll_into_view_if_needed()
    page.screenshot(path=str(screens_dir / "province-ranking-360x640.png"))
    box.scroll_into_view_if_needed()
    page.screenshot(path=str(screens_dir / "province-import-360x640.png"))
    assert unfit_for_a_thumb(page) == []
    page.screenshot(path=str(screens_dir / "province-import-360x640-full.png"), full_page=True)
    # level-2 e-ID figures of the same units: every line answered, the impossible one refused
    eid = tmp_path / "dinh-danh-10-2022.csv"
    eid.write_text(EID_TABLE, encoding="utf-8")
    import_eid(page, eid)
    eid_box = page.locator("[data-answers='eid-import']")
    expect(eid_box.locator("h3")).to_contain_text("2 thêm mới, 0 cập nhật, 0 không đổi, 1 bị từ chối")
    expect(eid_box.locator("tr[data-line='3']")).to_contain_text("52,5")
    expect(eid_box.locator("tr[data-line='5']")).to_contain_text("lớn hơn số đủ điều kiện")
    eid_box.scroll_into_view_if_needed()
    page.screenshot(path=str(screens_dir / "province-eid-import-360x640.png"))
    assert unfit_for_a_thumb(page) == []
    import_eid(page, eid)
    expect(page.locator("[data-answers='eid-import'] h3")).to_contain_text("0 thêm mới, 0 cập nhật, 2 không đổi")
    # the same table again, typed as CSV, on a desk: nothing changes
    page.set_viewport_size(LAPTOP["viewport"])
    import_table(page, DATA / "ninh-thuan-dvc-2022.csv")
    expect(page.locator("[data-answers='filing-import'] h3")).to_contain_text("0 thêm mới, 0 cập nhật, 6 không đổi, 1 bị từ chối")
    page.screenshot(path=str(screens_dir / "province-import-1280x800.png"))
    page.screenshot(path=str(screens_dir / "province-import-1280x800-full.png"), full_page=True)
    context.close()
