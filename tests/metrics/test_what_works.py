"""GET /provinces/<id>/what-works: each kind of outreach per 1,000 households against the next
month's change in the online-filing rate and level-2 coverage, on synthetic wards whose effect is
known (the 90 % interval covers it) and on wards where outreach moves nothing (no claim)."""
import random
from datetime import date

import pytest
from sqlalchemy import insert

from server.areas.models import ResidentialGroup, Ward
from server.extensions import db
from server.metrics.models import EidStat, EventMonthRollup, FilingStat
from server.outreach.models import KINDS

MONTHS = [date(2025, m, 1) for m in range(1, 13)]
RATE_EFFECT = {"meeting": 0.8}  # points of the online rate next month per meeting per 1,000 households
EID_EFFECT = {"support_session": 0.5}


def build(world, rng, wards, rate_effect, eid_effect):
    """`wards` wards of p1 with a year of outreach, filing and e-ID figures, the outcomes moving by
    `*_effect` × that kind's events per 1,000 households the month before, a shift per month and
    noise."""
    province, author = world.provinces["p1"], world.users["officer-w1"]
    shift = [rng.gauss(0, 1) for _ in MONTHS]
    rollups, filing, eid = [], [], []
    for n in range(wards):
        ward = Ward(code=f"9{n:04d}", name=f"Phường Thử {n}", kind="Phường", province=province)
        households = rng.randint(600, 3000)
        db.session.add_all([ward, ResidentialGroup(ward=ward, code="T1", name="Tổ 1", kind="to_dan_pho",
                                                   households_total=households)])
        db.session.flush()
        rate, coverage = rng.uniform(10, 40), rng.uniform(20, 50)
        for i, month in enumerate(MONTHS):
            filing.append(_filing(ward, month, rate))
            eid.append(_eid(ward, month, coverage))
            events = {k: rng.choice((0, 0, 1, 2, 3, 5)) for k in KINDS}
            rollups += [_rollup(ward, month, k, e, author) for k, e in events.items() if e]
            per_1000 = {k: 1000 * e / households for k, e in events.items()}
            rate += shift[i] + sum(b * per_1000[k] for k, b in rate_effect.items()) + rng.gauss(0, 1.5)
            coverage += 0.5 + sum(b * per_1000[k] for k, b in eid_effect.items()) + rng.gauss(0, 1)
    for model, rows in ((EventMonthRollup, rollups), (FilingStat, filing), (EidStat, eid)):
        db.session.execute(insert(model), rows)
    db.session.commit()
    return province


def _filing(ward, month, rate):
    online = round(10 * min(max(rate, 0), 100))
    return {"ward_id": ward.id, "province_id": ward.province_id, "month": month,
            "service_group": "id_card", "total": 1000, "online": online, "in_person": 1000 - online}


def _eid(ward, month, coverage):
    return {"ward_id": ward.id, "province_id": ward.province_id, "month": month,
            "eligible": 10_000, "activated": round(100 * min(max(coverage, 0), 100))}


def _rollup(ward, month, kind, events, author):
    return {"ward_id": ward.id, "month": month, "group_key": 0, "kind": kind,
            "author_id": author.id, "province_id": ward.province_id, "events": events,
            "duration_min": 60 * events}


def _what_works(client, headers, province, query="?month=2025-12"):
    res = client.get(f"/api/v1/provinces/{province.id}/what-works{query}", headers=headers)
    assert res.status_code == 200, res.get_json()
    body = res.get_json()
    return {o["outcome"]: {k["kind"]: k for k in o["kinds"]} for o in body["outcomes"]}


def test_a_known_effect_lies_in_the_interval_and_is_said_as_an_association(client, world, as_user):
    province = build(world, random.Random(5), 65, RATE_EFFECT, EID_EFFECT)
    found = _what_works(client, as_user("admin-p1"), province)
    meeting = found["online_rate"]["meeting"]
    assert meeting["ci_low"] <= 0.8 <= meeting["ci_high"] and meeting["ci_low"] > 0
    assert (meeting["finding"], meeting["ward_months"]) == ("positive", 65 * 11)
    assert "gắn với tỷ lệ hồ sơ nộp trực tuyến tháng sau cao hơn" in meeting["text"]
    assert "làm tăng" not in meeting["text"] and "khoảng tin cậy 90 %" in meeting["text"]
    support = found["eid_coverage"]["support_session"]
    assert support["ci_low"] <= 0.5 <= support["ci_high"] and support["finding"] == "positive"
    report = client.get(f"/api/v1/provinces/{province.id}/report?from=2025-12-01&to=2026-01-01",
                        headers=as_user("admin-p1")).get_data(as_text=True)
    assert "CÁCH LÀM GẮN VỚI KẾT QUẢ THÁNG SAU" in report
    assert meeting["text"] in report and "Khoảng tin cậy 90 %" in report


def test_no_effect_no_claim(client, world, as_user):
    province = build(world, random.Random(8), 65, {}, {})
    found = _what_works(client, as_user("admin-p1"), province, "?month=2025-12&months=12")
    for outcome in found.values():
        for kind in outcome.values():
            assert kind["finding"] == "none", kind
            assert kind["ci_low"] <= 0 <= kind["ci_high"]
            assert kind["text"].startswith("Chưa thấy mối liên hệ rõ")


def test_too_little_data_says_so(client, world, as_user):
    province = build(world, random.Random(1), 3, RATE_EFFECT, {})
    found = _what_works(client, as_user("admin-p1"), province, "?month=2025-07&months=6")
    meeting = found["online_rate"]["meeting"]
    assert (meeting["finding"], meeting["ward_months"], meeting["estimate"]) \
        == ("too_little_data", 15, None)
    assert meeting["text"].startswith("Chưa đủ dữ liệu")


def test_the_window_is_six_to_twelve_months(client, world, as_user):
    url = f"/api/v1/provinces/{world.provinces['p1'].id}/what-works?months=13"
    res = client.get(url, headers=as_user("admin-p1"))
    assert res.status_code == 422 and res.get_json()["code"] == 422
