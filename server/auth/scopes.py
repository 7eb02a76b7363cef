"""The users' scope: which account a URL points at, and who may manage it."""
from ..access import Scope, register_scope
from ..extensions import db
from .models import User


def can_manage_user(user, target):
    if user.role == "admin":
        return target.province_id == user.province_id
    if user.role == "commander":
        return target.ward_id == user.ward_id and target.role != "admin"
    return False


def register_scopes():
    register_scope("user", Scope("user_id", lambda user_id: db.session.get(User, user_id),
                                 can_manage_user, "Không tìm thấy người dùng (user not found).",
                                 keep_as="target_user"))
