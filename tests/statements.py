"""Counting the SQL statements a request sends, for tests that hold a code path to N queries."""
from contextlib import contextmanager

from sqlalchemy import event

from server.extensions import db


@contextmanager
def statements_about(word):
    """The statements sent to the database inside the block whose text mentions `word` (say, a
    table's name), collected by a `before_cursor_execute` listener."""
    found = []

    def collect(conn, cursor, statement, *args):
        if word in statement:
            found.append(statement)

    event.listen(db.engine, "before_cursor_execute", collect)
    try:
        yield found
    finally:
        event.remove(db.engine, "before_cursor_execute", collect)
