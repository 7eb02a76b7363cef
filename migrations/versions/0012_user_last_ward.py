"""users.last_ward_id: the ward a user last chose to look at, to open on after signing in again

Revision ID: 0012_user_last_ward
Revises: 0008
Create Date: 2026-12-03 14:10:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0012_user_last_ward'
down_revision = '0011_monthly_rollups'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_ward_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_users_last_ward_id_wards', 'wards', ['last_ward_id'], ['id'])


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint('fk_users_last_ward_id_wards', type_='foreignkey')
        batch_op.drop_column('last_ward_id')
