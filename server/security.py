"""Request hardening shared by every endpoint: bounded ids, strict JSON, CORS for named origins."""
from werkzeug.routing import IntegerConverter

from .fields import DB_INT_MAX


class DbIntConverter(IntegerConverter):
    """`<int:...>` bounded to a database INTEGER: a huge id answers 404, never an overflow 500."""

    def __init__(self, map, fixed_digits=0, min=None, max=DB_INT_MAX, signed=False):
        super().__init__(map, fixed_digits, min, max, signed)
