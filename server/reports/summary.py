"""The report's written part, in Vietnamese, generated from its figures.

Sentences follow the reports officers write by hand ("Đã tổ chức 138 cuộc có 6.564 người tham
dự, cấp phát 2.952 tờ rơi"). A figure that is zero gets no sentence and no clause.
"""
from datetime import date

from ..periods import is_whole_month
from . import vn

N = vn.number


def _join(clauses):
    clauses = [c for c in clauses if c]
    return "; ".join(clauses)


def _sentence(text):
    text = text.strip()
    return text[0].upper() + text[1:] + "." if text else None


def outreach_sentences(figures, subject):
    """What was done: events and hours, meetings and attendees, households, support sessions and
    people helped, VNeID, online filings, leaflets, posts and reach."""
    t, k = figures["totals"], figures["by_kind"]
    if not t["events"]:
        return [f"Trong kỳ báo cáo, {subject} chưa ghi nhận hoạt động tuyên truyền nào."]
    hours = f" với tổng thời gian {vn.hours(t['hours'])} giờ" if t["hours"] else ""
    out = [f"Trong kỳ báo cáo, {subject} đã thực hiện {N(t['events'])} hoạt động tuyên truyền, "
           f"hướng dẫn Đề án 06{hours}."]
    done = _done(t, k)
    if done:
        out.append(_sentence("Đã " + _join(done)))
    for clauses in (_digital(t), _spread(t, k)):
        if clauses:
            out.append(_sentence(_join(clauses)))
    return out


def _done(t, k):
    """Meetings and attendees, households visited, support sessions and people helped."""
    meetings = k["meeting"]
    done = []
    if meetings["events"]:
        attendees = f" có {N(meetings['attendees'])} người tham dự" if meetings["attendees"] else ""
        done.append(f"tổ chức {N(meetings['events'])} cuộc họp dân, họp tổ dân phố{attendees}")
    elif t["attendees"]:
        done.append(f"tuyên truyền trực tiếp cho {N(t['attendees'])} người tham dự")
    if t["households_visited"]:
        done.append(f"đến {N(t['households_visited'])} lượt hộ gia đình")
    sessions = k["support_session"]["events"]
    if sessions or t["people_assisted"]:
        helped = f" hỗ trợ {N(t['people_assisted'])} lượt người dân" if t["people_assisted"] else ""
        where = f"tổ chức {N(sessions)} buổi hỗ trợ, hướng dẫn dịch vụ công," if sessions else ""
        done.append((where + helped).strip(", ").strip())
    return done


def _digital(t):
    """VNeID installs and activations, online filings."""
    digital = []
    if t["vneid_installs"]:
        digital.append(f"hướng dẫn cài đặt ứng dụng VNeID cho {N(t['vneid_installs'])} người")
    if t["vneid_activations"]:
        digital.append(f"kích hoạt thành công {N(t['vneid_activations'])} tài khoản định danh "
                       "điện tử mức 2")
    if t["dvc_filings"]:
        digital.append(f"hỗ trợ nộp {N(t['dvc_filings'])} hồ sơ dịch vụ công trực tuyến")
    return digital


def _spread(t, k):
    """Leaflets, posts and their reach."""
    spread = []
    if t["leaflets"]:
        spread.append(f"cấp phát {N(t['leaflets'])} tờ rơi, tài liệu hướng dẫn")
    posts = k["digital_post"]["events"]
    if posts:
        reach = f" với {N(t['online_reach'])} lượt tiếp cận" if t["online_reach"] else ""
        spread.append(f"đăng {N(posts)} bài tuyên truyền trên Zalo, Facebook, loa phát thanh{reach}")
    elif t["online_reach"]:
        spread.append(f"các bài tuyên truyền trên mạng có {N(t['online_reach'])} lượt tiếp cận")
    return spread


def _change(change):
    if change is None:
        return ""
    if change > 0:
        return f", tăng {vn.decimal(change)} điểm phần trăm so với tháng trước"
    if change < 0:
        return f", giảm {vn.decimal(-change)} điểm phần trăm so với tháng trước"
    return ", bằng tháng trước"


def filing_sentences(f, single_month):
    """The online-filing rate of the period and its change."""
    if not f.get("total"):
        return []
    parts = [f"Tiếp nhận {N(f['total'])} hồ sơ thủ tục hành chính"]
    split = []
    if f["online"]:
        split.append(f"trực tuyến {N(f['online'])} hồ sơ")
    if f["in_person"]:
        split.append(f"trực tiếp {N(f['in_person'])} hồ sơ")
    if split:
        parts.append(", trong đó " + ", ".join(split))
    if f["rate_pct"] is not None:
        parts.append(f"; tỷ lệ hồ sơ trực tuyến đạt {vn.percent(f['rate_pct'])}")
        if single_month:
            parts.append(_change(f["change_pct"]))
    out = ["".join(parts) + "."]
    if not single_month and f.get("last_month") and f.get("last_rate_pct") is not None:
        month = vn.month_label(date.fromisoformat(f["last_month"]))
        out.append(f"Riêng tháng {month} đạt {vn.percent(f['last_rate_pct'])}"
                   f"{_change(f['change_pct'])}.")
    groups = f.get("by_group") or {}
    named = [f"{vn.SERVICE_GROUP_LABELS[g].lower()} {vn.percent(groups[g])}"
             for g in vn.SERVICE_GROUP_LABELS if groups.get(g) is not None]
    if len(named) > 1:
        out.append("Tỷ lệ trực tuyến theo lĩnh vực: " + ", ".join(named) + ".")
    below = [f"{vn.SERVICE_GROUP_LABELS[g].lower()} {vn.percent(rate)} (chỉ tiêu {vn.percent(goal)})"
             for g, rate, goal in f.get("below_target") or []]
    if below:
        out.append("Chưa đạt chỉ tiêu tỷ lệ trực tuyến: " + ", ".join(below) + ".")
    for month, group in f.get("inconsistent") or []:
        out.append(f"Lưu ý: số liệu lĩnh vực {vn.SERVICE_GROUP_LABELS[group].lower()} tháng "
                   f"{vn.month_label(date.fromisoformat(month))} có số hồ sơ trực tuyến và trực "
                   "tiếp không khớp với tổng số tiếp nhận; giữ nguyên số liệu như đã nhập.")
    return out


def eid_sentences(e, f):
    """The level-2 e-ID coverage of the period's last month, beside what outreach assisted."""
    if not e:
        return []
    coverage = f", đạt {vn.percent(e['coverage_pct'])}" if e["coverage_pct"] is not None else ""
    return [f"Định danh điện tử mức 2 tháng {vn.month_label(date.fromisoformat(e['month']))}: "
            f"{N(e['activated'])}/{N(e['eligible'])} công dân đủ điều kiện đã kích hoạt{coverage}; "
            f"lực lượng tuyên truyền hỗ trợ kích hoạt {N(f['totals']['vneid_activations'])} "
            "tài khoản trong kỳ."]


def target_sentences(targets):
    out = []
    for t in targets:
        if not t["actual"]:
            continue
        if t["unit"] == "count":
            out.append(f"Chỉ tiêu “{t['label'].lower()}” {t['period']}: đạt {vn.decimal(t['actual'], 0)}"
                       f"/{vn.decimal(t['value'], 0)}, bằng {vn.percent(t['progress_pct'])} chỉ tiêu.")
        else:
            out.append(f"Chỉ tiêu “{t['label'].lower()}” {t['period']}: đạt {vn.percent(t['actual'])}"
                       f" so với chỉ tiêu {vn.percent(t['value'])}, bằng "
                       f"{vn.percent(t['progress_pct'])} chỉ tiêu.")
    return out


def ward_summary(report):
    """Paragraphs of the ward's report by section: outreach (with coverage and gaps), filing,
    targets."""
    f = report["figures"]
    name = report["unit"]["name"]
    subject = "Công an " + name[0].lower() + name[1:]
    out = outreach_sentences(f, subject + " và lực lượng đoàn viên thanh niên")
    if f["coverage_pct"]:
        out.append(f"Độ phủ hộ gia đình trên địa bàn đạt {vn.percent(f['coverage_pct'])} "
                   f"(tổng số {N(f['households_total'])} hộ).")
    if f["gaps"]:
        names = ", ".join(f["gap_groups"])
        out.append(f"Còn {N(f['gaps'])}/{N(f['groups_total'])} tổ dân phố chưa được tiếp cận trong "
                   f"30 ngày cuối kỳ: {names}.")
    elif f["groups_total"] and report["figures"]["totals"]["events"]:
        out.append(f"Cả {N(f['groups_total'])} tổ dân phố đều được tiếp cận trong 30 ngày cuối kỳ.")
    return {"outreach": out,
            "filing": filing_sentences(f["filing"], f["filing"].get("months") == 1
                                       and _one_month(report)) + eid_sentences(f.get("eid"), f),
            "targets": target_sentences(f["targets"])}


def _one_month(report):
    return is_whole_month(date.fromisoformat(report["from"]), date.fromisoformat(report["to"]))


def ward_tasks(report):
    """The next period's tasks the figures point at (section IV of a hand-written report)."""
    f = report["figures"]
    out = []
    if f["gaps"]:
        out.append(f"Tập trung tuyên truyền, đến từng hộ gia đình tại {N(f['gaps'])} tổ dân phố "
                   "chưa được tiếp cận trong 30 ngày qua.")
    rate = f["filing"].get("rate_pct")
    lagging = [g for g, r in (f["filing"].get("by_group") or {}).items()
               if r is not None and rate is not None and r < rate]
    if lagging:
        names = ", ".join(vn.SERVICE_GROUP_LABELS[g].lower() for g in lagging)
        out.append(f"Đẩy mạnh hướng dẫn nộp hồ sơ trực tuyến lĩnh vực {names}, nơi tỷ lệ trực "
                   "tuyến còn thấp hơn mức chung.")
    behind = [t for t in f["targets"] if t["progress_pct"] is not None and t["progress_pct"] < 100]
    if behind:
        out.append("Phấn đấu hoàn thành các chỉ tiêu chưa đạt: "
                   + ", ".join(t["label"].lower() for t in behind) + ".")
    out.append("Duy trì các điểm hỗ trợ dịch vụ công, phối hợp Đoàn thanh niên hướng dẫn người "
               "dân cài đặt, kích hoạt tài khoản định danh điện tử mức 2.")
    return out


def province_summary(report):
    f = report["figures"]
    subject = (f"{N(f['wards_active'])}/{N(f['wards_total'])} đơn vị cấp xã"
               if f["wards_active"] else "các đơn vị cấp xã")
    out = outreach_sentences(f, subject)
    if f["coverage_pct"]:
        out.append(f"Độ phủ hộ gia đình toàn tỉnh đạt {vn.percent(f['coverage_pct'])}.")
    if f["gaps"]:
        out.append(f"Còn {N(f['gaps'])}/{N(f['groups_total'])} tổ dân phố, thôn chưa được tiếp cận "
                   "trong 30 ngày cuối kỳ.")
    return {"outreach": out, "filing": _province_filing_sentences(f["filing"]), "targets": []}


def _province_filing_sentences(p):
    out = []
    if p.get("total"):
        out.append(f"{N(p['wards_reported'])} đơn vị đã báo cáo số liệu hồ sơ: tiếp nhận "
                   f"{N(p['total'])} hồ sơ, trực tuyến {N(p['online'])} hồ sơ, tỷ lệ trực tuyến đạt "
                   f"{vn.percent(p['rate_pct'])}.")
        if p.get("best") and p.get("worst"):
            out.append(f"Đơn vị có tỷ lệ cao nhất: {p['best'][0]} ({vn.percent(p['best'][1])}); "
                       f"thấp nhất: {p['worst'][0]} ({vn.percent(p['worst'][1])}).")
    return out


def what_works_sentences(found):
    """The associations the fit finds (never causes), or why it says nothing."""
    claims = [k["text"] for o in found["outcomes"] for k in o["kinds"] + o["channels"]
              if k["finding"] in ("positive", "negative")]
    if claims:
        return claims
    kinds = [k for o in found["outcomes"] for k in o["kinds"]]
    if all(k["finding"] == "too_little_data" for k in kinds):
        return [kinds[0]["text"]]
    return [f"Chưa thấy hình thức, kênh tuyên truyền nào gắn rõ với thay đổi tỷ lệ trực tuyến hay tỷ lệ "
            f"định danh mức 2 tháng sau ({N(max(k['ward_months'] for k in kinds))} tháng-phường)."]


def province_tasks(report):
    f = report["figures"]
    out = []
    missing = f["wards_total"] - (f["filing"].get("wards_reported") or 0)
    if missing:
        out.append(f"Đôn đốc {N(missing)} đơn vị chưa báo cáo số liệu hồ sơ dịch vụ công của kỳ.")
    if f["gaps"]:
        out.append("Chỉ đạo Công an cấp xã tập trung tuyên truyền tại các tổ dân phố, thôn chưa "
                   "được tiếp cận.")
    out.append("Tiếp tục theo dõi, so sánh tỷ lệ hồ sơ trực tuyến giữa các đơn vị để kịp thời "
               "hướng dẫn đơn vị có tỷ lệ thấp.")
    return out
