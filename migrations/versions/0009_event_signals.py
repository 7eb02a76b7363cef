"""events.signals: the data-quality signals stored with each event (one bit per reason), indexed
with (ward, time) for the review queue, and filled for the events already stored

Revision ID: 0009_event_signals
Revises: 0008
Create Date: 2026-12-03 13:30:00

"""
from alembic import op
import sqlalchemy as sa

from server.outreach.checks import recompute_signals


revision = '0009_event_signals'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('signals', sa.SmallInteger(), server_default='0',
                                      nullable=False))
        batch_op.create_index('ix_events_ward_signals',
                              ['ward_id', 'occurred_at', 'signals', 'deleted'], unique=False)
    # One UPDATE over every event, with the conditions `flask rebuild-rollups` uses too (the
    # far_from_group decision with this installation's FAR_FROM_GROUP_M).
    recompute_signals(connection=op.get_bind())


def downgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index('ix_events_ward_signals')
        batch_op.drop_column('signals')
