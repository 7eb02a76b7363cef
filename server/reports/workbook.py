"""A report as an Excel workbook: a first sheet with the heading and the written summary, then one
sheet per table. Every sheet prints on A4 landscape, fitted to the page's width, with its title and
header rows repeated on each page; one font throughout; numbers, dates and months stored as such
with Vietnamese formats (a Vietnamese-locale spreadsheet shows 1.234,5 and 28/11/2026), rounded
as the printed page rounds them."""
import io
import textwrap
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties

from . import vn
from .render import ROMAN, cell_text
from .sheets import as_text

FONT_NAME = "Times New Roman"  # the font of Vietnamese administrative documents
FONT_SIZE = 12
LINE_HEIGHT = 16  # points per line of 12 pt text
_FONT = Font(name=FONT_NAME, size=FONT_SIZE)
_BOLD = Font(name=FONT_NAME, size=FONT_SIZE, bold=True)
_THIN = Side(style="thin", color="808080")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)

# Short sheet names (a sheet's name has at most 31 characters), by the report's scope.
SHEET_NAMES = {
    "ward": {"by_kind": "Theo hình thức", "groups": "Theo tổ dân phố", "users": "Theo cán bộ",
             "filing": "Hồ sơ thủ tục hành chính", "eid": "Định danh mức 2",
             "targets": "Tiến độ chỉ tiêu", "channels": "Theo kênh",
             "campaigns": "Đợt vận động", "campaign_people": "Đợt vận động theo cán bộ"},
    "province": {"wards": "Theo đơn vị", "filing": "Hồ sơ DVC theo đơn vị",
                 "by_kind": "Theo hình thức", "what_works": "Cách làm gắn với kết quả"},
}
SHEET_NAME_MAX = 31
SUMMARY_WIDTH = 110  # characters of column A on the summary sheet
NUMBER_FORMATS = {"int": "#,##0", "hours": "#,##0.0", "pct": "#,##0.00", "dec": "#,##0.00",
                  "date": "dd/mm/yyyy", "month": "mm/yyyy"}
PLACES = {"hours": 1, "pct": 2, "dec": 2}  # decimals kept, as the printed page shows them
TITLE_ROW, HEADER_ROW = 1, 3


def xlsx(report):
    """The workbook's bytes."""
    book = Workbook()
    first = book.active
    first.title = "Tóm tắt"
    _summary_sheet(first, report)
    for number, table in enumerate(report["tables"], start=1):
        sheet = book.create_sheet(sheet_title(number, report.get("scope"), table))
        _table_sheet(sheet, report, table)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def sheet_title(number, scope, table):
    """'3. Theo cán bộ': the table's short name, or its title cut at a word to fit 31 characters."""
    name = SHEET_NAMES.get(scope, {}).get(table["key"]) or table["title"]
    for bad in "[]:*?/\\":
        name = name.replace(bad, " ")
    text = f"{number}. {name}"
    if len(text) <= SHEET_NAME_MAX:
        return text
    return text[:SHEET_NAME_MAX + 1].rsplit(" ", 1)[0].rstrip(" ,;–-")


def _page_setup(sheet, title_rows=None):
    """A4 landscape, as wide as the page and as many pages long as it takes, page numbers below."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.page_margins = PageMargins(left=0.6, right=0.5, top=0.6, bottom=0.7, header=0.3,
                                     footer=0.3)
    sheet.print_options.horizontalCentered = True
    if title_rows:
        sheet.print_title_rows = title_rows
    sheet.oddFooter.center.text = "Trang &P/&N"
    sheet.oddFooter.center.font = FONT_NAME


def _lines(text, width):
    """How many lines `text` takes wrapped in a column `width` characters wide (a width counts
    the default font's digits; about a tenth more letters of the 12 pt serif fit, and the
    estimate errs on the tall side)."""
    return max(1, len(textwrap.wrap(str(text), max(1, int(width * 1.05)))))


def _summary_sheet(sheet, report):
    heads = [report["issuer"], f"BÁO CÁO {report['period'].upper()}"]
    lines = [(t, True) for t in heads] + [(f"Số liệu từ ngày {report['days']}", False), ("", False)]
    for i, section in enumerate(report["sections"]):
        lines.append((f"{ROMAN[i]}. {section['title']}", True))
        lines.extend((p, False) for p in section["paragraphs"])
        lines.extend((f"{n}. {item}", False) for n, item in enumerate(section["items"], start=1))
        lines.append(("", False))
    sheet.column_dimensions["A"].width = SUMMARY_WIDTH
    for row, (text, bold) in enumerate(lines, start=1):
        cell = as_text(sheet.cell(row=row, column=1, value=text or None))
        cell.font = _BOLD if bold else _FONT
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.row_dimensions[row].height = _lines(text, SUMMARY_WIDTH) * LINE_HEIGHT + 2
    _page_setup(sheet)


def _table_sheet(sheet, report, table):
    columns, rows, total = table["columns"], list(table["rows"]), table.get("total")
    widths = [_width(c, rows, total) for c in columns]
    for j, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(j)].width = width
    _wide_text(sheet, TITLE_ROW, f"{table['title']} – {report['unit']['name']}, "
                                 f"{report['period']}", widths, _BOLD)
    for j, column in enumerate(columns, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=j, value=column["label"])
        cell.font, cell.border = _BOLD, _BOX
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
    sheet.row_dimensions[HEADER_ROW].height = _height([c["label"] for c in columns], widths)
    lines = [(row, bool(row.get("subtotal"))) for row in rows]
    lines += [({**total, "stt": None}, True)] if total else []
    for at, (row, bold) in enumerate(lines, start=HEADER_ROW + 1):
        _write_row(sheet, at, columns, row, widths, bold)
    at = HEADER_ROW + len(lines)
    if table.get("note"):
        _wide_text(sheet, at + 2, table["note"], widths, _FONT)
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=3)
    _page_setup(sheet, f"{TITLE_ROW}:{HEADER_ROW}")


def _wide_text(sheet, row, text, widths, font):
    """A line of text across the table's width (merged, wrapped), as tall as it needs."""
    cell = sheet.cell(row=row, column=1, value=text)
    cell.font = font
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(widths))
    sheet.row_dimensions[row].height = _lines(text, sum(widths)) * LINE_HEIGHT + 2


def _height(texts, widths):
    return max(_lines(t, w) for t, w in zip(texts, widths)) * LINE_HEIGHT + 4


def _write_row(sheet, at, columns, row, widths, bold=False):
    for j, column in enumerate(columns, start=1):
        value = cell_value(column, row.get(column["key"]))
        cell = as_text(sheet.cell(row=at, column=j, value=value))
        cell.border, cell.font = _BOX, _BOLD if bold else _FONT
        cell.number_format = number_format(column, value)
        cell.alignment = Alignment(wrap_text=column["type"] == "text", vertical="center",
                                   horizontal="center" if column["key"] == "stt" else None)
    sheet.row_dimensions[at].height = _height(
        [(row.get(c["key"]) or "") if c["type"] == "text" else "" for c in columns], widths)


def cell_value(column, value):
    """What a cell holds: a date for a 'date' or 'month' column, a number rounded as printed."""
    kind = column["type"]
    if value is None or kind == "text":
        return value
    if kind in ("date", "month"):
        return date.fromisoformat(value)
    if not isinstance(value, (int, float)):
        return str(value)
    return vn.rounded(value, PLACES[kind]) if kind in PLACES else value


def number_format(column, value):
    """The column's format; a whole target (400 activations) shows no decimals, as printed."""
    kind = column["type"]
    if kind == "dec" and isinstance(value, (int, float)) and float(value).is_integer() \
            and column["key"] != "per_hour":
        return NUMBER_FORMATS["int"]
    return NUMBER_FORMATS.get(kind, "General")


def _width(column, rows, total):
    if column["key"] == "stt":
        return 6
    texts = [column["label"]] if column["type"] == "text" else []
    texts += [cell_text(r, column) for r in rows + ([total] if total else [])]
    longest = max((len(t) for t in texts), default=8)
    return max(10, min(40, longest + 2))
