"""Reading uploaded CSV files the way Vietnamese offices save them (UTF-8, BOM, , or ;)."""
import csv
import io

from .errors import Invalid


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
