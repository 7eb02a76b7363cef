"""A ward's report for a period, as plain JSON-able data: the figures of the ward's metrics (never
counted again here), its tables, its written summary and its sections.

A report is a dict that the renderers (HTML, XLSX, CSV) lay out and that a closed month stores
as it was sent.
"""
from sqlalchemy import select

from ..auth.models import User
from ..extensions import db
from ..metrics.outcomes import filing_of_period
from ..metrics.service import ward_metrics
from ..outreach.models import KINDS
from ..plans.service import campaigns_of_period
from ..support.figures import channel_figures
from . import summary, tables, vn
from .heading import header, sections

# The sections of a ward's report: title, part of the summary, keys of its tables.
OUTLINE = (("KẾT QUẢ CÔNG TÁC TUYÊN TRUYỀN", "outreach", ["by_kind", "groups", "users", "channels"]),
           ("KẾT QUẢ TIẾP NHẬN HỒ SƠ THỦ TỤC HÀNH CHÍNH", "filing", ["filing", "eid"]),
           ("TIẾN ĐỘ THỰC HIỆN CHỈ TIÊU", "targets", ["targets", "campaigns", "campaign_people"]))


def ward_report(ward, start, end, user=None):
    """The ward's report for [start, end): figures from `ward_metrics`, tables, summary."""
    m = ward_metrics(ward, start, end)
    report = header({"id": ward.id, "code": ward.code, "name": ward.name, "kind": "ward",
                     "province_name": ward.province.name},
                    vn.police_of(ward.province.name), vn.police_of(ward.name), start, end, user)
    report.update(scope="ward", signer_title=f"TRƯỞNG CÔNG AN {ward.kind.upper()}",
                  signer_name=_commander_name(ward, user))
    filing = filing_of_period(m["filing"])
    report["figures"] = {
        "totals": m["totals"], "by_kind": {k: m["by_kind"][k] for k in KINDS},
        "coverage_pct": m["coverage_pct"], "households_total": m["households_total"],
        "groups_total": sum(1 for g in m["groups"] if g["in_force"]), "gaps": m["gaps"],
        "gap_groups": [g["name"] for g in m["groups"] if g["gap"]],
        "filing": filing, "targets": [_target_row(t) for t in m["targets"]],
        "eid": _latest_eid(m["eid"]),
        "campaigns": [_campaign_row(c) for c in campaigns_of_period(ward, start, end)],
    }
    report["tables"] = [tables.kinds_table(m["by_kind"], m["totals"]),
                        tables.groups_table({**m, "ward_kind": ward.kind.lower()}),
                        tables.users_table(m["users"], m["totals"]),
                        tables.filing_table(m["filing"], filing),
                        tables.targets_table(report["figures"]["targets"]),
                        tables.eid_table(m["eid"], m["totals"]["vneid_activations"]),
                        tables.channels_table(channel_figures(ward, start, end)),
                        tables.campaign_targets_table(report["figures"]["campaigns"]),
                        tables.campaign_people_table(report["figures"]["campaigns"])]
    report["summary"] = summary.ward_summary(report)
    report["sections"] = sections(report, OUTLINE, summary.ward_tasks(report))
    return report


def _latest_eid(months):
    """The period's last month with level-2 e-ID figures (JSON-able), or None."""
    found = [e for e in months if e["eligible"] is not None]
    return {**found[-1], "month": found[-1]["month"].isoformat()} if found else None


def _commander_name(ward, user):
    if user is not None and user.role == "commander" and user.ward_id == ward.id:
        return user.full_name
    found = db.session.scalars(select(User.full_name).where(
        User.ward_id == ward.id, User.role == "commander", User.active.is_(True))
        .order_by(User.id).limit(1)).first()
    return found


def _target_row(t):
    start, end = t["from_"], t["to"]
    return {"kind": t["kind"], "label": vn.TARGET_LABELS.get(t["kind"], t["kind"]),
            "period": vn.period_label(start, end), "unit": t["unit"], "value": t["value"],
            "actual": t["actual"], "progress_pct": t["progress_pct"]}


def _campaign_row(progress):
    """A campaign running in the period: its progress per target and per person, from the start
    of the campaign (JSON-able, as a closed month keeps it)."""
    c = progress["campaign"]
    return {"id": c.id, "name": c.name, "from": c.starts_on.isoformat(), "to": c.ends_on.isoformat(),
            "period": f"{c.starts_on:%d/%m/%Y} – {c.ends_on:%d/%m/%Y}",
            "targets": [{**t, "label": vn.TARGET_LABELS.get(t["kind"], t["kind"])}
                        for t in progress["targets"]],
            "people": progress["people"]}
