"""Inserting many rows of one table inside the session's transaction, as fast as the database
allows: COPY on PostgreSQL, one executemany elsewhere.

`add_to_rows` adds to summed columns of rows found by key, making those not there yet: what the
rollups kept with every event write do.

A sync batch writes up to 500 events and 500 audit entries; through an executemany each row is
a statement of its own, and that was a third of a batch's cost (bench/metrics_bench.py). COPY
sends them as one stream. Either way a duplicate key raises sqlalchemy's IntegrityError, so a
caller's retry logic does not depend on the database.
"""
import json

from sqlalchemy import JSON, insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from .extensions import db


def insert_rows(table, rows):
    """Insert `rows` (dicts with the same keys, named by column) into the Core `table`."""
    if not rows:
        return
    connection = db.session.connection()
    if connection.dialect.name != "postgresql":
        connection.execute(insert(table), rows)
        return
    # Here, not at the top: PostgreSQL's driver takes a second to import and SQLite never needs it.
    import psycopg

    names = list(rows[0])
    as_json = {name for name in names if isinstance(table.c[name].type, JSON)}
    statement = f"COPY {table.name} ({', '.join(names)}) FROM STDIN"
    raw = connection.connection.driver_connection
    try:
        with raw.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                # JSON as SQLAlchemy stores it: None too is the JSON value null.
                copy.write_row([json.dumps(row[n]) if n in as_json else row[n] for n in names])
    except psycopg.IntegrityError as err:
        raise IntegrityError(statement, None, err) from err


_UPSERTS = {}


def add_to_rows(table, key_names, summed, rows):
    """Add `rows` (dicts of the key columns and the `summed` ones) to the Core `table`, in the
    order given: `INSERT ... ON CONFLICT (key) DO UPDATE SET x = x + excluded.x`, which both
    databases make atomic. One statement with many parameter sets, built once per table."""
    if rows:
        dialect = db.session.get_bind().dialect.name
        db.session.execute(_upsert(dialect, table, tuple(key_names), tuple(summed)), rows)


def _upsert(dialect, table, key_names, summed):
    key = (dialect, table.name, key_names, summed)
    statement = _UPSERTS.get(key)
    if statement is None:
        statement = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)
        statement = _UPSERTS[key] = statement.on_conflict_do_update(
            index_elements=list(key_names),
            set_={name: table.c[name] + statement.excluded[name] for name in summed})
    return statement
