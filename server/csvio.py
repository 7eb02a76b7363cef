"""Reading uploaded CSV files the way Vietnamese offices save them (UTF-8, BOM, , or ;), and
tables as they print them (CSV or XLSX, title lines above the header)."""
import csv
import io
import re
import unicodedata
import zipfile

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from .errors import DomainError, Invalid


def read_csv(stream, required):
    """A DictReader over an uploaded UTF-8 CSV (BOM tolerated), or a clear 422."""
    try:
        text = stream.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Invalid("Tệp CSV phải mã hoá UTF-8.", {"file": ["not_utf8"]})
    if "\x00" in text:
        raise Invalid("Tệp CSV chứa ký tự NUL (not a text file?).", {"file": ["nul_character"]})
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = [h.strip() for h in (reader.fieldnames or [])]
    reader.fieldnames = header
    missing = [c for c in required if c not in header]
    if missing:
        raise Invalid("Thiếu cột trong tệp CSV: " + ", ".join(missing),
                      {"file": [f"missing_column:{c}" for c in missing]})
    return reader


# ---- tables as offices print them: CSV or XLSX, with title lines above the header -------------

XLSX_MAGIC = b"PK\x03\x04"
# Excel 97-2003 (.xls) and other old Office files, PDF, PNG, JPEG, GIF: not tables we read
BINARY_MAGICS = (b"\xd0\xcf\x11\xe0", b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8")
TABLE_SUFFIXES = (".csv", ".txt", ".xlsx")
XLSX_MAX_UNPACKED = 30 * 1024 * 1024
# What a spreadsheet program runs as a formula when the text is opened (OWASP, CSV injection);
# a '-' only when no number follows (a negative count is refused as a figure, not as a formula).
FORMULA_STARTS = ("=", "+", "@", "\t", "\r")
_NEGATIVE = re.compile(r"^-\s*[\d.,]+%?$")


def read_table(data, filename, max_rows):
    """(kind, rows) of an uploaded table's bytes: kind 'csv' or 'xlsx', rows as lists of stripped
    texts (the first sheet of a workbook, numbers written as Vietnamese print them). A file that
    is neither, too big unpacked or too long is refused whole; formulas are the caller's to
    refuse (`refuse_formulas`), a table read row by row answers them per row instead."""
    suffix = "." + filename.rsplit(".", 1)[-1].lower() if "." in (filename or "") else None
    if data.startswith(BINARY_MAGICS) or (suffix and suffix not in TABLE_SUFFIXES):
        raise DomainError("Chỉ nhận tệp CSV (UTF-8) hoặc Excel .xlsx; hãy lưu lại tệp dưới dạng .xlsx "
                          "(unsupported file type).", {"file": ["unsupported_file_type"]}, code=415)
    if data.startswith(XLSX_MAGIC):
        kind, rows = "xlsx", _xlsx_rows(data, max_rows)
    else:
        kind, rows = "csv", _csv_rows(data, max_rows)
    return kind, rows


def _csv_rows(data, max_rows):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Invalid("Tệp CSV phải mã hoá UTF-8.", {"file": ["not_utf8"]})
    if "\x00" in text:
        raise Invalid("Tệp CSV chứa ký tự NUL (not a text file?).", {"file": ["nul_character"]})
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = []
    for row in csv.reader(io.StringIO(text), dialect=dialect):
        _count(rows, max_rows)
        rows.append([cell.replace("\u00a0", " ").strip() for cell in row])
    return rows


def _count(rows, max_rows):
    if len(rows) >= max_rows:
        raise DomainError(f"Tối đa {max_rows} dòng mỗi lần nhập (too many rows).",
                          {"file": ["too_many_rows"]}, code=413)


def _xlsx_rows(data, max_rows):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > XLSX_MAX_UNPACKED:
            raise DomainError("Tệp Excel quá lớn khi giải nén (too large).",
                              {"file": ["too_large_unpacked"]}, code=413)
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, TypeError, OSError):
        raise Invalid("Không đọc được tệp Excel .xlsx (unreadable workbook).",
                      {"file": ["unreadable_xlsx"]})
    rows = []
    try:
        for row in book.worksheets[0].iter_rows():
            _count(rows, max_rows)
            rows.append([_cell_text(cell) for cell in row])
    finally:
        book.close()
    return rows


def _cell_text(cell):
    """A workbook cell as the province printed it: '65.194' is typed text or the number 65194,
    '59%' text or 0.59 formatted as a percentage; a formula keeps its '=' (refused later)."""
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    if getattr(cell, "data_type", None) == "f" and not str(value).startswith("="):
        value = "=" + str(value)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value).replace("\u00a0", " ").strip()
    number_format = getattr(cell, "number_format", "") or ""
    if "%" in number_format:
        places = len(number_format.split(".")[1].split("%")[0]) if "." in number_format else 0
        return f"{value * 100:.{places}f}".replace(".", ",") + "%"
    if float(value).is_integer():
        return str(int(value))
    return repr(float(value)).replace(".", ",")


def refuse_formulas(rows):
    """Refuse a table whole at its first cell a spreadsheet would run."""
    for r, row in enumerate(rows, start=1):
        for c, text in enumerate(row, start=1):
            if is_formula(text):
                cell = f"{get_column_letter(c)}{r}"
                raise Invalid(f"Ô {cell} chứa công thức; hãy dán giá trị (paste values) rồi nhập lại "
                              "(formulas are not accepted).", {"file": [f"formula:{cell}"]})


def is_formula(text):
    """A text a spreadsheet would run: it starts with =, +, @, a tab or a return, or with '-'
    when no number follows."""
    if text.startswith(FORMULA_STARTS):
        return True
    return text.startswith("-") and len(text) > 1 and not _NEGATIVE.match(text)


def fold(text):
    """A name compared the way people read it: no accents, đ as d, lower case, one space between
    words, punctuation as spaces ('TP. Phan Rang–Tháp Chàm' → 'tp phan rang thap cham')."""
    plain = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).lower()
    return " ".join(re.sub(r"[^0-9a-z%]+", " ", plain).split())
