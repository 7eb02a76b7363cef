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
