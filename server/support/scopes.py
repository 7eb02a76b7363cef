"""The support domain's scopes (a support point, a QR board: who sees them) and its link from
events (a support session's point, checked by sync)."""
from sqlalchemy import select

from ..access import Scope, register_scope
from ..areas.scopes import can_see_ward
from ..extensions import db
from ..outreach.links import Link, register_link
from .models import QrBoard, SupportPoint


def _ward_object(model):
    return lambda object_id: db.session.get(model, object_id)


def _visible(user, obj):
    return can_see_ward(user, obj.ward)


def register_scopes():
    register_scope("support_point", Scope(
        "point_id", _ward_object(SupportPoint), _visible,
        "Không tìm thấy điểm hỗ trợ (support point not found).", keep_as="point"))
    register_scope("qr_board", Scope(
        "board_id", _ward_object(QrBoard), _visible,
        "Không tìm thấy bảng QR (QR board not found).", keep_as="board"))


def _load_points(ids):
    points = db.session.scalars(select(SupportPoint).where(SupportPoint.id.in_(ids)))
    return {point.id: point for point in points}


def _refuse_point(user, point, data):
    """A session names a point of the author's ward; only a support session names one."""
    if point.ward_id != user.ward_id:
        return "outside_ward"
    if data.get("kind") != "support_session":
        return "not_for_kind"
    return None


def register_links():
    register_link(Link("support_point_id", _load_points, _refuse_point))
