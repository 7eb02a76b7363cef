"""The national picture: every province's online-filing rate for a month, summed from its wards'
filing statistics, ranked among all provinces, with the national figure.

Aggregates only: no ward of any province is named. Read with two grouped queries over the
filing statistics of the month and the month before, from their covering index by month.
"""
from sqlalchemy import func, select

from ..areas.models import Province, Ward
from ..extensions import db
from ..periods import local_today, month_start, previous_month
from .figures import pct
from .models import SERVICE_GROUPS, FilingStat
from .province import rank_by_rate

_FIGURES = ("total", "online", "in_person")


def national_picture(month, service_group=None, own_province_id=None):
    """Each province's rate for `month` (of `service_group`, all groups when None) and per
    service group, its rank and change, and the nation's line; `own_province_id` marks the
    caller's province (an admin's), none for the national desk."""
    provinces = db.session.scalars(select(Province).order_by(Province.code)).all()
    sums, reported = _group_sums(month), _wards_reported(month)
    wards = dict(db.session.execute(select(Ward.province_id, func.count())
                                    .group_by(Ward.province_id)).all())
    rows = [{"province_id": p.id, "province_code": p.code, "province_name": p.name,
             "own": p.id == own_province_id, "wards": wards.get(p.id, 0),
             "wards_reported": reported.get(p.id, 0),
             **_line(sums.get(p.id, {}), month, service_group)} for p in provinces]
    rank_by_rate(rows, "province_code")
    return {"month": month, "service_group": service_group, "rows": rows,
            "national": _national_line(rows, sums, month, service_group)}


def latest_national_month():
    """The latest month any ward reported, or this month when none did."""
    return (db.session.scalar(select(func.max(FilingStat.month)))
            or month_start(local_today()))


def _group_sums(month):
    """{province id: {(month, service group): [total, online, in person]}} for the month and the
    month before."""
    query = (select(FilingStat.province_id, FilingStat.month, FilingStat.service_group,
                    *[func.sum(getattr(FilingStat, f)) for f in _FIGURES])
             .where(FilingStat.month.in_([month, previous_month(month)]))
             .group_by(FilingStat.month, FilingStat.province_id, FilingStat.service_group))
    found = {}
    for province_id, m, group, *figures in db.session.execute(query):
        found.setdefault(province_id, {})[(m, group)] = [int(v or 0) for v in figures]
    return found


def _wards_reported(month):
    query = (select(FilingStat.province_id, func.count(func.distinct(FilingStat.ward_id)))
             .where(FilingStat.month == month)
             .group_by(FilingStat.province_id))
    return dict(db.session.execute(query).all())


def _line(sums, month, service_group):
    """A province's (or the nation's) figures from its {(month, group): sums}."""
    now = _figures(sums, month, service_group)
    before = _figures(sums, previous_month(month), service_group)
    by_group = {g: _figures(sums, month, g) for g in SERVICE_GROUPS
                if (month, g) in sums}
    return {**now, "previous_rate_pct": before["rate_pct"],
            "change_pct": _change(now["rate_pct"], before["rate_pct"]), "by_group": by_group}


def _change(rate, before):
    return round(rate - before, 2) if rate is not None and before is not None else None


def _figures(sums, month, service_group):
    """Σ total, online, in person of the month (one service group, or all) and the rate; a total
    of 0 is 'nothing arose', not 0 %."""
    picked = [v for (m, g), v in sums.items()
              if m == month and (service_group is None or g == service_group)]
    if not picked:
        return {"total": None, "online": None, "in_person": None, "rate_pct": None,
                "nothing_arose": False}
    total, online, in_person = (sum(v[i] for v in picked) for i in range(3))
    return {"total": total, "online": online, "in_person": in_person,
            "rate_pct": pct(online, total), "nothing_arose": total == 0}


def _national_line(rows, sums, month, service_group):
    """The nation's line: every province's sums added up."""
    whole = {}
    for province_sums in sums.values():
        for key, figures in province_sums.items():
            acc = whole.setdefault(key, [0, 0, 0])
            for i, value in enumerate(figures):
                acc[i] += value
    return {**_line(whole, month, service_group), "provinces": len(rows),
            "provinces_reported": sum(1 for r in rows if r["total"] is not None),
            "wards": sum(r["wards"] for r in rows),
            "wards_reported": sum(r["wards_reported"] for r in rows)}
