"""The application factory, split into the steps that build the app.

It sits above every package and wires them: blueprints, the scopes `@access` guards, the
listeners of `events_changed`. tests/test_layers.py states the order of the packages below it.
"""
import json
import os
import secrets
from functools import lru_cache

from flask import Flask, request
from werkzeug.middleware.proxy_fix import ProxyFix

from . import counters, health, replica, telemetry
from .access import access_refused
from .areas import scopes as areas_scopes
from .areas.routes import blp as areas_blp
from .audit import service as audit_service
from .audit.routes import blp as audit_blp
from .auth import scopes as auth_scopes
from .auth.models import User
from .auth.routes import blp as auth_blp
from .auth.service import is_token_revoked
from .commands import register as add_commands
from .config import DEFAULT_SECRET, ENVIRONMENTS, Config
from .errors import error_response, register_errorhandlers
from .extensions import api, db, jwt, limiter, migrate
from .metrics import rollups
from .metrics.routes import blp as metrics_blp
from .origin import request_origin
from .outreach import scopes as outreach_scopes
from .outreach.routes import blp as events_blp
from .outreach.signals import events_changed
from .plans import scopes as plans_scopes
from .plans.routes import blp as plans_blp
from .pwa import bp as pwa_bp
from .roles import SECOND_FACTOR_ROLES
from .reports.routes import blp as reports_blp
from .support import public as support_public
from .support import scopes as support_scopes
from .support.routes import blp as support_blp
from .security import (AssetPathConverter, DbIntConverter, SessionInterface, StrictJSONProvider,
                       apply_cors, refuse_malformed_input)


def create_app(config=None):
    """Build the app. `config` is a Config class or a mapping overriding it (tests)."""
    app = Flask(__name__, static_folder=None, instance_relative_config=True)
    app.json = StrictJSONProvider(app)
    app.session_interface = SessionInterface()
    app.url_map.converters["int"] = DbIntConverter
    app.url_map.converters["asset"] = AssetPathConverter
    app.config.from_object(Config)
    if isinstance(config, type):
        app.config.from_object(config)
    elif config:
        app.config.update(config)
    _check_production_config(app)
    os.makedirs(app.instance_path, exist_ok=True)
    _fill_missing_secrets(app)
    if app.config.get("TOTP_REQUIRED_ROLES") is None:
        production = app.config["ENV_NAME"] == "production"
        app.config["TOTP_REQUIRED_ROLES"] = SECOND_FACTOR_ROLES if production else ()
    _choose_shared_storage(app)
    register_extensions(app)
    replica.init_app(app)
    telemetry.init_app(app)  # first: its clock starts before, and stops after, every other hook
    register_blueprints(app)
    register_scopes()
    register_links()
    register_listeners(app)
    register_errorhandlers(app)
    register_jwt_callbacks(app)
    register_request_guards(app)
    register_commands(app)
    return app


def _check_production_config(app):
    if app.config["ENV_NAME"] not in ENVIRONMENTS:
        raise RuntimeError(f"OUTREACH_ENV must be one of {', '.join(ENVIRONMENTS)}, "
                           f"not {app.config['ENV_NAME']!r}")
    if app.config["ENV_NAME"] == "production":
        for key in ("SECRET_KEY", "JWT_SECRET_KEY"):
            value = app.config.get(key) or ""
            if value == DEFAULT_SECRET or len(value) < 32:
                raise RuntimeError(f"{key} must be set to a random value of 32+ characters")
        if len(app.config.get("TOTP_ENCRYPTION_KEY") or "") < 32:
            raise RuntimeError("TOTP_ENCRYPTION_KEY must be set to a random value of 32+ characters")
        if app.config["ARGON2_TIME_COST"] < 2 or app.config["ARGON2_MEMORY_KIB"] < 19 * 1024:
            raise RuntimeError("argon2id must cost at least t=2 and m=19 MiB (19456 KiB)")


def _choose_shared_storage(app):
    """Rate-limit counters in Redis when there is one, else in the database; Redis clients give
    up within two seconds, so a Redis that is down makes a login fail, never hang. The storage's
    errors come wrapped (limits' StorageError), which errors.py answers with a 503."""
    if not app.config.get("RATELIMIT_STORAGE_URI"):
        app.config["RATELIMIT_STORAGE_URI"] = app.config["REDIS_URL"] or counters.DATABASE_URI
    options = {"wrap_exceptions": True}
    if app.config["RATELIMIT_STORAGE_URI"].startswith(("redis://", "rediss://")):
        options.update(socket_timeout=2, socket_connect_timeout=2)
    app.config.setdefault("RATELIMIT_STORAGE_OPTIONS", options)
    if app.config["RATELIMIT_STORAGE_URI"].startswith("memory://") and \
            app.config["ENV_NAME"] == "production":
        raise RuntimeError("RATELIMIT_STORAGE_URI memory:// counts per process: "
                           "set REDIS_URL or leave it unset (the database)")


SECRET_NAMES = ("SECRET_KEY", "JWT_SECRET_KEY")


def _fill_missing_secrets(app):
    """Outside production, an unset secret is never a public default: random ones are made once
    and kept in the instance folder (mode 0600), so tokens survive a restart."""
    missing = [name for name in SECRET_NAMES if not app.config.get(name)]
    if not missing:
        return
    path = app.config.get("SECRETS_FILE") or os.path.join(app.instance_path, "secret_keys.json")
    kept = _read_secrets(path)
    if any(name not in kept for name in missing):
        kept = {**{name: secrets.token_urlsafe(48) for name in SECRET_NAMES}, **kept}
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as out:
            json.dump(kept, out)
    os.chmod(path, 0o600)
    app.config.update({name: kept[name] for name in missing})
    app.logger.warning("%s not set: using the random values kept in %s (set them in production)",
                       " and ".join(missing), path)


def _read_secrets(path):
    try:
        with open(path, encoding="utf-8") as kept:
            return json.load(kept)
    except FileNotFoundError:
        return {}


def register_extensions(app):
    if app.config["TRUSTED_PROXY_COUNT"] > 0:
        hops = app.config["TRUSTED_PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)
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
    for blueprint in (health.blp, auth_blp, areas_blp, events_blp, metrics_blp):
        api.register_blueprint(blueprint)
    api.register_blueprint(audit_blp)
    api.register_blueprint(reports_blp)
    api.register_blueprint(plans_blp)
    api.register_blueprint(support_blp)
    app.register_blueprint(support_public.bp)
    app.register_blueprint(pwa_bp)


def register_scopes():
    """Tell `@access` how each domain finds the object a URL names and who may see it."""
    for domain in (areas_scopes, auth_scopes, outreach_scopes, plans_scopes, support_scopes):
        domain.register_scopes()


# The packages above outreach whose objects an event may point at (outreach/links.py).
LINKED_DOMAINS = (plans_scopes, support_scopes)


def register_links():
    """Tell sync which fields of an event point at another package's objects, and when they may."""
    for domain in LINKED_DOMAINS:
        domain.register_links()


def register_listeners(app):
    """Connect what moves with every event write, in its transaction: rollups, then the audit;
    and the audit's record of every request the access guard refuses. The event listeners hear
    this app only; connecting again changes nothing."""
    events_changed.connect(rollups.on_events_changed, sender=app)
    events_changed.connect(audit_service.on_events_changed, sender=app)
    access_refused.connect(audit_service.on_access_refused)


def register_jwt_callbacks(app):
    @jwt.user_lookup_loader
    def _load_user(_header, payload):
        return db.session.get(User, int(payload["sub"]))

    @jwt.token_in_blocklist_loader
    def _revoked(_header, payload):
        return is_token_revoked(payload, request_origin())

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
        if request.routing_exception is not None:  # 404 or 405 is the truer answer
            return None
        if request.method in ("POST", "PUT", "PATCH") and request.path.startswith("/api/"):
            if (request.content_length or 0) > 0 or request.headers.get("Transfer-Encoding"):
                if request.mimetype not in ("application/json", "multipart/form-data"):
                    return error_response(
                        415, "Nội dung phải là JSON (Content-Type: application/json).")

    app.before_request(refuse_malformed_input)
    app.after_request(apply_cors)
    @app.after_request
    def _security_headers(response):
        """Each security header the view did not set itself (a QR scan's redirect too)."""
        headers = response.headers
        present = {name.lower() for name, _ in headers}
        csp = _csp(app.config["MAP_TILE_URL"])
        security = (*SECURITY_HEADERS, ("Content-Security-Policy", csp))
        headers.extend([(name, value) for name, value in security if name.lower() not in present])
        if request.path.startswith("/api/"):  # over send_file's no-cache: files of events too
            headers["Cache-Control"] = "no-store"
        return response


SECURITY_HEADERS = (
    ("X-Content-Type-Options", "nosniff"), ("X-Frame-Options", "DENY"),
    ("Strict-Transport-Security", "max-age=31536000; includeSubDomains"),
    ("Referrer-Policy", "no-referrer"), ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=(self)"))


@lru_cache(maxsize=8)
def _csp(tile_url):
    """The policy for the map's tile server: made once per tile server, not per request."""
    tiles = tile_url.split("/{")[0]
    origin = "/".join(tiles.split("/")[:3]) if tiles.startswith("http") else ""
    return ("default-src 'self'; script-src 'self'; style-src 'self'; "
            f"img-src 'self' data: blob: {origin}; connect-src 'self'; "
            "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'; "
            "manifest-src 'self'; worker-src 'self'")


def register_commands(app):
    add_commands(app)
