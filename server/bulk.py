"""Inserting many rows of one table inside the session's transaction, as fast as the database
allows: COPY on PostgreSQL, one executemany elsewhere.

A sync batch writes up to 500 events and 500 audit entries; through an executemany each row is
a statement of its own, and that was a third of a batch's cost (bench/metrics_bench.py). COPY
sends them as one stream. Either way a duplicate key raises sqlalchemy's IntegrityError, so a
caller's retry logic does not depend on the database.
"""
import json

from sqlalchemy import JSON, insert
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
