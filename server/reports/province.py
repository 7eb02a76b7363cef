"""A province's report for a period, as plain JSON-able data: every ward's outreach and filing from
the province's metrics (never counted again here), the kinds of outreach, summary and sections."""
from ..metrics import province as metrics
from ..metrics.models import SERVICE_GROUPS
from ..metrics import what_works
from ..outreach.models import KINDS
from ..periods import months_between
from . import summary, tables, vn
from .heading import header, sections

# The sections of a province's report: title, part of the summary, keys of its tables.
OUTLINE = (("KẾT QUẢ CÔNG TÁC TUYÊN TRUYỀN", "outreach", ["wards", "by_kind"]),
           ("KẾT QUẢ TIẾP NHẬN HỒ SƠ DỊCH VỤ CÔNG", "filing", ["filing"]),
           ("CÁCH LÀM GẮN VỚI KẾT QUẢ THÁNG SAU (MỐI LIÊN HỆ, KHÔNG PHẢI NGUYÊN NHÂN)", "what_works",
            ["what_works"]))


def province_report(province, start, end, user=None):
    """The province's report for [start, end): every ward's outreach and filing, by kind, summary."""
    wards = metrics.province_wards(province.id)
    report = header({"id": province.id, "code": province.code, "name": province.name,
                     "kind": "province", "province_name": province.name},
                    vn.police_of(province.name), "PHÒNG CẢNH SÁT QLHC VỀ TTXH", start, end, user)
    report.update(scope="province", signer_title="TRƯỞNG PHÒNG", signer_name=None)
    whole = metrics.province_totals(province.id, start, end)
    outreach = metrics.province_outreach(province.id, start, end)
    gaps = metrics.province_gaps(province.id, end)
    rankings = metrics.filing_rankings(province.id, start, end)
    rows, filing = _filing(rankings[None])
    report["figures"] = {
        "totals": whole["totals"], "by_kind": {k: whole["by_kind"][k] for k in KINDS},
        "wards_total": len(wards), "wards_active": sum(1 for o in outreach.values() if o["events"]),
        "groups_total": sum(g[1] for g in gaps.values()), "gaps": sum(g[0] for g in gaps.values()),
        "coverage_pct": whole["coverage_pct"], "filing": filing,
    }
    by_group = [tables.wards_filing_table(*_filing(rankings[g]), group=g)
                for g in SERVICE_GROUPS if g in rankings]
    report["tables"] = [
        tables.wards_outreach_table(wards, outreach, gaps, report["figures"]),
        tables.wards_filing_table(rows, filing),
        tables.kinds_table(report["figures"]["by_kind"], whole["totals"]),
        *by_group,
    ]
    found = what_works.what_works(province.id, months_between(start, end)[-1])
    report["tables"].append(tables.what_works_table(found, what_works.OUTCOMES))
    report["summary"] = {**summary.province_summary(report),
                         "what_works": summary.what_works_sentences(found)}
    outline = [(title, part, keys + [t["key"] for t in by_group] if part == "filing" else keys)
               for title, part, keys in OUTLINE]
    report["sections"] = sections(report, outline, summary.province_tasks(report))
    return report


def _filing(ranked):
    """(the wards' rows of a `filing_ranking` in its order, the period's figures): each ward's
    Σ online / Σ total over the period's months, in the published layout's columns."""
    rows = [{"label": r["ward_name"], "total": r["total"], "online": r["online"],
             "in_person": r["in_person"], "rate_pct": r["rate_pct"],
             "not_arisen": _not_arisen(r), "remark": _remark(r), "target_pct": r["target_pct"]}
            for r in ranked["rows"]]
    reported = [r for r in rows if r["total"] is not None]
    rated = [r for r in rows if r["rate_pct"] is not None]
    p = ranked["province"] if reported else {**ranked["province"], "total": None, "online": None,
                                             "in_person": None}
    return rows, {
        "wards_reported": p["wards_reported"], "total": p["total"], "online": p["online"],
        "in_person": p["in_person"], "rate_pct": p["rate_pct"],
        "best": [rated[0]["label"], rated[0]["rate_pct"]] if rated else None,
        "worst": [rated[-1]["label"], rated[-1]["rate_pct"]] if len(rated) > 1 else None,
        "single_month": ranked["months"] == 1}


def _not_arisen(row):
    """The 'Chưa phát sinh' cell: how many service groups had nothing (as the provinces print it)."""
    return f"{row['not_arisen']:02d}" if row["not_arisen"] else ""


def _remark(row):
    if row["total"] is None:
        return "Chưa báo cáo"
    if row["inconsistent"]:
        return "Số liệu không khớp"
    if row["nothing_arose"]:
        return vn.NOTHING_AROSE
    return "Chưa đạt chỉ tiêu" if row["meets_target"] is False else ""
