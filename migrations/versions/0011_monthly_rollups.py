"""monthly and ward-day event rollups (filled from the daily ones); indexes for the keyset pages of
the events list, its export and the audit log

Revision ID: 0011_monthly_rollups
Revises: 0008
Create Date: 2026-12-03 14:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0011_monthly_rollups'
down_revision = '0010_event_points_index'
branch_labels = None
depends_on = None

MEASURES = ('events', 'duration_min', 'attendees', 'households_visited', 'people_assisted',
            'vneid_installs', 'vneid_activations', 'dvc_filings', 'leaflets', 'online_reach')
KEY = 'ward_id, {month}, group_key, kind, author_id'


def upgrade():
    op.create_table('event_month_rollups',
    sa.Column('ward_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
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
    sa.PrimaryKeyConstraint('ward_id', 'month', 'group_key', 'kind', 'author_id')
    )
    op.create_index('ix_event_month_rollups_province_month', 'event_month_rollups',
                    ['province_id', 'month'], unique=False)
    # The rollups kept so far, summed by month.
    if op.get_bind().dialect.name == 'postgresql':
        month = "CAST(date_trunc('month', local_date) AS DATE)"
    else:
        month = "date(local_date, 'start of month')"
    sums = ', '.join(f'SUM({name})' for name in MEASURES)
    op.execute(
        f'INSERT INTO event_month_rollups ({KEY.format(month="month")}, group_id, province_id, '
        f'{", ".join(MEASURES)}) '
        f'SELECT {KEY.format(month=month)}, group_id, province_id, {sums} FROM event_rollups '
        f'GROUP BY {KEY.format(month=month)}, group_id, province_id'
    )
    op.create_table('ward_day_rollups',
    sa.Column('ward_id', sa.Integer(), nullable=False),
    sa.Column('local_date', sa.Date(), nullable=False),
    sa.Column('province_id', sa.Integer(), nullable=False),
    *[sa.Column(name, sa.Integer(), nullable=False) for name in MEASURES],
    sa.ForeignKeyConstraint(['province_id'], ['provinces.id'], ),
    sa.ForeignKeyConstraint(['ward_id'], ['wards.id'], ),
    sa.PrimaryKeyConstraint('ward_id', 'local_date')
    )
    op.create_index('ix_ward_day_rollups_province_date', 'ward_day_rollups',
                    ['province_id', 'local_date'], unique=False)
    op.execute(
        f'INSERT INTO ward_day_rollups (ward_id, local_date, province_id, {", ".join(MEASURES)}) '
        f'SELECT ward_id, local_date, province_id, {sums} FROM event_rollups '
        'GROUP BY ward_id, local_date, province_id'
    )
    # Keyset pages: the events list and export newest first (time, then id) in a ward, for an
    # author, in a province; the audit log newest first (id) in a ward, in a province.
    op.create_index('ix_events_ward_occurred_id', 'events', ['ward_id', 'occurred_at', 'id'])
    op.create_index('ix_events_province_occurred_id', 'events',
                    ['province_id', 'occurred_at', 'id'])
    op.create_index('ix_events_author_occurred_id', 'events', ['author_id', 'occurred_at', 'id'])
    op.create_index('ix_audit_log_ward_id_id', 'audit_log', ['ward_id', 'id'])
    op.create_index('ix_audit_log_province_id_id', 'audit_log', ['province_id', 'id'])


def downgrade():
    for name, table in (('ix_audit_log_province_id_id', 'audit_log'),
                        ('ix_audit_log_ward_id_id', 'audit_log'),
                        ('ix_events_author_occurred_id', 'events'),
                        ('ix_events_province_occurred_id', 'events'),
                        ('ix_events_ward_occurred_id', 'events'),
                        ('ix_ward_day_rollups_province_date', 'ward_day_rollups'),
                        ('ix_event_month_rollups_province_month', 'event_month_rollups')):
        op.drop_index(name, table_name=table)
    op.drop_table('ward_day_rollups')
    op.drop_table('event_month_rollups')
