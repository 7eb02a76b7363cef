"""Write the provincial inspection report's table (tests/data/ninh-thuan-dvc-2022.csv) as the
province would save it from Excel: the title lines above the header, counts as numbers shown
with Vietnamese thousands dots, rates as percentages, the note in its column.

    python3 scripts/make_published_table.py [CSV] [XLSX]
"""
import csv
import sys
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
CSV_PATH = DATA / "ninh-thuan-dvc-2022.csv"
XLSX_PATH = DATA / "ninh-thuan-dvc-2022.xlsx"


def _value(text, column):
    """STT and counts (Tổng, Trực tiếp, Trực tuyến) as numbers, rates as fractions, the rest as
    text."""
    if column == 0 and text.isdigit():
        return int(text), None
    if 2 <= column <= 4 and text:
        return int(text.replace(".", "")), "#,##0"
    if column == 5 and text:
        number = text.rstrip("%").replace(",", ".")
        places = len(number.partition(".")[2])
        return float(number) / 100, "0%" if not places else "0." + "0" * places + "%"
    return text or None, None


def build(csv_path=CSV_PATH, xlsx_path=XLSX_PATH):
    with open(csv_path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    book = Workbook()
    sheet = book.active
    sheet.title = "Bieu 1"
    header = next(i for i, row in enumerate(rows) if row and row[0] == "STT")
    for r, row in enumerate(rows, start=1):
        for c, text in enumerate(row):
            value, number_format = _value(text, c) if r > header + 1 else (text or None, None)
            cell = sheet.cell(row=r, column=c + 1, value=value)
            if number_format:
                cell.number_format = number_format
            if r <= header + 1 or row[1] == "TỔNG":
                cell.font = Font(bold=True)
    book.save(xlsx_path)
    return xlsx_path


if __name__ == "__main__":
    print(build(*map(Path, sys.argv[1:3])))
