"""Every extension object lives here, bound to the app in create_app()."""
from flask import request
from flask_jwt_extended import JWTManager
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_migrate import Migrate
from flask_smorest import Api
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
jwt = JWTManager()
api = Api()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


def login_pair_key():
    """Rate-limit key for failed logins of one username from one address."""
    body = request.get_json(silent=True) or {}
    name = body.get("username") if isinstance(body, dict) else None
    return f"pair:{str(name or '').strip().lower()[:64]}@{get_remote_address()}"
