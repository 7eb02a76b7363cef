"""What the coverage map draws besides the ward's metrics: the period's event points (or, past
MAP_POINTS_LIMIT of them, grid aggregates) and the tile server setting."""
from datetime import timedelta

from flask import current_app
from sqlalchemy import Integer, and_, cast, false, func, select

from ..extensions import db
from ..outreach.models import Event
from ..timeutil import LOCAL_TZ, as_utc

POINT_FIELDS = ("kind", "group_id", "lat", "lon", "occurred_at")
CLUSTER_FIELDS = ("lat", "lon", "count")
CELL_DEG = 0.001  # a grid cell of the aggregates: about 110 m of latitude

_events = Event.__table__
_located = and_(_events.c.lat.isnot(None), _events.c.lon.isnot(None))


def map_settings():
    """The tile server the map loads its background from (a deployment setting)."""
    return {"tile_url": current_app.config["MAP_TILE_URL"],
            "attribution": current_app.config["MAP_TILE_ATTRIBUTION"],
            "max_points": current_app.config["MAP_POINTS_LIMIT"]}


def _in_period(ward, start, end):
    """The ward's live events of the local days [start, end): a range of ix_events_map_points."""
    c = _events.c
    return (c.ward_id == ward.id, c.local_date >= start, c.local_date <= end - timedelta(days=1),
            c.deleted == false())


def event_points(ward, start, end):
    """Where the ward's live events of [start, end) (local days) happened, and how many had no
    location: each located event newest first, or past MAP_POINTS_LIMIT of them the count per
    grid cell of about CELL_DEG degrees at the cell's mean position ("mode": "clusters").

    Both come as columns (one list per field, the i-th entries describing one point), read from
    the covering index as plain rows: no ORM object, no per-point schema call."""
    where = _in_period(ward, start, end)
    cells = _cells(where)
    without = sum(count for lat, _, count in cells if lat is None)
    cells = sorted((cell for cell in cells if cell[0] is not None), key=lambda cell: -cell[2])
    located = sum(count for *_, count in cells)
    clustered = located > current_app.config["MAP_POINTS_LIMIT"]
    points = _point_columns(where) if not clustered else {name: [] for name in POINT_FIELDS}
    clusters = {"lat": [round(float(c[0]), 6) for c in cells], "lon": [round(float(c[1]), 6) for c in cells],
                "count": [c[2] for c in cells]} if clustered else {name: [] for name in CLUSTER_FIELDS}
    return {"ward_id": ward.id, "from_": start, "to": end, "events": located + without,
            "without_location": without, "located": located, "truncated": False,
            "mode": "clusters" if clustered else "points", "cell_deg": CELL_DEG,
            "count": len(cells) if clustered else located, "points": points, "clusters": clusters}


def _cells(where):
    """(mean lat, mean lon, events) per grid cell, in one pass over the index range; the events
    without a location make one cell of their own with no position. A cell is a whole number of
    CELL_DEG (SQLite truncates, PostgreSQL rounds: either way a grid of that size)."""
    c = _events.c
    cell_lat, cell_lon = cast(c.lat / CELL_DEG, Integer), cast(c.lon / CELL_DEG, Integer)
    return db.session.connection().execute(
        select(func.avg(c.lat), func.avg(c.lon), func.count()).where(*where)
        .group_by(cell_lat, cell_lon)).all()


def _point_columns(where):
    c = _events.c
    rows = db.session.connection().execute(
        select(c.kind, c.group_id, c.lat, c.lon, c.occurred_at).where(*where, _located)
        .order_by(c.local_date.desc(), c.occurred_at.desc()))
    columns = {name: [] for name in POINT_FIELDS}
    kinds, groups, lats, lons, whens = columns.values()
    local_iso = _local_iso()
    for kind, group_id, lat, lon, occurred_at in rows:
        kinds.append(kind)
        groups.append(group_id)
        lats.append(lat)
        lons.append(lon)
        whens.append(local_iso(occurred_at))
    return columns


def _local_iso():
    """naive UTC → ISO local time with its offset, the zone's offset looked up once per UTC hour
    (zones change offset on the hour): tens of thousands of points cost no zone arithmetic each."""
    offsets = {}

    def local_iso(when):
        hour = (when.toordinal(), when.hour)
        if hour not in offsets:
            local = as_utc(when).astimezone(LOCAL_TZ)
            offsets[hour] = (local.utcoffset(), local.isoformat()[-6:])
        shift, suffix = offsets[hour]
        return (when + shift).isoformat() + suffix
    return local_iso
