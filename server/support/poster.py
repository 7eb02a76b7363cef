"""The printable pages of a QR board: its A4 poster, and what its public link shows when the
board is retired or the code unknown. The QR code is drawn by segno as an inline SVG image."""
from pathlib import Path

import segno
from flask import Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from .service import short_url

POSTER_CSS = "css/poster.css"
INSTRUCTION = "Mở camera hoặc Zalo trên điện thoại, quét mã để xem hướng dẫn."

_env = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"),
                   autoescape=select_autoescape(("html",)), trim_blocks=True, lstrip_blocks=True)


def qr_data_uri(url):
    """The QR code of `url` as an SVG data URI (error correction M: a board outdoors gets dirty)."""
    return segno.make(url, error="m", micro=False).svg_data_uri(scale=10, border=4)


def poster_response(board, base_url):
    link = short_url(board, base_url)
    ward = board.ward.name
    html = _env.get_template("poster.html").render(
        board=board, link=link, qr=qr_data_uri(link), instruction=INSTRUCTION,
        issuer=f"Công an {ward[:1].lower()}{ward[1:]}",
        css_url=base_url.rstrip("/") + "/" + POSTER_CSS)
    name = f"ap-phich-qr-{board.code}.html"
    return Response(html.encode("utf-8"), mimetype="text/html",
                    headers={"Content-Disposition": f'inline; filename="{name}"'})


def retired_page():
    return _env.get_template("link.html").render(
        title="Mã QR đã ngừng sử dụng",
        text="Bảng QR này đã ngừng sử dụng. Vui lòng liên hệ Công an phường/xã nơi bạn ở "
             "hoặc bộ phận một cửa để được hướng dẫn.")


def unknown_page():
    return _env.get_template("link.html").render(
        title="Không tìm thấy", text="Đường dẫn này không tồn tại.")
