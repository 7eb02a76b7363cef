"""/readyz and /metrics: ready only with the database, Redis (when configured) and the schema at
the migrations' head; figures by URL rule, sync results by status, the phones' outbox sizes; the
figures for a token holder or a loopback caller only."""
import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import text

from server import create_app
from server.extensions import db
from tests.browser.live_server import free_port
from tests.conftest import _config
from tests.factories import event_payload

SYNC = "/api/v1/events/sync"


def figures(client):
    """{(sample name, sorted label items): value} of /metrics, as a loopback caller."""
    res = client.get("/metrics")
    assert res.status_code == 200 and res.content_type.startswith("text/plain")
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(res.get_data(as_text=True))
            for s in family.samples}


def test_ready_when_database_and_schema_are(client):
    res = client.get("/readyz")
    assert res.status_code == 200 and res.get_json() == {"status": "ready"}


def test_not_ready_when_the_schema_is_behind_the_code(app, client):
    head = db.session.scalar(text("SELECT version_num FROM alembic_version"))
    db.session.execute(text("UPDATE alembic_version SET version_num = '0012_user_last_ward'"))
    db.session.commit()
    try:
        res = client.get("/readyz")
    finally:
        db.session.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": head})
        db.session.commit()
    assert res.status_code == 503
    assert res.get_json()["errors"] == {"migrations": ["not_at_head"]}


def test_not_ready_without_the_database(tmp_path):
    app = create_app(_config(f"sqlite:///{tmp_path}/missing/folder/outreach.db"))
    res = app.test_client().get("/readyz")
    assert res.status_code == 503 and res.get_json()["code"] == 503
    assert res.get_json()["errors"] == {"database": ["unreachable"]}


def test_ready_follows_redis_when_configured(database_url, fresh_redis_url):
    up = create_app(_config(database_url, REDIS_URL=fresh_redis_url)).test_client()
    assert up.get("/readyz").status_code == 200
    gone = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    down = create_app(_config(database_url, REDIS_URL=gone)).test_client().get("/readyz")
    assert down.status_code == 503 and down.get_json()["errors"] == {"redis": ["unreachable"]}


def test_metrics_for_loopback_or_the_token_only(database_url):
    open_app = create_app(_config(database_url)).test_client()
    assert open_app.get("/metrics").status_code == 200  # loopback, as the test client is
    far = open_app.get("/metrics", environ_base={"REMOTE_ADDR": "203.0.113.9"})
    assert far.status_code == 403 and far.get_json()["code"] == 403
    assert open_app.get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"}).status_code == 403
    token = "metrics-token-0123456789abcdef0123"
    guarded = create_app(_config(database_url, METRICS_TOKEN=token)).test_client()
    assert guarded.get("/metrics").status_code == 403
    assert guarded.get("/metrics", headers={"Authorization": "Bearer nope"}).status_code == 403
    bearer = {"Authorization": f"Bearer {token}"}
    anywhere = guarded.get("/metrics", headers=bearer, environ_base={"REMOTE_ADDR": "203.0.113.9"})
    assert anywhere.status_code == 200


def test_requests_are_counted_by_url_rule(world, client, as_user):
    ward = world.wards["w1"].id
    rule = ("outreach_http_requests_total", (("endpoint", "/api/v1/wards/<int:ward_id>/groups"),
                                             ("method", "GET"), ("status", "200")))
    before = figures(client).get(rule, 0)
    for _ in range(2):
        assert client.get(f"/api/v1/wards/{ward}/groups",
                          headers=as_user("commander-w1")).status_code == 200
    after = figures(client)
    assert after[rule] == before + 2
    assert not [key for key in after if f"/api/v1/wards/{ward}/" in str(key)]  # never the path
    latency = ("outreach_http_request_duration_seconds_count", rule[1][:2])
    assert after[latency] >= 2


def test_sync_results_and_outbox_sizes_are_counted(world, client, as_user):
    def sample(name, **labels):
        return figures(client).get((name, tuple(sorted(labels.items()))), 0)

    created = sample("outreach_sync_results_total", status="created")
    rejected = sample("outreach_sync_results_total", status="rejected")
    reports, total = sample("outreach_phone_outbox_size_count"), sample("outreach_phone_outbox_size_sum")
    batch = [event_payload(world.groups["g1"]), event_payload(world.groups["g1"], duration_min=-5)]
    res = client.post(SYNC, json={"events": batch},
                      headers={**as_user("officer-w1"), "X-Outbox-Size": "7"})
    assert [r["status"] for r in res.get_json()["results"]] == ["created", "rejected"]
    assert sample("outreach_sync_results_total", status="created") == created + 1
    assert sample("outreach_sync_results_total", status="rejected") == rejected + 1
    assert sample("outreach_phone_outbox_size_count") == reports + 1
    assert sample("outreach_phone_outbox_size_sum") == total + 7
