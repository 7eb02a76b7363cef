"""Health for operators: /healthz (alive: the database answers), /readyz (ready for traffic:
database, Redis when configured, schema at the migrations' head) and /metrics (Prometheus)."""
import hmac
from functools import cache

import redis
from alembic.script import ScriptDirectory
from flask import Response, current_app, request
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from . import telemetry
from .access import public
from .errors import DomainError, Forbidden
from .extensions import db

blp = Blueprint("health", __name__, description="Service health")
LOOPBACK = ("127.0.0.1", "::1")


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


@blp.route("/readyz")
class Ready(MethodView):
    @public
    @blp.response(200, HealthSchema)
    @blp.alt_response(503, description="Not ready: `errors` says what is missing")
    def get(self):
        """200 {"status": "ready"} when the database answers with its schema at the migrations'
        head and Redis (when REDIS_URL is set) answers; 503 naming what does not, otherwise."""
        problems = readiness_problems(current_app.config["REDIS_URL"],
                                      current_app.extensions["migrate"].directory)
        if problems:
            raise Unavailable("Máy chủ chưa sẵn sàng (not ready).", problems)
        return {"status": "ready"}


@blp.route("/metrics")
class Metrics(MethodView):
    @public
    def get(self):
        """Prometheus figures; with METRICS_TOKEN set, for `Authorization: Bearer <token>` only,
        otherwise for a loopback caller that came through no proxy only."""
        if not metrics_allowed(current_app.config["METRICS_TOKEN"],
                               request.headers.get("Authorization", ""), request.remote_addr,
                               "X-Forwarded-For" in request.headers):
            raise Forbidden("Không được xem số liệu vận hành (metrics are not public).")
        body, content_type = telemetry.exposition()
        return Response(body, content_type=content_type)


def readiness_problems(redis_url, migrations_dir):
    """{"database" | "migrations" | "redis": [reason]} for each part that is not ready."""
    problems = {}
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        problems["database"] = ["unreachable"]
    else:
        if _schema_revisions() != migration_heads(migrations_dir):
            problems["migrations"] = ["not_at_head"]
    finally:
        db.session.rollback()
    if redis_url and not _redis_answers(redis_url):
        problems["redis"] = ["unreachable"]
    return problems


def _schema_revisions():
    try:
        return set(db.session.scalars(text("SELECT version_num FROM alembic_version")))
    except SQLAlchemyError:  # never migrated
        db.session.rollback()
        return set()


@cache
def migration_heads(directory):
    """The revisions the code expects, read once per process from migrations/."""
    return set(ScriptDirectory(directory).get_heads())


@cache
def _redis_client(url):
    return redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)


def _redis_answers(url):
    try:
        return bool(_redis_client(url).ping())
    except redis.RedisError:
        return False


def metrics_allowed(token, authorization, remote_addr, proxied):
    if token:
        return hmac.compare_digest(authorization.encode(), f"Bearer {token}".encode())
    return remote_addr in LOOPBACK and not proxied
