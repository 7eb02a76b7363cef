"""Marshmallow fields shared by every domain's schemas."""
from marshmallow import fields

from .timeutil import as_utc


class UtcDateTime(fields.DateTime):
    """A stored naive-UTC datetime, written with its offset as the API promises."""

    def _serialize(self, value, attr, obj, **kwargs):
        return super()._serialize(as_utc(value), attr, obj, **kwargs)
