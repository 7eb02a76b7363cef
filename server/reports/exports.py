"""Exports of events (CSV, XLSX) with the filters and the scoping of GET /api/v1/events.

CSV is streamed row by row from keyset pages of the list's query (newest first, by time then id),
so a ward's whole history leaves the server without ever being held in memory; XLSX is written by openpyxl's
write-only mode into a spooled temporary file.
"""
import csv
import io
import tempfile
from datetime import timedelta, timezone

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from sqlalchemy import func, select

from ..areas.models import ResidentialGroup
from ..auth.models import User
from ..errors import Invalid
from ..extensions import db
from ..outreach.models import COUNT_FIELDS, Event
from ..outreach.service import after_event, events_query
from ..timeutil import as_utc
from . import vn
from .sheets import csv_safe, write_only_row

CHUNK = 200
XLSX_MAX_ROWS = 1_000_000
COUNT_LABELS = {
    "attendees": "Người dự họp", "households_visited": "Hộ được đến",
    "people_assisted": "Người được hỗ trợ", "vneid_installs": "Cài đặt VNeID",
    "vneid_activations": "Kích hoạt mức 2", "dvc_filings": "Hồ sơ DVC trực tuyến",
    "leaflets": "Tờ rơi", "online_reach": "Lượt tiếp cận",
}
HEADERS = ["Mã hoạt động", "Thời gian", "Ngày", "Hình thức", "Mã tổ", "Tổ dân phố",
           "Người ghi", "Thời lượng (phút)", *[COUNT_LABELS[n] for n in COUNT_FIELDS],
           "Vĩ độ", "Kinh độ", "Sai số vị trí (m)", "Cách tổ (m)", "Ghi chú", "Cảnh báo",
           "Duyệt", "Phiên bản", "Đã xóa"]
REVIEW_LABELS = {"accepted": "Đã duyệt", "returned": "Trả lại"}
FLAG_LABELS = {"far_from_group": "Xa tổ dân phố"}


def _rows_query(user, args):
    """The list's query (its filters, scope and order), as plain columns (no ORM objects kept in
    the session)."""
    return (events_query(user, args).with_only_columns(
                Event.id, Event.occurred_at, Event.utc_offset_min, Event.local_date, Event.kind,
                ResidentialGroup.code, ResidentialGroup.name, User.full_name, Event.duration_min,
                *[getattr(Event, n) for n in COUNT_FIELDS], Event.lat, Event.lon,
                Event.accuracy_m, Event.distance_m, Event.note, Event.flags, Event.review_status,
                Event.version, Event.deleted, maintain_column_froms=False)
            .select_from(Event)
            .outerjoin(ResidentialGroup, ResidentialGroup.id == Event.group_id)
            .join(User, User.id == Event.author_id))


def _values(row):
    (event_id, occurred_at, offset, day, kind, group_code, group_name, author, duration,
     *rest) = row
    counts, rest = rest[:len(COUNT_FIELDS)], rest[len(COUNT_FIELDS):]
    lat, lon, accuracy, distance, note, flags, review, version, deleted = rest
    local = as_utc(occurred_at).astimezone(timezone(timedelta(minutes=offset or 0)))
    return [event_id, local.isoformat(), day.isoformat() if day else None,
            vn.KIND_LABELS.get(kind, kind), group_code, group_name, author, duration, *counts,
            lat, lon, accuracy, distance, note,
            ", ".join(FLAG_LABELS.get(f, f) for f in (flags or [])),
            REVIEW_LABELS.get(review, ""), version, "có" if deleted else ""]


def _stream(query):
    """Every row of `query`, a keyset page of CHUNK rows at a time (each an indexed range scan
    from where the last one stopped, so no cursor stays open between chunks)."""
    page = query
    while True:
        rows = db.session.execute(page.limit(CHUNK)).all()
        for row in rows:
            yield _values(row)
        if len(rows) < CHUNK:
            return
        page = after_event(query, rows[-1].occurred_at, rows[-1].id)


def csv_chunks(user, args):
    """The export as a generator of UTF-8 byte chunks (a BOM first). The query is built, and
    bad filters refused, before the first chunk."""
    query = _rows_query(user, args)

    def generate():
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        buffer.write("\ufeff")
        writer.writerow(HEADERS)
        for values in _stream(query):
            writer.writerow(["" if v is None else csv_safe(v) for v in values])
            if buffer.tell() >= 64 * 1024:
                yield buffer.getvalue().encode("utf-8")
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue().encode("utf-8")

    return generate()


def xlsx_file(user, args):
    """The export as a workbook in a spooled temporary file, positioned at its start."""
    query = _rows_query(user, args)
    count = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    if count > XLSX_MAX_ROWS:
        raise Invalid(f"Quá {vn.number(XLSX_MAX_ROWS)} dòng cho một tệp Excel; hãy thu hẹp khoảng "
                      "thời gian hoặc tải CSV.", {"format": ["too_many_rows_for_xlsx"]})
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Hoạt động")
    widths = [38, 26, 12, 28, 10, 28, 24, 10] + [12] * len(COUNT_FIELDS) + [11, 11, 10, 10, 40,
                                                                           16, 10, 9, 8]
    for i, width in enumerate(widths):
        sheet.column_dimensions[get_column_letter(i + 1)].width = width
    sheet.freeze_panes = "B2"
    sheet.append(HEADERS)
    for values in _stream(query):
        sheet.append(write_only_row(sheet, values))
    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    book.save(out)
    out.seek(0)
    return out

