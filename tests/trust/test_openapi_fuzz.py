"""schemathesis against the app's own OpenAPI document, through WSGI, as every role.

Each generated request is sent once per role (officer, volunteer, commander, admin of the same
ward/province); every answer must be a non-5xx that the document describes (status code, content
type, body schema). New endpoints are covered as soon as they appear in the document.
"""
import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from server.auth.models import User
from server.extensions import db
from tests.trust.conftest import ROLE_USERS, bearer

pytestmark = pytest.mark.usefixtures("world")

CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.response_schema_conformance,
    schemathesis.checks.response_headers_conformance,
]


@pytest.fixture
def api_schema(app, world):
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.fixture
def role_headers(issue_tokens):
    """Fresh tokens of every role for each generated case (a case may log out or deactivate)."""

    def _headers(path):
        db.session.query(User).update({User.active: True})
        db.session.commit()
        kind = "refresh_token" if path.endswith("/auth/refresh") else "access_token"
        return {role: bearer(issue_tokens(name)[kind]) for role, name in ROLE_USERS.items()}

    return _headers


@schema.parametrize()
@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", 8)), deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_api_conforms_for_every_role(case, role_headers):
    for role, headers in role_headers(case.path).items():
        case.call_and_validate(headers=headers, checks=CHECKS)
