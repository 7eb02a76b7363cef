"""What the coverage map draws besides the ward's metrics: the period's event points and the
tile server setting."""
from flask import current_app
from sqlalchemy import select

from ..extensions import db
from ..outreach.models import Event
from ..timeutil import LOCAL_TZ, as_utc, local_midnight_utc

MAX_POINTS = 60_000
POINT_FIELDS = ("kind", "group_id", "lat", "lon", "occurred_at")


def map_settings():
    """The tile server the map loads its background from (a deployment setting)."""
    return {"tile_url": current_app.config["MAP_TILE_URL"],
            "attribution": current_app.config["MAP_TILE_ATTRIBUTION"],
            "max_points": MAX_POINTS}


def event_points(ward, start, end):
    """Where the ward's live events of [start, end) (local days) happened, newest first; at most
    MAX_POINTS of them, and how many had no location.

    The points come as columns (one list per field, the i-th entries describing one event): with
    tens of thousands of events this halves the bytes a phone downloads and spares a schema call
    per point."""
    where = (Event.ward_id == ward.id, Event.deleted.is_(False),
             Event.occurred_at >= local_midnight_utc(start), Event.occurred_at < local_midnight_utc(end))
    rows = db.session.execute(
        select(Event.kind, Event.group_id, Event.lat, Event.lon, Event.occurred_at)
        .where(*where).order_by(Event.occurred_at.desc())).all()
    columns = {name: [] for name in POINT_FIELDS}
    without = located = 0
    for kind, group_id, lat, lon, occurred_at in rows:
        if lat is None or lon is None:
            without += 1
            continue
        located += 1
        if located > MAX_POINTS:
            continue
        columns["kind"].append(kind)
        columns["group_id"].append(group_id)
        columns["lat"].append(lat)
        columns["lon"].append(lon)
        columns["occurred_at"].append(as_utc(occurred_at).astimezone(LOCAL_TZ).isoformat())
    return {"ward_id": ward.id, "from_": start, "to": end, "events": len(rows),
            "without_location": without, "truncated": located > MAX_POINTS,
            "count": len(columns["kind"]), "points": columns}
