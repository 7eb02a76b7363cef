"""review-queue count rollups per local day (filled from the events' stored signals); the
events' (ward, time) and (author, time) indexes dropped, the (…, time, id) ones serve their
queries

Revision ID: 0013_review_day_counts
Revises: 0012_user_last_ward
Create Date: 2026-12-03 16:45:00

"""
from alembic import op
import sqlalchemy as sa

from server.outreach.models import ReviewWardDayCount
from server.outreach.queue_counts import WARD_DAY_KEY, rebuild_queue_counts


revision = '0013_review_day_counts'
down_revision = '0012_user_last_ward'
branch_labels = None
depends_on = None


def _count_columns():
    return [sa.Column('review_key', sa.String(length=10), nullable=False),
            sa.Column('signal', sa.String(length=20), nullable=False),
            sa.Column('events', sa.Integer(), nullable=False)]


def upgrade():
    op.create_table('review_day_counts',
    sa.Column('ward_id', sa.Integer(), nullable=False),
    sa.Column('local_date', sa.Date(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('group_key', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    *_count_columns(),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], ),
    sa.ForeignKeyConstraint(['ward_id'], ['wards.id'], ),
    sa.PrimaryKeyConstraint('ward_id', 'local_date', 'author_id', 'group_key', 'kind',
                            'review_key', 'signal')
    )
    op.create_index('ix_review_day_counts_author_date', 'review_day_counts',
                    ['author_id', 'local_date'], unique=False)
    op.create_table('review_ward_day_counts',
    sa.Column('ward_id', sa.Integer(), nullable=False),
    sa.Column('local_date', sa.Date(), nullable=False),
    *_count_columns(),
    sa.ForeignKeyConstraint(['ward_id'], ['wards.id'], ),
    sa.PrimaryKeyConstraint('ward_id', 'local_date', 'review_key', 'signal')
    )
    # From the signals stored with the events, as `flask rebuild-rollups` does.
    rebuild_queue_counts(connection=op.get_bind(),
                         coarser=((ReviewWardDayCount, WARD_DAY_KEY),))  # the level it creates
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index('ix_events_ward_occurred')
        batch_op.drop_index('ix_events_author_occurred')


def downgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index('ix_events_author_occurred', ['author_id', 'occurred_at'],
                              unique=False)
        batch_op.create_index('ix_events_ward_occurred', ['ward_id', 'occurred_at'], unique=False)
    op.drop_index('ix_review_day_counts_author_date', table_name='review_day_counts')
    op.drop_table('review_ward_day_counts')
    op.drop_table('review_day_counts')
