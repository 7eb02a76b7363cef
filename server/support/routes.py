"""Support point and QR board endpoints, the channel figures, and the boards' public links."""
from flask import g, request
from flask.views import MethodView
from flask_jwt_extended import current_user
from flask_smorest import Blueprint

from ..access import access
from ..periods import resolve_period
from ..roles import MANAGERS
from . import figures, poster, service
from .schemas import (ChannelsSchema, PeriodArgsSchema, QrBoardInSchema, QrBoardSchema,
                      SupportPointPatchSchema, SupportPointSchema)

blp = Blueprint("support", __name__, url_prefix="/api/v1",
                description="Support points, QR boards and the figures of every channel")


@blp.route("/wards/<int:ward_id>/support-points")
class WardSupportPoints(MethodView):
    @access(scope="ward")
    @blp.response(200, SupportPointSchema(many=True))
    def get(self, ward_id):
        """The ward's support points in use, by name (everyone of the ward: the session form
        offers the nearest open one)."""
        return service.list_points(g.ward)

    @access(*MANAGERS, scope="ward")
    @blp.arguments(SupportPointSchema)
    @blp.response(201, SupportPointSchema)
    def post(self, data, ward_id):
        """Add a support point to the ward."""
        return service.create_point(g.ward, data)


@blp.route("/support-points/<int:point_id>")
class SupportPointById(MethodView):
    @access(scope="support_point")
    @blp.response(200, SupportPointSchema)
    def get(self, point_id):
        """One support point."""
        return g.point

    @access(*MANAGERS, scope="support_point")
    @blp.arguments(SupportPointPatchSchema(partial=True))
    @blp.response(200, SupportPointSchema)
    def patch(self, changes, point_id):
        """Edit a support point."""
        return service.update_point(g.point, changes)

    @access(*MANAGERS, scope="support_point")
    @blp.response(204)
    def delete(self, point_id):
        """Stop using a support point: off the lists, its sessions keep naming it."""
        service.archive_point(g.point)


@blp.route("/wards/<int:ward_id>/qr-boards")
class WardQrBoards(MethodView):
    @access(*MANAGERS, scope="ward")
    @blp.response(200, QrBoardSchema(many=True))
    def get(self, ward_id):
        """The ward's QR boards, those in use first, with their scans."""
        return [service.board_view(board, request.host_url)
                for board in service.list_boards(g.ward)]

    @access(*MANAGERS, scope="ward")
    @blp.arguments(QrBoardInSchema)
    @blp.response(201, QrBoardSchema)
    def post(self, data, ward_id):
        """Make a QR board leading to `target_url` (http or https, not one of our short links),
        for a group or a support point of the ward."""
        board = service.create_board(current_user, g.ward, data, request.host_url)
        return service.board_view(board, request.host_url)


@blp.route("/qr-boards/<int:board_id>")
class QrBoardById(MethodView):
    @access(*MANAGERS, scope="qr_board")
    @blp.response(200, QrBoardSchema)
    def get(self, board_id):
        """One board with scans_total and scans_by_day (local days)."""
        return service.board_view(g.board, request.host_url)


@blp.route("/qr-boards/<int:board_id>/retire")
class QrBoardRetire(MethodView):
    @access(*MANAGERS, scope="qr_board")
    @blp.response(200, QrBoardSchema)
    def post(self, board_id):
        """Retire a board: its link then says so in Vietnamese instead of redirecting."""
        return service.board_view(service.retire_board(g.board), request.host_url)


@blp.route("/qr-boards/<int:board_id>/poster")
class QrBoardPoster(MethodView):
    @access(*MANAGERS, scope="qr_board")
    @blp.response(200)
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
    @blp.doc(responses={"200": {"description": "A printable A4 page in Vietnamese",
                                "content": {"text/html": {"schema": {"type": "string"}}}}})
    def get(self, board_id):
        """The board's printable A4 poster: the QR code of its short link, its name and how to
        scan it. A retired board has none (422)."""
        return poster.poster_response(service.poster_board(g.board), request.host_url)


@blp.route("/wards/<int:ward_id>/channels")
class WardChannels(MethodView):
    @access(*MANAGERS, scope="ward")
    @blp.arguments(PeriodArgsSchema, location="query")
    @blp.response(200, ChannelsSchema)
    def get(self, args, ward_id):
        """What each support point, QR board and platform yielded in [from, to) (local days;
        this month by default), beside the field work of the ward's metrics."""
        start, end = resolve_period(args.get("from_"), args.get("to"))
        return figures.channel_figures(g.ward, start, end)
