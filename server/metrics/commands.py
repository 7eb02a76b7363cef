"""`flask --app wsgi rebuild-rollups`: recompute every rollup row, every event's stored
data-quality signals and the review queue's counts from the live events."""
import click

from ..extensions import db
from ..outreach.checks import recompute_signals
from ..outreach.queue_counts import rebuild_queue_counts
from .rollups import rebuild_rollups


@click.command("rebuild-rollups")
def rebuild_rollups_cmd():
    """Rebuild the daily event rollups and the events' signals from scratch (after a restore, a
    bulk load or a change of FAR_FROM_GROUP_M)."""
    rows = rebuild_rollups()
    click.echo(f"Rebuilt {rows} rollup row(s).")
    events = recompute_signals()
    counts = rebuild_queue_counts()
    db.session.commit()
    click.echo(f"Recomputed the data-quality signals of {events} event(s).")
    click.echo(f"Rebuilt {counts} review-queue count row(s).")
