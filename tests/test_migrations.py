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


def _insert_event(event_id, start, duration, lat):
    db.session.execute(text(
        "INSERT INTO events (id, province_id, ward_id, author_id, kind, occurred_at, "
        "utc_offset_min, local_date, duration_min, attendees, households_visited, "
        "people_assisted, vneid_installs, vneid_activations, dvc_filings, leaflets, online_reach, "
        "flags, version, deleted, lat, lon, created_at, updated_at) VALUES (:id, 1, 1, 1, "
        "'household_visit', :start, 420, '2026-01-05', :duration, 0, 5, 0, 0, 0, 0, 0, 0, '[]', "
        "1, false, :lat, :lat, '2026-01-05', '2026-01-05')"),
        {"id": event_id, "start": start, "duration": duration, "lat": lat})


def test_0009_fills_the_signals_of_the_events_already_stored(empty_url):
    """Revision 0009 stores the signals of every existing event: two overlapping visits, one
    with no location, and a visit on its own that has none; 0013 counts them per day, 0020 per
    author and day."""
    app = _app(empty_url)
    with app.app_context():
        upgrade(revision="0008")
        db.session.execute(text("INSERT INTO provinces (id, code, name, short_name) VALUES (1, '79', 'P', 'P')"))
        db.session.execute(text("INSERT INTO wards (id, code, name, kind, province_id) VALUES (1, '1', 'W', 'Phường', 1)"))
        db.session.execute(text(
            "INSERT INTO users (id, username, full_name, role, province_id, password_hash, "
            "active, created_at, updated_at) VALUES (1, 'o', 'O', 'officer', 1, 'x', true, "
            "'2026-01-01', '2026-01-01')"))
        _insert_event("a", "2026-01-05 01:00:00.000000", 90, 12.2)
        _insert_event("b", "2026-01-05 02:00:00.000000", 60, None)
        _insert_event("c", "2026-01-05 08:00:00.000000", 60, 12.2)
        db.session.commit()
        upgrade()
        rows = dict(db.session.execute(text("SELECT id, signals FROM events")).all())
        assert rows == {"a": 64, "b": 64 | 2, "c": 0}
        # 0013 counts them for the review queue from what 0009 stored.
        counts = dict(db.session.execute(text(
            "SELECT signal, events FROM review_ward_day_counts WHERE review_key = 'none'")).all())
        assert counts == {"all": 3, "any": 2, "overlaps": 2, "no_location": 1}
        # 0020 sums them per author from 0013's day rows.
        assert dict(db.session.execute(text(
            "SELECT signal, events FROM review_author_day_counts WHERE author_id = 1 "
            "AND review_key = 'none'")).all()) == counts
        db.session.remove()
        db.engine.dispose()
