"""The schema is made only by migrations: after `upgrade` the database matches the models on
both backends, and every revision goes down and up again."""
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import select, text

from server import create_app
from server.auth.models import User
from server.config import TestConfig
from server.extensions import db


def _app(url):
    return create_app(type("Cfg", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": url}))


def _differences(app):
    with app.app_context(), db.engine.connect() as connection:
        return compare_metadata(MigrationContext.configure(connection), db.metadata)


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'fresh.db'}"
    server = request.getfixturevalue("postgres_server")
    if isinstance(server, str):
        pytest.skip("an external PostgreSQL: no throwaway database to create")
    return server.create_database(f"migrations_{tmp_path.name[-12:].lower().replace('-', '_')}")


def test_migrations_make_exactly_the_models_schema_and_go_down_and_up(empty_url):
    app = _app(empty_url)
    with app.app_context():
        upgrade()
    assert _differences(app) == []
    with app.app_context():
        downgrade(revision="base")
        upgrade()
    assert _differences(app) == []
    with app.app_context():
        db.engine.dispose()


def test_plaintext_second_factor_secrets_are_encrypted_by_0008_and_back(empty_url):
    """Secrets stored in the clear before revision 0008 are encrypted by it, read through the
    model as before, and decrypted again by its downgrade."""
    app = _app(empty_url)
    with app.app_context():
        upgrade(revision="0007")
        db.session.execute(text("INSERT INTO provinces (id, code, name, short_name) VALUES (1, '79', 'P', 'P')"))
        db.session.execute(text(
            "INSERT INTO users (id, username, full_name, role, province_id, password_hash, "
            "active, totp_secret, created_at, updated_at) VALUES (1, 'c', 'C', 'commander', 1, "
            "'x', true, 'JBSWY3DPEHPK3PXP', '2026-01-01', '2026-01-01')"))
        db.session.commit()
        upgrade()
        stored = db.session.execute(text("SELECT totp_secret FROM users")).scalar_one()
        assert stored.startswith("gAAAAA") and "JBSWY3DPEHPK3PXP" not in stored
        assert db.session.scalar(select(User)).totp_secret == "JBSWY3DPEHPK3PXP"
        db.session.remove()
        downgrade(revision="0007")
        assert db.session.execute(text("SELECT totp_secret FROM users")).scalar_one() \
            == "JBSWY3DPEHPK3PXP"
        db.session.remove()
        db.engine.dispose()
