"""Level-2 e-ID figures: residents of a ward eligible for a level-2 VNeID account and accounts
activated so far, per month, with the coverage they give (DESIGN.md §3)."""
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..errors import Conflict, Invalid
from ..extensions import db
from .figures import pct
from .models import EidStat

EID_MAX = 100_000_000


def eid_row(ward_id, month, stat):
    """A ward's month: eligible, activated and coverage in %, all null when nothing was entered."""
    if stat is None:
        return {"ward_id": ward_id, "month": month, "eligible": None, "activated": None,
                "coverage_pct": None, "source": None}
    return {"ward_id": ward_id, "month": month, "eligible": stat.eligible,
            "activated": stat.activated, "coverage_pct": pct(stat.activated, stat.eligible),
            "source": stat.source}


def eid_months(ward, months):
    """The ward's figures for each of `months` (first days), from one query."""
    if not months:
        return []
    found = {s.month: s for s in db.session.scalars(select(EidStat).where(
        EidStat.ward_id == ward.id, EidStat.month >= months[0], EidStat.month <= months[-1]))}
    return [eid_row(ward.id, m, found.get(m)) for m in months]


def get_eid_month(ward, month):
    [row] = eid_months(ward, [month])
    return row


def province_eid(province_id, month):
    """{ward id: its figures for `month`} for every ward of the province that has them."""
    return {s.ward_id: eid_row(s.ward_id, month, s) for s in db.session.scalars(select(EidStat).where(
        EidStat.province_id == province_id, EidStat.month == month))}


def eid_errors(data):
    """More accounts activated than residents eligible cannot be true: refused."""
    if data["activated"] > data["eligible"]:
        return {"activated": ["activated_exceeds_eligible"]}
    return {}


def put_eid_month(user, ward, month, data, source="manual"):
    """Set the ward's figures for `month`; returns the stored month with its coverage."""
    errors = eid_errors(data)
    if errors:
        raise Invalid("Số tài khoản kích hoạt không thể vượt số công dân đủ điều kiện "
                      "(activated exceeds eligible).", errors)
    stat = db.session.scalar(select(EidStat).where(EidStat.ward_id == ward.id,
                                                   EidStat.month == month))
    stat = store_eid(stat, user, ward, month, data, source)
    commit_eid()
    return eid_row(ward.id, month, stat)


def store_eid(stat, user, ward, month, data, source):
    """Write the figures into `stat`, or into a new row of the ward's month when it is None."""
    if stat is None:
        stat = EidStat(ward_id=ward.id, province_id=ward.province_id, month=month)
        db.session.add(stat)
    stat.eligible, stat.activated = data["eligible"], data["activated"]
    stat.source, stat.updated_by_id = source, user.id
    return stat


def commit_eid():
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Conflict("Số liệu vừa được người khác cập nhật, vui lòng gửi lại (retry).")
