"""Support points, QR boards and their scans per day; an event's support point and platform

Revision ID: 0018_support_points_qr
Revises: 0017_plans_campaigns
Create Date: 2026-12-03 16:45:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0018_support_points_qr'
down_revision = '0017_plans_campaigns'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'support_points',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('ward_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=120), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('address', sa.String(length=200), nullable=True),
        sa.Column('lat', sa.Float(), nullable=True),
        sa.Column('lon', sa.Float(), nullable=True),
        sa.Column('opening_hours', sa.JSON(), nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['ward_id'], ['wards.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_support_points_ward_id', 'support_points', ['ward_id'])
    op.create_table(
        'qr_boards',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('ward_id', sa.Integer(), nullable=False),
        sa.Column('code', sa.String(length=16), nullable=False),
        sa.Column('name', sa.String(length=120), nullable=False),
        sa.Column('target_url', sa.String(length=500), nullable=False),
        sa.Column('group_id', sa.Integer(), nullable=True),
        sa.Column('support_point_id', sa.Integer(), nullable=True),
        sa.Column('lat', sa.Float(), nullable=True),
        sa.Column('lon', sa.Float(), nullable=True),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('retired_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['ward_id'], ['wards.id']),
        sa.ForeignKeyConstraint(['group_id'], ['residential_groups.id']),
        sa.ForeignKeyConstraint(['support_point_id'], ['support_points.id']),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('code'),
    )
    op.create_index('ix_qr_boards_ward_id', 'qr_boards', ['ward_id'])
    op.create_table(
        'qr_scan_days',
        sa.Column('board_id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('scans', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['board_id'], ['qr_boards.id']),
        sa.PrimaryKeyConstraint('board_id', 'day'),
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('support_point_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('platform', sa.String(length=12), nullable=True))
        batch_op.create_foreign_key('fk_events_support_point_id_support_points', 'support_points',
                                    ['support_point_id'], ['id'])


def downgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_constraint('fk_events_support_point_id_support_points', type_='foreignkey')
        batch_op.drop_column('platform')
        batch_op.drop_column('support_point_id')
    op.drop_table('qr_scan_days')
    op.drop_index('ix_qr_boards_ward_id', table_name='qr_boards')
    op.drop_table('qr_boards')
    op.drop_index('ix_support_points_ward_id', table_name='support_points')
    op.drop_table('support_points')
