"""Every extension object lives here, bound to the app in create_app()."""
from flask import g, has_app_context, request
from flask_jwt_extended import JWTManager
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_migrate import Migrate
from flask_smorest import Api
from flask_sqlalchemy import SQLAlchemy
from flask_sqlalchemy.session import Session as FlaskSession
from sqlalchemy import Select
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


class Session(FlaskSession):
    """Flask-SQLAlchemy's session, sending plain SELECTs to `g.read_engine` when a view chose the
    replica (server/replica.py); writes, flushes and locking reads always go to the primary."""

    def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):
        read_engine = g.get("read_engine") if has_app_context() else None
        if (read_engine is not None and bind is None and not self._flushing
                and isinstance(clause, Select) and clause._for_update_arg is None):
            return read_engine
        return super().get_bind(mapper=mapper, clause=clause, bind=bind, **kwargs)


db = SQLAlchemy(model_class=Base, session_options={"class_": Session})
migrate = Migrate()
jwt = JWTManager()
api = Api()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


def login_pair_key():
    """Rate-limit key for failed logins of one username from one address."""
    body = request.get_json(silent=True) or {}
    name = body.get("username") if isinstance(body, dict) else None
    return f"pair:{str(name or '').strip().lower()[:64]}@{get_remote_address()}"
