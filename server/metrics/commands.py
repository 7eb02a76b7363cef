"""`flask --app wsgi rebuild-rollups`: recompute every rollup row from the live events."""
import click

from .rollups import rebuild_rollups


@click.command("rebuild-rollups")
def rebuild_rollups_cmd():
    """Rebuild the daily event rollups from scratch (after a restore or a bulk load)."""
    rows = rebuild_rollups()
    click.echo(f"Rebuilt {rows} rollup row(s).")
