"""A report laid out as a printable HTML page, an Excel workbook (one sheet per table) or CSV."""
import csv
import io
from datetime import datetime
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from ..timeutil import LOCAL_TZ
from . import vn
from .sheets import as_text, csv_safe

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII")
REPORT_CSS = "css/report.css"

_env = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"),
                   autoescape=select_autoescape(("html",)), trim_blocks=True, lstrip_blocks=True)


def cell_text(row, column):
    """A cell as printed: Vietnamese number format, '–' for no figure."""
    value = row.get(column["key"])
    kind = column["type"]
    if kind == "text":
        return "" if value is None else str(value)
    if value is None:
        return "–"
    if kind == "int":
        return vn.number(value)
    if kind == "pct":
        return vn.decimal(value)
    if kind == "hours":
        return vn.hours(value)
    if column["key"] == "change_pct":  # percentage points, signed
        return ("+" if value > 0 else "") + vn.decimal(value)
    if float(value).is_integer() and column["key"] != "per_hour":
        return vn.number(value)  # a target of 400 activations, not 400,00
    return vn.decimal(value)


def _local_text(iso_time):
    when = datetime.fromisoformat(iso_time)
    return f"{when:%H:%M} ngày {vn.short_date(when.date())}"


def _issuer_title(report):
    name = report["unit"]["name"]
    lowered = name[0].lower() + name[1:]
    if report["scope"] == "ward":
        return f"Công an {lowered}"
    return f"Phòng Cảnh sát QLHC về TTXH Công an {lowered}"


def html(report, base_url):
    """The printable page; its one stylesheet is linked by absolute URL so that the page also
    draws when opened from a saved file or a blob."""
    view = dict(report)
    view["issuer_title"] = _issuer_title(report)
    view["unit_lower"] = report["unit"]["name"][0].lower() + report["unit"]["name"][1:]
    view["generated_text"] = _local_text(report["generated_at"])
    if report.get("closure"):
        view["closure"] = {**report["closure"],
                           "closed_at_text": _local_text(_to_local(report["closure"]["closed_at"]))}
    tables = {t["key"]: t for t in report["tables"]}
    return _env.get_template("report.html").render(
        r=view, tables=tables, roman=ROMAN, cell=cell_text,
        css_url=base_url.rstrip("/") + "/" + REPORT_CSS).encode("utf-8")


def _to_local(iso_time):
    return datetime.fromisoformat(iso_time).astimezone(LOCAL_TZ).isoformat()


# ---- Excel -----------------------------------------------------------------------------------

_NUMBER_FORMATS = {"int": "#,##0", "pct": "0.00", "hours": "0.0#", "dec": "#,##0.##"}
_THIN = Side(style="thin", color="808080")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def xlsx(report):
    """A workbook: a first sheet with the heading and the written summary, then one sheet per
    table with real numbers (not text), Vietnamese headers, a totals row and set widths."""
    book = Workbook()
    first = book.active
    first.title = "Tóm tắt"
    _summary_sheet(first, report)
    for number, table in enumerate(report["tables"], start=1):
        sheet = book.create_sheet(_sheet_title(number, table["title"]))
        _table_sheet(sheet, report, table)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_title(number, title):
    text = f"{number}. {title}"
    for bad in "[]:*?/\\":
        text = text.replace(bad, " ")
    return text[:31]


def _summary_sheet(sheet, report):
    lines = [report["issuer"], f"BÁO CÁO {report['period'].upper()}",
             f"Số liệu từ ngày {report['days']}", ""]
    for i, section in enumerate(report["sections"]):
        lines.append(f"{ROMAN[i]}. {section['title']}")
        lines.extend(section["paragraphs"])
        lines.extend(f"{n}. {item}" for n, item in enumerate(section["items"], start=1))
        lines.append("")
    for row, text in enumerate(lines, start=1):
        sheet.cell(row=row, column=1, value=text).alignment = Alignment(wrap_text=True,
                                                                         vertical="top")
    sheet["A1"].font = sheet["A2"].font = Font(bold=True)
    sheet.column_dimensions["A"].width = 110


def _table_sheet(sheet, report, table):
    columns = table["columns"]
    sheet.cell(row=1, column=1, value=f"{table['title']} – {report['unit']['name']}, "
                                      f"{report['period']}").font = Font(bold=True)
    header_row = 3
    for j, column in enumerate(columns, start=1):
        cell = sheet.cell(row=header_row, column=j, value=column["label"])
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        cell.border = _BOX
    rows = list(table["rows"])
    at = header_row
    for row in rows:
        at += 1
        _write_row(sheet, at, columns, row, bold=bool(row.get("subtotal")))
    if table.get("total"):
        at += 1
        _write_row(sheet, at, columns, {**table["total"], "stt": None}, bold=True)
    if table.get("note"):
        sheet.cell(row=at + 2, column=1, value=table["note"])
    for j, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(j)].width = _width(column, rows, table.get("total"))
    sheet.row_dimensions[header_row].height = 45
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=3)


def _write_row(sheet, at, columns, row, bold=False):
    for j, column in enumerate(columns, start=1):
        value = row.get(column["key"])
        if column["type"] != "text" and value is not None and not isinstance(value, (int, float)):
            value = str(value)
        cell = as_text(sheet.cell(row=at, column=j, value=value))
        cell.border = _BOX
        if column["type"] in _NUMBER_FORMATS:
            cell.number_format = _NUMBER_FORMATS[column["type"]]
        if bold:
            cell.font = Font(bold=True)


def _width(column, rows, total):
    if column["key"] == "stt":
        return 6
    texts = [column["label"]] if column["type"] == "text" else []
    texts += [cell_text(r, column) for r in rows + ([total] if total else [])]
    longest = max((len(t) for t in texts), default=8)
    return max(10, min(48, longest + 2))


# ---- CSV -------------------------------------------------------------------------------------

def csv_bytes(report):
    """Every table one after the other, each under its title; UTF-8 with a BOM so that Excel
    reads Vietnamese correctly; plain numbers (a dot for decimals)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([report["issuer"]])
    writer.writerow([f"Báo cáo {report['period']}", f"Từ ngày {report['from']}",
                     f"Đến hết ngày {report['days'].split(' – ')[1]}"])
    for table in report["tables"]:
        writer.writerow([])
        writer.writerow([table["title"]])
        writer.writerow([c["label"] for c in table["columns"]])
        for row in table["rows"]:
            writer.writerow([_plain(row.get(c["key"])) for c in table["columns"]])
        if table.get("total"):
            writer.writerow([_plain(v) for v in
                             ({**table["total"], "stt": ""}.get(c["key"]) for c in table["columns"])])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _plain(value):
    return "" if value is None else csv_safe(value)
