"""Liveness that means something: the database answers."""
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields
from sqlalchemy import text

from .access import public
from .errors import DomainError
from .extensions import db

blp = Blueprint("health", __name__, description="Service health")


class HealthSchema(Schema):
    status = fields.String()


class Unavailable(DomainError):
    code = 503


@blp.route("/healthz")
class Health(MethodView):
    @public
    @blp.response(200, HealthSchema)
    def get(self):
        """200 {"status": "ok"} when the database answers."""
        try:
            db.session.execute(text("SELECT 1"))
        except Exception:
            raise Unavailable("database unavailable")
        return {"status": "ok"}
