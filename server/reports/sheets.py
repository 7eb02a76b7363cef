"""Text from the field (a note, a group's or a person's name) written into a spreadsheet stays
text: a spreadsheet program must never run it as a formula."""
from openpyxl.cell import WriteOnlyCell

# What Excel and LibreOffice read as the start of a formula in a CSV cell (OWASP, CSV injection).
CSV_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value):
    """A text that a spreadsheet would run, behind an apostrophe; every other value as it is."""
    if isinstance(value, str) and value.startswith(CSV_FORMULA_STARTS):
        return "'" + value
    return value


def is_formula_text(value):
    """A text openpyxl would store as a formula (it starts with '=')."""
    return isinstance(value, str) and value.startswith("=")


def as_text(cell):
    """Mark a cell holding such a text as plain text; its value is kept exactly."""
    if is_formula_text(cell.value):
        cell.data_type = "s"
    return cell


def write_only_row(sheet, values):
    """A row for a write-only sheet, with every formula-looking text kept as text."""
    return [as_text(WriteOnlyCell(sheet, value=v)) if is_formula_text(v) else v for v in values]
