"""A province's published table imported as the province prints it (CSV or XLSX): title lines,
then `STT · Đơn vị · Tổng · Trực tiếp · Trực tuyến · Tỷ lệ (%)` (optionally `Chưa phát sinh`,
`Ghi chú`), one line per unit, a total line (TỔNG, Cộng) checked against the sum and never
stored. Units are matched to wards of the province by code or by name; every line is answered.

The printed rate is compared with the one recomputed at the printed precision (`rate_mismatch`),
figures that do not add up (a unit with 0 dossiers but 298 online) are stored as printed and
flagged `inconsistent`, never corrected; the same file imported twice answers `unchanged`."""
import io
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select

from ..areas.models import Ward
from ..csvio import fold, read_table, refuse_formulas
from ..errors import Invalid
from ..extensions import db
from ..periods import format_month, parse_month
from . import outcomes
from .figures import share

# Header names (folded: no accents, lower case, no '%') → what the column holds.
COLUMNS = {"stt": "stt", "don vi": "unit", "tong": "total", "tong so": "total",
           "truc tiep": "in_person", "truc tuyen": "online", "ty le": "rate",
           "chua phat sinh": "not_arisen", "ghi chu": "note"}
REQUIRED = ("stt", "unit", "total", "in_person", "online", "rate")
HEADER_SEARCH = 30  # title lines a province prints above its header
TOTAL_LABELS = ("tong", "tong cong", "cong", "toan tinh", "tong so")
# Words before a unit's name, longest first: "Phường", "Xã", "Đặc khu", and older tables' own.
PREFIXES = ("dac khu ", "thanh pho ", "thi tran ", "thi xa ", "phuong ", "huyen ", "quan ",
            "tp ", "tx ", "xa ")
FIGURES = ("total", "in_person", "online")


def import_filing_file(user, province_id, upload, month_text=None, service_group=None):
    """Import an uploaded CSV or XLSX: a published table (with `month` and `service_group`) or
    the plain CSV `ward_code,month,service_group,total,online,in_person`."""
    data = upload.read()
    kind, rows = read_table(data, upload.filename, outcomes.MAX_IMPORT_ROWS + HEADER_SEARCH)
    found = find_header(rows)
    if found is None and kind == "csv":  # the plain CSV: every row answered, a bad one alone
        return outcomes.import_filing_csv(user, province_id, io.BytesIO(data))
    refuse_formulas(rows)
    if found is None:
        raise Invalid("Không thấy dòng tiêu đề STT, Đơn vị, Tổng, Trực tiếp, Trực tuyến, Tỷ lệ (%) "
                      "(header not found).", {"file": ["missing_header"]})
    month = _form_month(month_text, service_group)
    start, columns = found
    return _import_published(user, province_id, rows, start, columns, month, service_group)


def _form_month(month_text, service_group):
    errors = {}
    if not month_text:
        errors["month"] = ["required_for_published_table"]
    if not service_group:
        errors["service_group"] = ["required_for_published_table"]
    if errors:
        raise Invalid("Bảng số liệu in cần chọn tháng và lĩnh vực (month and service group).", errors)
    return parse_month(month_text)


def find_header(rows, names=COLUMNS, required=REQUIRED):
    """(index of the header line, {column: position}) among the first lines, or None; `names`
    maps a folded header text to the column it names."""
    for index, row in enumerate(rows[:HEADER_SEARCH]):
        columns = {}
        for position, text in enumerate(row):
            name = names.get(fold(text).replace("%", "").strip())
            if name and name not in columns:
                columns[name] = position
        if all(name in columns for name in required):
            return index, columns
    return None


def _import_published(user, province_id, rows, start, columns, month, service_group):
    wards = db.session.scalars(select(Ward).where(Ward.province_id == province_id)).all()
    index = ward_index(wards)
    results, parsed, seen, totals = [], [], set(), []
    for line, cells in enumerate(rows[start + 1:], start=start + 2):
        if not any(cells):
            continue
        row = _read_line(cells, columns)
        if row["blank"]:  # a note or a signature under the table
            continue
        result = _answer(line, row, month, service_group)
        results.append(result)
        if is_total(row["unit"] or row["stt"]):  # TỔNG may stand in a merged STT cell
            result["status"] = "total_row"
            totals.append((result, row))
            continue
        ward = line_ward(result, row, index, seen)
        if ward is not None:
            parsed.append((result, {**row, "ward_code": ward.code, "month": month,
                                    "service_group": service_group}))
    for result, row in totals:
        _check_total(result, row, [r for r in results if r.get("status") != "total_row"])
    outcomes.store_imported(user, {w.code: w for w in wards}, parsed)
    return outcomes.import_answer(results)


def _read_line(cells, columns):
    """The line's texts by column, figures and rate read as Vietnamese print them."""
    def text(name):
        position = columns.get(name)
        return cells[position] if position is not None and position < len(cells) else ""
    row, errors = {"unit": text("unit"), "stt": text("stt"),
                   "not_arisen": text("not_arisen") or None, "note": text("note") or None}, {}
    row["blank"] = not row["unit"] and not any(text(name) for name in (*FIGURES, "rate"))
    for name in FIGURES:
        row[name], error = outcomes.parse_count(text(name))
        if error:
            errors[name] = [error]
    row["published"], error = _parse_rate(text("rate"))
    if error:
        errors["published_rate_pct"] = [error]
    row["errors"] = errors
    return row


def _parse_rate(text):
    """'59%' → (59, 0 places); '0,39%' → (0.39, 2); '' → None; else an error."""
    plain = text.replace(" ", "").rstrip("%").replace(".", ",")
    if not plain:
        return None, None
    whole, _, places = plain.partition(",")
    if not whole.isdigit() or (places and not places.isdigit()) or plain.count(",") > 1:
        return None, "invalid_rate"
    return Decimal(f"{whole}.{places}" if places else whole), None


def _answer(line, row, month, service_group):
    figures = {name: row[name] for name in FIGURES}
    published = row["published"]
    answer = {"line": line, "unit": row["unit"], "ward_code": None, "month": format_month(month),
              "service_group": service_group, **figures,
              "published_rate_pct": float(published) if published is not None else None,
              "rate_pct": None, "rate_mismatch": False, "nothing_arose": row["total"] == 0,
              "printed_not_arisen": row["not_arisen"], "printed_note": row["note"]}
    if row["total"] is not None and row["online"] is not None:
        rate = share(row["online"], row["total"])
        answer["rate_pct"] = round(rate, 2) if rate is not None else None
        answer["rate_mismatch"] = _rate_mismatch(published, row["online"], row["total"])
    return answer


def _rate_mismatch(published, online, total):
    """Whether the printed rate is not online / total at the printed precision (half up)."""
    if published is None:
        return False
    if total == 0:
        return True
    step = Decimal(1).scaleb(published.as_tuple().exponent)
    return (Decimal(online * 100) / Decimal(total)).quantize(step, ROUND_HALF_UP) != published


def is_total(unit):
    folded = fold(unit)
    return folded in TOTAL_LABELS or folded.startswith("tong cong")


def line_ward(result, row, index, seen):
    """The ward of a unit's line, or None with the line answered `rejected`; a ward met twice
    (in the same month, for a table whose lines carry one) is `duplicate_unit`."""
    errors = dict(row["errors"])
    ward, problem = match_unit(row["unit"], index)
    if problem:
        errors["unit"] = [problem]
    elif (ward.id, row.get("month")) in seen:
        errors["unit"] = ["duplicate_unit"]
    if ward is not None:
        result["ward_code"], result["ward_name"] = ward.code, ward.name
    if errors:
        result.update(status="rejected", errors=errors)
        return None
    seen.add((ward.id, row.get("month")))
    return ward


def ward_index(wards):
    by_code, by_name, by_bare = {}, {}, {}
    for ward in wards:
        by_code[ward.code] = ward
        by_name.setdefault(fold(ward.name), []).append(ward)
        by_bare.setdefault(_bare(fold(ward.name)), []).append(ward)
    return by_code, by_name, by_bare


def _bare(folded):
    for prefix in PREFIXES:
        if folded.startswith(prefix):
            return folded[len(prefix):]
    return folded


def match_unit(unit, index):
    """(ward, None) by official code, full name, or name without "Phường"/"Xã"/"Đặc khu"; else
    (None, 'missing_unit' | 'unknown_unit' | 'ambiguous_unit')."""
    by_code, by_name, by_bare = index
    if not unit:
        return None, "missing_unit"
    if unit in by_code:
        return by_code[unit], None
    folded = fold(unit)
    for candidates in (by_name.get(folded, []), by_bare.get(_bare(folded), [])):
        if len(candidates) == 1:
            return candidates[0], None
        if candidates:
            return None, "ambiguous_unit"
    return None, "unknown_unit"


def _check_total(result, row, units):
    """Answer a total line: its printed figures against the sum of the units' lines that could be
    read (matched to a ward or not), and which figures differ."""
    sums = {name: sum(u[name] for u in units if u[name] is not None) for name in FIGURES}
    result["sums"] = sums
    result["sum_mismatch"] = [name for name in FIGURES if row[name] is not None
                              and row[name] != sums[name]]
    if row["errors"]:
        result["errors"] = row["errors"]
