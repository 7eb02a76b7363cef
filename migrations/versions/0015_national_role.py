"""users.province_id may be empty: the national desk (role `national`) has no ward and no province;
a covering index on filing_stats by month, from which the national picture reads a month of
every province

Revision ID: 0015_national_role
Revises: 0014_procedure_outcomes
Create Date: 2026-12-03 16:45:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0015_national_role'
down_revision = '0014_procedure_outcomes'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.alter_column('province_id', existing_type=sa.Integer(), nullable=True)
    op.create_index('ix_filing_stats_month_cover', 'filing_stats',
                    ['month', 'province_id', 'service_group', 'ward_id', 'total', 'online',
                     'in_person'])


def downgrade():
    op.drop_index('ix_filing_stats_month_cover', table_name='filing_stats')
    # A national account has no province to fall back on: it cannot survive the downgrade.
    op.execute("DELETE FROM users WHERE province_id IS NULL")
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.alter_column('province_id', existing_type=sa.Integer(), nullable=False)
