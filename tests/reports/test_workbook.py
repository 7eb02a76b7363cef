"""The report's workbook as a spreadsheet program prints and reads it: page setup of every sheet,
short sheet names, one font, dates and numbers stored as such with Vietnamese formats, rounded as
the printed page rounds them, and the files named from the unit and the period."""
import io
from datetime import datetime

import openpyxl

from server.reports import workbook
from tests.metrics.helpers import event, post
from tests.metrics.helpers import vn as vn_time

MARCH = "from=2025-03-01&to=2025-04-01"
FONT = "Times New Roman"


def _get(client, headers, url):
    res = client.get(url, headers=headers)
    assert res.status_code == 200, res.get_data(as_text=True)[:500]
    return res


def _book(res):
    return openpyxl.load_workbook(io.BytesIO(res.data))


def _march_of_w1(client, world, as_user):
    """Two meetings of 60 and 15 minutes in group g1 (1.25 hours), filing figures of March."""
    g1, w1 = world.groups["g1"], world.wards["w1"]
    post(client, as_user("officer-w1"),
         event(g1, vn_time("2025-03-03 09:00"), "meeting", attendees=1200),
         event(g1, vn_time("2025-03-05 09:00"), "meeting", duration_min=15, attendees=34))
    res = client.put(f"/api/v1/wards/{w1.id}/filing-stats/2025-03", headers=as_user("admin-p1"),
                     json={"rows": [{"service_group": "residence", "total": 3,
                                     "online": 2, "in_person": 1}]})
    assert res.status_code == 200
    return w1


def _assert_prints_landscape_fitted(book):
    for sheet in book.worksheets:
        setup = sheet.page_setup
        assert (setup.orientation, str(setup.paperSize)) == ("landscape", sheet.PAPERSIZE_A4), \
            sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0), sheet.title
        margins = sheet.page_margins
        assert all(0.4 <= m <= 1 for m in (margins.left, margins.right, margins.top,
                                             margins.bottom)), sheet.title
        assert "&P" in sheet.oddFooter.center.text
    for sheet in book.worksheets[1:]:
        assert sheet.print_title_rows == "$1:$3", sheet.title  # title and header on every page
        assert [c.value for c in sheet[3]][:2] == ["Stt", sheet.cell(3, 2).value]


def _assert_one_font(book):
    fonts = {c.font.name for s in book.worksheets for row in s.iter_rows() for c in row
             if c.value is not None}
    assert fonts == {FONT}


def test_ward_workbook_prints_every_sheet_landscape_fitted_with_its_headers_repeated(
        client, world, as_user):
    w1 = _march_of_w1(client, world, as_user)
    book = _book(_get(client, as_user("commander-w1"),
                      f"/api/v1/wards/{w1.id}/report?{MARCH}&format=xlsx"))
    assert book.sheetnames == ["Tóm tắt", "1. Theo hình thức", "2. Theo tổ dân phố",
                               "3. Theo cán bộ", "4. Hồ sơ thủ tục hành chính",
                               "5. Tiến độ chỉ tiêu", "6. Định danh mức 2", "7. Theo kênh",
                               "8. Đợt vận động", "9. Đợt vận động theo cán bộ"]
    _assert_prints_landscape_fitted(book)
    _assert_one_font(book)
    summary = book.worksheets[0]
    cells = [c for c in summary["A"] if c.value]
    assert all(c.alignment.wrap_text for c in cells)
    longest = max(cells, key=lambda c: len(c.value))
    assert len(longest.value) > summary.column_dimensions["A"].width  # a paragraph of lines…
    assert summary.row_dimensions[longest.row].height >= 2 * workbook.LINE_HEIGHT  # …all shown


def test_ward_workbook_stores_dates_as_dates_and_numbers_rounded_as_printed(
        client, world, as_user):
    w1, headers = _march_of_w1(client, world, as_user), as_user("commander-w1")
    url = f"/api/v1/wards/{w1.id}/report?{MARCH}"
    book = _book(_get(client, headers, url + "&format=xlsx"))
    kinds = book["1. Theo hình thức"]
    total = next(r for r in kinds.iter_rows(min_row=4) if r[1].value == "Tổng cộng")
    events, hours, attendees = total[2], total[3], total[4]
    assert (events.value, events.number_format) == (2, "#,##0")
    assert (hours.value, hours.number_format) == (1.3, "#,##0.0")  # 1.25 hours, half up
    assert (attendees.value, attendees.number_format) == (1234, "#,##0")
    html = _get(client, headers, url).get_data(as_text=True)
    assert "với tổng thời gian 1,3 giờ" in html and ">1,3</td>" in html  # the same rounding

    groups = book["2. Theo tổ dân phố"]
    g1 = next(r for r in groups.iter_rows(min_row=4) if r[1].value == world.groups["g1"].name)
    assert (g1[8].value, g1[8].number_format) == (datetime(2025, 3, 5), "dd/mm/yyyy")
    assert g1[5].number_format == "#,##0.00" and isinstance(g1[5].value, (int, float))
    assert "05/03/2025" in html
    filing = book["4. Hồ sơ thủ tục hành chính"]
    month = filing.cell(4, 2)
    assert (month.value, month.number_format) == (datetime(2025, 3, 1), "mm/yyyy")
    assert (filing.cell(4, 7).value, filing.cell(4, 7).number_format) == (66.67, "#,##0.00")


def _file_name(res):
    disposition = res.headers["Content-Disposition"]
    assert disposition.isascii()
    return disposition.split('filename="', 1)[1].rstrip('"')


def test_report_files_are_named_from_the_unit_and_the_period_as_said(client, world, as_user):
    w1, p1 = world.wards["w1"], world.provinces["p1"]
    commander, admin = as_user("commander-w1"), as_user("admin-p1")
    ward = f"/api/v1/wards/{w1.id}/report"
    assert _file_name(_get(client, commander, f"{ward}?{MARCH}&format=xlsx")) \
        == "bao-cao-phuong-nha-trang-2025-03.xlsx"
    assert _file_name(_get(client, commander, f"{ward}?from=2025-03-03&to=2025-03-21")) \
        == "bao-cao-phuong-nha-trang-2025-03-03-den-2025-03-20.html"
    assert _file_name(_get(client, commander, f"{ward}?from=2025-01-01&to=2025-04-01&format=csv")) \
        == "bao-cao-phuong-nha-trang-2025-01-01-den-2025-03-31.csv"
    res = _get(client, admin, f"/api/v1/provinces/{p1.id}/report?{MARCH}&format=xlsx")
    assert _file_name(res) == "bao-cao-tinh-khanh-hoa-2025-03.xlsx"
    book = _book(res)
    assert book.sheetnames == ["Tóm tắt", "1. Theo đơn vị", "2. Hồ sơ DVC theo đơn vị",
                               "3. Theo hình thức", "4. Cách làm gắn với kết quả"]
    _assert_prints_landscape_fitted(book)
    _assert_one_font(book)


def test_a_long_table_title_is_cut_at_a_word_to_name_its_sheet():
    table = {"key": "other", "title": "Kết quả theo cán bộ, đoàn viên thanh niên tình nguyện"}
    assert workbook.sheet_title(3, "ward", table) == "3. Kết quả theo cán bộ, đoàn"
    assert workbook.sheet_title(3, "ward", {**table, "key": "users"}) == "3. Theo cán bộ"
