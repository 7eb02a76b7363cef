"""events: a covering index for the channels' figures (each support point's sessions, each
platform's posts), on (ward, kind, time) with the columns they sum

Revision ID: 0025_channel_index
Revises: 0020_review_author_counts
Create Date: 2026-12-03 20:20:00

"""
from alembic import op


revision = '0025_channel_index'
down_revision = '0020_review_author_counts'
branch_labels = None
depends_on = None

COLUMNS = ['ward_id', 'kind', 'occurred_at', 'deleted', 'support_point_id', 'platform',
           'people_assisted', 'online_reach', 'vneid_installs', 'vneid_activations', 'dvc_filings']


def upgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index('ix_events_channels', COLUMNS, unique=False)


def downgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index('ix_events_channels')
