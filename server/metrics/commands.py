"""`flask --app wsgi rebuild-rollups`: recompute every rollup row and every event's stored
data-quality signals from the live events."""
import click

from ..extensions import db
from ..outreach.checks import recompute_signals
from .rollups import rebuild_rollups


@click.command("rebuild-rollups")
def rebuild_rollups_cmd():
    """Rebuild the daily event rollups and the events' signals from scratch (after a restore, a
    bulk load or a change of FAR_FROM_GROUP_M)."""
    rows = rebuild_rollups()
    click.echo(f"Rebuilt {rows} rollup row(s).")
    events = recompute_signals()
    db.session.commit()
    click.echo(f"Recomputed the data-quality signals of {events} event(s).")
