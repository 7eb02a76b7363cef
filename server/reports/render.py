"""A report laid out as a printable HTML page or CSV (the workbook: workbook.py)."""
import csv
import io
from datetime import date, datetime
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from ..timeutil import LOCAL_TZ
from . import vn
from .sheets import csv_safe

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII")
REPORT_CSS = "css/report.css"

_env = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"),
                   autoescape=select_autoescape(("html",)), trim_blocks=True, lstrip_blocks=True)


def cell_text(row, column):
    """A cell as printed: Vietnamese number format, '–' for no figure."""
    value = row.get(column["key"])
    kind = column["type"]
    if kind in ("text", "date", "month"):
        return _text(value, kind)
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


def _text(value, kind):
    """A text, a day ('2026-11-28' → '28/11/2026') or a month ('2026-11-01' → '11/2026')."""
    if value is None:
        return ""
    if kind == "date":
        return vn.short_date(date.fromisoformat(value))
    if kind == "month":
        return vn.month_label(date.fromisoformat(value))
    return str(value)


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
