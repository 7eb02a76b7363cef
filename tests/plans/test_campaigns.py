"""Campaigns: a ward's drive with targets per count; events tagged with it count for its
progress, per target and per person; an event may carry only its ward's campaign, on its dates."""
import csv
import io
from datetime import timedelta

import openpyxl

from server.closures.models import PeriodClosure
from server.extensions import db
from server.periods import local_today, month_start
from tests.factories import event_payload


def start(client, as_user, ward, **body):
    return client.post(f"/api/v1/wards/{ward.id}/campaigns", json=body,
                       headers=as_user("commander-w1"))


def running(client, as_user, ward, name="90 ngày đêm cao điểm"):
    today = local_today()
    res = start(client, as_user, ward, name=name, targets={"vneid_installs": 10, "events": 4},
                **{"from": (today - timedelta(days=3)).isoformat(),
                   "to": (today + timedelta(days=86)).isoformat()})
    assert res.status_code == 201, res.get_json()
    return res.get_json()


def sync(client, headers, *events):
    res = client.post("/api/v1/events/sync", json={"events": list(events)}, headers=headers)
    return res.get_json()["results"]


def test_tagged_events_make_a_campaigns_progress_per_target_and_person(client, world, as_user):
    ward, g1 = world.wards["w1"], world.groups["g1"]
    campaign = running(client, as_user, ward)
    assert campaign["running"] is True and campaign["people"] == []
    assert {t["kind"]: t["actual"] for t in campaign["targets"]} == {"events": 0,
                                                                     "vneid_installs": 0}
    tagged = [event_payload(g1, campaign_id=campaign["id"], vneid_installs=3) for _ in range(2)]
    results = sync(client, as_user("officer-w1"), *tagged, event_payload(g1, vneid_installs=9))
    assert [r["status"] for r in results] == ["created"] * 3
    sync(client, as_user("volunteer-w1"), event_payload(g1, campaign_id=campaign["id"],
                                                        vneid_installs=1))
    body = client.get(f"/api/v1/campaigns/{campaign['id']}", headers=as_user("officer-w1")).get_json()
    targets = {t["kind"]: t for t in body["targets"]}
    assert targets["vneid_installs"]["actual"] == 7 and targets["vneid_installs"]["progress_pct"] == 70.0
    assert targets["events"]["actual"] == 3 and targets["events"]["progress_pct"] == 75.0
    assert [(p["full_name"], p["events"], p["vneid_installs"]) for p in body["people"]] == [
        (world.users["officer-w1"].full_name, 2, 6), (world.users["volunteer-w1"].full_name, 1, 1)]
    event = client.get(f"/api/v1/events/{tagged[0]['id']}", headers=as_user("officer-w1"))
    assert event.get_json()["campaign_id"] == campaign["id"]
    listed = client.get(f"/api/v1/wards/{ward.id}/campaigns?on={local_today()}",
                        headers=as_user("officer-w1")).get_json()
    assert [c["name"] for c in listed] == [campaign["name"]]


def test_an_event_tagged_with_another_wards_campaign_or_out_of_its_dates_is_refused_alone(
        client, world, as_user):
    ours = running(client, as_user, world.wards["w1"])
    res = client.post(f"/api/v1/wards/{world.wards['w2'].id}/campaigns",
                      headers=as_user("admin-p1"),
                      json={"name": "Khác", "from": local_today().isoformat(),
                            "to": local_today().isoformat()})
    theirs = res.get_json()
    g1 = world.groups["g1"]
    too_early = (local_today() - timedelta(days=5)).isoformat() + "T10:00:00+07:00"
    results = sync(client, as_user("officer-w1"),
                   event_payload(g1, campaign_id=theirs["id"]),
                   event_payload(g1, campaign_id=ours["id"], occurred_at=too_early),
                   event_payload(g1, campaign_id=999_999),
                   event_payload(g1, campaign_id=ours["id"]))
    assert [r["status"] for r in results] == ["rejected"] * 3 + ["created"]
    assert [r["errors"] for r in results[:3]] == [{"campaign_id": ["other_ward"]},
                                                  {"campaign_id": ["outside_campaign"]},
                                                  {"campaign_id": ["not_found"]}]


def test_bad_campaigns_are_refused_with_field_errors(client, world, as_user):
    ward, today = world.wards["w1"], local_today()
    res = start(client, as_user, ward, name="Ngược", **{"from": today.isoformat(),
                                                        "to": (today - timedelta(days=1)).isoformat()})
    assert res.status_code == 422 and res.get_json()["errors"] == {"to": ["before_start"]}
    res = start(client, as_user, ward, name="Sai", targets={"parties": 3, "leaflets": 0},
                **{"from": today.isoformat(), "to": today.isoformat()})
    assert res.status_code == 422
    assert set(res.get_json()["errors"]["json"]["targets"]) == {"parties", "leaflets"}
    last_month = month_start(month_start(today) - timedelta(days=1))
    db.session.add(PeriodClosure(ward_id=ward.id, month=last_month, closed=True,
                                 closed_by_id=world.users["commander-w1"].id))
    db.session.commit()
    res = start(client, as_user, ward, name="Trùng tháng đã chốt",
                **{"from": (last_month + timedelta(days=20)).isoformat(), "to": today.isoformat()})
    assert res.status_code == 422 and res.get_json()["errors"] == {"from": ["month_closed"]}


def test_a_campaign_is_seen_in_its_ward_and_province_only(client, world, as_user):
    campaign = running(client, as_user, world.wards["w1"])
    url = f"/api/v1/campaigns/{campaign['id']}"
    assert client.get(url, headers=as_user("admin-p1")).status_code == 200
    assert client.get(url, headers=as_user("officer-w2")).status_code == 404
    assert client.get(url, headers=as_user("admin-p2")).status_code == 404
    res = client.post(f"/api/v1/wards/{world.wards['w1'].id}/campaigns",
                      headers=as_user("officer-w1"), json={"name": "x"})
    assert res.status_code == 403


def test_the_ward_report_carries_the_campaigns_of_its_period_per_target_and_person(
        client, world, as_user):
    ward, g1 = world.wards["w1"], world.groups["g1"]
    campaign = running(client, as_user, ward, name="Đợt tháng này")
    old = start(client, as_user, ward, name="Đợt năm trước", targets={"events": 5},
                **{"from": (local_today() - timedelta(days=400)).isoformat(),
                   "to": (local_today() - timedelta(days=390)).isoformat()})
    assert old.status_code == 201, old.get_json()
    sync(client, as_user("officer-w1"), *[event_payload(g1, campaign_id=campaign["id"],
                                                        vneid_installs=3) for _ in range(2)])
    period = f"from={month_start(local_today())}&to={local_today() + timedelta(days=1)}"
    url = f"/api/v1/wards/{ward.id}/report?{period}"
    headers = as_user("commander-w1")
    html = client.get(url + "&format=html", headers=headers).get_data(as_text=True)
    assert "Đợt tháng này" in html and "Đợt năm trước" not in html
    book = openpyxl.load_workbook(io.BytesIO(client.get(url + "&format=xlsx", headers=headers).data))
    sheet = next(book[name] for name in book.sheetnames if name.endswith(". Đợt vận động"))
    rows = [r for r in sheet.iter_rows(values_only=True) if "Đợt tháng này" in r]
    assert sorted((r[3], r[4], r[5]) for r in rows) == [
        ("Số hoạt động tuyên truyền", 4, 2), ("Số lượt cài đặt VNeID", 10, 6)]
    text = client.get(url + "&format=csv", headers=headers).get_data(as_text=True)
    person = [line for line in csv.reader(io.StringIO(text.lstrip("\ufeff")))
              if world.users["officer-w1"].full_name in line and "Đợt tháng này" in line]
    assert len(person) == 1 and person[0][-4:] == ["2", "16", "6", "4"]
