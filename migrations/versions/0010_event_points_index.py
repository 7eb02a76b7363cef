"""events: a covering index for the coverage map's points, on (ward, local day) with the columns
the map draws (events.local_date, filled on every write since 0001, is the local day)

Revision ID: 0010_event_points_index
Revises: 0008
Create Date: 2026-12-03 13:30:00

"""
from alembic import op


revision = '0010_event_points_index'
down_revision = '0009_event_signals'
branch_labels = None
depends_on = None

COLUMNS = ['ward_id', 'local_date', 'occurred_at', 'deleted', 'kind', 'group_id', 'lat', 'lon']


def upgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index('ix_events_map_points', COLUMNS, unique=False)


def downgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index('ix_events_map_points')
