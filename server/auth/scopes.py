"""The users' scope: which account a URL points at, and who may manage it."""
from ..access import Scope, register_scope
from ..extensions import db
from ..roles import outranks
from .models import User


def can_manage_user(user, target):
    """Only a user of a lower rank in the caller's area: never a peer, never oneself."""
    if not outranks(user, target.role):
        return False
    if user.role == "admin":
        return target.province_id == user.province_id
    return target.ward_id == user.ward_id


def register_scopes():
    register_scope("user", Scope("user_id", lambda user_id: db.session.get(User, user_id),
                                 can_manage_user, "Không tìm thấy người dùng (user not found).",
                                 keep_as="target_user"))
