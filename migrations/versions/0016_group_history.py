"""residential groups with a validity period, the links from stopped groups to their successors
(merge, split) and the names a group had before a rename; groups existing so far are in force
since the beginning (both bounds empty)

Revision ID: 0016_group_history
Revises: 0015_national_role
Create Date: 2026-12-03 16:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0016_group_history'
down_revision = '0015_national_role'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('residential_groups', schema=None) as batch_op:
        batch_op.add_column(sa.Column('valid_from', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('valid_to', sa.Date(), nullable=True))
    op.create_table('group_links',
    sa.Column('predecessor_id', sa.Integer(), nullable=False),
    sa.Column('successor_id', sa.Integer(), nullable=False),
    sa.Column('op', sa.String(length=8), nullable=False),
    sa.Column('effective_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['predecessor_id'], ['residential_groups.id'], ),
    sa.ForeignKeyConstraint(['successor_id'], ['residential_groups.id'], ),
    sa.PrimaryKeyConstraint('predecessor_id', 'successor_id')
    )
    op.create_index('ix_group_links_successor_id', 'group_links', ['successor_id'], unique=False)
    op.create_table('group_names',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('until', sa.Date(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['residential_groups.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('group_id', 'until', name='uq_group_names_group_until')
    )


def downgrade():
    op.drop_table('group_names')
    op.drop_index('ix_group_links_successor_id', table_name='group_links')
    op.drop_table('group_links')
    with op.batch_alter_table('residential_groups', schema=None) as batch_op:
        batch_op.drop_column('valid_to')
        batch_op.drop_column('valid_from')
