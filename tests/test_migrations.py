"""The schema is made only by migrations: after `upgrade` the database matches the models on
both backends, and every revision goes down and up again."""
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from server import create_app
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
