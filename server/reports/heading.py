"""What every report has besides its figures: the heading (unit, period, issuer, date line) and
the sections (a title, the summary's paragraphs, the keys of its tables, listed items)."""
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


def sections(report, outline, tasks):
    """The report's sections: one per (title, part of the summary, keys of its tables) of
    `outline`, then the next period's tasks."""
    return [*(_section(title, report["summary"][part], list(keys)) for title, part, keys in outline),
            _section("NHIỆM VỤ TRỌNG TÂM THỜI GIAN TỚI", [], [], tasks)]


def _section(title, paragraphs, tables, items=()):
    return {"title": title, "paragraphs": paragraphs, "tables": tables, "items": list(items)}
