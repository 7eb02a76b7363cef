"""The OpenAPI document, the Swagger UI page served from local files, and /healthz."""
import re

import pytest

from tests.test_authz_matrix import SKIPPED_PATHS, api_routes

DOCS_FILES = ["/api-docs/", "/api-docs/init.js", "/vendor/swagger-ui/swagger-ui-bundle.js",
              "/vendor/swagger-ui/swagger-ui.css", "/vendor/swagger-ui/LICENSE"]


def openapi_path(rule):
    """/api/v1/wards/<int:ward_id> → /api/v1/wards/{ward_id}"""
    return re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule)


def test_health(client):
    res = client.get("/healthz")
    assert res.status_code == 200 and res.get_json() == {"status": "ok"}


def test_openapi_lists_every_api_route(app, client):
    res = client.get("/api/v1/openapi.json")
    assert res.status_code == 200
    doc = res.get_json()
    assert doc["openapi"].startswith("3.")
    paths = doc["paths"]
    missing = [f"{method} {rule.rule}" for rule, method in api_routes(app)
               if method.lower() not in paths.get(openapi_path(rule.rule), {})]
    assert not missing, "Not in the OpenAPI document: " + ", ".join(missing)
    assert SKIPPED_PATHS.isdisjoint(paths)


def test_openapi_states_the_bearer_scheme(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    assert doc["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    login = doc["paths"]["/api/v1/auth/login"]["post"]
    assert login.get("security") == []


def test_docs_url_leads_to_the_local_page(client):
    res = client.get("/api/v1/docs")
    assert res.status_code in (301, 302, 308)
    assert res.headers["Location"].endswith("/api-docs/")


@pytest.mark.parametrize("path", DOCS_FILES)
def test_docs_page_and_its_assets_are_served(client, path):
    res = client.get(path)
    assert res.status_code == 200, path
    assert len(res.data) > 0


def test_docs_page_names_no_external_host(client):
    for path in ("/api-docs/", "/api-docs/init.js"):
        text = client.get(path).get_data(as_text=True)
        assert not re.search(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}", text, re.I), path
    page = client.get("/api-docs/").get_data(as_text=True)
    assert '<script src="/vendor/swagger-ui/swagger-ui-bundle.js">' in page
    assert '<script src="/api-docs/init.js">' in page
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page), "inline script: the CSP forbids it"
    assert "/api/v1/openapi.json" in client.get("/api-docs/init.js").get_data(as_text=True)


def test_docs_page_is_served_under_the_csp(client):
    res = client.get("/api-docs/")
    csp = res.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
