"""POST /provinces/<id>/eid-stats/import: level-2 e-ID figures of a province's wards from a CSV
or an XLSX as offices keep them (title lines, Vietnamese numbers, wards by code or name), every
line answered, good lines kept beside refused ones, the same file twice `unchanged`."""
import io

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from server.extensions import db
from server.metrics.eid_import import read_month
from server.metrics.models import EidStat

TITLE = ["CÔNG AN TỈNH KHÁNH HÒA", "", "", ""]
HEADER = ["Đơn vị", "Tháng", "Đủ điều kiện", "Đã kích hoạt"]
LINES = [
    ["22366", "2026-10", "12.345", "6.789"],           # by code, thousands dots
    ["Bắc Nha Trang", "Tháng 10/2026", "9 870", "4.321"],  # by name without "Phường"
    ["Phường Ba Đình", "2026-10", "100", "50"],        # another province's ward: unknown here
    ["Phường Nha Trang", "11/2026", "1.000", "1.001"],  # activated above eligible
    ["Nha Trang", "13/2026", "1.000", "10"],           # no such month
    ["TỔNG", "", "22.215", "11.110"],                   # the total line: answered, not stored
]


def _csv(lines):
    text = "\n".join(",".join(f'"{cell}"' for cell in line) for line in [TITLE, HEADER, *lines])
    return text.encode("utf-8-sig")


def _xlsx(lines):
    book = Workbook()
    for line in [TITLE, HEADER, *lines]:
        book.active.append([cell or None for cell in line])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _post(client, headers, province, body, name):
    return client.post(f"/api/v1/provinces/{province.id}/eid-stats/import",
                       data={"file": (io.BytesIO(body), name)},
                       content_type="multipart/form-data", headers=headers)


def _stored(province_id):
    db.session.expire_all()
    return {(s.ward_id, s.month.isoformat()): (s.eligible, s.activated, s.source) for s in
            db.session.scalars(select(EidStat).where(EidStat.province_id == province_id))}


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_the_table_imports_good_lines_and_answers_every_line(client, world, as_user, suffix):
    body = (_csv if suffix == "csv" else _xlsx)(LINES)
    headers, province, wards = as_user("admin-p1"), world.provinces["p1"], world.wards
    res = _post(client, headers, province, body, f"kich-hoat.{suffix}")
    assert res.status_code == 200, res.get_json()
    answer = res.get_json()
    assert (answer["created"], answer["rejected"], answer["total_row"]) == (2, 3, 1)
    rows = answer["rows"]
    assert [(r["line"], r["status"]) for r in rows] == [
        (3, "created"), (4, "created"), (5, "rejected"), (6, "rejected"), (7, "rejected"),
        (8, "total_row")]
    assert (rows[0]["ward_code"], rows[0]["month"], rows[0]["coverage_pct"]) == (
        "22366", "2026-10", 54.99)
    assert (rows[1]["ward_name"], rows[1]["eligible"], rows[1]["activated"]) == (
        "Phường Bắc Nha Trang", 9870, 4321)
    assert rows[2]["errors"] == {"unit": ["unknown_unit"]}
    assert rows[3]["errors"] == {"activated": ["activated_exceeds_eligible"]}
    assert rows[4]["errors"] == {"month": ["invalid_month"]}
    assert _stored(province.id) == {(wards["w1"].id, "2026-10-01"): (12345, 6789, "import"),
                                    (wards["w2"].id, "2026-10-01"): (9870, 4321, "import")}
    again = _post(client, headers, province, body, f"kich-hoat.{suffix}").get_json()
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 2)
    month = client.get(f"/api/v1/wards/{wards['w1'].id}/eid-stats/2026-10", headers=headers)
    assert month.get_json()["coverage_pct"] == 54.99


def test_a_changed_figure_updates_and_a_ward_twice_in_a_month_is_refused(client, world, as_user):
    headers, province = as_user("admin-p1"), world.provinces["p1"]
    _post(client, headers, province, _csv(LINES[:1]), "a.csv")
    lines = [["22366", "2026-10", "12.345", "7.000"], ["Nha Trang", "10/2026", "1", "1"],
             ["22366", "2026-11", "12.400", "7.100"]]
    answer = _post(client, headers, province, _csv(lines), "b.csv").get_json()
    assert [r["status"] for r in answer["rows"]] == ["updated", "rejected", "created"]
    assert answer["rows"][1]["errors"] == {"unit": ["duplicate_unit"]}
    assert _stored(province.id)[(world.wards["w1"].id, "2026-10-01")] == (12345, 7000, "import")


def test_what_is_refused_whole(client, world, as_user):
    headers, province = as_user("admin-p1"), world.provinces["p1"]
    no_header = _post(client, headers, province, b"a,b,c\n1,2,3\n", "x.csv")
    assert (no_header.status_code, no_header.get_json()["errors"]) == (
        422, {"file": ["missing_header"]})
    assert _post(client, headers, province, b"%PDF-1.4", "x.pdf").status_code == 415
    formula = _post(client, headers, province, _csv([["22366", "2026-10", "=1+1", "1"],
                                                     *LINES[:1]]), "f.csv").get_json()
    assert [r["status"] for r in formula["rows"]] == ["rejected", "created"]
    assert formula["rows"][0]["errors"]["row"] == ["formula"]
    other = _post(client, as_user("admin-p2"), province, _csv(LINES), "x.csv")
    assert other.status_code in (403, 404)
    commander = _post(client, as_user("commander-w1"), province, _csv(LINES), "x.csv")
    assert commander.status_code == 403


def test_months_as_offices_write_them():
    assert [read_month(t) for t in ("2026-11", "11/2026", "Tháng 11/2026", "tháng 1-2027",
                                    "2026-11-01 00:00:00")] == [
        *[read_month("2026-11")] * 3, read_month("2027-01"), read_month("2026-11")]
    assert read_month("2026-11").isoformat() == "2026-11-01"
    assert [read_month(t) for t in ("", "2026-13", "11/26", "tháng mười")] == [None] * 4
