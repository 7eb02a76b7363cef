"""Personal data in free text: the scanner's shared table of cases (the phone checks the same
table, tests/browser/test_form.py), and every free-text field a user types refusing an ID or a
phone number however it is written."""
import io
import json
from pathlib import Path

import pytest
from marshmallow import Schema, ValidationError

from server.fields import FreeText
from server.personal_data import looks_personal
from tests.factories import event_payload
from tests.outreach.helpers import SYNC, sync

CASES = json.loads((Path(__file__).parents[1] / "data" / "pii_cases.json").read_text("utf-8"))
PHONE = "(+84) 905 123 456"


@pytest.mark.parametrize("text", CASES["personal"])
def test_the_scanner_finds_personal_data(text):
    assert looks_personal(text) is True


@pytest.mark.parametrize("text", CASES["not_personal"])
def test_the_scanner_leaves_ordinary_numbers_alone(text):
    assert looks_personal(text) is False


class _Note(Schema):
    note = FreeText(20)


@pytest.mark.parametrize("value,code", [
    ("SĐT 0905 - 123 - 456", "contains_personal_data"),
    ("a\x00b", "nul_character"),
    ("x" * 21, "too_long"),
])
def test_the_free_text_field_answers_codes(value, code):
    with pytest.raises(ValidationError) as err:
        _Note().load({"note": value})
    assert err.value.messages == {"note": [code]}


def test_an_event_note_is_scanned(client, world, login):
    bad = event_payload(world.groups["g1"], note=f"Gọi {PHONE}")
    [result] = sync(client, login("officer-w1"), bad)
    assert result["errors"] == {"note": ["contains_personal_data"]}


def test_a_review_comment_is_scanned(client, world, login):
    visit = event_payload(world.groups["g1"])
    sync(client, login("officer-w1"), visit)
    res = client.post(f"/api/v1/events/{visit['id']}/review", headers=login("commander-w1"),
                      json={"status": "returned", "comment": f"Gọi lại {PHONE}"})
    _assert_refused(res, "comment")


def test_a_reopen_reason_is_scanned(client, world, as_user):
    w1 = world.wards["w1"]
    assert client.put(f"/api/v1/wards/{w1.id}/closures/2025-03",
                      headers=as_user("commander-w1")).status_code == 200
    res = client.post(f"/api/v1/wards/{w1.id}/closures/2025-03/reopen", headers=as_user("admin-p1"),
                      json={"reason": "Ông A, CCCD 079/203/012/345, bổ sung hồ sơ"})
    _assert_refused(res, "reason")


def test_a_group_name_is_scanned_when_created_edited_or_imported(client, world, as_user):
    w1, headers = world.wards["w1"], as_user("commander-w1")
    res = client.post(f"/api/v1/wards/{w1.id}/groups", headers=headers,
                      json={"code": "T99", "name": f"Tổ trưởng {PHONE}"})
    _assert_refused(res, "name")
    res = client.patch(f"/api/v1/groups/{world.groups['g1'].id}", headers=headers,
                       json={"name": "Tổ 1 (0905) 123 456"})
    _assert_refused(res, "name")
    csv = "code,name\nT98,Tổ 98\nT99,Tổ 99 - 079_203_012_345\n"
    res = client.post(f"/api/v1/wards/{w1.id}/groups/import", headers=headers,
                      data={"file": (io.BytesIO(csv.encode()), "groups.csv")},
                      content_type="multipart/form-data")
    assert res.status_code == 200, res.get_json()
    good, bad = res.get_json()["rows"]
    assert good["status"] == "created"
    assert bad["status"] == "rejected" and bad["errors"] == {"name": ["contains_personal_data"]}


def test_a_target_note_is_scanned(client, world, as_user):
    res = client.put(f"/api/v1/wards/{world.wards['w1'].id}/targets", headers=as_user("commander-w1"),
                     json={"kind": "events", "month": "2025-03", "value": 10,
                           "note": "Hỏi chị B +84 (0) 905 123 456"})
    _assert_refused(res, "note")


def _assert_refused(res, field):
    body = res.get_json()
    assert res.status_code == 422, body
    assert body["errors"]["json"][field] == ["contains_personal_data"]
