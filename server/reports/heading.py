"""What every report has besides its figures: the heading (unit, period, issuer, date line) and
sections (a title, the summary's paragraphs, the keys of its tables, listed items)."""
from datetime import datetime

from ..timeutil import LOCAL_TZ
from . import vn

REPORT_VERSION = 1


def header(unit, parent, issuer, start, end, user):
    now = datetime.now(LOCAL_TZ)
    return {
        "version": REPORT_VERSION, "unit": unit, "parent": parent, "issuer": issuer,
        "from": start.isoformat(), "to": end.isoformat(),
        "period": vn.period_label(start, end), "days": vn.days_label(start, end),
        "generated_at": now.isoformat(timespec="seconds"), "place": vn.place_name(unit["name"]),
        "date_line": vn.long_date(now.date()),
        "generated_by": user.full_name if user is not None else None,
    }


def section(title, paragraphs, tables, items=()):
    return {"title": title, "paragraphs": paragraphs, "tables": tables, "items": list(items)}
