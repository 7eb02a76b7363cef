"""Level-2 e-ID figures of a province's wards imported from a table (CSV or XLSX) as offices keep
it: title lines allowed above a header naming the unit (ward code or name), the month, residents
eligible and accounts activated; numbers as Vietnamese print them ('12.345'). Units are matched as
in a published filing table; every line is answered, good lines are kept when others are refused
(activated above eligible, an unknown unit, a formula), a line equal to what is stored answers
`unchanged`, and a total line (TỔNG, Cộng) is answered `total_row`, never stored."""
import re

from sqlalchemy import select

from ..areas.models import Ward
from ..csvio import fold, is_formula, read_table
from ..errors import Invalid
from ..extensions import db
from ..periods import format_month, parse_month
from .eid import EID_MAX, commit_eid, eid_errors, store_eid
from .figures import pct
from .models import EidStat
from .outcomes import MAX_IMPORT_ROWS, import_answer, parse_count
from .published import HEADER_SEARCH, find_header, is_total, line_ward, ward_index

# Header names (folded) → what the column holds; a code column before a name column wins.
COLUMNS = {"ward code": "unit", "ward": "unit", "ma": "unit", "ma don vi": "unit",
           "don vi": "unit", "ten don vi": "unit", "phuong xa": "unit", "month": "month",
           "thang": "month", "eligible": "eligible", "du dieu kien": "eligible",
           "so du dieu kien": "eligible", "cong dan du dieu kien": "eligible",
           "activated": "activated", "da kich hoat": "activated", "kich hoat": "activated",
           "so da kich hoat": "activated", "tai khoan da kich hoat": "activated"}
REQUIRED = ("unit", "month", "eligible", "activated")
FIGURES = ("eligible", "activated")
# '2026-11' (or a workbook date '2026-11-01 00:00:00'), '11/2026', 'Tháng 11/2026', folded
_YEAR_FIRST = re.compile(r"^(\d{4}) (\d{1,2})(?: 0?1(?: 00 00 00)?)?$")
_MONTH_FIRST = re.compile(r"^(?:thang )?(\d{1,2}) (\d{4})$")


def import_eid_file(user, province_id, upload):
    """Import an uploaded table of level-2 e-ID figures; the answer of every line."""
    _, rows = read_table(upload.read(), upload.filename, MAX_IMPORT_ROWS + HEADER_SEARCH)
    found = find_header(rows, COLUMNS, REQUIRED)
    if found is None:
        raise Invalid("Không thấy dòng tiêu đề Đơn vị (hoặc mã), Tháng, Đủ điều kiện, Đã kích hoạt "
                      "(header not found: ward_code, month, eligible, activated).",
                      {"file": ["missing_header"]})
    start, columns = found
    wards = db.session.scalars(select(Ward).where(Ward.province_id == province_id)).all()
    index, results, parsed, seen = ward_index(wards), [], [], set()
    for line, cells in enumerate(rows[start + 1:], start=start + 2):
        if not any(cells):
            continue
        row = _read_line(cells, columns)
        result = _answer(line, row)
        results.append(result)
        if is_total(row["unit"]):
            result["status"] = "total_row"
            continue
        ward = line_ward(result, row, index, seen)
        if ward is not None:
            parsed.append((result, {**row, "ward": ward}))
    _store(user, province_id, parsed)
    return import_answer(results)


def _read_line(cells, columns):
    """The line's unit, month and figures, with what cannot be read as `errors`."""
    def text(name):
        position = columns[name]
        return cells[position] if position < len(cells) else ""
    row, errors = {"unit": text("unit"), "month_text": text("month")}, {}
    for name in FIGURES:
        row[name], error = parse_count(text(name), EID_MAX)
        if error:
            errors[name] = [error]
    row["month"] = read_month(row["month_text"])
    if row["month"] is None:
        errors["month"] = ["invalid_month"]
    if not errors:
        errors.update(eid_errors(row))
    if any(is_formula(cell) for cell in cells):
        errors["row"] = ["formula"]
    row["errors"] = errors
    return row


def read_month(text):
    """A month as offices write it ('2026-11', '11/2026', 'Tháng 11/2026'): its first day, or
    None."""
    folded = fold(text)
    year_first, month_first = _YEAR_FIRST.match(folded), _MONTH_FIRST.match(folded)
    year, month = (year_first.groups() if year_first else
                   reversed(month_first.groups()) if month_first else (None, None))
    try:
        return parse_month(f"{year}-{int(month):02d}") if year else None
    except Invalid:
        return None


def _answer(line, row):
    eligible, activated = row["eligible"], row["activated"]
    coverage = pct(activated, eligible) if eligible is not None and activated is not None else None
    return {"line": line, "unit": row["unit"], "ward_code": None,
            "month": format_month(row["month"]) if row["month"] else row["month_text"] or None,
            "eligible": eligible, "activated": activated, "coverage_pct": coverage}


def _store(user, province_id, parsed):
    """Store the good lines; one equal to what is stored is left alone, answered `unchanged`."""
    if not parsed:
        return
    months = {row["month"] for _, row in parsed}
    existing = {(s.ward_id, s.month): s for s in db.session.scalars(select(EidStat).where(
        EidStat.province_id == province_id, EidStat.month.in_(months)))}
    for result, row in parsed:
        ward, month = row["ward"], row["month"]
        stat = existing.get((ward.id, month))
        if stat is not None and (stat.eligible, stat.activated) == (row["eligible"],
                                                                    row["activated"]):
            result["status"] = "unchanged"
            continue
        result["status"] = "created" if stat is None else "updated"
        store_eid(stat, user, ward, month, row, "import")
    commit_eid()
