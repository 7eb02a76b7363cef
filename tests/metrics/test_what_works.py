"""GET /provinces/<id>/what-works: each kind of outreach and each channel (QR scans, sessions at
support points, reach per platform) per 1,000 households against the next month's change in the
online-filing rate and level-2 coverage, on synthetic wards whose effect is known (the 90 %
interval covers it) and on wards where outreach moves nothing (no claim)."""
import random
import uuid
from datetime import date, datetime

import pytest
from sqlalchemy import insert

from server.areas.models import ResidentialGroup, Ward
from server.extensions import db
from server.metrics.models import EidStat, EventMonthRollup, FilingStat
from server.outreach.models import KINDS, Event
from server.support.models import QrBoard, QrScanDay, SupportPoint

MONTHS = [date(2025, m, 1) for m in range(1, 13)]
RATE_EFFECT = {"meeting": 0.8}  # points of the online rate next month per meeting per 1,000 households
EID_EFFECT = {"support_session": 0.5}
# points per scan per 1,000 households; per session at a point; per 1,000 people reached on Zalo
CHANNEL_RATE_EFFECT = {"qr_scans": 0.05}
CHANNEL_EID_EFFECT = {"reach_zalo": 0.3}


def build(world, rng, wards, rate_effect, eid_effect, channels=None):
    """`wards` wards of p1 with a year of outreach, filing and e-ID figures, the outcomes moving by
    `*_effect` × that kind's (or channel's) amount per 1,000 households the month before, a shift
    per month and noise. With `channels`, each ward has a QR board with scans, a support point
    that some of its sessions name ("some_at_point") or all ("all_at_point"), and Zalo and
    loudspeaker posts with their reach."""
    province, author = world.provinces["p1"], world.users["officer-w1"]
    shift = [rng.gauss(0, 1) for _ in MONTHS]
    rows = {EventMonthRollup: [], FilingStat: [], EidStat: [], QrScanDay: [], Event: []}
    for n in range(wards):
        ward = Ward(code=f"9{n:04d}", name=f"Phường Thử {n}", kind="Phường", province=province)
        households = rng.randint(600, 3000)
        db.session.add_all([ward, ResidentialGroup(ward=ward, code="T1", name="Tổ 1", kind="to_dan_pho",
                                                   households_total=households)])
        db.session.flush()
        place = _channels(ward) if channels else None
        rate, coverage = rng.uniform(10, 40), rng.uniform(20, 50)
        for i, month in enumerate(MONTHS):
            rows[FilingStat].append(_filing(ward, month, rate))
            rows[EidStat].append(_eid(ward, month, coverage))
            events = {k: rng.choice((0, 0, 1, 2, 3, 5)) for k in KINDS}
            rows[EventMonthRollup] += [_rollup(ward, month, k, e, author) for k, e in events.items() if e]
            amounts = {**events, **(_channel_month(rng, rows, place, month, events, author, channels)
                                    if place else {})}
            per_1000 = {k: 1000 * e / households for k, e in amounts.items()}
            rate += shift[i] + sum(b * per_1000[k] for k, b in rate_effect.items()) + rng.gauss(0, 1.5)
            coverage += 0.5 + sum(b * per_1000[k] for k, b in eid_effect.items()) + rng.gauss(0, 1)
    for model, values in rows.items():
        if values:
            db.session.execute(insert(model), values)
    db.session.commit()
    return province


def _channels(ward):
    board = QrBoard(ward=ward, code=f"w{ward.code}", name="Bảng QR chợ", target_url="https://vneid.gov.vn/")
    point = SupportPoint(ward=ward, name="Bộ phận một cửa", kind="one_stop")
    db.session.add_all([board, point])
    db.session.flush()
    return ward, board, point


def _channel_month(rng, rows, place, month, events, author, channels):
    """One month of a ward's scans, sessions at its point and posts' reach: their terms' amounts."""
    ward, board, point = place
    scans, at_point = rng.choice((0, 0, 5, 20, 40, 80)), events["support_session"]
    if channels == "some_at_point":
        at_point = rng.randint(0, at_point)
    reach = {p: rng.choice((0, 0, 500, 2000, 5000)) for p in ("zalo", "loudspeaker")}
    if scans:
        rows[QrScanDay].append({"board_id": board.id, "day": month.replace(day=15), "scans": scans})
    rows[Event] += [_event(ward, month, author, "support_session", people_assisted=3,
                           support_point_id=point.id) for _ in range(at_point)]
    rows[Event] += [_event(ward, month, author, "digital_post", platform=p, online_reach=r)
                    for p, r in reach.items() if r]
    return {"qr_scans": scans, "point_sessions": at_point,
            **{f"reach_{p}": r / 1000 for p, r in reach.items()}}


def _event(ward, month, author, kind, **values):
    return {"id": str(uuid.uuid4()), "province_id": ward.province_id, "ward_id": ward.id,
            "author_id": author.id, "kind": kind, "occurred_at": datetime(month.year, month.month, 15, 3),
            "local_date": month.replace(day=15), **values}


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
    return {o["outcome"]: {**{k["kind"]: k for k in o["kinds"]},
                           **{c["channel"]: c for c in o["channels"]}} for o in body["outcomes"]}


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
        for kind in (outcome[k] for k in KINDS):
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


def test_channels_are_terms_beside_the_kinds(client, world, as_user):
    """Scans move the online rate and Zalo reach moves coverage: the intervals cover both, the
    channels with no effect make no claim, and the province's report says them."""
    province = build(world, random.Random(11), 65, {**RATE_EFFECT, **CHANNEL_RATE_EFFECT},
                     {**EID_EFFECT, **CHANNEL_EID_EFFECT}, channels="some_at_point")
    found = _what_works(client, as_user("admin-p1"), province)
    scans, zalo = found["online_rate"]["qr_scans"], found["eid_coverage"]["reach_zalo"]
    assert scans["ci_low"] <= 0.05 <= scans["ci_high"] and scans["finding"] == "positive"
    assert zalo["ci_low"] <= 0.3 <= zalo["ci_high"] and zalo["finding"] == "positive"
    assert "Tháng có thêm 1 lượt quét bảng QR trên 1.000 hộ gắn với" in scans["text"]
    assert found["online_rate"]["meeting"]["ci_low"] <= 0.8 <= found["online_rate"]["meeting"]["ci_high"]
    for outcome, name in (("online_rate", "point_sessions"), ("eid_coverage", "reach_loudspeaker")):
        assert found[outcome][name]["ci_low"] <= 0 <= found[outcome][name]["ci_high"]
    assert found["online_rate"]["reach_facebook"]["finding"] == "too_little_data"
    report = client.get(f"/api/v1/provinces/{province.id}/report?from=2025-12-01&to=2026-01-01",
                        headers=as_user("admin-p1")).get_data(as_text=True)
    assert "Kênh: Quét bảng QR" in report and scans["text"] in report


def test_channels_with_no_effect_make_no_claim(client, world, as_user):
    province = build(world, random.Random(12), 45, {}, {}, channels="some_at_point")
    found = _what_works(client, as_user("admin-p1"), province)
    for outcome in found.values():
        for name in ("qr_scans", "point_sessions", "reach_zalo", "reach_loudspeaker"):
            assert outcome[name]["ci_low"] <= 0 <= outcome[name]["ci_high"], outcome[name]
            assert outcome[name]["text"].startswith("Chưa thấy mối liên hệ rõ")


def test_a_channel_the_kinds_fully_explain_is_said_so(client, world, as_user):
    """Every session held at the ward's point: the point's term is the kind's, left out and said."""
    province = build(world, random.Random(13), 25, {}, {}, channels="all_at_point")
    found = _what_works(client, as_user("admin-p1"), province)
    point, kind = found["online_rate"]["point_sessions"], found["online_rate"]["support_session"]
    assert (point["finding"], point["estimate"], kind["finding"]) == ("too_little_data", None, "none")
    assert "chưa tách riêng được" in point["text"]
