"""Reports of a ward and of a province: every figure checked against the metrics API, the workbook
opened with openpyxl (numbers, not text), the CSV's BOM, the written summary's wording."""
import csv
import io
from datetime import timedelta

import openpyxl
import pytest

from server.periods import local_today, month_start, next_month, previous_month
from server.outreach.models import KINDS
from server.reports import vn
from tests.metrics.helpers import event, post
from tests.metrics.helpers import vn as vn_time
from tests.statements import statements_about

COUNTS = ("events", "hours", "attendees", "households_visited", "people_assisted",
          "vneid_installs", "vneid_activations", "dvc_filings", "leaflets", "online_reach")


def _get(client, headers, url):
    res = client.get(url, headers=headers)
    assert res.status_code == 200, res.get_data(as_text=True)[:500]
    return res


def _sheet_rows(book, prefix):
    """(header, data rows, totals row) of the sheet whose title starts with `prefix`."""
    [sheet] = [s for s in book.worksheets if s.title.startswith(prefix)]
    rows = [list(r) for r in sheet.iter_rows(min_row=3, values_only=True)]
    header, body = rows[0], [r for r in rows[1:] if any(v is not None for v in r)]
    return header, body


def _printed(key, value):
    """A figure as the report prints it: hours to one decimal, rounded half up."""
    return vn.rounded(value, 1) if key == "hours" else value


def test_demo_ward_report_equals_the_metrics_figure_by_figure(client, demo, as_user):
    headers = as_user("demo-commander")
    start = month_start(local_today())
    end = next_month(start)
    period = f"from={start}&to={end}"
    metrics = _get(client, headers, f"/api/v1/wards/{demo.id}/metrics?{period}").get_json()
    res = _get(client, headers, f"/api/v1/wards/{demo.id}/report?{period}&format=xlsx")
    assert res.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    book = openpyxl.load_workbook(io.BytesIO(res.data))

    header, rows = _sheet_rows(book, "1.")
    assert header[:3] == ["Stt", "Hình thức", "Số hoạt động"]
    *kind_rows, total = rows
    assert [r[1] for r in kind_rows] == [vn.KIND_LABELS[k] for k in KINDS]
    for kind, row in zip(KINDS, kind_rows):
        assert row[2:] == [_printed(c, metrics["by_kind"][kind][c]) for c in COUNTS]
    assert total[1] == "Tổng cộng"
    assert total[2:] == [_printed(c, metrics["totals"][c]) for c in COUNTS]
    assert all(isinstance(v, (int, float)) for r in rows for v in r[2:])
    assert metrics["totals"]["events"] > 0

    _, rows = _sheet_rows(book, "2.")
    *group_rows, total = rows
    by_name = {g["name"]: g for g in metrics["groups"]}
    assert len(group_rows) == len(metrics["groups"]) + (1 if metrics["ward_wide"]["events"] else 0)
    for row in group_rows[:len(metrics["groups"])]:
        g = by_name[row[1]]
        assert row[2:8] == [g["households_total"], g["events"], g["households_visited"],
                            g["coverage_pct"], g["vneid_activations"], g["dvc_filings"]]
        assert (row[9] == "Chưa được tiếp cận 30 ngày") == g["gap"]
    assert total[2:8] == [metrics["households_total"], metrics["totals"]["events"],
                          metrics["totals"]["households_visited"], metrics["coverage_pct"],
                          metrics["totals"]["vneid_activations"], metrics["totals"]["dvc_filings"]]

    _, rows = _sheet_rows(book, "3.")
    *user_rows, total = rows
    assert [r[1] for r in user_rows] == [u["full_name"] for u in metrics["users"]]
    for row, u in zip(user_rows, metrics["users"]):
        assert row[3:10] == [u["events"], _printed("hours", u["hours"]), u["households_visited"], u["vneid_installs"],
                             u["vneid_activations"], u["dvc_filings"],
                             u["effectiveness"]["vneid_activations_per_hour"]]
    _, rows = _sheet_rows(book, "5.")
    assert {(r[1], r[3]) for r in rows} == {(vn.TARGET_LABELS[t["kind"]], t["value"])
                                            for t in metrics["targets"]}
    assert all(sheet.column_dimensions["B"].width >= 10 for sheet in book.worksheets[1:])


def test_a_past_month_report_carries_its_filing_figures_and_rate_change(client, demo, as_user):
    headers = as_user("demo-commander")
    month = previous_month(month_start(local_today()))
    filing = _get(client, headers, f"/api/v1/wards/{demo.id}/filing-stats/{month:%Y-%m}").get_json()
    res = _get(client, headers, f"/api/v1/wards/{demo.id}/report?from={month}&to={next_month(month)}"
                                f"&format=xlsx")
    book = openpyxl.load_workbook(io.BytesIO(res.data))
    _, rows = _sheet_rows(book, "4.")
    *group_rows, subtotal, total = rows
    assert [(r[2], r[3], r[4], r[5], r[6]) for r in group_rows] == [
        (vn.SERVICE_GROUP_LABELS[r["service_group"]], r["total"], r["online"], r["in_person"],
         r["rate_pct"]) for r in filing["rows"]]
    assert subtotal[3:10] == [filing["total"], filing["online"], filing["in_person"],
                              filing["rate_pct"], filing["target_pct"],
                              "Đạt" if filing["meets_target"] else "Chưa đạt", filing["change_pct"]]
    assert total[3:7] == [filing["total"], filing["online"], filing["in_person"], filing["rate_pct"]]

    html = _get(client, headers, f"/api/v1/wards/{demo.id}/report?from={month}"
                                 f"&to={next_month(month)}").get_data(as_text=True)
    change = filing["change_pct"]
    word = "tăng" if change > 0 else "giảm"
    assert (f"tỷ lệ hồ sơ trực tuyến đạt {vn.percent(filing['rate_pct'])}, {word} "
            f"{vn.decimal(abs(change))} điểm phần trăm so với tháng trước") in html
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in html and "Độc lập - Tự do - Hạnh phúc" in html
    assert f"tháng {month.month} năm {month.year}" in html


def test_csv_report_has_a_bom_and_plain_numbers(client, demo, as_user):
    headers = as_user("demo-commander")
    metrics = _get(client, headers, f"/api/v1/wards/{demo.id}/metrics").get_json()
    res = _get(client, headers, f"/api/v1/wards/{demo.id}/report?format=csv")
    assert res.mimetype == "text/csv" and res.data.startswith("\ufeff".encode())
    assert 'attachment; filename="bao-cao-phuong-nha-trang-' in res.headers["Content-Disposition"]
    lines = list(csv.reader(io.StringIO(res.data.decode("utf-8-sig"))))
    assert lines[0] == ["CÔNG AN PHƯỜNG NHA TRANG"]
    at = lines.index(["Kết quả theo hình thức tuyên truyền"])
    assert lines[at + 1][:3] == ["Stt", "Hình thức", "Số hoạt động"]
    total = lines[at + 2 + len(KINDS)]
    assert total[1] == "Tổng cộng"
    assert total[2] == str(metrics["totals"]["events"])
    assert total[5] == str(metrics["totals"]["households_visited"])


def test_summary_names_only_what_was_done_in_vietnamese_numbers(client, world, as_user):
    g1, w1 = world.groups["g1"], world.wards["w1"]
    officer = as_user("officer-w1")
    visits = [event(g1, vn_time(f"2025-03-{day:02d} 09:00"), "household_visit",
                    households_visited=500) for day in range(4, 17)]
    post(client, officer,
         event(g1, vn_time("2025-03-03 09:00"), "household_visit", households_visited=64,
               vneid_installs=1001, vneid_activations=7), *visits)
    res = _get(client, as_user("commander-w1"),
               f"/api/v1/wards/{w1.id}/report?from=2025-03-01&to=2025-04-01")
    html = res.get_data(as_text=True)
    assert "đến 6.564 lượt hộ gia đình" in html
    assert "cài đặt ứng dụng VNeID cho 1.001 người" in html
    assert "kích hoạt thành công 7 tài khoản định danh điện tử mức 2" in html
    # Nothing else was done: no sentence about meetings, leaflets, posts, filings or support.
    for absent in ("cuộc họp", "tờ rơi, tài liệu", "đăng ", "hồ sơ dịch vụ công trực tuyến",
                   "buổi hỗ trợ", "lượt người dân"):
        assert absent not in html.split("<h3>")[0], absent
    assert "Chưa nhập số liệu hồ sơ của kỳ báo cáo." in html
    assert 'href="http://localhost/css/report.css"' in html
    assert "<script" not in html and "style=" not in html


def test_province_report_ranks_wards_as_the_ranking_does(client, world, as_user):
    admin, p1 = as_user("admin-p1"), world.provinces["p1"]
    w1, w2 = world.wards["w1"], world.wards["w2"]
    for ward, online in ((w1, 300), (w2, 450)):
        res = client.put(f"/api/v1/wards/{ward.id}/filing-stats/2025-03", headers=admin,
                         json={"rows": [{"service_group": "residence", "total": 500,
                                         "online": online, "in_person": 500 - online}]})
        assert res.status_code == 200
    post(client, as_user("officer-w2"), event(world.groups["g3"], vn_time("2025-03-05 08:00"),
                                              "meeting", attendees=45))
    ranking = _get(client, admin, f"/api/v1/provinces/{p1.id}/ranking?month=2025-03").get_json()
    res = _get(client, admin, f"/api/v1/provinces/{p1.id}/report?from=2025-03-01&to=2025-04-01"
                              "&format=xlsx")
    book = openpyxl.load_workbook(io.BytesIO(res.data))
    _, rows = _sheet_rows(book, "2.")
    *ward_rows, total = rows
    assert [(r[1], r[2], r[3], r[4], r[5]) for r in ward_rows] == [  # the published layout
        (r["ward_name"], r["total"], r["in_person"], r["online"], r["rate_pct"])
        for r in ranking["rows"]]
    assert total[1:6] == ["TỔNG", ranking["province"]["total"], ranking["province"]["in_person"],
                          ranking["province"]["online"], ranking["province"]["rate_pct"]]
    header, by_group = _sheet_rows(book, "4.")  # the one service group reported, alone
    assert header[:8] == ["Stt", "Đơn vị", "Tổng", "Trực tiếp", "Trực tuyến", "Tỷ lệ (%)",
                          "Chưa phát sinh", "Ghi chú"]
    assert by_group == rows
    _, rows = _sheet_rows(book, "1.")
    assert [r[2] for r in rows[:-1]] == [1, 0]  # events per ward, by code: w2 (22333), w1
    html = _get(client, admin, f"/api/v1/provinces/{p1.id}/report?from=2025-03-01&to=2025-04-01"
                               ).get_data(as_text=True)
    assert "Phường Bắc Nha Trang (90,00 %)" in html and "Phường Nha Trang (60,00 %)" in html
    assert "tổ chức 1 cuộc họp dân, họp tổ dân phố có 45 người tham dự" in html


@pytest.mark.parametrize("query", ["format=pdf", "from=2025-13-01", "from=2025-03-01&to=2025-02-01",
                                   "from=2024-01-01&to=2025-06-01"])
def test_bad_report_arguments_are_refused_clearly(client, world, as_user, query):
    res = client.get(f"/api/v1/wards/{world.wards['w1'].id}/report?{query}",
                     headers=as_user("commander-w1"))
    assert res.status_code == 422
    assert set(res.get_json()) >= {"code", "status", "message"}


def test_field_users_and_foreign_managers_get_no_report(client, world, as_user):
    w1 = world.wards["w1"]
    assert client.get(f"/api/v1/wards/{w1.id}/report", headers=as_user("officer-w1")).status_code == 403
    assert client.get(f"/api/v1/wards/{w1.id}/report", headers=as_user("commander-w2")).status_code == 404
    assert client.get(f"/api/v1/wards/{w1.id}/report", headers=as_user("admin-p2")).status_code == 404
    p1 = world.provinces["p1"]
    assert client.get(f"/api/v1/provinces/{p1.id}/report",
                      headers=as_user("commander-w1")).status_code == 403
    assert client.get(f"/api/v1/provinces/{p1.id}/report",
                      headers=as_user("admin-p2")).status_code == 404


def test_a_group_name_that_looks_like_a_formula_stays_text_in_the_report(client, world, as_user):
    """Names typed by people (here a group's) are never run by the spreadsheet program."""
    from server.extensions import db

    g1 = world.groups["g1"]
    g1.name = "=HYPERLINK(\"http://x\",\"Tổ 1\")"
    db.session.commit()
    post(client, as_user("officer-w1"), event(g1, vn_time("2025-03-03 09:00"), "meeting", attendees=5))
    headers = as_user("commander-w1")
    url = f"/api/v1/wards/{world.wards['w1'].id}/report?from=2025-03-01&to=2025-04-01"

    book = openpyxl.load_workbook(io.BytesIO(_get(client, headers, url + "&format=xlsx").data))
    cells = [c for s in book.worksheets for row in s.iter_rows() for c in row if c.value == g1.name]
    assert cells and all(c.data_type == "s" for c in cells)  # exactly the name, as text
    text = _get(client, headers, url + "&format=csv").data.decode("utf-8-sig")
    named = [v for line in csv.reader(io.StringIO(text)) for v in line if "HYPERLINK" in v]
    assert named and set(named) == {"'" + g1.name}  # behind an apostrophe wherever it appears


def test_province_filing_reads_the_period_in_one_query(client, world, as_user, app):
    """Six months of a province cost one read of the filing statistics, not one per month (and
    one more for 'what works', over its own window)."""
    admin, p1, w1 = as_user("admin-p1"), world.provinces["p1"], world.wards["w1"]
    for month in range(1, 7):
        res = client.put(f"/api/v1/wards/{w1.id}/filing-stats/2025-{month:02d}", headers=admin,
                         json={"rows": [{"service_group": "residence", "total": 100,
                                         "online": 10 * month, "in_person": 100 - 10 * month}]})
        assert res.status_code == 200
    with statements_about("filing_stats") as statements:
        res = _get(client, admin, f"/api/v1/provinces/{p1.id}/report?from=2025-01-01&to=2025-07-01"
                                  "&format=xlsx")
    assert len(statements) == 2
    _, rows = _sheet_rows(openpyxl.load_workbook(io.BytesIO(res.data)), "2.")
    assert [r[1:6] for r in rows[:1]] == [[w1.name, 600, 390, 210, 35]]


def test_a_month_per_procedure_with_nothing_arisen_targets_and_level_2_coverage(client, world,
                                                                                 as_user):
    """The ward report's filing table per procedure: "Chưa phát sinh" (no rate) where nothing
    arose, each rate's target and verdict; and the month's level-2 e-ID coverage beside the
    activations outreach assisted, in HTML, XLSX and CSV."""
    w1, headers = world.wards["w1"], as_user("commander-w1")
    client.put(f"/api/v1/wards/{w1.id}/filing-stats/2025-03", headers=headers, json={"rows": [
        {"service_group": "stay_notice", "total": 300, "online": 290, "in_person": 10},
        {"service_group": "temporary_absence", "total": 0, "online": 0, "in_person": 0}]})
    client.put(f"/api/v1/wards/{w1.id}/eid-stats/2025-03", headers=headers,
               json={"eligible": 73307, "activated": 40796})
    post(client, as_user("officer-w1"), event(world.groups["g1"], vn_time("2025-03-03 09:00"),
                                              households_visited=5, vneid_activations=7))
    url = f"/api/v1/wards/{w1.id}/report?from=2025-03-01&to=2025-04-01"
    book = openpyxl.load_workbook(io.BytesIO(_get(client, headers, url + "&format=xlsx").data))
    header, rows = _sheet_rows(book, "4.")
    assert header[7:9] == ["Chỉ tiêu %", "Đánh giá"]
    by_label = {r[2]: r for r in rows}
    assert by_label["Thông báo lưu trú"][6:9] == [96.67, 100, "Chưa đạt"]
    assert by_label["Khai báo tạm vắng"][6:9] == [None, 70, "Chưa phát sinh"]
    _, [eid, note] = _sheet_rows(book, "6.")
    assert "hỗ trợ kích hoạt 7 tài khoản" in note[0]
    assert eid[2:5] == [73307, 40796, 55.65]
    html = _get(client, headers, url).get_data(as_text=True)
    assert "Chưa phát sinh" in html and "Định danh điện tử mức 2" in html
    assert "Chưa đạt chỉ tiêu tỷ lệ trực tuyến: thông báo lưu trú 96,67 % (chỉ tiêu 100,00 %)" in html
    assert "40.796/73.307 công dân đủ điều kiện đã kích hoạt, đạt 55,65 %" in html
    assert "hỗ trợ kích hoạt 7 tài khoản" in html
    text = _get(client, headers, url + "&format=csv").data.decode("utf-8-sig")
    assert "Chưa phát sinh" in text and "Tỷ lệ kích hoạt %" in text
