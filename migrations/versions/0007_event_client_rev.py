"""events.client_rev: the phone's count of its changes, to tell a late copy from an edit

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 13:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('client_rev', sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_column('client_rev')
