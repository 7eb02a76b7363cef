"""Exports of events: the list's filters and scoping, CSV with a BOM, XLSX with numbers, and a
100,000-event CSV streamed with flat memory."""
import csv
import io
import tracemalloc
import uuid
from datetime import datetime, timedelta

import openpyxl
from sqlalchemy import insert

from server.extensions import db
from server.outreach.models import Event
from tests.metrics.helpers import event, post
from tests.metrics.helpers import vn as vn_time

EXPORT = "/api/v1/events/export"


def _csv(res):
    assert res.status_code == 200, res.get_data(as_text=True)[:300]
    assert res.data.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(res.data.decode("utf-8-sig"))))


def test_officer_exports_only_own_events_and_commander_the_ward(client, world, as_user):
    g1, g3 = world.groups["g1"], world.groups["g3"]
    mine = event(g1, vn_time("2025-03-03 09:00"), "meeting", attendees=42, duration_min=90)
    post(client, as_user("officer-w1"), mine,
         event(g1, vn_time("2025-03-04 09:00"), "household_visit", households_visited=7))
    post(client, as_user("volunteer-w1"), event(None, vn_time("2025-03-05 20:00"), "digital_post",
                                                online_reach=1500))
    post(client, as_user("officer-w2"), event(g3, vn_time("2025-03-05 09:00"), "meeting", attendees=9))

    rows = _csv(client.get(EXPORT, headers=as_user("officer-w1")))
    assert len(rows) == 2
    assert rows[1]["Mã hoạt động"] == mine["id"]  # newest first
    assert rows[1]["Người dự họp"] == "42" and rows[1]["Thời lượng (phút)"] == "90"
    assert rows[1]["Hình thức"] == "Họp dân, họp tổ dân phố"
    assert rows[1]["Tổ dân phố"] == g1.name and rows[1]["Thời gian"] == "2025-03-03T09:00:00+07:00"

    ward = _csv(client.get(EXPORT, headers=as_user("commander-w1")))
    assert len(ward) == 3 and {r["Tổ dân phố"] for r in ward} == {g1.name, ""}
    only_meetings = _csv(client.get(f"{EXPORT}?kind=meeting&from=2025-03-01&to=2025-03-04",
                                    headers=as_user("commander-w1")))
    assert [r["Mã hoạt động"] for r in only_meetings] == [mine["id"]]
    province = _csv(client.get(EXPORT, headers=as_user("admin-p1")))
    assert len(province) == 4
    assert client.get(f"{EXPORT}?ward_id={world.wards['w2'].id}",
                      headers=as_user("commander-w1")).status_code == 404
    bad = client.get(f"{EXPORT}?from=yesterday", headers=as_user("commander-w1"))
    assert bad.status_code == 422 and bad.get_json()["errors"] == {"from": ["invalid_date"]}


def test_xlsx_export_has_numbers(client, world, as_user):
    g1 = world.groups["g1"]
    post(client, as_user("officer-w1"),
         event(g1, vn_time("2025-03-03 09:00"), "support_session", people_assisted=25,
               vneid_installs=12, vneid_activations=9, dvc_filings=4, duration_min=120))
    res = client.get(f"{EXPORT}?format=xlsx", headers=as_user("commander-w1"))
    assert res.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(res.data)).active
    header, row = [list(r) for r in sheet.iter_rows(values_only=True)]
    values = dict(zip(header, row))
    assert values["Người được hỗ trợ"] == 25 and values["Kích hoạt mức 2"] == 9
    assert values["Thời lượng (phút)"] == 120 and values["Hình thức"] == "Điểm hỗ trợ, hướng dẫn DVC"


def _bulk_events(world, count):
    """`count` events of officer-w1 straight into the table (the export reads, it does not care
    how they came)."""
    officer, ward, g1 = world.users["officer-w1"], world.wards["w1"], world.groups["g1"]
    start = datetime(2025, 1, 1, 1, 0)
    batch = []
    for i in range(count):
        when = start + timedelta(minutes=7 * i)
        batch.append({"id": str(uuid.UUID(int=i + 1)), "province_id": ward.province_id,
                      "ward_id": ward.id, "group_id": g1.id, "author_id": officer.id,
                      "kind": "household_visit", "occurred_at": when, "utc_offset_min": 420,
                      "local_date": (when + timedelta(hours=7)).date(), "duration_min": 45,
                      "households_visited": 1 + i % 9, "vneid_installs": i % 3,
                      "note": "Hướng dẫn cài VNeID cho bà con", "flags": [], "version": 1,
                      "deleted": False})
        if len(batch) == 10_000:
            db.session.execute(insert(Event), batch)
            batch = []
    if batch:
        db.session.execute(insert(Event), batch)
    db.session.commit()


def test_a_40000_event_export_streams_with_flat_memory(client, world, as_user):
    """A ward's years of events leave in chunks: Python's peak (about 1 MB, most of it fixed)
    stays a small part of the file. 40,000 rows show it in less than half the time 100,000 took
    (tracemalloc slows every allocation)."""
    _bulk_events(world, 40_000)
    headers = as_user("commander-w1")
    res = client.get(EXPORT, headers=headers, buffered=False)
    assert res.status_code == 200 and res.is_streamed
    tracemalloc.start()
    size = lines = 0
    try:
        for chunk in res.response:
            size += len(chunk)
            lines += chunk.count(b"\r\n")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        res.close()
    assert lines == 40_001
    assert size > 6_000_000
    print(f"export: {size:,} bytes, {lines:,} lines, peak Python memory {peak:,} bytes")
    assert peak < size / 4  # a buffered export would hold at least the whole file


def test_a_note_that_looks_like_a_formula_stays_text(client, world, as_user):
    """A note typed in the field is never run by the commander's spreadsheet program."""
    g1 = world.groups["g1"]
    notes = ["=1+2", "+84 hộ chưa cài", "@Tổ 3 họp lại", "Bình thường"]
    post(client, as_user("officer-w1"), *(
        {**event(g1, vn_time(f"2025-03-0{i + 1} 09:00"), "meeting", attendees=5), "note": note}
        for i, note in enumerate(notes)))

    rows = _csv(client.get(EXPORT, headers=as_user("commander-w1")))
    assert sorted(r["Ghi chú"] for r in rows) == sorted(
        ["'=1+2", "'+84 hộ chưa cài", "'@Tổ 3 họp lại", "Bình thường"])

    res = client.get(f"{EXPORT}?format=xlsx", headers=as_user("commander-w1"))
    assert res.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(res.data)).active
    column = [c.value for c in sheet[1]].index("Ghi chú")
    cells = {row[column].value: row[column].data_type for row in sheet.iter_rows(min_row=2)}
    assert set(cells) == set(notes)  # exactly as typed
    assert set(cells.values()) == {"s"}  # all text, none a formula


def test_every_export_and_report_answers_no_store(client, world, as_user):
    """A downloaded file of events or figures must not stay in a shared phone's or a proxy's
    cache: every format answers Cache-Control: no-store (a sent file once said no-cache)."""
    ward, province = world.wards["w1"].id, world.provinces["p1"].id
    post(client, as_user("officer-w1"), event(world.groups["g1"], vn_time("2025-03-03 09:00"),
                                              "meeting", attendees=12))
    urls = [f"{EXPORT}?format={fmt}" for fmt in ("csv", "xlsx")]
    urls += [f"/api/v1/wards/{ward}/report?format={fmt}" for fmt in ("html", "xlsx", "csv")]
    urls += [f"/api/v1/provinces/{province}/report?format={fmt}" for fmt in ("html", "xlsx", "csv")]
    for url in urls:
        res = client.get(url, headers=as_user("admin-p1"))
        assert res.status_code == 200, (url, res.get_data(as_text=True)[:200])
        assert res.headers["Cache-Control"] == "no-store", (url, res.headers["Cache-Control"])
