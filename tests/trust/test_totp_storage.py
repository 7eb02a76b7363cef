"""Second-factor secrets are stored encrypted with TOTP_ENCRYPTION_KEY: the database (or a
backup of it) holds no seed in the clear, login with a code still works, and a key that cannot
open the secret fails closed."""
import pyotp
from sqlalchemy import select, text

from server import create_app
from server.auth.models import User
from server.config import TestConfig
from server.extensions import db
from tests.factories import PASSWORD

LOGIN = "/api/v1/auth/login"


def _with_second_factor(username):
    """Give `username` a confirmed second factor; returns the authenticator app's TOTP."""
    user = db.session.scalar(select(User).where(User.username == username))
    secret = pyotp.random_base32()
    user.totp_secret = secret
    user.totp_confirmed_at = user.created_at
    db.session.commit()
    return pyotp.TOTP(secret)


def _stored(username):
    return db.session.execute(text("SELECT totp_secret FROM users WHERE username = :u"),
                              {"u": username}).scalar_one()


def test_the_secret_is_stored_encrypted_and_login_with_a_code_works(world, client):
    app_totp = _with_second_factor("commander-w1")
    stored = _stored("commander-w1")
    assert stored and app_totp.secret not in stored and stored.startswith("gAAAAA")
    db.session.expire_all()
    assert db.session.scalar(select(User).where(User.username == "commander-w1")).totp_secret \
        == app_totp.secret
    res = client.post(LOGIN, json={"username": "commander-w1", "password": PASSWORD,
                                   "totp": app_totp.now()})
    assert res.status_code == 200, res.get_json()


def test_another_key_cannot_read_the_secret_and_login_fails_closed(app, world):
    app_totp = _with_second_factor("commander-w1")
    other = create_app(type("OtherKey", (TestConfig,), {
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "TOTP_ENCRYPTION_KEY": "another-key-of-at-least-thirty-two-characters"}))
    with other.app_context():
        user = db.session.scalar(select(User).where(User.username == "commander-w1"))
        assert user.totp_secret is None
        res = other.test_client().post(LOGIN, json={
            "username": "commander-w1", "password": PASSWORD, "totp": app_totp.now()})
        assert res.status_code == 401, res.get_json()
        db.session.remove()
        db.engine.dispose()
