"""The report of a ward or a province for a period, as plain JSON-able data: the figures (taken
from server/metrics, never counted again here), its tables and its written summary.

A report is a dict that the renderers (HTML, XLSX, CSV) lay out and that a closed month stores
as it was sent. Tables are generic: columns with a type, rows, and a totals row.
"""
from datetime import datetime

from sqlalchemy import select

from ..areas.models import ResidentialGroup, Ward
from ..auth.models import User
from ..extensions import db
from ..metrics import outcomes
from ..metrics.figures import (add_measures, pct, province_coverage, province_period, sums_by,
                               totals, zero_measures)
from ..metrics.models import EventRollup
from ..metrics.service import active_group_ids, province_outreach, ward_metrics
from ..outreach.models import KINDS
from ..periods import months_between
from ..timeutil import LOCAL_TZ
from . import summary, vn

REPORT_VERSION = 1


def _col(key, label, kind="int"):
    return {"key": key, "label": label, "type": kind}


STT = _col("stt", "Stt", "int")
COUNT_COLUMNS = [
    _col("events", "Số hoạt động"), _col("hours", "Số giờ", "hours"),
    _col("attendees", "Người dự họp"), _col("households_visited", "Lượt hộ được đến"),
    _col("people_assisted", "Người được hỗ trợ"), _col("vneid_installs", "Cài đặt VNeID"),
    _col("vneid_activations", "Kích hoạt mức 2"), _col("dvc_filings", "Hồ sơ DVC trực tuyến"),
    _col("leaflets", "Tờ rơi"), _col("online_reach", "Lượt tiếp cận trên mạng"),
]
FILING_COLUMNS = [
    _col("total", "Tổng số hồ sơ tiếp nhận"), _col("online", "Trực tuyến"),
    _col("in_person", "Trực tiếp"), _col("rate_pct", "Tỷ lệ %", "pct"),
]


def _table(key, title, columns, rows, total=None, note=None):
    for i, row in enumerate(rows, start=1):
        row.setdefault("stt", i)
    return {"key": key, "title": title, "columns": [STT, *columns], "rows": rows,
            "total": total, "note": note}


def _header(unit, parent, issuer, start, end, user):
    now = datetime.now(LOCAL_TZ)
    return {
        "version": REPORT_VERSION, "unit": unit, "parent": parent, "issuer": issuer,
        "from": start.isoformat(), "to": end.isoformat(),
        "period": vn.period_label(start, end), "days": vn.days_label(start, end),
        "generated_at": now.isoformat(timespec="seconds"), "place": vn.place_name(unit["name"]),
        "date_line": vn.long_date(now.date()),
        "generated_by": user.full_name if user is not None else None,
    }


# ---- a ward -------------------------------------------------------------------------------------

def ward_report(ward, start, end, user=None):
    """The ward's report for [start, end): figures from `ward_metrics`, tables, summary."""
    m = ward_metrics(ward, start, end)
    report = _header({"id": ward.id, "code": ward.code, "name": ward.name, "kind": "ward",
                      "province_name": ward.province.name},
                     vn.police_of(ward.province.name), vn.police_of(ward.name), start, end, user)
    report.update(scope="ward", signer_title=f"TRƯỞNG CÔNG AN {ward.kind.upper()}",
                  signer_name=_commander_name(ward, user))
    filing = _filing_of_period(m["filing"])
    report["figures"] = {
        "totals": m["totals"], "by_kind": {k: m["by_kind"][k] for k in KINDS},
        "coverage_pct": m["coverage_pct"], "households_total": m["households_total"],
        "groups_total": len(m["groups"]), "gaps": m["gaps"],
        "gap_groups": [g["name"] for g in m["groups"] if g["gap"]],
        "filing": filing, "targets": [_target_row(t) for t in m["targets"]],
    }
    report["tables"] = [_kinds_table(m["by_kind"], m["totals"]),
                        _groups_table({**m, "ward_kind": ward.kind.lower()}),
                        _users_table(m["users"], m["totals"]), _filing_table(m["filing"], filing),
                        _targets_table(report["figures"]["targets"])]
    report["summary"] = summary.ward_summary(report)
    report["sections"] = [
        _section("KẾT QUẢ CÔNG TÁC TUYÊN TRUYỀN", report["summary"]["outreach"],
                 ["by_kind", "groups", "users"]),
        _section("KẾT QUẢ TIẾP NHẬN HỒ SƠ THỦ TỤC HÀNH CHÍNH", report["summary"]["filing"],
                 ["filing"]),
        _section("TIẾN ĐỘ THỰC HIỆN CHỈ TIÊU", report["summary"]["targets"], ["targets"]),
        _section("NHIỆM VỤ TRỌNG TÂM THỜI GIAN TỚI", [], [], summary.ward_tasks(report)),
    ]
    return report


def _section(title, paragraphs, tables, items=()):
    return {"title": title, "paragraphs": paragraphs, "tables": tables, "items": list(items)}


def _commander_name(ward, user):
    if user is not None and user.role == "commander" and user.ward_id == ward.id:
        return user.full_name
    found = db.session.scalars(select(User.full_name).where(
        User.ward_id == ward.id, User.role == "commander", User.active.is_(True))
        .order_by(User.id).limit(1)).first()
    return found


def _kinds_table(by_kind, overall):
    rows = [{"label": vn.KIND_LABELS[k], **_counts(by_kind[k])} for k in KINDS]
    return _table("by_kind", "Kết quả theo hình thức tuyên truyền",
                  [_col("label", "Hình thức", "text"), *COUNT_COLUMNS], rows,
                  {"label": "Tổng cộng", **_counts(overall)})


def _counts(totals_obj):
    return {c["key"]: totals_obj[c["key"]] for c in COUNT_COLUMNS}


def _groups_table(m):
    rows = []
    for g in m["groups"]:
        rows.append({"label": g["name"], "households_total": g["households_total"],
                     "events": g["events"], "households_visited": g["households_visited"],
                     "coverage_pct": g["coverage_pct"], "vneid_activations": g["vneid_activations"],
                     "dvc_filings": g["dvc_filings"],
                     "last_event": _day(g["last_event_at"]),
                     "remark": "Chưa được tiếp cận 30 ngày" if g["gap"] else ""})
    wide = m["ward_wide"]
    if wide["events"]:
        rows.append({"label": f"Hoạt động chung toàn {m['ward_kind']} (không theo tổ)",
                     "households_total": None,
                     "events": wide["events"], "households_visited": wide["households_visited"],
                     "coverage_pct": None, "vneid_activations": wide["vneid_activations"],
                     "dvc_filings": wide["dvc_filings"], "last_event": "", "remark": ""})
    t = m["totals"]
    total = {"label": "Tổng cộng", "households_total": m["households_total"], "events": t["events"],
             "households_visited": t["households_visited"], "coverage_pct": m["coverage_pct"],
             "vneid_activations": t["vneid_activations"], "dvc_filings": t["dvc_filings"],
             "last_event": "", "remark": f"{m['gaps']} tổ chưa được tiếp cận" if m["gaps"] else ""}
    return _table("groups", "Kết quả theo tổ dân phố", [
        _col("label", "Tổ dân phố", "text"), _col("households_total", "Số hộ"),
        _col("events", "Số hoạt động"), _col("households_visited", "Lượt hộ được đến"),
        _col("coverage_pct", "Độ phủ %", "pct"), _col("vneid_activations", "Kích hoạt mức 2"),
        _col("dvc_filings", "Hồ sơ DVC trực tuyến"), _col("last_event", "Lần gần nhất", "text"),
        _col("remark", "Ghi chú", "text")], rows, total)


def _day(iso_time):
    if not iso_time:
        return ""
    return vn.short_date(datetime.fromisoformat(iso_time).date())


def _users_table(users, overall):
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
    return _table("users", "Kết quả theo cán bộ, đoàn viên", [
        _col("label", "Họ và tên", "text"), _col("role", "Lực lượng", "text"),
        _col("events", "Số hoạt động"), _col("hours", "Số giờ", "hours"),
        _col("households_visited", "Lượt hộ được đến"), _col("vneid_installs", "Cài đặt VNeID"),
        _col("vneid_activations", "Kích hoạt mức 2"), _col("dvc_filings", "Hồ sơ DVC trực tuyến"),
        _col("per_hour", "Kích hoạt mỗi giờ", "dec")], rows, total)


def _filing_of_period(months):
    """The period's filing figures: Σ over the months with figures, the rate of the sums, and the
    last reported month's rate and change (as metrics gives them)."""
    reported = [f for f in months if f["total"] is not None]
    if not reported:
        return {"months": 0, "total": None, "online": None, "in_person": None, "rate_pct": None,
                "last_month": None, "last_rate_pct": None, "change_pct": None, "by_group": {},
                "inconsistent": []}
    total = sum(f["total"] for f in reported)
    online = sum(f["online"] for f in reported)
    by_group = {}
    for f in reported:
        for row in f["rows"]:
            acc = by_group.setdefault(row["service_group"], [0, 0])
            acc[0] += row["total"]
            acc[1] += row["online"]
    last = reported[-1]
    return {
        "months": len(reported), "total": total, "online": online,
        "in_person": sum(f["in_person"] for f in reported), "rate_pct": pct(online, total),
        "last_month": last["month"].isoformat(), "last_rate_pct": last["rate_pct"],
        "change_pct": last["change_pct"],
        "by_group": {g: pct(o, t) for g, (t, o) in by_group.items()},
        "inconsistent": [[f["month"].isoformat(), r["service_group"]]
                         for f in reported for r in f["rows"] if r["inconsistent"]],
    }


def _filing_table(months, period):
    rows = []
    for f in months:
        if f["total"] is None:
            continue
        label = vn.month_label(f["month"])
        for r in f["rows"]:
            rows.append({"month": label, "label": vn.SERVICE_GROUP_LABELS[r["service_group"]],
                         "total": r["total"], "online": r["online"], "in_person": r["in_person"],
                         "rate_pct": r["rate_pct"], "change_pct": r["change_pct"],
                         "remark": "Số liệu không khớp" if r["inconsistent"] else ""})
        rows.append({"month": label, "label": "Cộng tháng", "total": f["total"],
                     "online": f["online"], "in_person": f["in_person"], "rate_pct": f["rate_pct"],
                     "change_pct": f["change_pct"], "remark": "", "subtotal": True})
    total = None
    if period["total"] is not None:
        total = {"month": "", "label": "Tổng cộng", "total": period["total"],
                 "online": period["online"], "in_person": period["in_person"],
                 "rate_pct": period["rate_pct"], "change_pct": None, "remark": ""}
    return _table("filing", "Kết quả tiếp nhận hồ sơ thủ tục hành chính", [
        _col("month", "Tháng", "text"), _col("label", "Lĩnh vực", "text"), *FILING_COLUMNS,
        _col("change_pct", "Tăng, giảm (điểm %)", "dec"), _col("remark", "Ghi chú", "text")],
        rows, total, None if rows else "Chưa nhập số liệu hồ sơ của kỳ báo cáo.")


def _target_row(t):
    start, end = t["from_"], t["to"]
    return {"kind": t["kind"], "label": vn.TARGET_LABELS.get(t["kind"], t["kind"]),
            "period": vn.period_label(start, end), "unit": t["unit"], "value": t["value"],
            "actual": t["actual"], "progress_pct": t["progress_pct"]}


def _targets_table(targets):
    rows = [{"label": t["label"], "period": t["period"], "value": t["value"], "actual": t["actual"],
             "progress_pct": t["progress_pct"]} for t in targets]
    return _table("targets", "Tiến độ thực hiện chỉ tiêu", [
        _col("label", "Chỉ tiêu", "text"), _col("period", "Kỳ", "text"),
        _col("value", "Chỉ tiêu giao", "dec"), _col("actual", "Đã thực hiện", "dec"),
        _col("progress_pct", "Tỷ lệ hoàn thành %", "pct")], rows, None,
        None if rows else "Chưa giao chỉ tiêu cho kỳ báo cáo.")


# ---- a province ---------------------------------------------------------------------------------

def province_report(province, start, end, user=None):
    """The province's report for [start, end): every ward's outreach and filing, by kind, summary."""
    wards = db.session.scalars(select(Ward).where(Ward.province_id == province.id)
                               .order_by(Ward.code)).all()
    report = _header({"id": province.id, "code": province.code, "name": province.name,
                      "kind": "province", "province_name": province.name},
                     vn.police_of(province.name), "PHÒNG CẢNH SÁT QLHC VỀ TTXH", start, end, user)
    report.update(scope="province", signer_title="TRƯỞNG PHÒNG", signer_name=None)
    where = province_period(province.id, start, end)
    per_ward = sums_by(EventRollup.ward_id, *where)
    outreach = province_outreach(province.id, start, end)
    by_kind = {k: zero_measures() for k in KINDS}
    by_kind.update(sums_by(EventRollup.kind, *where))
    overall = zero_measures()
    for measures in per_ward.values():
        add_measures(overall, measures)
    gaps = _province_gaps(province.id, end)
    filing = _province_filing(province.id, wards, start, end)
    report["figures"] = {
        "totals": totals(overall), "by_kind": {k: totals(by_kind[k]) for k in KINDS},
        "wards_total": len(wards), "wards_active": sum(1 for m in per_ward.values() if m["events"]),
        "groups_total": sum(g[1] for g in gaps.values()), "gaps": sum(g[0] for g in gaps.values()),
        "coverage_pct": province_coverage(province.id, start, end),
        "filing": filing["period"],
    }
    report["tables"] = [
        _province_outreach_table(wards, per_ward, outreach, gaps, report["figures"]),
        _province_filing_table(filing),
        _kinds_table({k: totals(by_kind[k]) for k in KINDS}, totals(overall)),
    ]
    report["summary"] = summary.province_summary(report)
    report["sections"] = [
        _section("KẾT QUẢ CÔNG TÁC TUYÊN TRUYỀN", report["summary"]["outreach"],
                 ["wards", "by_kind"]),
        _section("KẾT QUẢ TIẾP NHẬN HỒ SƠ DỊCH VỤ CÔNG", report["summary"]["filing"], ["filing"]),
        _section("NHIỆM VỤ TRỌNG TÂM THỜI GIAN TỚI", [], [], summary.province_tasks(report)),
    ]
    return report


def _province_gaps(province_id, end):
    """{ward id: (gap groups, groups)}: groups with no event in the last 30 days of the period,
    the metrics' definition of a gap."""
    active = active_group_ids(end, EventRollup.province_id == province_id)
    out = {}
    for ward_id, group_id in db.session.execute(
            select(ResidentialGroup.ward_id, ResidentialGroup.id)
            .join(Ward, Ward.id == ResidentialGroup.ward_id).where(Ward.province_id == province_id)):
        gap, count = out.get(ward_id, (0, 0))
        out[ward_id] = (gap + (group_id not in active), count + 1)
    return out


def _province_filing(province_id, wards, start, end):
    """Each ward's filing over the period's months (Σ online / Σ total), ranked best first, with
    the change of the last month when the period is one month."""
    months = months_between(start, end)
    sums = {}
    for month in months:
        for ward_id, s in outcomes.province_filing(province_id, month).items():
            acc = sums.setdefault(ward_id, {"total": 0, "online": 0, "in_person": 0,
                                            "change_pct": None, "inconsistent": False})
            for name in ("total", "online", "in_person"):
                acc[name] += s[name]
            acc["inconsistent"] = acc["inconsistent"] or s["inconsistent"]
            if len(months) == 1:
                acc["change_pct"] = s["change_pct"]
    rows = []
    for w in wards:
        s = sums.get(w.id)
        rate = pct(s["online"], s["total"]) if s else None
        rows.append({"label": w.name, "code": w.code, "total": s["total"] if s else None,
                     "online": s["online"] if s else None, "in_person": s["in_person"] if s else None,
                     "rate_pct": rate, "change_pct": s["change_pct"] if s else None,
                     "remark": ("Số liệu không khớp" if s and s["inconsistent"] else
                                "" if s else "Chưa báo cáo")})
    rows.sort(key=lambda r: (r["rate_pct"] is None, -(r["rate_pct"] or 0), r["code"]))
    reported = [r for r in rows if r["total"] is not None]
    total = sum(r["total"] for r in reported)
    online = sum(r["online"] for r in reported)
    period = {"wards_reported": len(reported), "total": total if reported else None,
              "online": online if reported else None,
              "in_person": sum(r["in_person"] for r in reported) if reported else None,
              "rate_pct": pct(online, total),
              "best": [reported[0]["label"], reported[0]["rate_pct"]] if reported else None,
              "worst": [reported[-1]["label"], reported[-1]["rate_pct"]] if len(reported) > 1 else None,
              "single_month": len(months) == 1}
    return {"rows": rows, "period": period}


def _province_outreach_table(wards, per_ward, outreach, gaps, figures):
    rows = []
    for w in wards:
        m = totals(per_ward.get(w.id) or zero_measures())
        o = outreach.get(w.id) or {}
        gap, count = gaps.get(w.id, (0, 0))
        rows.append({"label": w.name, "events": m["events"], "hours": m["hours"],
                     "households_visited": m["households_visited"],
                     "coverage_pct": o.get("coverage_pct"), "vneid_installs": m["vneid_installs"],
                     "vneid_activations": m["vneid_activations"], "dvc_filings": m["dvc_filings"],
                     "gaps": f"{gap}/{count}" if count else "–"})
    t = figures["totals"]
    total = {"label": "Toàn tỉnh", "events": t["events"], "hours": t["hours"],
             "households_visited": t["households_visited"], "coverage_pct": figures["coverage_pct"],
             "vneid_installs": t["vneid_installs"], "vneid_activations": t["vneid_activations"],
             "dvc_filings": t["dvc_filings"],
             "gaps": f"{figures['gaps']}/{figures['groups_total']}" if figures["groups_total"] else "–"}
    return _table("wards", "Kết quả tuyên truyền theo đơn vị", [
        _col("label", "Đơn vị", "text"), _col("events", "Số hoạt động"),
        _col("hours", "Số giờ", "hours"), _col("households_visited", "Lượt hộ được đến"),
        _col("coverage_pct", "Độ phủ %", "pct"), _col("vneid_installs", "Cài đặt VNeID"),
        _col("vneid_activations", "Kích hoạt mức 2"), _col("dvc_filings", "Hồ sơ DVC trực tuyến"),
        _col("gaps", "Tổ chưa tiếp cận", "text")], rows, total)


def _province_filing_table(filing):
    p = filing["period"]
    rows = [dict(r) for r in filing["rows"]]
    for r in rows:
        r.pop("code")
    n = 0
    for r in rows:  # unranked wards keep a number too; reports number every line
        n += 1
        r["stt"] = n
    total = None
    if p["total"] is not None:
        total = {"label": "TỔNG", "total": p["total"], "online": p["online"],
                 "in_person": p["in_person"], "rate_pct": p["rate_pct"], "change_pct": None,
                 "remark": f"{p['wards_reported']} đơn vị báo cáo"}
    columns = [_col("label", "Đơn vị", "text"), *FILING_COLUMNS]
    if p["single_month"]:
        columns.append(_col("change_pct", "Tăng, giảm (điểm %)", "dec"))
    columns.append(_col("remark", "Ghi chú", "text"))
    return _table("filing", "Kết quả tiếp nhận hồ sơ dịch vụ công theo đơn vị", columns, rows, total,
                  None if p["total"] is not None else "Chưa đơn vị nào nhập số liệu hồ sơ của kỳ báo cáo.")
