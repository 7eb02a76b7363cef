"""Closing a ward's month (chốt số liệu) and reopening it; what sync asks before a write.

What a closed month keeps of its report is the caller's: `close_month` takes the builder.
"""
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..audit.service import record_period_change
from ..errors import Conflict, Invalid
from ..extensions import db
from ..periods import format_month, local_today, month_start, next_month
from ..timeutil import utcnow
from .models import PeriodClosure


def closed_months(ward_ids):
    """{(ward id, first day of month)} of every month closed now in these wards: one query for a
    whole sync batch."""
    if not ward_ids:
        return frozenset()
    rows = db.session.execute(select(PeriodClosure.ward_id, PeriodClosure.month).where(
        PeriodClosure.ward_id.in_(ward_ids), PeriodClosure.closed.is_(True)))
    return frozenset((ward_id, month) for ward_id, month in rows)


def closed_months_of(ward):
    """First days of the ward's months closed now, oldest first: what a phone asks to know which
    of the events refused as closed may go again."""
    return db.session.scalars(select(PeriodClosure.month).where(
        PeriodClosure.ward_id == ward.id, PeriodClosure.closed.is_(True))
        .order_by(PeriodClosure.month)).all()


def is_closed(closed, ward_id, day):
    """Whether the local day `day` falls in a month closed for the ward."""
    return day is not None and (ward_id, month_start(day)) in closed


def list_closures(ward):
    """Every month of the ward ever closed, newest first."""
    return db.session.scalars(select(PeriodClosure).where(PeriodClosure.ward_id == ward.id)
                              .order_by(PeriodClosure.month.desc())).all()


def get_closure(ward, month):
    return db.session.scalar(select(PeriodClosure).where(PeriodClosure.ward_id == ward.id,
                                                         PeriodClosure.month == month))


def close_month(user, ward, month, build_report, origin):
    """Close the ward's month and keep its report as it is now; closing a closed month again
    changes nothing (a retried request)."""
    if month >= month_start(local_today()):
        raise Invalid("Chỉ chốt được số liệu của tháng đã kết thúc (only a month that has ended "
                      "can be closed).", {"month": ["month_not_ended"]})
    closure = get_closure(ward, month)
    if closure is not None and closure.closed:
        return closure
    snapshot = build_report(ward, month, next_month(month))
    if closure is None:
        closure = PeriodClosure(ward_id=ward.id, month=month)
        db.session.add(closure)
    closure.closed, closure.closed_at, closure.closed_by_id = True, utcnow(), user.id
    closure.snapshot = snapshot
    record_period_change(ward, format_month(month), "close", {"closed": [False, True]}, origin)
    _commit()
    return closure


def reopen_month(user, ward, month, reason, origin):
    """Open a closed month again (an admin, with a reason); recorded in the audit log."""
    closure = get_closure(ward, month)
    if closure is None or not closure.closed:
        raise Conflict("Tháng này chưa được chốt số liệu.", {"month": ["not_closed"]})
    closure.closed = False
    closure.reopened_at, closure.reopened_by_id, closure.reopen_reason = utcnow(), user.id, reason
    record_period_change(ward, format_month(month), "reopen",
                         {"closed": [True, False], "reason": [None, reason]}, origin)
    _commit()
    return closure


def _commit():
    try:
        db.session.commit()
    except IntegrityError:  # the same month closed by another request meanwhile
        db.session.rollback()
        raise Conflict("Tháng này vừa được người khác chốt, vui lòng tải lại (retry).")

