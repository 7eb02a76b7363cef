"""Support points and QR boards: managing them per ward, and counting a board's scans.

A board's scans are one row per (board, local day) with their count (scans.py writes them):
nothing about the person who scanned is written anywhere.
"""
import secrets
from urllib.parse import urlsplit

from sqlalchemy import select

from ..areas.models import ResidentialGroup
from ..errors import Invalid, NotFound
from ..extensions import db
from ..periods import local_today
from ..timeutil import utcnow
from .models import QrBoard, QrScanDay, SupportPoint
from .scans import counter

CODE_BYTES = 6  # 8 URL-safe characters: 2^48 codes, guessed one request at a time
SHORT_PATH = "/q/"


# ---- support points ----------------------------------------------------------------------------

def list_points(ward, include_archived=False):
    query = select(SupportPoint).where(SupportPoint.ward_id == ward.id)
    if not include_archived:
        query = query.where(SupportPoint.active.is_(True))
    return db.session.scalars(query.order_by(SupportPoint.name, SupportPoint.id)).all()


def create_point(ward, data):
    point = SupportPoint(ward_id=ward.id, active=True, **data)
    db.session.add(point)
    db.session.commit()
    return point


def update_point(point, changes):
    for key, value in changes.items():
        setattr(point, key, value)
    db.session.commit()
    return point


def archive_point(point):
    """Take a point off the lists; its sessions keep naming it, so it is never deleted."""
    point.active = False
    db.session.commit()


# ---- QR boards ---------------------------------------------------------------------------------

def list_boards(ward):
    return db.session.scalars(select(QrBoard).where(QrBoard.ward_id == ward.id)
                              .order_by(QrBoard.retired_at.isnot(None), QrBoard.name)).all()


def create_board(user, ward, data, short_base):
    """A new board of the ward; `short_base` is our own address (the request's), whose short
    links a board may not lead to."""
    _refuse_own_link(data["target_url"], short_base)
    _check_board_places(ward, data)
    board = QrBoard(ward_id=ward.id, code=_new_code(), created_by_id=user.id, **data)
    db.session.add(board)
    db.session.commit()
    return board


def _refuse_own_link(target_url, short_base):
    target, own = urlsplit(target_url), urlsplit(short_base)
    if target.hostname == own.hostname and target.path.startswith(SHORT_PATH):
        raise Invalid("Liên kết đích không được là một mã QR khác của hệ thống "
                      "(the target cannot be one of our short links).",
                      {"target_url": ["own_short_link"]})


def _check_board_places(ward, data):
    errors = {}
    if data.get("group_id") is not None:
        group = db.session.get(ResidentialGroup, data["group_id"])
        if group is None or group.ward_id != ward.id:
            errors["group_id"] = ["outside_ward"]
    if data.get("support_point_id") is not None:
        point = db.session.get(SupportPoint, data["support_point_id"])
        if point is None or point.ward_id != ward.id:
            errors["support_point_id"] = ["outside_ward"]
    if errors:
        raise Invalid("Tổ dân phố hoặc điểm hỗ trợ không thuộc phường này "
                      "(the group or support point is not of this ward).", errors)


def _new_code():
    while True:
        code = secrets.token_urlsafe(CODE_BYTES)
        if db.session.scalar(select(QrBoard.id).where(QrBoard.code == code)) is None:
            return code


def retire_board(board):
    if board.retired_at is None:
        board.retired_at = utcnow()
        db.session.commit()
    counter().forget(board.code)
    return board


def board_view(board, short_base):
    """The board as GET /qr-boards/<id> shows it: its short link and every day's scans."""
    counter().flush()
    days = db.session.execute(select(QrScanDay.day, QrScanDay.scans)
                              .where(QrScanDay.board_id == board.id)
                              .order_by(QrScanDay.day)).all()
    return {**{c.key: getattr(board, c.key) for c in QrBoard.__table__.columns},
            "short_url": short_url(board, short_base), "retired": board.retired_at is not None,
            "scans_total": sum(scans for _, scans in days),
            "scans_by_day": [{"day": day, "scans": scans} for day, scans in days]}


def short_url(board, short_base):
    return short_base.rstrip("/") + SHORT_PATH + board.code


def poster_board(board):
    """The board whose poster may be printed: a retired one's is refused."""
    if board.retired_at is not None:
        raise Invalid("Bảng QR đã ngừng sử dụng, không in được áp phích "
                      "(the board is retired: no poster).", {"board_id": ["retired"]})
    return board


# ---- the public link ---------------------------------------------------------------------------

def open_board(code, scanner):
    """(target_url, retired) of the board a public code names; its scan of today counted, within
    the address's limit, when `scanner` (the address of a person's browser) is given and the
    board is live. NotFound for an unknown code, with nothing said about any ward."""
    scans = counter()
    found = scans.board(code)
    if found is None:
        raise NotFound("Không tìm thấy (not found).")
    board_id, target_url, retired = found
    if scanner is not None and not retired:
        scans.add(board_id, local_today(), scanner)
    return target_url, retired
