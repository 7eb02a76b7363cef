"""Dashboards read from a real PostgreSQL streaming replica (made with `pg_basebackup -R` from the
throwaway primary) while it keeps up; writes and the views that must read their own writes use the
primary; a replica lagging beyond REPLICA_MAX_LAG_S, or down, leaves the reads on the primary."""
import time
from datetime import timedelta

import psycopg
import pytest

from server import replica
from server.periods import local_today
from tests.browser.live_server import free_port
from tests.factories import event_payload

SYNC = "/api/v1/events/sync"


@pytest.fixture(scope="module")
def postgres_replica(postgres_server):
    if isinstance(postgres_server, str):
        pytest.skip("a replica needs the throwaway test server")
    standby = postgres_server.start_replica()
    yield standby
    standby.stop()


def sql(server, query, dbname="postgres"):
    dsn = f"host=127.0.0.1 port={server.port} user=postgres dbname={dbname}"
    with psycopg.connect(dsn, autocommit=True) as conn:
        return conn.execute(query).fetchone()[0]


def caught_up(primary, standby, timeout=20):
    # The insert position: with synchronous_commit=off a commit may not be written yet.
    target = sql(primary, "SELECT pg_current_wal_insert_lsn()::text")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if sql(standby, f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn"):
            return
        time.sleep(0.05)
    raise AssertionError("the replica did not catch up")


def received(primary, standby, timeout=20):
    """Wait until the standby has received (not necessarily replayed) the primary's WAL so far:
    only then does a paused replay show as lag."""
    target = sql(primary, "SELECT pg_current_wal_insert_lsn()::text")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if sql(standby, f"SELECT pg_last_wal_receive_lsn() >= '{target}'::pg_lsn"):
            return
        time.sleep(0.05)
    raise AssertionError("the replica did not receive the primary's WAL")


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_dashboards_read_the_replica_while_it_keeps_up(app, client, world, as_user, database_url,
                                                       postgres_server, postgres_replica):
    dbname = database_url.rsplit("/", 1)[1]
    app.extensions["replica"] = replica.Replica(postgres_replica.url(dbname), 3600, 0)
    officer, commander = as_user("officer-w1"), as_user("commander-w1")
    ward = world.wards["w1"].id
    today = local_today()  # Vietnam's day: after 17:00 UTC it is already tomorrow there
    period = {"from": (today - timedelta(days=3)).isoformat(),
              "to": (today + timedelta(days=1)).isoformat()}

    def dashboard_events():
        res = client.get(f"/api/v1/wards/{ward}/metrics", query_string=period, headers=commander)
        assert res.status_code == 200, res.get_json()
        return res.get_json()["totals"]["events"]

    assert client.post(SYNC, json={"events": [event_payload(world.groups["g1"])]},
                       headers=officer).status_code == 200
    caught_up(postgres_server, postgres_replica)
    sql(postgres_replica, "SELECT pg_wal_replay_pause()::text")
    try:
        # A write with the replica attached goes to the primary (a standby would refuse it).
        second = client.post(SYNC, json={"events": [event_payload(world.groups["g1"])]},
                             headers=officer)
        assert second.get_json()["results"][0]["status"] == "created"
        assert dashboard_events() == 1  # the replica, paused before the second event
        own = client.get("/api/v1/events", headers=officer).get_json()  # reads its own writes
        assert len(own["items"]) == 2
        received(postgres_server, postgres_replica)  # the second event is there, not replayed
        app.extensions["replica"].max_lag_s = 0  # lagging beyond the setting: the primary
        assert dashboard_events() == 2
    finally:
        sql(postgres_replica, "SELECT pg_wal_replay_resume()::text")
    gone = f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/{dbname}"
    app.extensions["replica"] = replica.Replica(gone, 3600, 0)  # down: the primary, at once
    assert dashboard_events() == 2
