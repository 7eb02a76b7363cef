"""schemathesis against the app's own OpenAPI document, through WSGI, as every role.

Each generated request is sent once per role (officer, volunteer, commander, admin of the same
ward/province); every answer must be a non-5xx that the document describes (status code, content
type, body schema). New endpoints are covered as soon as they appear in the document.

The coverage phase's boundary and wrong-type values are sent only as the roles the view admits:
a refused role is answered by the access guard before any input is read (the authorization matrix
checks those refusals for every endpoint), so sending them there tested nothing more and took most
of the suite's slowest test.
"""
import os
import re

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.generation.meta import TestPhase

from server.auth.models import User
from server.extensions import db
from tests.test_authz_matrix import access_rule
from tests.trust.conftest import ROLE_USERS, bearer

pytestmark = pytest.mark.usefixtures("world")

CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.response_schema_conformance,
    schemathesis.checks.response_headers_conformance,
    schemathesis.checks.ignored_auth,
    schemathesis.checks.unsupported_method,
]


@pytest.fixture
def api_schema(app, world, database_url):
    """The document as the app serves it. The coverage phase (boundary and wrong-type values of
    every parameter: deterministic, and the slow part) runs on SQLite; random fuzzing on both."""
    coverage = not database_url.startswith("postgresql")
    config = schemathesis.Config.from_dict({"phases": {"coverage": {"enabled": coverage}}})
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app, config=config)


schema = schemathesis.pytest.from_fixture("api_schema")


def admitted_roles(app):
    """{(OpenAPI path, METHOD): the roles its view admits}, read from the views' access rules."""
    admitted = {}
    for rule in app.url_map.iter_rules():
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            found = access_rule(app, rule, method)
            if found is not None and not found.public:
                admitted[(path, method)] = set(found.roles)
    return admitted


class RoleTokens:
    """Tokens of every role, re-issued only after a case ended a session (logout, deactivation,
    password reset, refresh reuse), so later cases are not all answered 401."""

    def __init__(self, issue_tokens, admitted):
        self.issue, self.cache, self.admitted = issue_tokens, {}, admitted

    def headers(self, role, kind):
        if (role, kind) not in self.cache:
            db.session.query(User).filter_by(username=ROLE_USERS[role]).update({User.active: True})
            db.session.commit()
            self.cache[(role, kind)] = bearer(self.issue(ROLE_USERS[role])[kind])
        return self.cache[(role, kind)]

    def call_and_validate(self, case, role):
        kind = "refresh_token" if case.path.endswith("/auth/refresh") else "access_token"
        if kind == "refresh_token":
            self.cache.clear()
        response = case.call_and_validate(headers=self.headers(role, kind), checks=CHECKS)
        if response.status_code == 401:
            self.cache.clear()  # the case ended a session: later cases get fresh tokens

    def roles(self, case):
        """Every role; in the coverage phase, the roles the view admits (all when public)."""
        if case.meta is None or case.meta.phase.name != TestPhase.COVERAGE:
            return tuple(ROLE_USERS)
        admitted = self.admitted.get((case.path, case.method.upper()))
        return tuple(r for r in ROLE_USERS if admitted is None or r in admitted)


@pytest.fixture
def role_tokens(app, issue_tokens):
    return RoleTokens(issue_tokens, admitted_roles(app))


@schema.parametrize()
@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", 8)), deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_api_conforms_for_every_role(case, role_tokens):
    for role in role_tokens.roles(case):
        role_tokens.call_and_validate(case, role)
