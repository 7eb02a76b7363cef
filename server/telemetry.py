"""What operators graph, in Prometheus' format (prometheus-client): requests and their latency by
endpoint (the URL rule, never the raw path, so ids make no new series), sync results by status,
and the outbox sizes phones report on sync (header X-Outbox-Size).

Under gunicorn's several workers PROMETHEUS_MULTIPROC_DIR (set by scripts/serve.sh and the
service unit) makes every worker write its figures there, and `exposition()` adds them up.
"""
import os
import time

from flask import g, request
from prometheus_client import (CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, Counter,
                               Histogram, generate_latest, multiprocess)

REQUESTS = Counter("outreach_http_requests_total", "HTTP requests answered",
                   ["endpoint", "method", "status"])
LATENCY = Histogram("outreach_http_request_duration_seconds", "Time to answer a request",
                    ["endpoint", "method"],
                    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30))
SYNC_RESULTS = Counter("outreach_sync_results_total", "Events answered by sync, by result",
                       ["status"])
OUTBOX_SIZE = Histogram("outreach_phone_outbox_size",
                        "Events waiting on a phone when it syncs (X-Outbox-Size)",
                        buckets=(0, 1, 5, 20, 50, 100, 250, 500, 1000, 5000))
UNMATCHED = "<unmatched>"  # every path no rule knows, as one series


def init_app(app):
    app.before_request(_start_clock)
    app.after_request(_count_request)


def _start_clock():
    g.telemetry_started = time.perf_counter()


def _count_request(response):
    endpoint = request.url_rule.rule if request.url_rule is not None else UNMATCHED
    REQUESTS.labels(endpoint, request.method, str(response.status_code)).inc()
    started = g.get("telemetry_started")
    if started is not None:
        LATENCY.labels(endpoint, request.method).observe(time.perf_counter() - started)
    return response


def count_sync(results, outbox_size):
    """One sync's answers by status; the phone's outbox size, when it sent a sensible one."""
    for result in results:
        SYNC_RESULTS.labels(result["status"]).inc()
    if outbox_size and outbox_size.isdigit() and len(outbox_size) <= 7:
        OUTBOX_SIZE.observe(int(outbox_size))


def exposition():
    """(body, content type) of every figure: this process's, or every worker's under gunicorn."""
    registry = REGISTRY
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    return generate_latest(registry), CONTENT_TYPE_LATEST
