"""Loading the official units, and managing a ward's residential groups."""
import sqlite3
from importlib import resources

from marshmallow import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..csvio import read_csv
from ..errors import Conflict, Invalid
from ..extensions import db
from ..periods import local_today
from ..roles import NATIONAL
from .history import in_force_on
from .models import GroupName, Province, ResidentialGroup, Ward
from .schemas import GroupSchema

# What other packages check before a group's edit is kept (e.g. who may be in charge of it):
# check(group, changes) -> {field: [code]}, empty when the changes may stand.
_GROUP_CHECKS = []


def register_group_check(check):
    if check not in _GROUP_CHECKS:
        _GROUP_CHECKS.append(check)


GROUP_CSV_FIELDS = ("code", "name", "kind", "households_total", "population", "lat", "lon")
MAX_IMPORT_ROWS = 5000


def _units_dataset():
    """Rows of the post-July-2025 list shipped by `vietnamadminunits` (MIT)."""
    path = resources.files("vietnamadminunits") / "data" / "dataset.db"
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        conn.row_factory = sqlite3.Row
        return conn.execute(
            "SELECT province, provinceShort, provinceCode, provinceLat, provinceLon, ward, "
            "wardType, wardCode, wardLat, wardLon, wardAreaKm2 FROM admin_units "
            "ORDER BY provinceCode, wardCode"
        ).fetchall()


def load_units(province_code=None):
    """Insert or refresh provinces and wards; returns (provinces, wards) touched."""
    rows = [r for r in _units_dataset() if province_code in (None, r["provinceCode"])]
    if not rows:
        raise Invalid(f"Không có tỉnh mã {province_code}.", {"province": ["unknown_province"]})
    provinces = {p.code: p for p in db.session.scalars(select(Province))}
    wards = {w.code: w for w in db.session.scalars(select(Ward))}
    touched = set()
    for row in rows:
        province = provinces.get(row["provinceCode"])
        if province is None:
            province = provinces[row["provinceCode"]] = Province(code=row["provinceCode"])
            db.session.add(province)
        province.name, province.short_name = row["province"], row["provinceShort"]
        province.lat, province.lon = row["provinceLat"], row["provinceLon"]
        touched.add(province.code)
        ward = wards.get(row["wardCode"])
        if ward is None:
            ward = wards[row["wardCode"]] = Ward(code=row["wardCode"])
            db.session.add(ward)
        ward.name, ward.kind, ward.province = row["ward"], row["wardType"], province
        ward.lat, ward.lon, ward.area_km2 = row["wardLat"], row["wardLon"], row["wardAreaKm2"]
    db.session.commit()
    return len(touched), len(rows)


def list_wards(user):
    query = select(Ward).order_by(Ward.name)
    if user.role == NATIONAL:
        return db.session.scalars(query).all()
    if user.role == "admin":
        query = query.where(Ward.province_id == user.province_id)
    else:
        query = query.where(Ward.id == user.ward_id)
    return db.session.scalars(query).all()


def list_groups(ward):
    """Every group the ward ever had, stopped ones too, by code."""
    return db.session.scalars(
        select(ResidentialGroup)
        .where(ResidentialGroup.ward_id == ward.id)
        .order_by(ResidentialGroup.code)
    ).all()


def list_groups_on(ward, day=None):
    """The ward's groups in force on `day` (default today), with their links, by code."""
    return db.session.scalars(
        select(ResidentialGroup)
        .where(ResidentialGroup.ward_id == ward.id, *in_force_on(day or local_today()))
        .options(selectinload(ResidentialGroup.predecessors),
                 selectinload(ResidentialGroup.successors))
        .order_by(ResidentialGroup.code)
    ).all()


def _ensure_code_free(ward_id, code, group_id=None):
    clash = db.session.scalar(
        select(ResidentialGroup.id).where(
            ResidentialGroup.ward_id == ward_id, ResidentialGroup.code == code
        )
    )
    if clash and clash != group_id:
        raise Conflict("Mã tổ dân phố đã tồn tại trong phường.", {"code": ["taken"]})


def create_group(ward, data):
    _ensure_code_free(ward.id, data["code"])
    group = ResidentialGroup(ward_id=ward.id, **data)
    db.session.add(group)
    db.session.commit()
    return group


def update_group(group, changes):
    if "code" in changes:
        _ensure_code_free(group.ward_id, changes["code"], group.id)
    errors = {}
    for check in _GROUP_CHECKS:
        errors.update(check(group, changes))
    if errors:
        raise Invalid("Không thể lưu tổ dân phố (group change refused).", errors)
    _keep_old_name(group, changes)
    for key, value in changes.items():
        setattr(group, key, value)
    db.session.commit()
    return group


def _keep_old_name(group, changes):
    """An edit of the name or code is a rename from today on: the earlier days keep the name
    they had (as a dated rename does), so past reports do not take the new one. A second edit
    the same day keeps the first one's record: the days before today had that name."""
    if all(changes.get(key, getattr(group, key)) == getattr(group, key) for key in ("name", "code")):
        return
    today = local_today()
    if db.session.scalar(select(GroupName.id).where(GroupName.group_id == group.id,
                                                    GroupName.until == today)) is None:
        db.session.add(GroupName(group_id=group.id, until=today, code=group.code, name=group.name))


def import_groups_csv(ward, stream):
    """Create or update groups from CSV; each row answered, good rows kept, bad rows explained."""
    reader = read_csv(stream, GROUP_CSV_FIELDS[:2])
    existing = {g.code: g for g in list_groups(ward)}
    schema, results, created, updated = GroupSchema(), [], 0, 0
    for line, row in enumerate(reader, start=2):
        if line - 1 > MAX_IMPORT_ROWS:
            raise Invalid(f"Tối đa {MAX_IMPORT_ROWS} dòng mỗi lần nhập.", {"file": ["too_many_rows"]})
        clean = {k: (v or "").strip() for k, v in row.items() if k in GROUP_CSV_FIELDS}
        clean = {k: v for k, v in clean.items() if v != ""}
        try:
            data = schema.load(clean)
        except ValidationError as err:
            results.append({"line": line, "code": clean.get("code"), "status": "rejected",
                            "errors": err.messages})
            continue
        group = existing.get(data["code"])
        if group is None:
            group = existing[data["code"]] = ResidentialGroup(ward_id=ward.id, **data)
            db.session.add(group)
            created += 1
            status = "created"
        else:
            for key, value in data.items():
                if key in clean:
                    setattr(group, key, value)
            updated += 1
            status = "updated"
        results.append({"line": line, "code": data["code"], "status": status})
    db.session.commit()
    return {"created": created, "updated": updated, "rows": results}
