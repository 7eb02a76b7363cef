"""Marshmallow fields shared by every domain's schemas."""
from datetime import date

from marshmallow import ValidationError, fields, validate
from marshmallow.validate import Length

from .personal_data import looks_personal
from .timeutil import as_utc

# The largest value a database INTEGER column holds (PostgreSQL's int4; SQLite takes more).
DB_INT_MAX = 2**31 - 1


def Id(**kwargs):
    """An integer id from a client: out of the database's range is a 422, never an overflow 500."""
    kwargs.setdefault("validate", validate.Range(min=0, max=DB_INT_MAX, error="out_of_range"))
    return fields.Integer(**kwargs)


# The days a client may ask about (the same years a month may name): outside them a period's
# arithmetic (local midnight in UTC, a day after) overflows Python's dates.
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2100, 12, 31)


def LocalDay(**kwargs):
    """A YYYY-MM-DD local day from a client: a year outside 2000–2100 is a 422, never a 500."""
    kwargs.setdefault("validate", validate.Range(min=FIRST_DAY, max=LAST_DAY, error="out_of_range"))
    return fields.Date(**kwargs)


class UtcDateTime(fields.DateTime):
    """A stored naive-UTC datetime, written with its offset as the API promises."""

    def _serialize(self, value, attr, obj, **kwargs):
        return super()._serialize(as_utc(value), attr, obj, **kwargs)


def _no_nul(value):
    if value and "\x00" in value:
        raise ValidationError("nul_character")  # PostgreSQL text cannot hold it


def _no_personal_data(value):
    if looks_personal(value):
        raise ValidationError("contains_personal_data")


class FreeText(fields.String):
    """Text a user types (a note, a comment, a reason, a name): at most `max_length` characters,
    no NUL, and nothing that looks like a citizen ID, a phone number or an e-mail address.
    Fails with the codes too_long, nul_character and contains_personal_data; `validate` adds
    more checks."""

    def __init__(self, max_length, validate=(), **kwargs):
        more = [validate] if callable(validate) else list(validate)
        too_long = Length(max=max_length, error="too_long")
        super().__init__(validate=[too_long, _no_nul, _no_personal_data, *more], **kwargs)
