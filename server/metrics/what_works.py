"""What works: across a province's wards and its last 6 to 12 months, how each kind of outreach
(its events per 1,000 households in a month) and each channel (QR scans, sessions at support
points, digital posts' reach per platform, per 1,000 households: support/terms.py) goes with the change of the online-filing rate and
of level-2 e-ID coverage from that month to the next.

One least-squares fit per outcome (statsmodels), every kind and channel together, with a term per month (what
moved every ward alike) and errors clustered by ward; each term's slope with its 90 % interval and
the ward-months behind it. A term the others fully explain (say, every session held at a point)
is left out of the fit and said so. An association, never a cause; too little data, no figure.
"""
import numpy as np
from statsmodels.regression.linear_model import OLS
from sqlalchemy import func, select

from ..areas.models import ResidentialGroup, Ward
from ..extensions import db
from ..outreach.models import KINDS
from ..periods import months_between, next_month, previous_month
from ..support.terms import CHANNEL_TERMS, channel_months
from .models import EidStat, EventMonthRollup, FilingStat

LEVEL = 0.90
MIN_WARD_MONTHS = 30  # pairs of consecutive months behind a fit, at the least
MIN_WITH_KIND = 10  # ward-months with some of a kind, for a figure about that kind
MIN_CLUSTERS = 10  # fewer wards: heteroskedasticity-robust errors instead of clustered ones
OUTCOMES = {"online_rate": "tỷ lệ hồ sơ nộp trực tuyến",
            "eid_coverage": "tỷ lệ tài khoản định danh điện tử mức 2"}
NOUNS = {"meeting": "buổi họp dân", "household_visit": "lượt đến hộ gia đình",
         "support_session": "buổi hỗ trợ tại điểm", "leaflet_drop": "đợt phát tờ rơi",
         "digital_post": "bài đăng Zalo/Facebook/loa"}
CHANNELS = tuple(t.name for t in CHANNEL_TERMS)
TERMS = (*KINDS, *CHANNELS)  # the columns of the fit: the kinds, then the channels
UNITS = {**{k: f"1 {noun}" for k, noun in NOUNS.items()}, **{t.name: t.unit for t in CHANNEL_TERMS}}
NOUNS = {**NOUNS, **{t.name: t.noun for t in CHANNEL_TERMS}}
LABELS = {t.name: t.label for t in CHANNEL_TERMS}


def what_works(province_id, month, months=12):
    """The figures of the `months` months ending with `month` (the last outcome month)."""
    window = months_between(_months_back(month, months - 1), next_month(month))
    households = _households(province_id)
    outreach = {**_outreach(province_id, window[:-1]), **channel_months(province_id, window[:-1])}
    levels = {"online_rate": _filing_rates(province_id, window),
              "eid_coverage": _eid_coverage(province_id, window)}
    return {"province_id": province_id, "month": month, "from_month": window[0],
            "months": months, "level_pct": round(100 * LEVEL),
            "outcomes": [_outcome(name, _fit(
                name, _samples(households, outreach, levels[name], window)))
                for name in OUTCOMES]}


def _outcome(name, findings):
    return {"outcome": name, "kinds": [f for f in findings if "kind" in f],
            "channels": [f for f in findings if "channel" in f]}


def _months_back(month, count):
    for _ in range(count):
        month = previous_month(month)
    return month


# ---- what is read ---------------------------------------------------------------------------------

def _households(province_id):
    """{ward id: households of its groups}."""
    return dict(db.session.execute(
        select(ResidentialGroup.ward_id, func.sum(ResidentialGroup.households_total))
        .join(Ward, Ward.id == ResidentialGroup.ward_id).where(Ward.province_id == province_id)
        .group_by(ResidentialGroup.ward_id)).all())


def _outreach(province_id, months):
    """{(ward id, month, kind): events} from the monthly rollups."""
    rows = db.session.execute(
        select(EventMonthRollup.ward_id, EventMonthRollup.month, EventMonthRollup.kind,
               func.sum(EventMonthRollup.events))
        .where(EventMonthRollup.province_id == province_id, EventMonthRollup.month.in_(months))
        .group_by(EventMonthRollup.ward_id, EventMonthRollup.month, EventMonthRollup.kind))
    return {(w, m, k): int(n or 0) for w, m, k, n in rows}


def _filing_rates(province_id, months):
    """{(ward id, month): online-filing rate of every service group together, in %}."""
    rows = db.session.execute(
        select(FilingStat.ward_id, FilingStat.month, func.sum(FilingStat.total),
               func.sum(FilingStat.online))
        .where(FilingStat.province_id == province_id, FilingStat.month.in_(months))
        .group_by(FilingStat.ward_id, FilingStat.month))
    return {(w, m): 100 * int(online) / int(total) for w, m, total, online in rows if total}


def _eid_coverage(province_id, months):
    """{(ward id, month): level-2 e-ID coverage in %}."""
    rows = db.session.execute(
        select(EidStat.ward_id, EidStat.month, EidStat.eligible, EidStat.activated)
        .where(EidStat.province_id == province_id, EidStat.month.in_(months)))
    return {(w, m): 100 * activated / eligible for w, m, eligible, activated in rows if eligible}


def _samples(households, outreach, levels, window):
    """One row per ward and month with the outcome known that month and the next: the ward, the
    month's index, each term's amount per 1,000 households, the change in points."""
    rows = []
    for ward_id, whole in households.items():
        for index, (now, then) in enumerate(zip(window, window[1:])):
            if not whole or (ward_id, now) not in levels or (ward_id, then) not in levels:
                continue
            per_1000 = [1000 * outreach.get((ward_id, now, t), 0) / whole for t in TERMS]
            rows.append((ward_id, index, per_1000, levels[ward_id, then] - levels[ward_id, now]))
    return rows


# ---- the fit --------------------------------------------------------------------------------------

def _fit(outcome, rows):
    """Each term's slope (points of the outcome per unit per 1,000 households), its interval,
    the ward-months behind it, and what it says."""
    x = np.array([r[2] for r in rows]).reshape(len(rows), len(TERMS))
    enough = [i for i in range(len(TERMS)) if np.count_nonzero(x[:, i]) >= MIN_WITH_KIND]
    used = _separable(x, enough)
    if len(rows) < MIN_WARD_MONTHS or not used:
        return [_finding(outcome, t, len(rows), int(np.count_nonzero(x[:, i])))
                for i, t in enumerate(TERMS)]
    result = _ols(rows, x[:, used])
    slopes = dict(zip(used, zip(result.params, result.conf_int(alpha=1 - LEVEL))))
    return [_finding(outcome, t, len(rows), int(np.count_nonzero(x[:, i])), slopes.get(i),
                     apart=i not in enough or i in used) for i, t in enumerate(TERMS)]


def _separable(x, columns):
    """The columns, in order, that the ones kept before them do not explain exactly."""
    kept = []
    for i in columns:
        if np.linalg.matrix_rank(x[:, kept + [i]]) > len(kept):
            kept.append(i)
    return kept


def _ols(rows, x):
    """y on the kinds, a term per month but the first, and a constant; errors clustered by ward
    (robust ones when the wards are few)."""
    y = np.array([r[3] for r in rows])
    months = sorted({r[1] for r in rows})[1:]
    dummies = np.array([[r[1] == m for m in months] for r in rows], dtype=float)
    design = np.column_stack([x, dummies.reshape(len(rows), len(months)), np.ones(len(rows))])
    wards = np.unique([r[0] for r in rows], return_inverse=True)[1]
    model = OLS(y, design)
    if wards.max() + 1 >= MIN_CLUSTERS:
        return model.fit(cov_type="cluster", cov_kwds={"groups": wards}, use_t=True)
    return model.fit(cov_type="HC1", use_t=True)


def _finding(outcome, term, ward_months, with_term, slope=None, apart=True):
    """A kind's ({"kind", "ward_months_with_kind"}) or a channel's ({"channel", "label",
    "ward_months_with_channel"}) figure and what it says."""
    side = "kind" if term in KINDS else "channel"
    base = {side: term, **({"label": LABELS[term]} if side == "channel" else {}),
            "ward_months": ward_months, f"ward_months_with_{side}": with_term,
            "estimate": None, "ci_low": None, "ci_high": None}
    if slope is None:
        return {**base, "finding": "too_little_data",
                "text": _too_little(term, ward_months, with_term, apart)}
    estimate, (low, high) = slope
    finding = "positive" if low > 0 else "negative" if high < 0 else "none"
    return {**base, "estimate": round(float(estimate), 2), "ci_low": round(float(low), 2),
            "ci_high": round(float(high), 2), "finding": finding,
            "text": _say(outcome, term, finding, estimate, low, high, ward_months)}


def _too_little(kind, ward_months, with_kind, apart=True):
    if not apart:
        return (f"Chưa đủ dữ liệu (too little data): {NOUNS[kind]} luôn đi cùng các cách làm khác "
                f"theo cùng một tỷ lệ nên chưa tách riêng được.")
    if ward_months < MIN_WARD_MONTHS:
        return (f"Chưa đủ dữ liệu (too little data): {ward_months} tháng-phường có số liệu hai "
                f"tháng liền, cần ít nhất {MIN_WARD_MONTHS}.")
    return (f"Chưa đủ dữ liệu (too little data): {with_kind} tháng-phường có {NOUNS[kind]}, "
            f"cần ít nhất {MIN_WITH_KIND}.")


def _say(outcome, kind, finding, estimate, low, high, ward_months):
    interval = (f"khoảng tin cậy {round(100 * LEVEL)} %: {_vn(low)} đến {_vn(high)} điểm %; "
                f"{ward_months} tháng-phường")
    if finding == "none":
        return (f"Chưa thấy mối liên hệ rõ giữa {NOUNS[kind]} và {OUTCOMES[outcome]} tháng sau "
                f"({interval}).")
    direction = "cao hơn" if finding == "positive" else "thấp hơn"
    return (f"Tháng có thêm {UNITS[kind]} trên 1.000 hộ gắn với {OUTCOMES[outcome]} tháng sau "
            f"{direction} khoảng {_vn(abs(estimate))} điểm % ({interval}). Đây là mối liên hệ, "
            f"không chứng minh nguyên nhân.")


def _vn(value):
    """0,82 style; a value that rounds to zero is "0,00", never "-0,00"."""
    return f"{round(value, 2) + 0.0:.2f}".replace(".", ",")
