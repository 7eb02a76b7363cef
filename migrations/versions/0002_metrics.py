"""metrics: daily event rollups (filled from existing events), filing statistics, targets

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 11:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

MEASURES = ('events', 'duration_min', 'attendees', 'households_visited', 'people_assisted',
            'vneid_installs', 'vneid_activations', 'dvc_filings', 'leaflets', 'online_reach')


def upgrade():
    op.create_table('event_rollups',
    sa.Column('ward_id', sa.Integer(), nullable=False),
    sa.Column('local_date', sa.Date(), nullable=False),
    sa.Column('group_key', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=True),
    sa.Column('province_id', sa.Integer(), nullable=False),
    *[sa.Column(name, sa.Integer(), nullable=False) for name in MEASURES],
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], ),
    sa.ForeignKeyConstraint(['group_id'], ['residential_groups.id'], ),
    sa.ForeignKeyConstraint(['province_id'], ['provinces.id'], ),
    sa.ForeignKeyConstraint(['ward_id'], ['wards.id'], ),
    sa.PrimaryKeyConstraint('ward_id', 'local_date', 'group_key', 'kind', 'author_id')
    )
    with op.batch_alter_table('event_rollups', schema=None) as batch_op:
        batch_op.create_index('ix_event_rollups_province_date', ['province_id', 'local_date'], unique=False)

    op.create_table('filing_stats',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ward_id', sa.Integer(), nullable=False),
    sa.Column('province_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('service_group', sa.String(length=16), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('online', sa.Integer(), nullable=False),
    sa.Column('in_person', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['province_id'], ['provinces.id'], ),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], ),
    sa.ForeignKeyConstraint(['ward_id'], ['wards.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('ward_id', 'month', 'service_group', name='uq_filing_stats_ward_month_group')
    )
    with op.batch_alter_table('filing_stats', schema=None) as batch_op:
        batch_op.create_index('ix_filing_stats_province_month', ['province_id', 'month'], unique=False)

    op.create_table('targets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ward_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('period_from', sa.Date(), nullable=False),
    sa.Column('period_to', sa.Date(), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], ),
    sa.ForeignKeyConstraint(['ward_id'], ['wards.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('ward_id', 'kind', 'period_from', 'period_to', name='uq_targets_ward_kind_period')
    )
    with op.batch_alter_table('targets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_targets_ward_id'), ['ward_id'], unique=False)

    # Events stored before this revision get their rollups now.
    sums = ', '.join(f'SUM({name})' for name in MEASURES[1:])
    op.execute(
        'INSERT INTO event_rollups (ward_id, local_date, group_key, kind, author_id, group_id, '
        f'province_id, {", ".join(MEASURES)}) '
        'SELECT ward_id, local_date, COALESCE(group_id, 0), kind, author_id, group_id, '
        f'province_id, COUNT(*), {sums} FROM events WHERE deleted = false '
        'GROUP BY ward_id, local_date, COALESCE(group_id, 0), kind, author_id, group_id, province_id'
    )


def downgrade():
    with op.batch_alter_table('targets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_targets_ward_id'))
    op.drop_table('targets')
    with op.batch_alter_table('filing_stats', schema=None) as batch_op:
        batch_op.drop_index('ix_filing_stats_province_month')
    op.drop_table('filing_stats')
    with op.batch_alter_table('event_rollups', schema=None) as batch_op:
        batch_op.drop_index('ix_event_rollups_province_date')
    op.drop_table('event_rollups')
