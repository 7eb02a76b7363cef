"""Fixtures of the trust suite: tokens for every role without paying argon2 per login."""
import pytest

from server.auth import service as auth_service
from server.auth.models import User
from server.extensions import db

ROLE_USERS = {"officer": "officer-w1", "volunteer": "volunteer-w1",
              "commander": "commander-w1", "admin": "admin-p1"}


@pytest.fixture
def issue_tokens(app):
    """issue_tokens(username) → a fresh login's {"access_token", "refresh_token"} for that user."""

    def _issue(username, device_id=None, user_agent="pytest"):
        user = db.session.query(User).filter_by(username=username).one()
        headers = {"User-Agent": user_agent}
        if device_id:
            headers["X-Device-Id"] = device_id
        with app.test_request_context(headers=headers):
            return auth_service.start_session(user)

    return _issue


def bearer(token):
    return {"Authorization": f"Bearer {token}"}
