"""Vietnamese number and period wording, as the provincial reports write them."""
from datetime import date

from server.reports import vn


def test_numbers_are_written_the_vietnamese_way():
    assert vn.number(6564) == "6.564"
    assert vn.number(138) == "138"
    assert vn.number(1234567) == "1.234.567"
    assert vn.number(None) == "–"
    assert vn.percent(92.4) == "92,40 %"
    assert vn.percent(4.33) == "4,33 %"
    assert vn.percent(0.39) == "0,39 %"
    assert vn.decimal(1234.5) == "1.234,50"
    assert vn.decimal(-2.1) == "-2,10"
    assert vn.hours(12.0) == "12"
    assert vn.hours(169.9) == "169,9"


def test_one_rounding_half_up_for_every_figure_of_a_report():
    assert vn.rounded(232.25, 1) == 232.3 and vn.hours(232.25) == "232,3"
    assert vn.rounded(26.45, 1) == 26.5 and vn.hours(26.45) == "26,5"
    assert vn.rounded(2.675, 2) == 2.68 and vn.decimal(2.675) == "2,68"
    assert vn.rounded(-0.05, 1) == -0.1 and vn.rounded(None, 1) is None
    assert vn.rounded(399.5, 0) == 400 and vn.hours(11.96) == "12"


def test_file_names_say_the_unit_and_the_period_in_plain_ascii():
    assert vn.slug("Phường Nha Trang") == "phuong-nha-trang"
    assert vn.slug("Xã Đắk Mil") == "xa-dak-mil"
    assert vn.slug("Thành phố Hà Nội") == "thanh-pho-ha-noi"
    assert vn.period_slug(date(2026, 11, 1), date(2026, 12, 1)) == "2026-11"
    assert vn.period_slug(date(2026, 11, 3), date(2026, 11, 21)) == "2026-11-03-den-2026-11-20"
    assert vn.period_slug(date(2026, 12, 1), date(2027, 1, 1)) == "2026-12"
    assert vn.period_slug(date(2026, 7, 1), date(2026, 10, 1)) == "2026-07-01-den-2026-09-30"


def test_periods_are_named_as_report_titles_name_them():
    assert vn.period_label(date(2026, 11, 1), date(2026, 12, 1)) == "tháng 11 năm 2026"
    assert vn.period_label(date(2026, 7, 1), date(2026, 10, 1)) == "quý III năm 2026"
    assert vn.period_label(date(2022, 1, 1), date(2022, 10, 1)) == "9 tháng đầu năm 2022"
    assert vn.period_label(date(2026, 1, 1), date(2027, 1, 1)) == "năm 2026"
    assert vn.period_label(date(2026, 1, 1), date(2026, 7, 1)) == "6 tháng đầu năm 2026"
    assert (vn.period_label(date(2026, 11, 3), date(2026, 11, 10))
            == "từ ngày 03/11/2026 đến ngày 09/11/2026")
    assert vn.police_of("Phường Nha Trang") == "CÔNG AN PHƯỜNG NHA TRANG"
    assert vn.place_name("Phường Nha Trang") == "Nha Trang"
