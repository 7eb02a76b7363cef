"""Property-based tests of every endpoint that takes a list (or a file of rows): whatever hostile
values a careless phone or an attacker sends — far-off instants and offsets, wrong JSON types,
huge, negative and fractional numbers, control and zero-width characters, very long text,
nested objects — the answer is never a 500. Per-row endpoints (sync, the CSV imports) answer
each row and keep every good one exactly once; whole-request endpoints answer 200 or a 4xx in
the one error shape."""
import csv
import io
import uuid
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from server.areas.models import ResidentialGroup
from server.metrics.models import SERVICE_GROUPS, EidStat, FilingStat
from server.outreach.models import COUNT_FIELDS, KINDS, Event
from server.extensions import db
from tests.factories import event_payload
from tests.outreach.helpers import SYNC

SETTINGS = settings(max_examples=40, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])

# ---- hostile values ----------------------------------------------------------------------------

ODD_CHARS = "\x00\x01\x07\x1b\x7f\u200b\u200c\u200d\u2060\ufeff\u202e\u00a0\ud7ff\U0001f600"
odd_text = st.text(alphabet=st.sampled_from(ODD_CHARS) | st.characters(codec="utf-8"),
                   max_size=40)
long_text = st.integers(501, 20_000).map(lambda n: "Tổ 7 " * (n // 5))


@st.composite
def far_instants(draw):
    """An ISO time anywhere in years 1–9999 with an offset up to ±23:59."""
    when = draw(st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)))
    offset = timezone(timedelta(minutes=draw(st.integers(-1439, 1439))))
    return when.replace(tzinfo=offset).isoformat()


EDGE_INSTANTS = st.sampled_from([
    "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00Z",
    "9999-12-31T23:59:59+23:59", "2025-13-01T00:00:00+07:00", "2025-01-01T24:00:00+07:00",
    "2025-01-01T00:00:00", "2025-01-01", "now", "", "2025-01-01T00:00:00+99:00"])
numbers = st.one_of(
    st.integers(-(10**40), 10**40), st.sampled_from([2**31, 2**31 - 1, -(2**31), 2**63, 10**400]),
    st.floats(allow_nan=False, allow_infinity=False), st.sampled_from([0.5, -0.0, 1e308, -1e-308]))
scalars = st.one_of(st.none(), st.booleans(), numbers, odd_text, long_text, far_instants(),
                    EDGE_INSTANTS)
hostile = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3)
                       | st.dictionaries(odd_text, inner, max_size=3), max_leaves=6)

EVENT_FIELDS = ("id", "kind", "group_id", "occurred_at", "duration_min", "lat", "lon",
                "accuracy_m", "note", "base_version", "rev", "deleted", *COUNT_FIELDS)


@st.composite
def hostile_events(draw, group):
    """An event whose every field may take a hostile value, be left out, or stay valid."""
    event = event_payload(group, id=str(draw(st.uuids())))
    for name in EVENT_FIELDS:
        choice = draw(st.sampled_from(("hostile", "hostile", "missing", "valid")))
        if choice == "hostile":
            event[name] = draw(hostile)
        elif choice == "missing":
            event.pop(name, None)
    if draw(st.booleans()):
        event[draw(odd_text)] = draw(hostile)  # an unknown field, perhaps nested
    return draw(st.sampled_from([event, event, draw(hostile)]))


# ---- sync --------------------------------------------------------------------------------------

def test_sync_answers_every_event_and_stores_every_valid_one_once(client, world, login):
    officer, g1 = login("officer-w1"), world.groups["g1"]

    @given(st.data())
    @SETTINGS
    def run(data):
        good = [event_payload(g1) for _ in range(data.draw(st.integers(1, 3)))]
        bad = data.draw(st.lists(hostile_events(g1), min_size=1, max_size=4))
        batch = data.draw(st.permutations(good + bad))
        before = db.session.scalar(select(func.count(Event.id)))
        res = client.post(SYNC, json={"events": batch}, headers=officer)
        assert res.status_code == 200, res.get_data(as_text=True)[:500]
        results = res.get_json()["results"]
        assert len(results) == len(batch)
        answers = {r["id"]: r for r in results if r["id"] is not None}
        db.session.expire_all()
        for event in good:
            assert answers[event["id"]]["status"] == "created"
            assert db.session.scalar(select(func.count(Event.id))
                                     .where(Event.id == event["id"])) == 1
        created = sum(1 for r in results if r["status"] == "created")
        assert db.session.scalar(select(func.count(Event.id))) == before + created

    run()


# ---- CSV imports -------------------------------------------------------------------------------

csv_cell = st.one_of(odd_text.map(lambda t: t.replace("\x00", "")), long_text,
                     numbers.map(str), st.sampled_from(["nan", "inf", "-1", "1e999", "1.5", ""]))


def _csv(header, rows):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return io.BytesIO(out.getvalue().encode("utf-8"))


def _import_mixed(client, url, headers, header, good, data, is_row=bool):
    """Upload the good rows shuffled among hostile ones: 200, one answer per row (`is_row`: a
    line of the file that is a row, not an empty line)."""
    bad = data.draw(st.lists(st.lists(csv_cell, max_size=len(header) + 2), min_size=1,
                             max_size=4))
    rows = data.draw(st.permutations(good + bad))
    res = client.post(url, headers=headers, content_type="multipart/form-data",
                      data={"file": (_csv(header, rows), "rows.csv")})
    assert res.status_code == 200, res.get_data(as_text=True)[:500]
    assert len(res.get_json()["rows"]) == sum(1 for row in rows if is_row(row))
    db.session.expire_all()


GROUP_HEADER = ("code", "name", "kind", "households_total", "population", "lat", "lon")


def test_group_import_answers_every_row_and_keeps_every_valid_one(client, world, as_user):
    ward, headers = world.wards["w1"], as_user("commander-w1")

    @given(st.data())
    @SETTINGS
    def run(data):
        good = [[f"OK{uuid.uuid4().hex[:8]}", f"Tổ dân phố {n}", "to_dan_pho", "120", "480",
                 "12.25", "109.19"] for n in range(data.draw(st.integers(1, 3)))]
        _import_mixed(client, f"/api/v1/wards/{ward.id}/groups/import", headers, GROUP_HEADER,
                      good, data)
        for code, name, *_ in good:
            group = db.session.scalar(select(ResidentialGroup).where(
                ResidentialGroup.ward_id == ward.id, ResidentialGroup.code == code))
            assert group is not None and group.name == name

    run()


FILING_HEADER = ("ward_code", "month", "service_group", "total", "online", "in_person")


def test_filing_import_answers_every_row_and_keeps_every_valid_one(client, world, as_user):
    province, headers = world.provinces["p1"], as_user("admin-p1")
    ward_code = world.wards["w1"].code
    groups = st.sampled_from(SERVICE_GROUPS[4:])  # never residence beside its procedures
    keys = st.tuples(st.integers(2021, 2024), st.integers(1, 12), groups)

    @given(st.data())
    @SETTINGS
    def run(data):
        good = [[ward_code, f"{year}-{month:02d}", group, "100", "60", "40"]
                for year, month, group in data.draw(st.lists(keys, min_size=1, max_size=3,
                                                             unique=True))]
        _import_mixed(client, f"/api/v1/provinces/{province.id}/filing-stats/import", headers,
                      FILING_HEADER, good, data)
        for _, month, group, *_ in good:
            stored = db.session.scalar(select(FilingStat).where(
                FilingStat.ward_id == world.wards["w1"].id, FilingStat.service_group == group,
                FilingStat.month == datetime.strptime(month, "%Y-%m").date()))
            assert stored is not None and (stored.total, stored.online) == (100, 60)

    run()


EID_HEADER = ("ward_code", "month", "eligible", "activated")


def test_eid_import_answers_every_row_and_keeps_every_valid_one(client, world, as_user):
    province, headers, ward = world.provinces["p1"], as_user("admin-p1"), world.wards["w1"]
    months = st.tuples(st.integers(2021, 2024), st.integers(1, 12))

    @given(st.data())
    @SETTINGS
    def run(data):
        good = [[ward.code, f"{month:02d}/{year}", "12.345", "6.789"]
                for year, month in data.draw(st.lists(months, min_size=1, max_size=3, unique=True))]
        _import_mixed(client, f"/api/v1/provinces/{province.id}/eid-stats/import", headers,
                      EID_HEADER, good, data, is_row=any)  # a line of empty cells: no row
        for _, month, *_ in good:
            stored = db.session.scalar(select(EidStat).where(
                EidStat.ward_id == ward.id,
                EidStat.month == datetime.strptime(month, "%m/%Y").date()))
            assert stored is not None and (stored.eligible, stored.activated) == (12345, 6789)

    run()


# ---- whole-request endpoints that take a list or an object -------------------------------------

def _refused_cleanly(res):
    """200 (the request was acceptable) or a 4xx in the one error shape; never a 5xx."""
    if res.status_code < 300:
        return
    body = res.get_json()
    assert 400 <= res.status_code < 500, res.get_data(as_text=True)[:500]
    assert body["code"] == res.status_code and body["status"] and body["message"]


def _hostile_object(names):
    return st.fixed_dictionaries({}, optional={name: hostile for name in names}) | hostile


@pytest.mark.parametrize("method,path,user,names", [
    ("put", "/api/v1/wards/{w1}/filing-stats/2025-03", "commander-w1", ("rows",)),
    ("put", "/api/v1/wards/{w1}/targets", "commander-w1",
     ("kind", "month", "from", "to", "value", "note")),
    ("post", "/api/v1/wards/{w1}/groups", "commander-w1", GROUP_HEADER + ("boundary",)),
    ("patch", "/api/v1/groups/{g1}", "commander-w1", GROUP_HEADER + ("boundary",)),
    ("put", "/api/v1/me/last-ward", "admin-p1", ("ward_id",)),
    ("put", "/api/v1/wards/{w1}/eid-stats/2025-03", "commander-w1", ("eligible", "activated")),
    ("put", "/api/v1/provinces/{p1}/rate-targets", "admin-p1", ("targets",)),
])
def test_list_and_object_bodies_are_answered_without_a_500(client, world, as_user, method, path,
                                                          user, names):
    url = path.format(w1=world.wards["w1"].id, g1=world.groups["g1"].id,
                      p1=world.provinces["p1"].id)
    headers = as_user(user)
    rows = st.lists(_hostile_object(("service_group", "total", "online", "in_person")), max_size=5)
    targets = st.lists(_hostile_object(("service_group", "target_pct")), max_size=5)

    @given(body=_hostile_object(names) | st.fixed_dictionaries({"rows": rows})
           | st.fixed_dictionaries({"targets": targets}))
    @SETTINGS
    def run(body):
        _refused_cleanly(getattr(client, method)(url, json=body, headers=headers))

    run()


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_of_valid_event_is_still_created_beside_hostile_ones(client, world, login,
                                                                       kind):
    """A fixed example per kind, so the property's valid events are not only household visits."""
    main = {"meeting": "attendees", "household_visit": "households_visited",
            "support_session": "people_assisted", "leaflet_drop": "leaflets"}.get(kind)
    good = event_payload(world.groups["g1"], kind=kind, **({main: 3} if main else {}))
    bad = {**event_payload(world.groups["g1"]), "occurred_at": "0001-01-01T00:00:00+14:00",
           "lat": 10**400, "note": "a\u0000b"}
    res = client.post(SYNC, json={"events": [bad, good]}, headers=login("officer-w1"))
    assert res.status_code == 200, res.get_json()
    first, second = res.get_json()["results"]
    assert first["status"] == "rejected" and second["status"] == "created"
