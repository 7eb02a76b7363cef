"""POST /provinces/<id>/filing-stats/import with a province's published table (CSV or XLSX): the
provincial inspection report's table typed as the province prints it (tests/data), imported into
wards named like its units, its inconsistent unit flagged, its total line checked, the same
figures back in the ranking; and what is refused."""
import csv
import io
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from server.areas.models import Ward
from server.extensions import db
from server.metrics.models import FilingStat

DATA = Path(__file__).resolve().parent.parent / "data"
TABLE = "ninh-thuan-dvc-2022"
UNITS = {  # the ward each unit of the table is imported into, with its figures
    "Phường Phan Rang Tháp Chàm": (65194, 27053, 38141), "Xã Bác Ái": (7155, 7127, 28),
    "Xã Ninh Sơn": (9112, 7430, 1682), "Xã Ninh Hải": (26311, 16622, 9689),
    "Xã Ninh Phước": (0, 0, 298), "Xã Thuận Bắc": (6326, 4351, 1975),
    "Xã Thuận Nam": (22805, 18103, 4702)}


@pytest.fixture
def units(world):
    """Wards of the table's province (Khánh Hòa since 2025) named like the table's units."""
    wards = [Ward(code=f"2{i:04d}", name=name, kind=name.split()[0], province=world.provinces["p1"])
             for i, name in enumerate(UNITS, start=7001)]
    db.session.add_all(wards)
    db.session.commit()
    return {w.name: w for w in wards}


def _post(client, headers, province, body, name, **form):
    data = {"file": (io.BytesIO(body), name), **form}
    return client.post(f"/api/v1/provinces/{province.id}/filing-stats/import", data=data,
                       content_type="multipart/form-data", headers=headers)


def _table(client, world, as_user, suffix, body=None):
    body = body if body is not None else (DATA / f"{TABLE}.{suffix}").read_bytes()
    return _post(client, as_user("admin-p1"), world.provinces["p1"], body, f"{TABLE}.{suffix}",
                 month="2022-10", service_group="other")


def _stored(province_id):
    db.session.expire_all()
    return {(s.ward_id, s.service_group): (s.total, s.in_person, s.online) for s in
            db.session.scalars(select(FilingStat).where(FilingStat.province_id == province_id))}


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_the_inspection_reports_table_imports_as_printed(client, world, as_user, units, suffix):
    res = _table(client, world, as_user, suffix)
    assert res.status_code == 200, res.get_json()
    body = res.get_json()
    assert (body["created"], body["rejected"], body["total_row"]) == (7, 0, 1)
    rows = {r["unit"]: r for r in body["rows"]}
    assert [(r["line"], r["status"]) for r in body["rows"]][:1] == [(5, "created")]  # 4 lines above
    assert {r["ward_name"]: (r["total"], r["in_person"], r["online"])
            for r in body["rows"] if r["status"] == "created"} == UNITS
    bac_ai = rows["Bác Ái"]
    assert (bac_ai["published_rate_pct"], bac_ai["rate_pct"], bac_ai["rate_mismatch"]) == (0.39, 0.39, False)
    assert (rows["TP. Phan Rang Tháp Chàm"]["published_rate_pct"],
            rows["TP. Phan Rang Tháp Chàm"]["rate_pct"]) == (59.0, 58.5)  # 58,504 % printed 59 %
    assert not any(r["rate_mismatch"] for r in body["rows"])
    ninh_phuoc = rows["Ninh Phước"]  # 0 dossiers but 298 online: kept as printed, flagged
    assert (ninh_phuoc["inconsistent"], ninh_phuoc["nothing_arose"], ninh_phuoc["rate_pct"],
            ninh_phuoc["printed_note"], ninh_phuoc["printed_not_arisen"]) == (
        True, True, None, "Không báo cáo đầy đủ", "07")
    total = rows["TỔNG"]  # checked, never stored: its in-person figure leaves out those 298
    assert (total["status"], total["ward_code"]) == ("total_row", None)
    assert total["sums"] == {"total": 136903, "in_person": 80686, "online": 56515}
    assert total["sum_mismatch"] == ["in_person"]
    assert _stored(world.provinces["p1"].id) == {
        (units[name].id, "other"): figures for name, figures in UNITS.items()}
    ranking = _ranking(client, world, as_user, "&service_group=other")
    figures = ("ward_name", "rank", "total", "in_person", "online", "rate_pct", "inconsistent")
    assert [[r[k] for k in figures] for r in _ranking(client, world, as_user)["rows"]] == [
        [r[k] for k in figures] for r in ranking["rows"]]  # the only service group reported
    assert _ranking(client, world, as_user, "&service_group=id_card")["province"]["wards_reported"] == 0
    ranked = {r["ward_name"]: r for r in ranking["rows"] if r["ward_name"] in UNITS}
    assert {n: (r["total"], r["in_person"], r["online"]) for n, r in ranked.items()} == UNITS
    assert [(r["ward_name"], r["nothing_arose"], r["not_arisen"], r["rank"])
            for r in ranking["rows"] if r["inconsistent"]] == [("Xã Ninh Phước", True, 1, None)]
    assert [(r["ward_name"], r["target_pct"]) for r in ranking["rows"] if r["meets_target"] is False
            ] == [("Xã Ninh Sơn", 20.0), ("Xã Bác Ái", 20.0)]  # the floor of "other": 20 %
    assert [(r["ward_name"], r["rank"]) for r in ranking["rows"][:2]] == [
        ("Phường Phan Rang Tháp Chàm", 1), ("Xã Ninh Hải", 2)]
    assert ranking["province"] == {"total": 136903, "in_person": 80686, "online": 56515,
                                   "rate_pct": 41.28, "wards_reported": 7}


def _ranking(client, world, as_user, query=""):
    res = client.get(f"/api/v1/provinces/{world.provinces['p1'].id}/ranking?month=2022-10{query}",
                     headers=as_user("admin-p1"))
    assert res.status_code == 200, res.get_json()
    return res.get_json()


def test_the_same_table_again_changes_nothing(client, world, as_user, units):
    first = _table(client, world, as_user, "xlsx").get_json()
    stamps = {s.id: s.updated_at for s in db.session.scalars(select(FilingStat))}
    again = _table(client, world, as_user, "csv").get_json()  # the same figures, typed as CSV
    assert (first["created"], again["created"], again["updated"], again["unchanged"]) == (7, 0, 0, 7)
    db.session.expire_all()
    assert {s.id: s.updated_at for s in db.session.scalars(select(FilingStat))} == stamps


def test_mismatched_rates_unknown_units_and_codes(client, world, as_user, units):
    text = (DATA / f"{TABLE}.csv").read_text(encoding="utf-8")
    text = (text.replace("38.141,59%", "38.141,58%")                    # printed rate is wrong
            .replace("Bác Ái,7.155", "Bác Ái Đông,7.155")               # no such ward
            .replace("Ninh Sơn,9.112", f"{units['Xã Ninh Sơn'].code},9.112")  # by official code
            .replace("Thuận Nam,22.805,18.103", "Thuận Nam,22.805,-18")  # a figure refused
            .replace("8,TỔNG,", "Tổng cộng,,")  # in a merged STT cell
            + "Người lập biểu,,,,,,,\n")  # under the table: not a unit
    body = _table(client, world, as_user, "csv", text.encode()).get_json()
    rows = {r["line"]: r for r in body["rows"]}
    assert (rows[5]["status"], rows[5]["rate_mismatch"], rows[5]["published_rate_pct"]) == (
        "created", True, 58.0)
    assert (rows[6]["status"], rows[6]["errors"]) == ("rejected", {"unit": ["unknown_unit"]})
    assert (rows[7]["status"], rows[7]["ward_name"]) == ("created", "Xã Ninh Sơn")
    assert (rows[11]["status"], rows[11]["errors"]) == ("rejected", {"in_person": ["negative"]})
    assert (body["created"], body["rejected"], rows[12]["status"]) == (5, 2, "total_row")
    assert len(body["rows"]) == 8
    assert len(_stored(world.provinces["p1"].id)) == 5  # good rows kept


def _workbook_with_formula():
    book = Workbook()
    book.active.append(["STT", "Đơn vị", "Tổng", "Trực tiếp", "Trực tuyến", "Tỷ lệ (%)"])
    book.active.append([1, "Ninh Sơn", 10, 5, 5, "=E2/C2"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("body,name,form,status,code", [
    (b"\x89PNG\r\n\x1a\n....", "bang.png", {}, 415, "unsupported_file_type"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "bang.xls", {}, 415, "unsupported_file_type"),
    (b"PK\x03\x04broken", "bang.xlsx", {}, 422, "unreadable_xlsx"),
    ("STT,Đơn vị,Tổng,Trực tiếp,Trực tuyến,Tỷ lệ (%)\n1,Ninh Sơn,10,5,5,=1+1\n".encode(), "b.csv",
     {"month": "2022-10", "service_group": "other"}, 422, "formula:F2"),
    ("STT,Đơn vị,Tổng,Trực tiếp,Trực tuyến,Tỷ lệ (%)\n1,Ninh Sơn,10,5,5,50%\n".encode(), "b.csv",
     {}, 422, "required_for_published_table"),
    (b"x" * (3 * 1024 * 1024), "big.csv", {}, 413, None),
    ("formula", "b.xlsx", {"month": "2022-10", "service_group": "other"}, 422, "formula:F2"),
], ids=["png", "xls", "broken-xlsx", "formula-csv", "no-month", "too-large", "formula-xlsx"])
def test_refused_whole_in_the_one_error_shape(client, world, as_user, units, body, name, form,
                                              status, code):
    body = _workbook_with_formula() if body == "formula" else body
    res = _post(client, as_user("admin-p1"), world.provinces["p1"], body, name, **form)
    answer = res.get_json()
    assert res.status_code == status and answer["code"] == status and answer["message"]
    if code:
        assert code in str(answer["errors"])
    else:
        assert answer["message"] == "Tệp hoặc yêu cầu quá lớn (payload too large)."
    assert _stored(world.provinces["p1"].id) == {}


def test_a_file_field_that_is_no_file(client, world, as_user):
    res = client.post(f"/api/v1/provinces/{world.provinces['p1'].id}/filing-stats/import",
                      data={"file": "STT,Đơn vị"}, content_type="multipart/form-data",
                      headers=as_user("admin-p1"))
    assert res.status_code == 422 and "file" in res.get_json()["errors"]["files"]


def test_the_province_report_prints_it_in_the_published_layout(client, world, as_user, units):
    _table(client, world, as_user, "csv")
    url = f"/api/v1/provinces/{world.provinces['p1'].id}/report?from=2022-10-01&to=2022-11-01"
    text = client.get(url + "&format=csv", headers=as_user("admin-p1")).data.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    start = lines.index(["Kết quả tiếp nhận hồ sơ dịch vụ công theo đơn vị: Lĩnh vực khác"])
    assert lines[start + 1] == ["Stt", "Đơn vị", "Tổng", "Trực tiếp", "Trực tuyến", "Tỷ lệ (%)",
                                "Chưa phát sinh", "Ghi chú", "Chỉ tiêu (%)"]
    printed = {line[1]: line[2:] for line in lines[start + 2:start + 2 + len(world.wards) + 7]}
    assert printed["Phường Phan Rang Tháp Chàm"] == ["65194", "27053", "38141", "58.5", "", "", "20.0"]
    assert printed["Xã Bác Ái"] == ["7155", "7127", "28", "0.39", "", "Chưa đạt chỉ tiêu", "20.0"]
    assert printed["Xã Ninh Phước"] == ["0", "0", "298", "", "01", "Số liệu không khớp", "20.0"]
    assert printed["TỔNG"] == ["136903", "80686", "56515", "41.28", "", "7 đơn vị báo cáo", ""]
    html = client.get(url, headers=as_user("admin-p1")).get_data(as_text=True)
    assert "Kết quả tiếp nhận hồ sơ dịch vụ công theo đơn vị: Lĩnh vực khác" in html
    assert "Số liệu không khớp" in html and "65.194" in html
