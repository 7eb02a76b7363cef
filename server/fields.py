"""Marshmallow fields shared by every domain's schemas."""
from marshmallow import fields, validate

from .timeutil import as_utc

# The largest value a database INTEGER column holds (PostgreSQL's int4; SQLite takes more).
DB_INT_MAX = 2**31 - 1


def Id(**kwargs):
    """An integer id from a client: out of the database's range is a 422, never an overflow 500."""
    kwargs.setdefault("validate", validate.Range(min=0, max=DB_INT_MAX, error="out_of_range"))
    return fields.Integer(**kwargs)


class UtcDateTime(fields.DateTime):
    """A stored naive-UTC datetime, written with its offset as the API promises."""

    def _serialize(self, value, attr, obj, **kwargs):
        return super()._serialize(as_utc(value), attr, obj, **kwargs)
