"""Test data: a small two-province world, and valid event payloads to vary."""
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from server.areas.models import Province, ResidentialGroup, Ward
from server.auth.models import User
from server.auth.passwords import hash_password
from server.extensions import db

PASSWORD = "correct horse battery"
VN = timezone(timedelta(hours=7))
FIELD_ROLES = ("officer", "volunteer", "commander")


@dataclass
class World:
    provinces: dict = field(default_factory=dict)   # p1, p2 → Province
    wards: dict = field(default_factory=dict)       # w1, w2 (p1), w3 (p2) → Ward
    groups: dict = field(default_factory=dict)      # g1, g2 (w1), g3 (w2), g4 (w3)
    users: dict = field(default_factory=dict)       # "officer-w1", "admin-p1", ...

    @classmethod
    def build(cls):
        w = cls()
        w.provinces["p1"] = Province(code="56", name="Tỉnh Khánh Hòa", short_name="Khánh Hòa",
                                     lat=12.25, lon=109.19)
        w.provinces["p2"] = Province(code="01", name="Thành phố Hà Nội", short_name="Hà Nội",
                                     lat=21.0, lon=105.7)
        w.wards["w1"] = Ward(code="22366", name="Phường Nha Trang", kind="Phường",
                             province=w.provinces["p1"], lat=12.24579, lon=109.19533)
        w.wards["w2"] = Ward(code="22333", name="Phường Bắc Nha Trang", kind="Phường",
                             province=w.provinces["p1"], lat=12.3221, lon=109.171)
        w.wards["w3"] = Ward(code="00004", name="Phường Ba Đình", kind="Phường",
                             province=w.provinces["p2"], lat=21.0386, lon=105.838)
        for key, ward, dlat in (("g1", "w1", 0.002), ("g2", "w1", -0.004), ("g3", "w2", 0.001),
                                ("g4", "w3", 0.001)):
            wd = w.wards[ward]
            w.groups[key] = ResidentialGroup(
                ward=wd, code=key.upper(), name=f"Tổ dân phố {key[1:]}", kind="to_dan_pho",
                households_total=200, population=760, lat=wd.lat + dlat, lon=wd.lon)
        db.session.add_all([*w.provinces.values(), *w.wards.values(), *w.groups.values()])
        db.session.flush()
        hashed = hash_password(PASSWORD)
        for ward_key, ward in w.wards.items():
            for role in FIELD_ROLES:
                w.users[f"{role}-{ward_key}"] = User(
                    username=f"{role}-{ward_key}", full_name=f"{role} {ward.name}", role=role,
                    ward_id=ward.id, province_id=ward.province_id, password_hash=hashed)
        for pkey, province in w.provinces.items():
            w.users[f"admin-{pkey}"] = User(username=f"admin-{pkey}", full_name="Quản trị",
                                            role="admin", province_id=province.id,
                                            password_hash=hashed)
        db.session.add_all(w.users.values())
        db.session.commit()
        return w


def event_payload(group=None, **overrides):
    """A valid household visit an hour ago, in Vietnamese local time."""
    data = {
        "id": str(uuid.uuid4()),
        "kind": "household_visit",
        "group_id": group.id if group is not None else None,
        "occurred_at": (datetime.now(VN) - timedelta(hours=1)).replace(microsecond=0).isoformat(),
        "duration_min": 60,
        "households_visited": 8,
        "people_assisted": 10,
        "vneid_installs": 3,
        "vneid_activations": 2,
        "dvc_filings": 1,
        "leaflets": 8,
        "online_reach": 0,
        "attendees": 0,
        "lat": group.lat if group is not None else None,
        "lon": group.lon if group is not None else None,
        "accuracy_m": 12.0 if group is not None else None,
        "note": "Hướng dẫn cài VNeID",
    }
    data.update(overrides)
    return data
