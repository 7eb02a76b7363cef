"""The events list, its export and the audit log page through indexes: every query they send is
explained by the database (SQLite's EXPLAIN QUERY PLAN; PostgreSQL's EXPLAIN with sequential
scans and sorts priced out, so a plan keeps one only when no index can serve: on a test's few
rows the planner would otherwise pick any index and sort, whatever the indexes) and none walks the whole
`events` or `audit_log` table, or sorts what it selected instead of reading it in index order."""
import re
from contextlib import contextmanager
from datetime import datetime, timedelta

import pytest
from sqlalchemy import event as sa_event

from server.extensions import db
from server.reports import exports
from tests.factories import VN
from tests.metrics.helpers import event, post

PAGED = r"(events|audit_log|review_\w*counts)\b"  # and the review queue's count rollups
FULL_SCAN = {"sqlite": re.compile(rf"^SCAN {PAGED}|TEMP B-TREE FOR .*ORDER BY"),
             "postgresql": re.compile(rf"Seq Scan on {PAGED}|\bSort\b")}
TABLES = re.compile(rf"\b(FROM|JOIN)\s+{PAGED}")


@contextmanager
def queries_sent():
    """(statement, parameters) of every SELECT on events, audit_log or a review count rollup
    sent inside the block."""
    found = []

    def collect(conn, cursor, statement, parameters, *args):
        if statement.lstrip().upper().startswith("SELECT") and TABLES.search(statement):
            found.append((statement, parameters))

    sa_event.listen(db.engine, "before_cursor_execute", collect)
    try:
        yield found
    finally:
        sa_event.remove(db.engine, "before_cursor_execute", collect)


def plan(statement, parameters):
    """The database's plan of a statement, one line per step."""
    dialect = db.engine.dialect.name
    raw = db.engine.raw_connection()
    try:
        cursor = raw.cursor()
        if dialect == "postgresql":
            cursor.execute("SET enable_seqscan = off")
            cursor.execute("SET enable_sort = off")
            # An incremental sort of ties only (an index on time without the id) streams under a
            # LIMIT; priced out too, so the plan shows whether an index gives the whole order.
            cursor.execute("SET enable_incremental_sort = off")
            cursor.execute("EXPLAIN " + statement, parameters)
            return [row[0] for row in cursor.fetchall()]
        cursor.execute("EXPLAIN QUERY PLAN " + statement, parameters)
        return [row[-1] for row in cursor.fetchall()]
    finally:
        raw.rollback()
        raw.close()


def full_scans(found):
    pattern = FULL_SCAN[db.engine.dialect.name]
    return [(statement, lines) for statement, parameters in found
            for lines in [plan(statement, parameters)]
            if any(pattern.search(line.strip()) for line in lines)]


@pytest.fixture
def history(client, world, as_user):
    """Five events in w1 (three by officer-w1, two by volunteer-w1), each edited once, and one in w2."""
    g1, g3 = world.groups["g1"], world.groups["g3"]
    for author, days in (("officer-w1", (3, 4, 5)), ("volunteer-w1", (6, 7))):
        for day in days:
            payload = event(g1, _days_ago(day), attendees=day, kind="meeting")
            post(client, as_user(author), payload)
            post(client, as_user(author), {**payload, "attendees": day + 1, "base_version": 1})
    post(client, as_user("officer-w2"), event(g3, _days_ago(3), attendees=1, kind="meeting"))


def _days_ago(days):
    return (datetime.now(VN) - timedelta(days=days)).replace(microsecond=0).isoformat()


def _pages(client, url, headers):
    """Every page of a keyset-paged list, two items at a time."""
    cursor, pages = None, 0
    while True:
        sep = "&" if "?" in url else "?"
        res = client.get(f"{url}{sep}limit=2" + (f"&cursor={cursor}" if cursor else ""),
                         headers=headers)
        assert res.status_code == 200, res.get_json()
        pages += 1
        cursor = res.get_json()["next_cursor"]
        if cursor is None:
            return pages


def test_the_events_list_pages_through_an_index(client, world, as_user, history):
    w1 = world.wards["w1"].id
    with queries_sent() as found:
        assert _pages(client, "/api/v1/events", as_user("commander-w1")) == 3
        assert _pages(client, "/api/v1/events?kind=meeting", as_user("officer-w1")) == 2
        assert _pages(client, "/api/v1/events", as_user("admin-p1")) == 3
        assert _pages(client, f"/api/v1/events?ward_id={w1}", as_user("admin-p1")) == 3
    assert len(found) >= 11
    assert full_scans(found) == []


def test_the_events_export_pages_through_an_index(client, world, as_user, history, monkeypatch):
    monkeypatch.setattr(exports, "CHUNK", 2)
    with queries_sent() as found:
        for who in ("commander-w1", "officer-w1", "admin-p1"):
            for fmt in ("csv", "xlsx"):
                res = client.get(f"/api/v1/events/export?format={fmt}", headers=as_user(who))
                assert res.status_code == 200
    assert sum("LIMIT" in statement.upper() for statement, _ in found) >= 12
    assert full_scans(found) == []


def test_the_audit_log_pages_through_an_index(client, world, as_user, history):
    w1, p1 = world.wards["w1"].id, world.provinces["p1"].id
    with queries_sent() as found:
        assert _pages(client, f"/api/v1/wards/{w1}/audit", as_user("commander-w1")) >= 5
        assert _pages(client, f"/api/v1/provinces/{p1}/audit", as_user("admin-p1")) >= 5
    assert len(found) >= 10
    assert full_scans(found) == []


def test_the_channels_figures_read_the_events_from_one_covering_index(client, world, as_user,
                                                                      history):
    """Each support point's sessions and each platform's posts: a range of the (ward, kind,
    time) index with every column they sum, never the ward's whole period of events."""
    w1 = world.wards["w1"].id
    with queries_sent() as found:
        res = client.get(f"/api/v1/wards/{w1}/channels", headers=as_user("commander-w1"))
        assert res.status_code == 200, res.get_json()
    assert len(found) == 2 and full_scans(found) == []
    if db.engine.dialect.name == "sqlite":  # PostgreSQL prices indexes by its statistics of a few rows
        for statement, parameters in found:
            lines = plan(statement, parameters)
            assert any("USING COVERING INDEX ix_events_channels" in line for line in lines), lines


def test_the_review_queue_pages_and_counts_through_indexes(client, world, as_user, history):
    """The queue of the whole ward, of one author (its counts from the author-day rollup) and
    of one kind: every page and count read through an index."""
    w1, officer = world.wards["w1"].id, world.users["officer-w1"].id
    queue = f"/api/v1/wards/{w1}/review-queue"
    with queries_sent() as found:
        assert _pages(client, queue, as_user("commander-w1")) == 3
        assert _pages(client, f"{queue}?user_id={officer}", as_user("commander-w1")) == 2
        assert _pages(client, f"{queue}?user_id={officer}&kind=meeting",
                      as_user("commander-w1")) == 2
    assert sum("review_author_day_counts" in statement for statement, _ in found) == 2
    assert full_scans(found) == []
