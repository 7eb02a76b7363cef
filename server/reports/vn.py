"""Vietnamese wording of the reports: numbers as officers write them (6.564; 92,40 %), periods,
unit names and the labels of kinds, service groups, roles and targets."""
import re
import unicodedata
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

KIND_LABELS = {
    "meeting": "Họp dân, họp tổ dân phố",
    "household_visit": "Đến từng hộ gia đình",
    "support_session": "Điểm hỗ trợ, hướng dẫn DVC",
    "leaflet_drop": "Phát tờ rơi",
    "digital_post": "Đăng bài Zalo, Facebook, loa",
}
PLATFORM_LABELS = {"zalo": "Zalo", "facebook": "Facebook", "loudspeaker": "loa phát thanh",
                   "website": "trang thông tin điện tử", "other": "nền tảng khác"}
SERVICE_GROUP_LABELS = {
    "permanent_residence": "Đăng ký thường trú", "temporary_residence": "Đăng ký tạm trú",
    "temporary_absence": "Khai báo tạm vắng", "stay_notice": "Thông báo lưu trú",
    "residence": "Cư trú", "id_card": "Căn cước", "other_mps": "DVC khác của Bộ Công an",
    "other": "Lĩnh vực khác"}
NOTHING_AROSE = "Chưa phát sinh"
ROLE_LABELS = {"officer": "CSKV", "volunteer": "Đoàn viên", "commander": "Chỉ huy",
               "admin": "Quản trị"}
TARGET_LABELS = {
    "events": "Số hoạt động tuyên truyền",
    "attendees": "Số người dự họp",
    "households_visited": "Số lượt hộ gia đình được đến",
    "people_assisted": "Số người được hỗ trợ",
    "vneid_installs": "Số lượt cài đặt VNeID",
    "vneid_activations": "Số tài khoản định danh mức 2 kích hoạt",
    "dvc_filings": "Số hồ sơ DVC trực tuyến được hỗ trợ",
    "leaflets": "Số tờ rơi phát ra",
    "online_reach": "Số lượt tiếp cận trên mạng",
    "coverage_pct": "Độ phủ hộ gia đình (%)",
    **{f"dvc_rate_{group}": f"Tỷ lệ hồ sơ {label if label[1].isupper() else label.lower()} "
                            "trực tuyến (%)"
       for group, label in SERVICE_GROUP_LABELS.items() if group != "other"},
    "dvc_rate_other": "Tỷ lệ hồ sơ lĩnh vực khác trực tuyến (%)",
    "dvc_rate_overall": "Tỷ lệ hồ sơ trực tuyến chung (%)",
}


def verdict(row):
    """A rate's standing as printed: nothing arose, met or not met its target, or nothing."""
    if row.get("nothing_arose"):
        return NOTHING_AROSE
    met = row.get("meets_target")
    return "" if met is None else ("Đạt" if met else "Chưa đạt")


WARD_KIND_PREFIXES = ("Phường ", "Xã ", "Đặc khu ", "Thị trấn ")
PROVINCE_PREFIXES = ("Tỉnh ", "Thành phố ")


def number(value):
    """6564 → '6.564'; None → '–'. Whole numbers only (counts)."""
    if value is None:
        return "–"
    sign = "-" if value < 0 else ""
    return sign + f"{abs(int(value)):,}".replace(",", ".")


def rounded(value, places=2):
    """The one rounding of every report (page, workbook, CSV): half up, away from zero, on the
    decimal figure as written: 232.25 → 232.3 and 26.45 → 26.5 at one place. None stays None."""
    if value is None:
        return None
    figure = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return float(figure) if places else int(figure)


def decimal(value, places=2):
    """1234.5 → '1.234,50'; None → '–'."""
    if value is None:
        return "–"
    text = f"{abs(rounded(value, places)):,.{places}f}"
    whole, _, frac = text.partition(".")
    out = whole.replace(",", ".") + ("," + frac if frac else "")
    return ("-" if value < 0 and float(text.replace(",", "")) != 0 else "") + out


def percent(value):
    """92.4 → '92,40 %'; None → '–'."""
    return "–" if value is None else f"{decimal(value)} %"


def hours(value):
    """Hours with at most one decimal, as reports write durations: 12,5."""
    if value is None:
        return "–"
    value = rounded(value, 1)
    return number(value) if float(value).is_integer() else decimal(value, 1)


def place_name(name):
    """'Phường Nha Trang' → 'Nha Trang' (for 'Nha Trang, ngày ...')."""
    for prefix in (*WARD_KIND_PREFIXES, *PROVINCE_PREFIXES):
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


def police_of(name):
    """'Phường Nha Trang' → 'CÔNG AN PHƯỜNG NHA TRANG'."""
    return f"CÔNG AN {name.upper()}"


def long_date(day):
    return f"ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def short_date(day):
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def month_label(day):
    return f"{day.month:02d}/{day.year}"


def period_label(start, end):
    """The period's name as report titles write it: 'tháng 11 năm 2026', 'quý III năm 2026',
    '9 tháng đầu năm 2026', 'năm 2026', or 'từ ngày 03/11/2026 đến ngày 09/11/2026'."""
    last = end - timedelta(days=1)
    if start.day == 1 and end.day == 1:
        months = (end.year - start.year) * 12 + end.month - start.month
        if months == 1:
            return f"tháng {start.month} năm {start.year}"
        if start.year == last.year:
            if months == 3 and start.month % 3 == 1:
                return f"quý {'I II III IV'.split()[start.month // 3]} năm {start.year}"
            if months == 6 and start.month in (1, 7):
                return f"6 tháng {'đầu' if start.month == 1 else 'cuối'} năm {start.year}"
            if start.month == 1 and months == 12:
                return f"năm {start.year}"
            if start.month == 1:
                return f"{months} tháng đầu năm {start.year}"
    return f"từ ngày {short_date(start)} đến ngày {short_date(last)}"


def period_slug(start, end):
    """The period in a file name, as a person says it: '2026-11' for a whole month, else both
    ends inclusive: '2026-11-03-den-2026-11-20'."""
    last = end - timedelta(days=1)
    if start.day == 1 and end.day == 1 and (start.year, start.month) == (last.year, last.month):
        return f"{start:%Y-%m}"
    return f"{start.isoformat()}-den-{last.isoformat()}"


def slug(text):
    """'Phường Nha Trang' → 'phuong-nha-trang': no diacritics (đ → d), lower case, dashes."""
    plain = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def days_label(start, end):
    """'01/11/2026 – 30/11/2026' (both ends inclusive, as printed)."""
    return f"{short_date(start)} – {short_date(end - timedelta(days=1))}"


def iso(day):
    return day.isoformat() if isinstance(day, date) else day
