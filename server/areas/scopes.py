"""The areas' scopes: which ward, province or residential group a URL points at, and who sees it."""
from ..access import Scope, register_scope
from ..extensions import db
from ..roles import NATIONAL
from .models import Province, ResidentialGroup, Ward


def can_see_ward(user, ward):
    if user.role == NATIONAL:
        return True
    if user.role == "admin":
        return ward.province_id == user.province_id
    return ward.id == user.ward_id


def _can_see_province(user, province):
    return user.role == NATIONAL or (user.role == "admin" and user.province_id == province.id)


def register_scopes():
    register_scope("ward", Scope("ward_id", lambda ward_id: db.session.get(Ward, ward_id),
                                 can_see_ward, "Không tìm thấy phường/xã (ward not found).",
                                 keep_as="ward"))
    register_scope("province", Scope(
        "province_id", lambda province_id: db.session.get(Province, province_id),
        _can_see_province, "Không tìm thấy tỉnh/thành phố (province not found)."))
    register_scope("group", Scope(
        "group_id", lambda group_id: db.session.get(ResidentialGroup, group_id),
        lambda user, group: can_see_ward(user, group.ward),
        "Không tìm thấy tổ dân phố (group not found).", keep_as="group"))
