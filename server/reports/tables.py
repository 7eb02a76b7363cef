"""The tables of a report, built from its figures: columns with a type, rows numbered (Stt), a
totals row and a note when there is nothing to show. Renderers (HTML, XLSX, CSV) lay them out."""
from datetime import datetime

from ..outreach.models import KINDS
from . import vn


def col(key, label, kind="int"):
    return {"key": key, "label": label, "type": kind}


STT = col("stt", "Stt", "int")
COUNT_COLUMNS = [
    col("events", "Số hoạt động"), col("hours", "Số giờ", "hours"),
    col("attendees", "Người dự họp"), col("households_visited", "Lượt hộ được đến"),
    col("people_assisted", "Người được hỗ trợ"), col("vneid_installs", "Cài đặt VNeID"),
    col("vneid_activations", "Kích hoạt mức 2"), col("dvc_filings", "Hồ sơ DVC trực tuyến"),
    col("leaflets", "Tờ rơi"), col("online_reach", "Lượt tiếp cận trên mạng"),
]
FILING_COLUMNS = [
    col("total", "Tổng số hồ sơ tiếp nhận"), col("online", "Trực tuyến"),
    col("in_person", "Trực tiếp"), col("rate_pct", "Tỷ lệ %", "pct"),
]


def table(key, title, columns, rows, total=None, note=None):
    for i, row in enumerate(rows, start=1):
        row.setdefault("stt", i)
    return {"key": key, "title": title, "columns": [STT, *columns], "rows": rows,
            "total": total, "note": note}

def kinds_table(by_kind, overall):
    rows = [{"label": vn.KIND_LABELS[k], **_counts(by_kind[k])} for k in KINDS]
    return table("by_kind", "Kết quả theo hình thức tuyên truyền",
                 [col("label", "Hình thức", "text"), *COUNT_COLUMNS], rows,
                 {"label": "Tổng cộng", **_counts(overall)})


def _counts(totals_obj):
    return {c["key"]: totals_obj[c["key"]] for c in COUNT_COLUMNS}

def _group_remark(g):
    if not g.get("in_force", True):
        return f"Ngừng từ {g['valid_to'].strftime('%d/%m/%Y')} (sáp nhập, chia tách hoặc giải thể)"
    return "Chưa được tiếp cận 30 ngày" if g["gap"] else ""


def groups_table(m):
    rows = []
    for g in m["groups"]:
        rows.append({"label": g["name"], "households_total": g["households_total"],
                     "events": g["events"], "households_visited": g["households_visited"],
                     "coverage_pct": g["coverage_pct"], "vneid_activations": g["vneid_activations"],
                     "dvc_filings": g["dvc_filings"],
                     "last_event": _day(g["last_event_at"]),
                     "remark": _group_remark(g)})
    wide = m["ward_wide"]
    if wide["events"]:
        rows.append({"label": f"Hoạt động chung toàn {m['ward_kind']} (không theo tổ)",
                     "households_total": None,
                     "events": wide["events"], "households_visited": wide["households_visited"],
                     "coverage_pct": None, "vneid_activations": wide["vneid_activations"],
                     "dvc_filings": wide["dvc_filings"], "last_event": None, "remark": ""})
    t = m["totals"]
    total = {"label": "Tổng cộng", "households_total": m["households_total"], "events": t["events"],
             "households_visited": t["households_visited"], "coverage_pct": m["coverage_pct"],
             "vneid_activations": t["vneid_activations"], "dvc_filings": t["dvc_filings"],
             "last_event": None, "remark": f"{m['gaps']} tổ chưa được tiếp cận" if m["gaps"] else ""}
    return table("groups", "Kết quả theo tổ dân phố", [
        col("label", "Tổ dân phố", "text"), col("households_total", "Số hộ"),
        col("events", "Số hoạt động"), col("households_visited", "Lượt hộ được đến"),
        col("coverage_pct", "Độ phủ %", "pct"), col("vneid_activations", "Kích hoạt mức 2"),
        col("dvc_filings", "Hồ sơ DVC trực tuyến"), col("last_event", "Lần gần nhất", "date"),
        col("remark", "Ghi chú", "text")], rows, total)


def _day(iso_time):
    """The local day of an event's time, ISO ('2026-11-28'): a 'date' column's value."""
    if not iso_time:
        return None
    return datetime.fromisoformat(iso_time).date().isoformat()


def users_table(users, overall):
    rows = [{"label": u["full_name"], "role": vn.ROLE_LABELS.get(u["role"], u["role"]),
             "events": u["events"], "hours": u["hours"],
             "households_visited": u["households_visited"], "vneid_installs": u["vneid_installs"],
             "vneid_activations": u["vneid_activations"], "dvc_filings": u["dvc_filings"],
             "per_hour": u["effectiveness"]["vneid_activations_per_hour"]} for u in users]
    total = {"label": "Tổng cộng", "role": "", "events": overall["events"], "hours": overall["hours"],
             "households_visited": overall["households_visited"],
             "vneid_installs": overall["vneid_installs"],
             "vneid_activations": overall["vneid_activations"], "dvc_filings": overall["dvc_filings"],
             "per_hour": overall["effectiveness"]["vneid_activations_per_hour"]}
    return table("users", "Kết quả theo cán bộ, đoàn viên", [
        col("label", "Họ và tên", "text"), col("role", "Lực lượng", "text"),
        col("events", "Số hoạt động"), col("hours", "Số giờ", "hours"),
        col("households_visited", "Lượt hộ được đến"), col("vneid_installs", "Cài đặt VNeID"),
        col("vneid_activations", "Kích hoạt mức 2"), col("dvc_filings", "Hồ sơ DVC trực tuyến"),
        col("per_hour", "Kích hoạt mỗi giờ", "dec")], rows, total)

def _filing_line(month, label, r, **extra):
    """A line of the ward's filing table: figures, rate, the target that applies and the verdict
    ("Chưa phát sinh" where nothing arose: no rate, never 0 %)."""
    return {"month": month, "label": label, "total": r["total"], "online": r["online"],
            "in_person": r["in_person"], "rate_pct": r["rate_pct"],
            "target_pct": r.get("target_pct"), "verdict": vn.verdict(r),
            "change_pct": r["change_pct"], **extra}


def filing_table(months, period):
    rows = []
    for f in months:
        if f["total"] is None:
            continue
        label = vn.iso(f["month"])
        for r in f["rows"]:
            rows.append(_filing_line(label, vn.SERVICE_GROUP_LABELS[r["service_group"]], r,
                                     remark="Số liệu không khớp" if r["inconsistent"] else ""))
        rows.append(_filing_line(label, "Cộng tháng", f, remark="", subtotal=True))
    total = None
    if period["total"] is not None:
        total = {"month": None, "label": "Tổng cộng", "total": period["total"],
                 "online": period["online"], "in_person": period["in_person"],
                 "rate_pct": period["rate_pct"], "target_pct": None, "verdict": "",
                 "change_pct": None, "remark": ""}
    return table("filing", "Kết quả tiếp nhận hồ sơ thủ tục hành chính", [
        col("month", "Tháng", "month"), col("label", "Lĩnh vực", "text"), *FILING_COLUMNS,
        col("target_pct", "Chỉ tiêu %", "pct"), col("verdict", "Đánh giá", "text"),
        col("change_pct", "Tăng, giảm (điểm %)", "dec"), col("remark", "Ghi chú", "text")],
        rows, total, None if rows else "Chưa nhập số liệu hồ sơ của kỳ báo cáo.")


def eid_table(months, assisted):
    """The level-2 e-ID figures of each month of the period, and the activations outreach
    assisted over it."""
    rows = [{"month": vn.iso(e["month"]), "eligible": e["eligible"], "activated": e["activated"],
             "coverage_pct": e["coverage_pct"]} for e in months if e["eligible"] is not None]
    note = (f"Trong kỳ, lực lượng tuyên truyền hỗ trợ kích hoạt {vn.number(assisted)} tài khoản "
            "định danh điện tử mức 2." if rows
            else "Chưa nhập số liệu định danh điện tử mức 2 của kỳ báo cáo.")
    return table("eid", "Định danh điện tử mức 2", [
        col("month", "Tháng", "month"), col("eligible", "Công dân đủ điều kiện"),
        col("activated", "Tài khoản đã kích hoạt"), col("coverage_pct", "Tỷ lệ kích hoạt %", "pct")],
        rows, None, note)


def targets_table(targets):
    rows = [{"label": t["label"], "period": t["period"], "value": t["value"], "actual": t["actual"],
             "progress_pct": t["progress_pct"]} for t in targets]
    return table("targets", "Tiến độ thực hiện chỉ tiêu", [
        col("label", "Chỉ tiêu", "text"), col("period", "Kỳ", "text"),
        col("value", "Chỉ tiêu giao", "dec"), col("actual", "Đã thực hiện", "dec"),
        col("progress_pct", "Tỷ lệ hoàn thành %", "pct")], rows, None,
        None if rows else "Chưa giao chỉ tiêu cho kỳ báo cáo.")


CAMPAIGN_PERSON_COLUMNS = [col("events", "Số hoạt động"), col("households_visited", "Lượt hộ được đến"),
                           col("vneid_installs", "Cài đặt VNeID"),
                           col("vneid_activations", "Kích hoạt mức 2")]


def campaign_targets_table(campaigns):
    rows = [{"label": c["name"], "period": c["period"], "target": t["label"], "value": t["value"],
             "actual": t["actual"], "progress_pct": t["progress_pct"]}
            for c in campaigns for t in c["targets"]]
    return table("campaigns", "Tiến độ các đợt vận động (từ đầu đợt)", [
        col("label", "Đợt vận động", "text"), col("period", "Thời gian", "text"),
        col("target", "Chỉ tiêu", "text"), col("value", "Chỉ tiêu giao"),
        col("actual", "Đã thực hiện"), col("progress_pct", "Tỷ lệ hoàn thành %", "pct")], rows, None,
        None if rows else "Không có đợt vận động nào trong kỳ báo cáo.")


def campaign_people_table(campaigns):
    rows = [{"label": c["name"], "person": person["full_name"],
             **{column["key"]: person[column["key"]] for column in CAMPAIGN_PERSON_COLUMNS}}
            for c in campaigns for person in c["people"]]
    return table("campaign_people", "Kết quả đợt vận động theo cán bộ", [
        col("label", "Đợt vận động", "text"), col("person", "Họ và tên", "text"),
        *CAMPAIGN_PERSON_COLUMNS], rows, None,
        None if rows else "Chưa có hoạt động nào gắn với đợt vận động.")


# ---- a province's ------------------------------------------------------------------------------

def wards_outreach_table(wards, outreach, gaps, figures):
    """Each ward's outreach (`province_outreach`) and gaps (`province_gaps`), the province's total."""
    rows = []
    for w in wards:
        m = outreach[w.id]
        gap, count = gaps.get(w.id, (0, 0))
        rows.append({"label": w.name, "events": m["events"], "hours": m["hours"],
                     "households_visited": m["households_visited"],
                     "coverage_pct": m["coverage_pct"], "vneid_installs": m["vneid_installs"],
                     "vneid_activations": m["vneid_activations"], "dvc_filings": m["dvc_filings"],
                     "gaps": f"{gap}/{count}" if count else "–"})
    t = figures["totals"]
    total = {"label": "Toàn tỉnh", "events": t["events"], "hours": t["hours"],
             "households_visited": t["households_visited"], "coverage_pct": figures["coverage_pct"],
             "vneid_installs": t["vneid_installs"], "vneid_activations": t["vneid_activations"],
             "dvc_filings": t["dvc_filings"],
             "gaps": f"{figures['gaps']}/{figures['groups_total']}" if figures["groups_total"] else "–"}
    return table("wards", "Kết quả tuyên truyền theo đơn vị", [
        col("label", "Đơn vị", "text"), col("events", "Số hoạt động"),
        col("hours", "Số giờ", "hours"), col("households_visited", "Lượt hộ được đến"),
        col("coverage_pct", "Độ phủ %", "pct"), col("vneid_installs", "Cài đặt VNeID"),
        col("vneid_activations", "Kích hoạt mức 2"), col("dvc_filings", "Hồ sơ DVC trực tuyến"),
        col("gaps", "Tổ chưa tiếp cận", "text")], rows, total)


PUBLISHED_COLUMNS = [  # the layout of the provinces' published tables, and the target that applies
    col("label", "Đơn vị", "text"), col("total", "Tổng"), col("in_person", "Trực tiếp"),
    col("online", "Trực tuyến"), col("rate_pct", "Tỷ lệ (%)", "pct"),
    col("not_arisen", "Chưa phát sinh", "text"), col("remark", "Ghi chú", "text"),
    col("target_pct", "Chỉ tiêu (%)", "pct")]


def wards_filing_table(rows, p, group=None):
    """The wards' filing rows, ranked (unranked wards keep a number too: every line is numbered),
    and the province's total `p`, in the published layout; of one service group when given."""
    total = None
    if p["total"] is not None:
        total = {"label": "TỔNG", "total": p["total"], "online": p["online"],
                 "in_person": p["in_person"], "rate_pct": p["rate_pct"], "not_arisen": "",
                 "remark": f"{p['wards_reported']} đơn vị báo cáo", "target_pct": None}
    title = "Kết quả tiếp nhận hồ sơ dịch vụ công theo đơn vị"
    if group:
        title += f": {vn.SERVICE_GROUP_LABELS[group]}"
    return table(f"filing_{group}" if group else "filing", title, PUBLISHED_COLUMNS, rows, total,
                 None if p["total"] is not None else "Chưa đơn vị nào nhập số liệu hồ sơ của kỳ báo cáo.")


def what_works_table(found, outcomes):
    """Each kind of outreach and each channel (support points, QR boards, platforms) against
    each outcome's change the month after: slope, interval, ward-months and what it says (an
    association)."""
    rows = [{"label": vn.KIND_LABELS[k["kind"]] if "kind" in k else f"Kênh: {k['label']}",
             "outcome": outcomes[o["outcome"]].capitalize(),
             "estimate": k["estimate"], "ward_months": k["ward_months"], "remark": k["text"],
             "interval": (f"{vn.decimal(k['ci_low'])} đến {vn.decimal(k['ci_high'])}"
                          if k["estimate"] is not None else "")}
            for o in found["outcomes"] for k in o["kinds"] + o["channels"]]
    return table("what_works", f"Hình thức, kênh tuyên truyền và thay đổi tháng sau "
                 f"({found['months']} tháng đến {vn.month_label(found['month'])})",
                 [col("label", "Hình thức, kênh", "text"),
                  col("outcome", "Chỉ số tháng sau", "text"),
                  col("estimate", "Hệ số (điểm % / 1 hoạt động, lượt quét hoặc 1.000 lượt "
                                  "tiếp cận trên 1.000 hộ)", "dec"),
                  col("interval", "Khoảng tin cậy 90 %", "text"),
                  col("ward_months", "Số tháng-phường"), col("remark", "Nhận định", "text")], rows)


CHANNEL_COLUMNS = [
    col("label", "Kênh", "text"), col("events", "Số buổi, bài"), col("scans", "Lượt quét QR"),
    col("people_assisted", "Người được hỗ trợ"), col("vneid_installs", "Cài đặt VNeID"),
    col("vneid_activations", "Kích hoạt mức 2"), col("dvc_filings", "Hồ sơ DVC trực tuyến"),
    col("online_reach", "Lượt tiếp cận trên mạng"), col("per_hour", "Người mỗi giờ mở cửa", "dec"),
]


def channels_table(channels):
    """Each support point, QR board and platform of the period, beside the field work."""
    rows = [{"label": f"Điểm hỗ trợ: {p['name']}", "events": p["sessions"], "scans": None,
             **{k: p[k] for k in ("people_assisted", "vneid_installs", "vneid_activations",
                                  "dvc_filings")},
             "online_reach": None, "per_hour": p["people_per_open_hour"]}
            for p in channels["points"]]
    rows += [{"label": f"Bảng QR: {b['name']}", "events": None, "scans": b["scans"]}
             for b in channels["boards"]]
    rows += [{"label": f"Đăng bài: {vn.PLATFORM_LABELS.get(p['platform'], 'chưa ghi nền tảng')}",
              "events": p["posts"], "scans": None, "people_assisted": None,
              **{k: p[k] for k in ("vneid_installs", "vneid_activations", "dvc_filings",
                                   "online_reach")}}
             for p in channels["platforms"] if p["posts"]]
    return table("channels", "Kết quả theo kênh: điểm hỗ trợ, bảng QR, nền tảng số",
                 CHANNEL_COLUMNS, rows, None,
                 None if rows else "Chưa có điểm hỗ trợ, bảng QR hay bài đăng trong kỳ.")
