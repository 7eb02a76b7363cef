"""Groups that change (DESIGN.md §8): the listing of a day, dated rename/merge/split/retire all
or nothing, the refusals of bad input, and two commanders racing on PostgreSQL."""
import io
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from server.areas.models import GroupLink, GroupName, ResidentialGroup
from server.audit.models import AuditEntry
from server.closures.models import PeriodClosure
from server.extensions import db
from server.periods import local_today
from tests.concurrency import post_together
from tests.factories import event_payload
from tests.outreach.helpers import at_local, sync

DAY = date(2026, 11, 1)


@pytest.fixture
def ward(world):
    """Ward w1 with groups G1, G2 and H3..H5 (added here; g3 stays the group of ward w2)."""
    w1 = world.wards["w1"]
    for n in (3, 4, 5):
        world.groups[f"h{n}"] = ResidentialGroup(ward_id=w1.id, code=f"H{n}", name=f"Tổ {n}",
                                                 households_total=100 * n, population=300 * n,
                                                 lat=12.24, lon=109.19)
    db.session.add_all(world.groups[f"h{n}"] for n in (3, 4, 5))
    db.session.commit()
    return w1


def url(ward):
    return f"/api/v1/wards/{ward.id}/group-changes"


def listing(client, headers, ward, on=None):
    query = f"?on={on.isoformat()}" if on else ""
    res = client.get(f"/api/v1/wards/{ward.id}/groups{query}", headers=headers)
    assert res.status_code == 200, res.get_json()
    return {g["code"]: g for g in res.get_json()}


def rearrangement(world):
    g = world.groups
    return {"effective_on": DAY.isoformat(), "changes": [
        {"op": "merge", "from": [g["g1"].id, g["g2"].id], "into": {"code": "M12", "name": "Tổ 1-2"}},
        {"op": "split", "from": g["h3"].id, "into": [
            {"code": "S3A", "name": "Tổ 3A", "households_total": 120},
            {"code": "S3B", "name": "Tổ 3B", "households_total": 180}]},
        {"op": "rename", "group_id": g["h4"].id, "name": "Tổ Hòa Bình"},
        {"op": "retire", "group_id": g["h5"].id}]}


def test_existing_groups_are_in_force_since_the_beginning(client, world, login, ward):
    found = listing(client, login("officer-w1"), ward, date(2001, 1, 1))
    assert set(found) == {"G1", "G2", "H3", "H4", "H5"}
    assert found["G1"]["valid_from"] is None and found["G1"]["valid_to"] is None
    assert found["G1"]["predecessor_ids"] == [] and found["G1"]["successor_ids"] == []


def test_a_rearrangement_applies_as_of_its_day(client, world, login, ward):
    headers = login("commander-w1")
    res = client.post(url(ward), json=rearrangement(world), headers=headers)
    assert res.status_code == 201, res.get_json()
    created = {g["code"]: g for g in res.get_json()}
    assert set(created) == {"M12", "S3A", "S3B"}
    merged = created["M12"]
    assert (merged["households_total"], merged["population"]) == (400, 1520)  # summed
    assert merged["valid_from"] == DAY.isoformat()
    g = world.groups
    assert sorted(merged["predecessor_ids"]) == sorted([g["g1"].id, g["g2"].id])
    before = listing(client, headers, ward, DAY - timedelta(days=1))
    assert set(before) == {"G1", "G2", "H3", "H4", "H5"}
    assert before["G1"]["valid_to"] == DAY.isoformat()
    assert before["G1"]["successor_ids"] == [merged["id"]]
    after = listing(client, headers, ward, DAY)
    assert set(after) == {"M12", "S3A", "S3B", "H4"}
    assert after["H4"]["name"] == "Tổ Hòa Bình"
    assert set(listing(client, headers, ward)) == set(after)  # today, by default
    assert db.session.scalar(select(GroupName.name).where(GroupName.group_id == g["h4"].id)) == "Tổ 4"
    actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.entity == "group"))
    assert sorted(actions) == ["merge", "rename", "retire", "split"]


def _refused(client, headers, ward, body):
    res = client.post(url(ward), json=body, headers=headers)
    assert res.status_code == 422, res.get_json()
    errors = res.get_json()["errors"]
    return errors.get("json", errors)  # the schema's refusals come under their location


BAD = [
    (lambda g: {"op": "retire", "group_id": g["g3"].id}, ("changes", "1", "group_id"), "outside_ward"),
    (lambda g: {"op": "merge", "from": [g["h4"].id], "into": {"code": "X", "name": "X"}},
     ("changes", "1", "from"), "merge_of_one"),
    (lambda g: {"op": "split", "from": g["h4"].id, "into": [{"code": "X", "name": "X"}]},
     ("changes", "1", "into"), "split_into_one"),
    (lambda g: {"op": "rename", "group_id": g["h4"].id, "code": "G1"}, ("changes", "1", "code"), "taken"),
    (lambda g: {"op": "merge", "from": [g["h4"].id, g["g1"].id], "into": {"code": "X", "name": "X"}},
     ("changes", "1", "from"), "used_twice"),
]


def test_one_bad_change_refuses_the_whole_request(client, world, login, ward):
    """Another ward's group, a merge of one, a split into one, a code in use, a group named
    twice: each refused under its change's index, the good change beside it not applied."""
    headers = login("commander-w1")
    for bad, field, code in BAD:
        body = {"effective_on": DAY.isoformat(), "changes": [
            {"op": "retire", "group_id": world.groups["g1"].id}, bad(world.groups)]}
        node = _refused(client, headers, ward, body)
        for key in field:
            node = node[key]
        assert code in node
    assert db.session.get(ResidentialGroup, world.groups["g1"].id).valid_to is None
    assert db.session.scalar(select(func.count()).select_from(GroupLink)) == 0


def test_a_stopped_group_and_a_closed_month_are_refused(client, world, login, ward):
    headers = login("commander-w1")
    retire = {"effective_on": DAY.isoformat(), "changes": [{"op": "retire", "group_id": world.groups["h5"].id}]}
    assert client.post(url(ward), json=retire, headers=headers).status_code == 201
    errors = _refused(client, headers, ward, retire)
    assert errors["changes"]["0"]["group_id"] == ["already_stopped"]
    db.session.add(PeriodClosure(ward_id=ward.id, month=date(2026, 10, 1), closed=True,
                                 closed_by_id=world.users["commander-w1"].id))
    db.session.commit()
    october = {"effective_on": "2026-10-15", "changes": [{"op": "retire", "group_id": world.groups["h4"].id}]}
    assert _refused(client, headers, ward, october) == {"effective_on": ["period_closed"]}


@pytest.mark.parametrize("caller,status", [("officer-w1", 403), ("commander-w2", 404),
                                           ("admin-p1", 201), ("admin-p2", 404)])
def test_only_the_ward_commander_or_its_province_admin_changes_groups(client, world, login, ward,
                                                                      caller, status):
    body = {"effective_on": DAY.isoformat(), "changes": [{"op": "retire", "group_id": world.groups["h5"].id}]}
    assert client.post(url(ward), json=body, headers=login(caller)).status_code == status


def test_two_commanders_at_once_one_wins_the_other_conflicts(app, world, login, ward, database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite serialises writers; the race is PostgreSQL's")
    g = world.groups
    first = {"effective_on": DAY.isoformat(), "changes": [
        {"op": "rename", "group_id": g["h4"].id, "name": "Tổ Một"},
        {"op": "merge", "from": [g["g1"].id, g["g2"].id], "into": {"code": "A12", "name": "A"}}]}
    second = {"effective_on": DAY.isoformat(), "changes": [
        {"op": "merge", "from": [g["g2"].id, g["g1"].id], "into": {"code": "B12", "name": "B"}},
        {"op": "rename", "group_id": g["h4"].id, "name": "Tổ Hai"}]}
    heads = [login("commander-w1"), login("admin-p1")]
    answers = post_together(app, url(ward), [first, second], heads)
    assert sorted(code for code, _ in answers) == [201, 409], answers
    db.session.expire_all()
    links = db.session.scalars(select(GroupLink.successor_id)).all()
    assert len(links) == 2 and len(set(links)) == 1
    winner = db.session.get(ResidentialGroup, links[0]).code
    assert db.session.get(ResidentialGroup, g["h4"].id).name == ("Tổ Một" if winner == "A12" else "Tổ Hai")
    assert db.session.scalar(select(func.count()).select_from(GroupName)) == 1


def test_sync_refuses_an_event_after_the_stop_and_names_the_successor(client, world, login, ward):
    stop = local_today() - timedelta(days=2)
    g = world.groups
    body = {"effective_on": stop.isoformat(), "changes": [
        {"op": "merge", "from": [g["g1"].id, g["g2"].id], "into": {"code": "M12", "name": "Tổ 1-2"}}]}
    merged = client.post(url(ward), json=body, headers=login("commander-w1")).get_json()[0]
    after = event_payload(g["g1"], occurred_at=at_local(1, 9))
    before = event_payload(g["g1"], occurred_at=at_local(3, 9))
    moved = {**after, "id": event_payload()["id"], "group_id": merged["id"]}
    answers = sync(client, login("officer-w1"), after, before, moved)
    assert answers[0]["status"] == "rejected"
    assert answers[0]["errors"] == {"group_id": ["group_stopped"]}
    assert answers[0]["successor_ids"] == [merged["id"]]
    assert [a["status"] for a in answers[1:]] == ["created", "created"]


def test_a_rearrangement_csv_previews_its_changes_then_applies_in_one_go(client, world, login, ward):
    headers = login("commander-w1")
    csv = ("code,name,kind,households_total,population,lat,lon,old_codes\n"
           "M12,Tổ 1-2,to_dan_pho,400,1500,,,G1 G2\n"
           "S3A,Tổ 3A,to_dan_pho,150,400,,,H3\n"
           "S3B,Tổ 3B,to_dan_pho,150,500,,,H3\n"
           "H4,Tổ Hòa Bình,to_dan_pho,400,1200,,,H4\n"
           "NEW,Tổ mới,to_dan_pho,10,20,,,\n")
    res = client.post(f"{url(ward)}/csv?effective_on={DAY.isoformat()}", headers=headers,
                      data={"file": (io.BytesIO(csv.encode()), "to.csv")},
                      content_type="multipart/form-data")
    assert res.status_code == 200, res.get_json()
    preview = res.get_json()
    assert sorted(c["op"] for c in preview["changes"]) == ["merge", "rename", "retire", "split"]
    assert preview["rows"][-1]["errors"] == {"old_codes": ["required_for_a_new_code"]}
    assert all(r["status"] == "read" for r in preview["rows"][:-1])
    assert listing(client, headers, ward, DAY)["H5"]  # nothing applied yet
    body = {"effective_on": preview["effective_on"], "changes": preview["changes"]}
    assert client.post(url(ward), json=body, headers=headers).status_code == 201
    assert set(listing(client, headers, ward, DAY)) == {"M12", "S3A", "S3B", "H4"}


def test_a_rename_before_or_on_the_day_of_the_last_one_is_refused(client, world, login, ward):
    headers = login("commander-w1")
    rename = {"effective_on": DAY.isoformat(), "changes": [
        {"op": "rename", "group_id": world.groups["h4"].id, "name": "Tổ Bình An"}]}
    assert client.post(url(ward), json=rename, headers=headers).status_code == 201
    again = {**rename, "changes": [{**rename["changes"][0], "name": "Tổ An Bình"}]}
    errors = _refused(client, headers, ward, again)
    assert errors["changes"]["0"]["effective_on"] == ["before_last_change"]
