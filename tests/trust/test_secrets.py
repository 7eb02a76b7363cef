"""Tokens bound to their login's owner and to an expiry; no public default secret; known
OUTREACH_ENV values only."""
import logging
import os
import stat
from datetime import datetime, timedelta, timezone

import jwt as pyjwt
import pytest

from server import create_app
from server.config import Config
from tests.trust.conftest import bearer

ME, REFRESH = "/api/v1/me", "/api/v1/auth/refresh"


def forge(app, claims):
    return pyjwt.encode(claims, app.config["JWT_SECRET_KEY"], algorithm="HS256")


def claims_of(app, token):
    return pyjwt.decode(token, app.config["JWT_SECRET_KEY"], algorithms=["HS256"])


@pytest.mark.parametrize("kind,url", [("access_token", ME), ("refresh_token", REFRESH)])
def test_a_token_naming_another_users_login_is_refused(app, world, client, issue_tokens, kind,
                                                       url):
    """A token signed with our key whose `fam` is another user's login must not work."""
    stolen = claims_of(app, issue_tokens("officer-w1")[kind])
    stolen["sub"] = str(world.users["commander-w1"].id)
    stolen["role"] = "commander"
    res = client.post(url, headers=bearer(forge(app, stolen))) if url == REFRESH else \
        client.get(url, headers=bearer(forge(app, stolen)))
    assert res.status_code == 401
    # the owner's own token still works
    assert client.get(ME, headers=bearer(issue_tokens("officer-w1")["access_token"])).status_code == 200


def test_a_token_without_exp_is_refused(app, world, client, issue_tokens):
    claims = claims_of(app, issue_tokens("officer-w1")["access_token"])
    del claims["exp"]
    assert client.get(ME, headers=bearer(forge(app, claims))).status_code == 401


def test_a_token_with_exp_is_accepted(app, world, client, issue_tokens):
    claims = claims_of(app, issue_tokens("officer-w1")["access_token"])
    claims["exp"] = int((datetime.now(timezone.utc) + timedelta(minutes=5)).timestamp())
    assert client.get(ME, headers=bearer(forge(app, claims))).status_code == 200


def _unset_secrets_config(path, env_name="development"):
    return type("NoSecrets", (Config,), {"SQLALCHEMY_DATABASE_URI": "sqlite://", "ENV_NAME": env_name,
                                         "SECRET_KEY": None, "JWT_SECRET_KEY": None,
                                         "SECRETS_FILE": str(path)})


def test_unset_secrets_are_generated_once_kept_0600_and_logged(tmp_path, caplog):
    path = tmp_path / "secret_keys.json"
    with caplog.at_level(logging.WARNING):
        first = create_app(_unset_secrets_config(path))
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert str(path) in caplog.text
    second = create_app(_unset_secrets_config(path))
    for key in ("SECRET_KEY", "JWT_SECRET_KEY"):
        assert len(first.config[key]) >= 32
        assert first.config[key] == second.config[key]
    assert first.config["SECRET_KEY"] != first.config["JWT_SECRET_KEY"]
    assert "dev-only-change-me" not in path.read_text()


def test_production_never_generates_secrets(tmp_path):
    with pytest.raises(RuntimeError):
        create_app(_unset_secrets_config(tmp_path / "secret_keys.json", "production"))
    assert not (tmp_path / "secret_keys.json").exists()


@pytest.mark.parametrize("name", ["staging", "prod", "demo", ""])
def test_unknown_environment_names_are_refused(name):
    config = type("Odd", (Config,), {"SQLALCHEMY_DATABASE_URI": "sqlite://", "ENV_NAME": name,
                                     "SECRET_KEY": "x" * 40, "JWT_SECRET_KEY": "y" * 40})
    with pytest.raises(RuntimeError, match="OUTREACH_ENV"):
        create_app(config)
