"""What the report endpoints do: pick the period, use a closed month's kept report, render."""
from datetime import date

from ..areas.models import Province
from ..closures import service as closures
from ..extensions import db
from ..periods import format_month, is_whole_month, resolve_period
from ..timeutil import as_utc
from . import render, vn, workbook
from .province import province_report as build_province_report
from .ward import ward_report as build_ward_report

FORMATS = ("html", "xlsx", "csv")


def ward_report(user, ward, start, end):
    """The ward's report; a closed month's is the one kept when it was closed, as sent."""
    start, end = resolve_period(start, end)
    if is_whole_month(start, end):
        closure = closures.get_closure(ward, start)
        if closure is not None and closure.closed and closure.snapshot:
            return {**closure.snapshot, "closure": closure_note(closure)}
    return {**build_ward_report(ward, start, end, user), "closure": None}


def province_report(user, province_id, start, end):
    start, end = resolve_period(start, end)
    province = db.session.get(Province, province_id)
    return {**build_province_report(province, start, end, user), "closure": None}


def closure_note(closure):
    return {"month": format_month(closure.month),
            "closed_at": as_utc(closure.closed_at).isoformat(),
            "closed_by": closure.closed_by.full_name if closure.closed_by else None}


def close_month(user, ward, month, origin):
    return closures.close_month(user, ward, month,
                                lambda w, s, e: build_ward_report(w, s, e, user), origin)


def rendered(report, fmt, base_url):
    """(body, mimetype, file name) of the report in one of FORMATS."""
    name = _file_name(report)
    if fmt == "xlsx":
        return workbook.xlsx(report), render.XLSX_MIME, f"{name}.xlsx"
    if fmt == "csv":
        return render.csv_bytes(report), "text/csv", f"{name}.csv"
    return render.html(report, base_url), "text/html", f"{name}.html"


def _file_name(report):
    """'bao-cao-phuong-nha-trang-2026-11': the unit's name (its type word included) and the
    period as a person says it, in plain ASCII."""
    start, end = date.fromisoformat(report["from"]), date.fromisoformat(report["to"])
    return f"bao-cao-{vn.slug(report['unit']['name'])}-{vn.period_slug(start, end)}"
