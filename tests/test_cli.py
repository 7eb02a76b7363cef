"""The command line of API.md: load-units, create-user, seed-demo."""
import re

import pytest
from sqlalchemy import func, select

from server.areas.models import Province, ResidentialGroup, Ward
from server.auth.models import User
from server.auth.passwords import verify_password
from server.extensions import db
from server.outreach.models import Event

DEMO_PASSWORD = "demo passphrase 2025"


def count(model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def invoke(runner, *args, **kwargs):
    result = runner.invoke(args=list(args), **kwargs)
    db.session.expire_all()
    return result


def test_load_units_of_one_province(runner):
    result = invoke(runner, "load-units", "--province", "56")
    assert result.exit_code == 0, result.output
    assert "1 province(s) and 65 ward(s)" in result.output
    province = db.session.scalar(select(Province))
    assert (count(Province), province.code, province.short_name) == (1, "56", "Khánh Hòa")
    assert count(Ward) == 65 and count(Ward, Ward.province_id == province.id) == 65
    nha_trang = db.session.scalar(select(Ward).where(Ward.code == "22366"))
    assert nha_trang.name == "Phường Nha Trang"
    assert 12 < nha_trang.lat < 13 and 109 < nha_trang.lon < 110


def test_load_units_twice_changes_nothing(runner):
    invoke(runner, "load-units", "--province", "56")
    result = invoke(runner, "load-units", "--province", "56")
    assert result.exit_code == 0
    assert (count(Province), count(Ward)) == (1, 65)


def test_load_units_of_an_unknown_province_fails_clearly(runner):
    result = invoke(runner, "load-units", "--province", "99")
    assert result.exit_code != 0
    assert "99" in result.output
    assert count(Province) == 0


@pytest.mark.parametrize("args,role,ward_code", [
    (["--role", "officer", "--ward", "22366"], "officer", "22366"),
    (["--role", "commander", "--ward", "22333", "--full-name", "Trần Văn Chỉ Huy"], "commander", "22333"),
    (["--role", "admin", "--province", "56"], "admin", None),
])
def test_create_user_reads_the_password_from_stdin(runner, world, args, role, ward_code):
    result = invoke(runner, "create-user", "nguyen.van.a", *args, input="mật khẩu đủ dài\n")
    assert result.exit_code == 0, result.output
    assert "nguyen.van.a" in result.output
    user = db.session.scalar(select(User).where(User.username == "nguyen.van.a"))
    assert user.role == role and user.active
    assert (user.ward.code if user.ward else None) == ward_code
    assert user.province_id == world.provinces["p1"].id
    assert verify_password(user.password_hash, "mật khẩu đủ dài")


def test_create_user_national_has_no_ward_and_no_province(runner, world, client):
    result = invoke(runner, "create-user", "bo.cong.an", "--role", "national",
                    input="mật khẩu đủ dài\n")
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.username == "bo.cong.an"))
    assert (user.role, user.ward_id, user.province_id) == ("national", None, None)
    res = client.post("/api/v1/auth/login", json={"username": "bo.cong.an",
                                                  "password": "mật khẩu đủ dài"})
    assert res.status_code == 200
    me = res.get_json()["user"]
    assert (me["role"], me["ward_id"], me["province_id"]) == ("national", None, None)


def test_created_user_can_log_in(runner, world, client):
    invoke(runner, "create-user", "nguyen.van.b", "--role", "volunteer", "--ward", "22366",
           input="mật khẩu đủ dài\n")
    res = client.post("/api/v1/auth/login", json={"username": "nguyen.van.b", "password": "mật khẩu đủ dài"})
    assert res.status_code == 200


@pytest.mark.parametrize("args,password,message", [
    (["--role", "officer", "--ward", "99999"], "mật khẩu đủ dài", "phường"),
    (["--role", "admin", "--province", "99"], "mật khẩu đủ dài", "tỉnh"),
    (["--role", "officer", "--ward", "22366"], "short", "8"),
    (["--role", "officer", "--ward", "22366"], "12345678", "phổ biến"),
    (["--role", "chief", "--ward", "22366"], "mật khẩu đủ dài", "chief"),
])
def test_create_user_refuses_clearly(runner, world, args, password, message):
    result = invoke(runner, "create-user", "nguyen.van.c", *args, input=password + "\n")
    assert result.exit_code != 0
    assert message in result.output
    assert count(User, User.username == "nguyen.van.c") == 0


def test_create_user_refuses_a_taken_username(runner, world):
    result = invoke(runner, "create-user", "officer-w1", "--role", "officer", "--ward", "22366",
                    input="mật khẩu đủ dài\n")
    assert result.exit_code != 0
    assert count(User, User.username == "officer-w1") == 1


def _demo_counts(ward):
    return (count(ResidentialGroup, ResidentialGroup.ward_id == ward.id),
            count(User, User.username.like("demo-%")), count(Event))


def test_seed_demo_builds_the_ward_once(runner, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", DEMO_PASSWORD)
    invoke(runner, "load-units", "--province", "56")
    result = invoke(runner, "seed-demo")
    assert result.exit_code == 0, result.output
    assert DEMO_PASSWORD not in result.output
    ward = db.session.scalar(select(Ward).where(Ward.code == "22366"))
    groups, users, events = _demo_counts(ward)
    assert (groups, users) == (23, 9)  # 20, then a merge, a split and a rename add 3 (4 stop)
    assert events > 200
    roles = dict(db.session.execute(select(User.role, func.count()).where(
        User.username.like("demo-%")).group_by(User.role)).all())
    assert roles == {"admin": 1, "commander": 1, "officer": 4, "volunteer": 3}
    assert count(Event, Event.ward_id != ward.id) == 0
    first, last = db.session.execute(select(func.min(Event.local_date), func.max(Event.local_date))).one()
    assert (last - first).days >= 80
    kinds = set(db.session.scalars(select(Event.kind).distinct()))
    assert kinds == {"meeting", "household_visit", "support_session", "leaflet_drop", "digital_post"}
    reached = set(db.session.scalars(select(Event.group_id).distinct()))
    assert len(reached - {None}) < groups  # at least one group never reached: a gap to find
    second = invoke(runner, "seed-demo")
    assert second.exit_code == 0
    assert _demo_counts(ward) == (groups, users, events)


def test_seed_demo_users_log_in_with_the_printed_password(runner, client, monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    invoke(runner, "load-units", "--province", "56")
    result = invoke(runner, "seed-demo")
    assert result.exit_code == 0, result.output
    match = re.search(r"Demo password[^:]*: (\S+)", result.output)
    assert match, result.output
    for username in ("demo-officer", "demo-commander", "demo-admin", "demo-volunteer-3"):
        res = client.post("/api/v1/auth/login", json={"username": username, "password": match.group(1)})
        assert res.status_code == 200, username
    assert match.group(1) not in invoke(runner, "seed-demo").output  # shown once
