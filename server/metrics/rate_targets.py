"""The online-share target that applies to a ward's service group in a month (DESIGN.md §3): the
ward's own target for a period covering the month, else its province's default, else the national
floor; and whether a rate meets it. A month where nothing arose meets nothing and fails nothing."""
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..areas.models import Ward
from ..errors import Conflict
from ..extensions import db
from .models import NATIONAL_FLOORS, RATE_GROUPS, RATE_TARGETS, ProvinceRateTarget, Target

KIND_GROUP = {kind: group or "overall" for kind, group in RATE_TARGETS.items()}


def meets(rate, target_pct):
    """Whether a rate reaches its target; None where there is no rate (nothing arose)."""
    return None if rate is None or target_pct is None else rate >= target_pct


def judged(rate, target):
    """{target_pct, target_source, meets_target} of a rate against `target` (pct, source)."""
    pct, source = target
    return {"target_pct": pct, "target_source": source, "meets_target": meets(rate, pct)}


def province_defaults(province_id):
    """{group: (pct, 'province' | 'national')} for every rate group."""
    own = {t.service_group: t.target_pct for t in db.session.scalars(
        select(ProvinceRateTarget).where(ProvinceRateTarget.province_id == province_id))}
    return {g: (own[g], "province") if g in own else (NATIONAL_FLOORS[g], "national")
            for g in RATE_GROUPS}


def _ward_target_rows(where, first, last):
    """The ward rate targets of `where` overlapping the months first..last, widest period first."""
    return db.session.scalars(select(Target).where(
        *where, Target.kind.in_(KIND_GROUP), Target.period_from <= last,
        Target.period_to > first).order_by(Target.period_from, Target.period_to.desc())).all()


def _applying(rows, month):
    """{(ward id, group): pct} of the targets covering `month`, the narrowest period winning."""
    return {(t.ward_id, KIND_GROUP[t.kind]): t.value for t in rows
            if t.period_from <= month < t.period_to}


def _resolved(ward_id, own, defaults):
    return {g: (own[(ward_id, g)], "ward") if (ward_id, g) in own else default
            for g, default in defaults.items()}


def ward_rate_targets(ward, months):
    """{month: {group: (pct, source)}} that apply to the ward in each of `months` (first days)."""
    if not months:
        return {}
    defaults = province_defaults(ward.province_id)
    rows = _ward_target_rows((Target.ward_id == ward.id,), months[0], months[-1])
    return {m: _resolved(ward.id, _applying(rows, m), defaults) for m in months}


def province_ward_targets(province_id, month):
    """({ward id: {group: (pct, source)}} of the wards with targets of their own in `month`, the
    province's defaults for every other ward), from two queries."""
    defaults = province_defaults(province_id)
    wards = select(Ward.id).where(Ward.province_id == province_id)
    own = _applying(_ward_target_rows((Target.ward_id.in_(wards),), month, month), month)
    return {ward_id: _resolved(ward_id, own, defaults) for ward_id, _ in own}, defaults


def target_rows(targets):
    """The answer's list of targets: each group with its pct, its source and the national floor."""
    return [{"service_group": g, "target_pct": pct, "target_source": source,
             "national_pct": NATIONAL_FLOORS[g]} for g, (pct, source) in targets.items()]


def get_province_defaults(province_id):
    return {"province_id": province_id, "targets": target_rows(province_defaults(province_id))}


def get_ward_targets(ward, month):
    """The targets that apply to the ward in `month`, each with where it comes from."""
    [targets] = ward_rate_targets(ward, [month]).values()
    return {"ward_id": ward.id, "month": month, "targets": target_rows(targets)}


def put_province_defaults(user, province_id, rows):
    """Replace the province's defaults with `rows`; a group not listed takes the national floor."""
    db.session.execute(ProvinceRateTarget.__table__.delete().where(
        ProvinceRateTarget.province_id == province_id))
    for row in rows:
        db.session.add(ProvinceRateTarget(province_id=province_id, service_group=row["service_group"],
                                          target_pct=row["target_pct"], updated_by_id=user.id))
    try:
        db.session.commit()
    except IntegrityError:  # another request set the defaults meanwhile
        db.session.rollback()
        raise Conflict("Chỉ tiêu vừa được người khác đặt, vui lòng gửi lại (retry).")
    return get_province_defaults(province_id)


def with_targets(summary, targets):
    """A month's summary (and each of its rows) with the target that applies and whether it is
    met: `targets` is {group: (pct, source)}, the overall rate judged against `overall`."""
    for row in summary.get("rows", []):
        row.update(judged(row["rate_pct"], targets[row["service_group"]]))
    return {**summary, **judged(summary["rate_pct"], targets["overall"])}
