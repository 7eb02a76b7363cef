"""review-queue count rollups per (ward, author, local day), summed from the day rows: what the
queue's counts read for one author, a few rows a day however many events the author logs

Revision ID: 0020_review_author_counts
Revises: 0019_rate_counters
Create Date: 2026-12-03 20:00:00

"""
from alembic import op
import sqlalchemy as sa

from server.outreach.models import ReviewAuthorDayCount
from server.outreach.queue_counts import AUTHOR_DAY_KEY, rebuild_coarser


revision = '0020_review_author_counts'
down_revision = '0019_rate_counters'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('review_author_day_counts',
    sa.Column('ward_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('local_date', sa.Date(), nullable=False),
    sa.Column('review_key', sa.String(length=10), nullable=False),
    sa.Column('signal', sa.String(length=20), nullable=False),
    sa.Column('events', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], ),
    sa.ForeignKeyConstraint(['ward_id'], ['wards.id'], ),
    sa.PrimaryKeyConstraint('ward_id', 'author_id', 'local_date', 'review_key', 'signal')
    )
    # From the day rows, kept with every event write since 0013_review_day_counts.
    rebuild_coarser(op.get_bind(), ReviewAuthorDayCount, AUTHOR_DAY_KEY)


def downgrade():
    op.drop_table('review_author_day_counts')
