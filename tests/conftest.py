"""Fixtures: app → db → client → users, on SQLite and on a real PostgreSQL.

Every test that takes `app` (or anything built on it) runs once per backend. The schema comes
from the Alembic migrations, run once per backend per session; each test starts from empty tables.
"""
import os
import shutil
from pathlib import Path

import pytest
import redis
from flask_migrate import upgrade
from sqlalchemy import text

from server import create_app
from server.config import TestConfig
from server.extensions import db, limiter
from tests import pg, redis_server
from tests.factories import World

ARTIFACTS = Path(__file__).parent / "artifacts"
BROWSER = Path(__file__).parent / "browser"


def pytest_collection_modifyitems(items):
    """Run in parallel (scripts/test.sh passes `-n auto --dist loadgroup`), the browser tests
    stay together on one worker, one Chromium at a time, while the others take the server tests:
    a browser test waits on real timers and a second page beside it would only make it flaky."""
    for item in items:
        if BROWSER in Path(item.fspath).parents:
            item.add_marker(pytest.mark.xdist_group("browser"))


def _config(url, **extra):
    return type("Cfg", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": url, **extra})


def _migrate(url):
    app = create_app(_config(url))
    with app.app_context():
        upgrade()
        db.engine.dispose()


@pytest.fixture(scope="session")
def postgres_server():
    url = os.environ.get("TEST_POSTGRES_URL")
    if url:
        yield url.rsplit("/", 1)[0]
        return
    if pg.find_bindir() is None:
        if os.environ.get("OUTREACH_REQUIRE_PG"):
            pytest.fail("PostgreSQL is required (OUTREACH_REQUIRE_PG) but not installed")
        pytest.skip("PostgreSQL server binaries not installed (run scripts/test.sh)")
    server = pg.PostgresServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def redis_url():
    """A throwaway redis-server (Debian's) for the session; TEST_REDIS_URL to use your own."""
    url = os.environ.get("TEST_REDIS_URL")
    if url:
        yield url
        return
    if not redis_server.installed():
        if os.environ.get("OUTREACH_REQUIRE_PG"):
            pytest.fail("redis-server is required (OUTREACH_REQUIRE_PG) but not installed")
        pytest.skip("redis-server not installed (run scripts/test.sh)")
    server = redis_server.RedisServer().start()
    yield server.url
    server.stop()


@pytest.fixture
def fresh_redis_url(redis_url):
    """The session's Redis, emptied for this test."""
    client = redis.Redis.from_url(redis_url)
    client.flushdb()
    client.close()
    return redis_url


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("sqlite") / "template.db"
    _migrate(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgres_url(postgres_server):
    if isinstance(postgres_server, str):
        url = f"{postgres_server}/outreach_test"
    else:
        url = postgres_server.create_database("outreach_test")
    _migrate(url)
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """A migrated, empty database of each backend."""
    if request.param == "sqlite":
        path = tmp_path / "test.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    url = request.getfixturevalue("postgres_url")
    yield url
    _truncate(url)


def _truncate(url):
    app = create_app(_config(url))
    with app.app_context():
        names = [t.name for t in reversed(db.metadata.sorted_tables)]
        db.session.execute(text(f"TRUNCATE {', '.join(names)} RESTART IDENTITY CASCADE"))
        db.session.commit()
        db.engine.dispose()


@pytest.fixture
def app(database_url):
    app = create_app(_config(database_url))
    with app.app_context():
        limiter.reset()
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def world(app):
    """Two provinces, three wards, groups and one user of every role per ward (see factories)."""
    return World.build()


@pytest.fixture
def issue_tokens(app):
    """issue_tokens(username) → a fresh login's {"access_token", "refresh_token"} for that user,
    without paying argon2 for the password; any user of the database."""
    from server.auth.models import User
    from server.auth.service import start_session
    from server.origin import request_origin

    def _issue(username, device_id=None, user_agent="pytest"):
        user = db.session.query(User).filter_by(username=username).one()
        headers = {"User-Agent": user_agent}
        if device_id:
            headers["X-Device-Id"] = device_id
        with app.test_request_context(headers=headers):
            return start_session(user, request_origin())

    return _issue


@pytest.fixture
def as_user(world, issue_tokens):
    """as_user("commander-w1") → Authorization headers (one login per user and test, through
    issue_tokens); any user of the database, the world's or another (e.g. the demo ward's)."""
    cache = {}

    def _headers(username):
        if username not in cache:
            cache[username] = issue_tokens(username)["access_token"]
        return {"Authorization": f"Bearer {cache[username]}"}

    return _headers


@pytest.fixture
def login(client):
    """login(username) → Authorization headers for that user (password: factories.PASSWORD)."""
    from tests.factories import PASSWORD

    def _login(username, password=PASSWORD):
        res = client.post("/api/v1/auth/login", json={"username": username, "password": password})
        assert res.status_code == 200, res.get_json()
        return {"Authorization": f"Bearer {res.get_json()['access_token']}"}

    return _login


@pytest.fixture(scope="session")
def artifacts_dir():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
