"""Demo outcomes for seed-demo: four months of filing figures and a few targets for the demo
ward, and figures for some other wards of its province so the ranking has rows to compare."""
from sqlalchemy import select

from ..areas.models import Ward
from ..extensions import db
from ..periods import local_today, month_start, next_month, previous_month
from .models import FilingStat, Target

# Online-filing rate (%) per service group, oldest month first: rising towards ~85 % overall,
# citizen-ID dossiers behind residence ones, as in the provincial reports.
DEMO_RATES = {"residence": (66, 74, 82, 89), "id_card": (47, 56, 67, 77), "other": (58, 65, 74, 82)}
DEMO_VOLUME = {"residence": (340, 420), "id_card": (160, 240), "other": (40, 80)}
OTHER_WARDS = 8


def seed_outcomes(ward, users, rng):
    """Filing statistics for the last four complete months, targets, and the neighbours' figures.
    Returns a line to print."""
    months = _last_months(4)
    commander, admin = users["demo-commander"], users["demo-admin"]
    for i, month in enumerate(months):
        for group, rates in DEMO_RATES.items():
            # One month's id_card row does not add up: dossiers by post are in the total only.
            short = rng.randint(3, 9) if (i, group) == (1, "id_card") else 0
            _add(ward, month, group, rng.randint(*DEMO_VOLUME[group]),
                 rates[i] + rng.uniform(-1.5, 1.5), short, commander, "manual")
    this_month = month_start(local_today())
    _targets(ward, commander, this_month, months[-1])
    others = _other_wards(ward)
    for ward_other in others:
        base, step = rng.uniform(50, 88), rng.uniform(0.5, 4)
        for i, month in enumerate(months):
            for group, lift in (("residence", 6), ("id_card", -14), ("other", -4)):
                rate = max(5.0, min(98.0, base + step * i + lift + rng.uniform(-2, 2)))
                _add(ward_other, month, group, rng.randint(*DEMO_VOLUME[group]), rate,
                     rng.randint(1, 6) if rng.random() < 0.05 else 0, admin, "import")
    db.session.flush()
    return (f"Filing statistics for {len(months)} months in the demo ward and "
            f"{len(others)} other wards; 3 targets.")


def _last_months(count):
    months, month = [], month_start(local_today())
    for _ in range(count):
        month = previous_month(month)
        months.insert(0, month)
    return months


def _add(ward, month, group, total, rate, short, user, source):
    online = round(total * rate / 100)
    db.session.add(FilingStat(ward_id=ward.id, province_id=ward.province_id, month=month,
                              service_group=group, total=total, online=online,
                              in_person=total - online - short, source=source,
                              updated_by_id=user.id))


def _targets(ward, user, this_month, last_month):
    for kind, value, start in (("vneid_activations", 400, this_month),
                               ("dvc_rate_overall", 90, this_month),
                               ("dvc_rate_id_card", 75, last_month)):
        db.session.add(Target(ward_id=ward.id, kind=kind, value=value, period_from=start,
                              period_to=next_month(start), created_by_id=user.id,
                              note="Chỉ tiêu Đề án 06 của phường"))


def _other_wards(ward):
    return db.session.scalars(select(Ward).where(Ward.province_id == ward.province_id,
                                                 Ward.id != ward.id)
                              .order_by(Ward.code).limit(OTHER_WARDS)).all()
