"""Helpers of the trust suite: a user of every role (tokens for them: `issue_tokens` of
tests/conftest.py, without paying argon2 per login)."""

ROLE_USERS = {"officer": "officer-w1", "volunteer": "volunteer-w1",
              "commander": "commander-w1", "admin": "admin-p1"}


def bearer(token):
    return {"Authorization": f"Bearer {token}"}
