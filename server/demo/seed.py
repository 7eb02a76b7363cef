"""seed-demo: residential groups, users and three months of outreach for one real ward."""
import math
import os
import random
import secrets
import uuid
from datetime import datetime, time, timedelta

from sqlalchemy import select

from ..areas.changes import apply_group_changes
from ..areas.models import ResidentialGroup, Ward
from ..areas.service import list_groups_on, load_units
from ..auth.models import User
from ..auth.service import add_user
from ..errors import Invalid
from ..extensions import db
from ..metrics.demo import seed_outcomes
from ..outreach.counts import COUNT_FIELDS
from ..origin import Origin
from ..outreach.service import record_event
from ..periods import local_today
from ..support.demo import seed_channels
from ..timeutil import LOCAL_TZ, utcnow

NEIGHBOURHOODS = ["Xương Huân", "Vạn Thắng", "Vạn Thạnh", "Phương Sài", "Phương Sơn",
                  "Tân Lập", "Lộc Thọ", "Phước Tiến", "Phước Tân", "Phước Hòa"]
USERS = [
    ("demo-admin", "Nguyễn Thị Thanh Hương", "admin"),
    ("demo-commander", "Trần Văn Hùng", "commander"),
    ("demo-officer", "Lê Minh Quân", "officer"),
    ("demo-officer-2", "Phạm Đức Thắng", "officer"),
    ("demo-officer-3", "Võ Thị Mỹ Linh", "officer"),
    ("demo-officer-4", "Huỳnh Tấn Phát", "officer"),
    ("demo-volunteer", "Đặng Ngọc Anh", "volunteer"),
    ("demo-volunteer-2", "Bùi Quốc Huy", "volunteer"),
    ("demo-volunteer-3", "Ngô Thảo Vy", "volunteer"),
]
OFFICER_KINDS = (["household_visit"] * 9 + ["support_session"] * 4 + ["meeting"] * 3
                 + ["leaflet_drop"] * 2 + ["digital_post"])
VOLUNTEER_KINDS = (["support_session"] * 4 + ["leaflet_drop"] * 3 + ["digital_post"] * 3
                   + ["household_visit"] * 2)
NOTES = ["Hướng dẫn cài VNeID cho người cao tuổi", "Nhiều hộ vắng nhà, hẹn quay lại",
         "Phối hợp chi đoàn khu phố", "Hỗ trợ nộp hồ sơ đăng ký thường trú trực tuyến",
         "Bà con hỏi về tích hợp giấy phép lái xe", "Mạng yếu, hỗ trợ kích hoạt ngoại tuyến",
         None, None, None]
REARRANGED_DAYS_AGO = 21  # the demo ward's groups were rearranged three weeks ago


def seed_demo(ward_code, days=90, seed=6):
    """Build the demo ward once; a second run changes nothing. Returns lines to print."""
    if db.session.scalar(select(User.id).where(User.username == "demo-commander")):
        return ["Demo ward already loaded; nothing to do."]
    rng = random.Random(seed)
    ward = _ward(ward_code)
    groups = _groups(ward, rng)
    password, shown = _demo_password()
    users = {name: add_user(name, password, role, full, None if role == "admin" else ward,
                            ward.province) for name, full, role in USERS}
    moved = _rearrange(ward, groups, users["demo-commander"])
    _areas(list_groups_on(ward), users)  # today's groups: the rearranged ones, not those stopped
    count = _events(ward, groups, users, rng, days, moved)
    outcomes = seed_outcomes(ward, users, rng)
    channels = seed_channels(ward)
    db.session.commit()
    lines = [f"Demo ward: {ward.name} ({ward.code}), {len(groups)} residential groups, "
             f"{len(users)} users, {count} events over {days} days."]
    lines.append(outcomes)
    lines.append(channels)
    lines.append("Users: " + ", ".join(users))
    if shown:
        lines.append(f"Demo password (shown once, set DEMO_PASSWORD to choose it): {password}")
    return lines


# The officers in charge of the groups (each answers for an area of five); the last officer and
# the volunteers have none, and plan their days from the ward's needs.
AREA_OFFICERS = ("demo-officer", "demo-officer-2", "demo-officer-3")
AREA_SIZE = 5


def _areas(groups, users):
    for i, name in enumerate(AREA_OFFICERS):
        for group in groups[AREA_SIZE * i:AREA_SIZE * (i + 1)]:
            group.officer_id = users[name].id


def _ward(code):
    ward = db.session.scalar(select(Ward).where(Ward.code == code))
    if ward is None:
        load_units(None)
        ward = db.session.scalar(select(Ward).where(Ward.code == code))
    if ward is None:
        raise Invalid(f"Không có phường mã {code}.")
    return ward


def _demo_password():
    password = os.environ.get("DEMO_PASSWORD")
    if password:
        return password, False
    return "nt-" + secrets.token_urlsafe(9), True


def _groups(ward, rng):
    groups = []
    radius_km = min(2.2, max(0.8, math.sqrt(ward.area_km2 or 4) / 3))
    for n in range(20):
        angle = 2 * math.pi * n / 20 + rng.uniform(-0.15, 0.15)
        dist = radius_km * (0.35 + 0.65 * ((n * 7) % 20) / 20)
        households = rng.randrange(180, 520)
        group = ResidentialGroup(
            ward_id=ward.id, code=f"TDP{n + 1:02d}",
            name=f"Tổ dân phố {NEIGHBOURHOODS[n % 10]} {n // 10 + 1}", kind="to_dan_pho",
            households_total=households, population=int(households * rng.uniform(3.4, 4.1)),
            lat=round(ward.lat + dist * math.sin(angle) / 110.57, 6),
            lon=round(ward.lon + dist * math.cos(angle) / (111.32 * math.cos(math.radians(ward.lat))), 6),
        )
        db.session.add(group)
        groups.append(group)
    db.session.flush()
    return groups


def _rearrange(ward, groups, commander):
    """One past rearrangement (DESIGN.md §8), so a newcomer sees history at once: TDP01 and
    TDP02 merged, TDP03 split in two, TDP04 renamed. Returns (its day, {stopped group id:
    the groups that took its place})."""
    day = local_today() - timedelta(days=REARRANGED_DAYS_AGO)
    first, second, third, fourth = groups[:4]
    half = third.households_total // 2
    created = apply_group_changes(ward, {"effective_on": day, "changes": [
        {"op": "merge", "from_": [first.id, second.id],
         "into": {"code": "TDP21", "name": "Tổ dân phố Xương Huân - Vạn Thắng", "kind": "to_dan_pho"}},
        {"op": "split", "from_": third.id, "into": [
            {**_part(third, half, 0.6), "code": "TDP22", "name": "Tổ dân phố Vạn Thạnh Đông"},
            {**_part(third, third.households_total - half, 0.4), "code": "TDP23",
             "name": "Tổ dân phố Vạn Thạnh Tây"}]},
        {"op": "rename", "group_id": fourth.id, "name": "Tổ dân phố Hòa Bình"}]},
        Origin(actor_id=commander.id))
    return day, {first.id: created[:1], second.id: created[:1], third.id: created[1:]}


def _part(group, households, share):
    """A part of a split group: its households, a share of its people, beside its centre."""
    return {"kind": group.kind, "households_total": households,
            "population": int(group.population * share),
            "lat": round(group.lat + (0.002 if share > 0.5 else -0.002), 6), "lon": group.lon}


def _events(ward, groups, users, rng, days, moved):
    """Outreach by each field user in their own groups; a few groups left as gaps. From the
    rearrangement's day on, a stopped group's events go to the groups that took its place."""
    field = [u for u in users.values() if u.role in ("officer", "volunteer", "commander")]
    officers = [u for u in field if u.role == "officer"]
    lapsed = groups[-4:-1]  # three not reached in 30 days; the last group never
    active = groups[:-4]
    beats = {u.id: active[i::len(officers)] for i, u in enumerate(officers)}
    today = datetime.now(LOCAL_TZ).date()
    count = 0
    for user in field:
        per_week = {"officer": 5, "volunteer": 3, "commander": 1}[user.role]
        for offset in range(days, -1, -1):
            day = today - timedelta(days=offset)
            if rng.random() > per_week / 7:
                continue
            pool = beats.get(user.id) or active
            if offset > 35 and rng.random() < 0.15:
                pool = lapsed
            group = rng.choice(pool)
            if day >= moved[0] and group.id in moved[1]:
                group = rng.choice(moved[1][group.id])
            kinds = VOLUNTEER_KINDS if user.role == "volunteer" else OFFICER_KINDS
            data = _event_data(rng, rng.choice(kinds), group, day)
            if data["occurred_at"] > datetime.now(LOCAL_TZ):
                continue
            record_event(user, data, group, created_at=utcnow())
            count += 1
    return count


def _event_data(rng, kind, group, day):
    start = datetime.combine(day, time(rng.choice([7, 8, 9, 14, 15, 16, 19]), rng.choice([0, 15, 30])),
                             LOCAL_TZ)
    counts = _counts(rng, kind)
    data = {"id": uuid.uuid4(), "kind": kind, "group_id": group.id, "occurred_at": start,
            "note": rng.choice(NOTES), **counts}
    if rng.random() < 0.88:
        far = rng.random() < 0.03
        spread = 0.03 if far else 0.0025
        data.update(lat=round(group.lat + rng.uniform(-spread, spread), 6),
                    lon=round(group.lon + rng.uniform(-spread, spread), 6),
                    accuracy_m=float(rng.choice([5, 8, 12, 20, 35, 60])))
    else:
        data.update(lat=None, lon=None, accuracy_m=None)
    return data


def _counts(rng, kind):
    r = rng.randint
    zero = dict.fromkeys(COUNT_FIELDS, 0)
    if kind == "meeting":
        people = r(25, 90)
        installs = r(3, people // 4)
        return {**zero, "duration_min": r(60, 120), "attendees": people, "people_assisted": r(5, 20),
                "vneid_installs": installs, "vneid_activations": r(1, installs),
                "dvc_filings": r(0, 6), "leaflets": r(20, people)}
    if kind == "household_visit":
        homes = r(4, 22)
        installs = r(0, homes)
        return {**zero, "duration_min": r(45, 180), "households_visited": homes,
                "people_assisted": r(homes // 2, homes * 2), "vneid_installs": installs,
                "vneid_activations": r(0, installs), "dvc_filings": r(0, 4), "leaflets": r(0, homes)}
    if kind == "support_session":
        people = r(12, 60)
        installs = r(people // 4, people // 2)
        return {**zero, "duration_min": r(120, 240), "people_assisted": people,
                "vneid_installs": installs, "vneid_activations": r(installs // 2, installs),
                "dvc_filings": r(people // 5, people // 2)}
    if kind == "leaflet_drop":
        return {**zero, "duration_min": r(30, 120), "leaflets": r(80, 400),
                "households_visited": r(0, 40)}
    return {**zero, "duration_min": r(10, 30), "online_reach": r(150, 3500)}
