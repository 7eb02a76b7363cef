"""Outcomes: monthly filing statistics (entered or imported) and targets with their progress."""
import re

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from ..areas.models import Ward
from ..csvio import read_csv
from ..errors import Conflict, Invalid, NotFound
from ..extensions import db
from ..periods import (check_period, is_whole_month, local_today, month_start, months_between,
                       next_month, parse_month, previous_month)
from .figures import pct, share, ward_coverage, ward_sums
from .rate_targets import ward_rate_targets, with_targets
from .models import (COUNT_TARGETS, RATE_TARGETS, RESIDENCE_PROCEDURES, SERVICE_GROUPS, FilingStat,
                     Target)

FILING_CSV_FIELDS = ("ward_code", "month", "service_group", "total", "online", "in_person")
FILING_MAX = 10_000_000
MAX_IMPORT_ROWS = 20_000
IMPORT_STATUSES = ("created", "updated", "unchanged", "rejected", "total_row")
_NUMBER = re.compile(r"^(\d+|\d{1,3}(?:[. ]\d{3})+)$")  # 1234, or 1.234 / 1 234 as Vietnamese write it


# ---- filing figures ---------------------------------------------------------------------------

def _change(rate, previous):
    return round(rate - previous, 2) if rate is not None and previous is not None else None


def _row(stat, previous):
    """One service group's figures with its rate and its change against the previous month."""
    rate = share(stat.online, stat.total)
    before = share(previous.online, previous.total) if previous else None
    return {"service_group": stat.service_group, "total": stat.total, "online": stat.online,
            "in_person": stat.in_person, "rate_pct": _round(rate),
            "change_pct": _change(rate, before), "inconsistent": stat.inconsistent,
            "nothing_arose": stat.total == 0}


def _round(value):
    return round(value, 2) if value is not None else None


def empty_filing():
    return {"total": None, "online": None, "in_person": None, "rate_pct": None,
            "previous_rate_pct": None, "change_pct": None, "inconsistent": False,
            "nothing_arose": False, "not_arisen": None}


def _sum(stats):
    total = sum(s.total for s in stats)
    online = sum(s.online for s in stats)
    return total, online, sum(s.in_person for s in stats)


def month_summary(stats, previous):
    """A ward's month: rows per service group, the overall rate and its change, and whether any
    row does not add up. `previous` holds the month before's rows (maybe none)."""
    if not stats:
        return empty_filing()
    order = {g: i for i, g in enumerate(SERVICE_GROUPS)}
    before = {s.service_group: s for s in previous}
    total, online, in_person = _sum(stats)
    rate = share(online, total)
    prev_total, prev_online, _ = _sum(previous)
    prev_rate = share(prev_online, prev_total) if previous else None
    return {"total": total, "online": online, "in_person": in_person, "rate_pct": _round(rate),
            "previous_rate_pct": _round(prev_rate), "change_pct": _change(rate, prev_rate),
            "inconsistent": any(s.inconsistent for s in stats),
            "nothing_arose": total == 0, "not_arisen": sum(1 for s in stats if s.total == 0),
            "rows": [_row(s, before.get(s.service_group))
                     for s in sorted(stats, key=lambda s: order[s.service_group])]}


def _stats(where):
    return db.session.scalars(select(FilingStat).where(*where)).all()


def _by_ward_month(stats):
    found = {}
    for stat in stats:
        found.setdefault((stat.ward_id, stat.month), []).append(stat)
    return found


def filing_months(ward, months):
    """The ward's summary for each of `months` (first days), each against the month before."""
    if not months:
        return []
    stats = _by_ward_month(_stats((FilingStat.ward_id == ward.id,
                                   FilingStat.month >= previous_month(months[0]),
                                   FilingStat.month <= months[-1])))
    targets = ward_rate_targets(ward, months)
    return [{"ward_id": ward.id, "month": m,
             **with_targets(month_summary(stats.get((ward.id, m), []),
                                          stats.get((ward.id, previous_month(m)), [])), targets[m])}
            for m in months]


def get_filing_month(ward, month):
    """One month of a ward; a month with nothing entered yet has no rows and null figures."""
    [summary] = filing_months(ward, [month])
    return summary


def province_filing(province_id, months, service_group=None):
    """{ward id: its filing over `months` (consecutive first days)} for every ward of the province
    with figures in them, from one query: Σ total, online, in person and the rate of the sums, of
    one service group (`residence` with its procedures) or all; a single month keeps its previous
    rate and change."""
    return _province_summaries(_province_stats(province_id, months, service_group), months)


def province_filing_by_group(province_id, months):
    """{None: `province_filing` of every group together, service group: of that group alone} for
    the groups with figures in `months`, from one query."""
    stats = _province_stats(province_id, months)
    by_group = {}
    for stat in stats:
        by_group.setdefault(stat.service_group, []).append(stat)
    found = {group: _province_summaries(rows, months) for group, rows in by_group.items()}
    return {None: _province_summaries(stats, months),
            **{group: wards for group, wards in found.items() if wards}}


def _province_stats(province_id, months, service_group=None):
    if not months:
        return []
    where = [FilingStat.province_id == province_id,
             FilingStat.month >= previous_month(months[0]), FilingStat.month <= months[-1]]
    if service_group:
        where.append(FilingStat.service_group.in_(group_members(service_group)))
    return _stats(where)


def _province_summaries(rows, months):
    stats = _by_ward_month(rows)
    found = {}
    for (ward_id, m), rows in stats.items():
        if m >= months[0]:
            summary = month_summary(rows, stats.get((ward_id, previous_month(m)), []))
            summary.pop("rows")
            found.setdefault(ward_id, []).append(summary)
    if len(months) == 1:
        return {ward_id: summary for ward_id, [summary] in found.items()}
    return {ward_id: _months_sum(summaries) for ward_id, summaries in found.items()}


def _months_sum(summaries):
    total = sum(s["total"] for s in summaries)
    online = sum(s["online"] for s in summaries)
    return {**empty_filing(), "total": total, "online": online,
            "in_person": sum(s["in_person"] for s in summaries), "rate_pct": pct(online, total),
            "inconsistent": any(s["inconsistent"] for s in summaries), "nothing_arose": total == 0,
            "not_arisen": sum(s["not_arisen"] for s in summaries)}


def filing_of_period(months):
    """A ward's filing over a period from its `filing_months`: Σ over the months with figures, the
    rate of the sums and per service group, and the last reported month's rate and change."""
    reported = [f for f in months if f["total"] is not None]
    if not reported:
        return {"months": 0, "total": None, "online": None, "in_person": None, "rate_pct": None,
                "last_month": None, "last_rate_pct": None, "change_pct": None, "by_group": {},
                "below_target": [], "inconsistent": []}
    total = sum(f["total"] for f in reported)
    online = sum(f["online"] for f in reported)
    last = reported[-1]
    return {
        "months": len(reported), "total": total, "online": online,
        "in_person": sum(f["in_person"] for f in reported), "rate_pct": pct(online, total),
        "last_month": last["month"].isoformat(), "last_rate_pct": last["rate_pct"],
        "change_pct": last["change_pct"], "by_group": _rates_by_group(reported),
        "below_target": [[r["service_group"], r["rate_pct"], r["target_pct"]]
                         for r in last["rows"] if r.get("meets_target") is False],
        "inconsistent": [[f["month"].isoformat(), r["service_group"]]
                         for f in reported for r in f["rows"] if r["inconsistent"]],
    }


def _rates_by_group(months):
    """{service group: Σ online / Σ total over the months' rows}."""
    by_group = {}
    for f in months:
        for row in f["rows"]:
            acc = by_group.setdefault(row["service_group"], [0, 0])
            acc[0] += row["total"]
            acc[1] += row["online"]
    return {g: pct(o, t) for g, (t, o) in by_group.items()}


def latest_month(province_id):
    """The latest month any ward of the province reported, or this month when none did."""
    found = db.session.scalar(select(func.max(FilingStat.month))
                              .where(FilingStat.province_id == province_id))
    return found or month_start(local_today())


def summarise(rows):
    """The province's own line: Σ of its wards' figures and the resulting rate."""
    total = sum(r["total"] for r in rows)
    online = sum(r["online"] for r in rows)
    return {"total": total, "online": online, "in_person": sum(r["in_person"] for r in rows),
            "rate_pct": pct(online, total), "wards_reported": len(rows)}


def put_filing_month(user, ward, month, rows):
    """Replace the ward's figures for `month` with `rows`, as given; returns the stored month."""
    existing = {s.service_group: s for s in _stats((FilingStat.ward_id == ward.id,
                                                    FilingStat.month == month))}
    for row in rows:
        _store(existing.pop(row["service_group"], None), ward, month, row, user, "manual")
    for stale in existing.values():
        db.session.delete(stale)
    _commit_filing()
    return get_filing_month(ward, month)


def _store(stat, ward, month, row, user, source):
    """Create or overwrite one (ward, month, service group) row; True when it was created."""
    created = stat is None
    if created:
        stat = FilingStat(ward_id=ward.id, province_id=ward.province_id, month=month,
                          service_group=row["service_group"])
        db.session.add(stat)
    stat.total, stat.online, stat.in_person = row["total"], row["online"], row["in_person"]
    stat.source, stat.updated_by_id = source, user.id
    return created


def _commit_filing():
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Conflict("Số liệu vừa được người khác cập nhật, vui lòng gửi lại (retry).")


# ---- CSV import ---------------------------------------------------------------------------------

def import_filing_csv(user, province_id, stream):
    """Import a province's figures; every row answered, good rows kept, bad rows explained."""
    reader = read_csv(stream, FILING_CSV_FIELDS)
    wards = {w.code: w for w in db.session.scalars(select(Ward).where(Ward.province_id == province_id))}
    parsed, results, seen = [], [], set()
    for line, raw in enumerate(reader, start=2):
        if line - 1 > MAX_IMPORT_ROWS:
            raise Invalid(f"Tối đa {MAX_IMPORT_ROWS} dòng mỗi lần nhập.", {"file": ["too_many_rows"]})
        row, errors = _parse_csv_row(raw, wards)
        key = (row.get("ward_code"), row.get("month"), row.get("service_group"))
        if not errors and key in seen:
            errors = {"row": ["duplicate_row"]}
        result = {"line": line, "ward_code": row.get("ward_code"), "month": row.get("month_text"),
                  "service_group": row.get("service_group")}
        results.append(result)
        if errors:
            result.update(status="rejected", errors=errors)
            continue
        seen.add(key)
        parsed.append((result, row))
    store_imported(user, wards, parsed)
    return import_answer(results)


def import_answer(results):
    """Every row's answer and how many of each status."""
    counts = {s: sum(1 for r in results if r["status"] == s) for s in IMPORT_STATUSES}
    return {**counts, "rows": results}


def _parse_csv_row(raw, wards):
    clean = {k: (raw.get(k) or "").strip() for k in FILING_CSV_FIELDS}
    row, errors = {"ward_code": clean["ward_code"] or None, "month_text": clean["month"] or None}, {}
    if clean["ward_code"] not in wards:
        errors["ward_code"] = ["unknown_ward"]
    try:
        row["month"] = parse_month(clean["month"])
    except Invalid:
        errors["month"] = ["invalid_month"]
    if clean["service_group"] in SERVICE_GROUPS:
        row["service_group"] = clean["service_group"]
    else:
        row["service_group"] = clean["service_group"] or None
        errors["service_group"] = ["unknown_service_group"]
    for name in ("total", "online", "in_person"):
        value, error = parse_count(clean[name])
        row[name] = value
        if error:
            errors[name] = [error]
    errors.update(figure_errors(row) if not errors else {})
    return row, errors


def parse_count(text, limit=FILING_MAX):
    """A count as Vietnamese print it ('65.194', '1 234'), at most `limit`; (value, error)."""
    if not text:
        return None, "required"
    if not _NUMBER.match(text):
        return None, "negative" if text.lstrip().startswith("-") else "not_integer"
    value = int(re.sub(r"[. ]", "", text))
    return (value, None) if value <= limit else (None, "too_large")


def figure_errors(row):
    """Figures that cannot be true (more online or in-person dossiers than received at all) are
    refused; figures that merely do not add up are kept and flagged `inconsistent`."""
    errors = {}
    for name in ("online", "in_person"):
        if row[name] > row["total"]:
            errors[name] = [f"{name}_exceeds_total"]
    return errors


def group_members(group):
    """The stored service groups a group's figures add up: `residence` is also its procedures."""
    return (group, *RESIDENCE_PROCEDURES) if group == "residence" else (group,)


def residence_conflict(groups):
    """Whether service groups of one month mix `residence` with the procedures it stands for."""
    groups = set(groups)
    return "residence" in groups and bool(groups & set(RESIDENCE_PROCEDURES))


RESIDENCE_CONFLICT = {"service_group": ["residence_and_procedures"]}


def store_imported(user, wards, parsed):
    """Store the parsed rows (`wards` by code); a row equal to what is stored is left alone and
    answered `unchanged`, so that the same file imported twice changes nothing."""
    if not parsed:
        return
    province_id = next(iter(wards.values())).province_id
    months = {row["month"] for _, row in parsed}
    existing = {(s.ward_id, s.month, s.service_group): s
                for s in _stats((FilingStat.province_id == province_id, FilingStat.month.in_(months)))}
    held = {}  # (ward id, month) -> the service groups the month holds, stored or imported
    for ward_id, month, group in existing:
        held.setdefault((ward_id, month), set()).add(group)
    for result, row in parsed:
        ward = wards[row["ward_code"]]
        groups = held.setdefault((ward.id, row["month"]), set())
        if residence_conflict(groups | {row["service_group"]}):
            result.update(status="rejected", errors=RESIDENCE_CONFLICT)
            continue
        groups.add(row["service_group"])
        stat = existing.get((ward.id, row["month"], row["service_group"]))
        result["inconsistent"] = row["online"] + row["in_person"] != row["total"]
        if stat is not None and (stat.total, stat.online, stat.in_person) == (
                row["total"], row["online"], row["in_person"]):
            result["status"] = "unchanged"
            continue
        created = _store(stat, ward, row["month"], row, user, "import")
        result["status"] = "created" if created else "updated"
    _commit_filing()


# ---- targets -----------------------------------------------------------------------------------

def list_targets(ward, start=None, end=None):
    """The ward's targets (those overlapping [start, end) when given), each with its progress."""
    query = select(Target).where(Target.ward_id == ward.id)
    if start is not None:
        query = query.where(Target.period_to > start)
    if end is not None:
        query = query.where(Target.period_from < end)
    targets = db.session.scalars(query.order_by(Target.period_from.desc(), Target.kind)).all()
    return [with_progress(t) for t in targets]


def set_target(user, ward, data):
    """Create or replace the ward's target of this kind for this period (its natural key)."""
    period = _period(data)
    target = db.session.scalar(select(Target).where(
        Target.ward_id == ward.id, Target.kind == data["kind"],
        Target.period_from == period["period_from"], Target.period_to == period["period_to"]))
    if target is None:
        target = Target(ward_id=ward.id, kind=data["kind"], created_by_id=user.id, **period)
        db.session.add(target)
    target.value, target.note = data["value"], data.get("note")
    _check_value(target)
    _commit_target()
    return with_progress(target)


def delete_target(ward, key):
    """Remove the ward's target of a kind and period; its figures stay, they come from events
    and filing statistics."""
    period = _period(key)
    deleted = db.session.execute(delete(Target).where(
        Target.ward_id == ward.id, Target.kind == key["kind"],
        Target.period_from == period["period_from"], Target.period_to == period["period_to"]))
    if deleted.rowcount == 0:
        db.session.rollback()
        raise NotFound("Không tìm thấy chỉ tiêu (target not found).")
    db.session.commit()


def _period(data):
    """{period_from, period_to} from a month or from/to; refuses empty or over-long periods."""
    if data.get("month"):
        start = parse_month(data["month"])
        return {"period_from": start, "period_to": next_month(start)}
    start, end = data.get("from_"), data.get("to")
    if start is None or end is None:
        raise Invalid("Cần 'month' hoặc 'from' và 'to'.", {"month": ["month_or_period_required"]})
    check_period(start, end)
    return {"period_from": start, "period_to": end}


def _check_value(target):
    if target.kind not in COUNT_TARGETS and target.value > 100:
        raise Invalid("Chỉ tiêu tỷ lệ không quá 100 %.", {"value": ["over_100_pct"]})


def _commit_target():
    try:
        db.session.commit()
    except IntegrityError:  # another request set the same target meanwhile
        db.session.rollback()
        raise Conflict("Chỉ tiêu vừa được người khác đặt, vui lòng gửi lại (retry).")


def with_progress(target):
    """The target with what was reached over its own period and the percentage of the target."""
    actual = target_actual(target)
    whole_month = is_whole_month(target.period_from, target.period_to)
    return {"id": target.id, "ward_id": target.ward_id, "kind": target.kind, "value": target.value,
            "unit": "count" if target.kind in COUNT_TARGETS else "pct",
            "from_": target.period_from, "to": target.period_to,
            "month": target.period_from if whole_month else None, "note": target.note,
            "actual": _round(actual),
            "progress_pct": pct(actual, target.value) if actual is not None else None}


def target_actual(target):
    """What the ward reached over the target's period: a sum of events' figures, the coverage,
    or the online-filing rate of the period's months (Σ online / Σ total)."""
    start, end = target.period_from, target.period_to
    if target.kind in COUNT_TARGETS:
        return ward_sums(target.ward_id, start, end)[target.kind]
    if target.kind == "coverage_pct":
        return ward_coverage(target.ward_id, start, end, rounded=False)
    group = RATE_TARGETS[target.kind]
    where = [FilingStat.ward_id == target.ward_id,
             FilingStat.month.in_(months_between(start, end))]
    if group:
        where.append(FilingStat.service_group.in_(group_members(group)))
    total, online, _ = _sum(_stats(where))
    return share(online, total)
