"""The counts an outreach event reports, declared once: their names in column order, the largest
value each may take, and the columns that carry them in every table that sums or stores them
(the events, the daily rollups). The phone's limits are these (COUNT_LIMITS)."""
from sqlalchemy import Integer
from sqlalchemy.orm import mapped_column

# Above these a count is a typing slip, not a day's outreach.
COUNT_LIMITS = {
    "attendees": 3000, "households_visited": 500, "people_assisted": 2000,
    "vneid_installs": 2000, "vneid_activations": 2000, "dvc_filings": 2000,
    "leaflets": 50_000, "online_reach": 5_000_000,
}
COUNT_FIELDS = tuple(COUNT_LIMITS)


class CountColumns:
    """A model mixin: one NOT NULL integer column per count, 0 by default."""


for _name in COUNT_FIELDS:
    setattr(CountColumns, _name, mapped_column(Integer, nullable=False, default=0))
