"""The application factory, split into the steps that build the app."""
import os

from flask import Flask, request

from .config import DEFAULT_SECRET, Config
from .errors import error_response, register_errorhandlers
from .extensions import api, db, jwt, limiter, migrate
from .security import (AssetPathConverter, DbIntConverter, StrictJSONProvider, apply_cors,
                       refuse_malformed_input)


def create_app(config=None):
    """Build the app. `config` is a Config class or a mapping overriding it (tests)."""
    app = Flask(__name__, static_folder=None, instance_relative_config=True)
    app.json = StrictJSONProvider(app)
    app.url_map.converters["int"] = DbIntConverter
    app.url_map.converters["asset"] = AssetPathConverter
    app.config.from_object(Config)
    if isinstance(config, type):
        app.config.from_object(config)
    elif config:
        app.config.update(config)
    _check_production_config(app)
    os.makedirs(app.instance_path, exist_ok=True)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_jwt_callbacks(app)
    register_request_guards(app)
    register_commands(app)
    return app


def _check_production_config(app):
    if app.config["ENV_NAME"] == "production":
        for key in ("SECRET_KEY", "JWT_SECRET_KEY"):
            value = app.config.get(key) or ""
            if value == DEFAULT_SECRET or len(value) < 32:
                raise RuntimeError(f"{key} must be set to a random value of 32+ characters")
        if len(app.config.get("TOTP_ENCRYPTION_KEY") or "") < 32:
            raise RuntimeError("TOTP_ENCRYPTION_KEY must be set to a random value of 32+ characters")
        if app.config["ARGON2_TIME_COST"] < 2 or app.config["ARGON2_MEMORY_KIB"] < 19 * 1024:
            raise RuntimeError("argon2id must cost at least t=2 and m=19 MiB (19456 KiB)")


def register_extensions(app):
    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(app.root_path), "migrations"),
                     render_as_batch=True, compare_type=True)
    jwt.init_app(app)
    limiter.init_app(app)
    api.init_app(app)
    api.spec.components.security_scheme(
        "bearer", {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"})
    api.spec.options["security"] = [{"bearer": []}]


def register_blueprints(app):
    from . import health
    from .areas.routes import blp as areas_blp
    from .audit.routes import blp as audit_blp
    from .auth.routes import blp as auth_blp
    from .metrics.routes import blp as metrics_blp
    from .outreach.routes import blp as events_blp
    from .pwa import bp as pwa_bp
    from .reports.routes import blp as reports_blp

    for blueprint in (health.blp, auth_blp, areas_blp, events_blp, metrics_blp):
        api.register_blueprint(blueprint)
    api.register_blueprint(audit_blp)
    api.register_blueprint(reports_blp)
    app.register_blueprint(pwa_bp)


def register_jwt_callbacks(app):
    from .auth.models import User
    from .auth.service import is_token_revoked

    @jwt.user_lookup_loader
    def _load_user(_header, payload):
        return db.session.get(User, int(payload["sub"]))

    @jwt.token_in_blocklist_loader
    def _revoked(_header, payload):
        return is_token_revoked(payload)

    def unauthorized(message):
        return error_response(401, message)

    jwt.unauthorized_loader(lambda reason: unauthorized(f"Cần đăng nhập (missing token: {reason})."))
    jwt.invalid_token_loader(lambda reason: unauthorized(f"Mã đăng nhập không hợp lệ ({reason})."))
    jwt.expired_token_loader(lambda _h, _p: unauthorized("Phiên đăng nhập đã hết hạn (token expired)."))
    jwt.revoked_token_loader(lambda _h, _p: unauthorized("Phiên đăng nhập đã kết thúc (token revoked)."))
    jwt.user_lookup_error_loader(lambda _h, _p: unauthorized("Tài khoản không còn hiệu lực."))
    jwt.token_verification_failed_loader(lambda _h, _p: unauthorized("Mã đăng nhập bị từ chối."))
    jwt.needs_fresh_token_loader(lambda _h, _p: unauthorized("Cần đăng nhập lại."))


def register_request_guards(app):
    @app.before_request
    def _content_type():
        if request.method in ("POST", "PUT", "PATCH") and request.path.startswith("/api/"):
            if (request.content_length or 0) > 0 or request.headers.get("Transfer-Encoding"):
                if request.mimetype not in ("application/json", "multipart/form-data"):
                    return error_response(
                        415, "Nội dung phải là JSON (Content-Type: application/json).")

    app.before_request(refuse_malformed_input)
    app.after_request(apply_cors)

    @app.after_request
    def _security_headers(response):
        headers = response.headers
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        headers.setdefault("Referrer-Policy", "no-referrer")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(self)")
        headers.setdefault("Content-Security-Policy", _csp(app))
        if request.path.startswith("/api/"):  # over send_file's no-cache: files of events too
            headers["Cache-Control"] = "no-store"
        return response


def _csp(app):
    tiles = app.config["MAP_TILE_URL"].split("/{")[0]
    origin = "/".join(tiles.split("/")[:3]) if tiles.startswith("http") else ""
    return ("default-src 'self'; script-src 'self'; style-src 'self'; "
            f"img-src 'self' data: blob: {origin}; connect-src 'self'; "
            "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'; "
            "manifest-src 'self'; worker-src 'self'")


def register_commands(app):
    from .commands import register

    register(app)
