"""Plans, tasks and campaigns: the officer in charge of a group, a commander's tasks, a ward's
campaigns with their targets, and the campaign an event counts for

Revision ID: 0017_plans_campaigns
Revises: 0016_group_history
Create Date: 2026-12-03 16:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0017_plans_campaigns'
down_revision = '0016_group_history'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('residential_groups', schema=None) as batch_op:
        batch_op.add_column(sa.Column('officer_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_residential_groups_officer_id_users', 'users',
                                    ['officer_id'], ['id'])
        batch_op.create_index('ix_residential_groups_officer_id', ['officer_id'])
    op.create_table(
        'tasks',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('ward_id', sa.Integer(), sa.ForeignKey('wards.id'), nullable=False),
        sa.Column('group_id', sa.Integer(), sa.ForeignKey('residential_groups.id'), nullable=False),
        sa.Column('assignee_id', sa.Integer(), sa.ForeignKey('users.id'), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=True),
        sa.Column('due_on', sa.Date(), nullable=False),
        sa.Column('starts_on', sa.Date(), nullable=False),
        sa.Column('note', sa.String(length=500), nullable=True),
        sa.Column('created_by_id', sa.Integer(), sa.ForeignKey('users.id'), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_tasks_ward_id', 'tasks', ['ward_id'])
    op.create_index('ix_tasks_assignee_id', 'tasks', ['assignee_id'])
    op.create_table(
        'campaigns',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('ward_id', sa.Integer(), sa.ForeignKey('wards.id'), nullable=False),
        sa.Column('name', sa.String(length=120), nullable=False),
        sa.Column('starts_on', sa.Date(), nullable=False),
        sa.Column('ends_on', sa.Date(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), sa.ForeignKey('users.id'), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_campaigns_ward_id', 'campaigns', ['ward_id'])
    op.create_table(
        'campaign_targets',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('campaign_id', sa.Integer(), sa.ForeignKey('campaigns.id'), nullable=False),
        sa.Column('kind', sa.String(length=32), nullable=False),
        sa.Column('value', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('campaign_id', 'kind', name='uq_campaign_targets_kind'),
    )
    op.create_index('ix_campaign_targets_campaign_id', 'campaign_targets', ['campaign_id'])
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('campaign_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_events_campaign_id_campaigns', 'campaigns',
                                    ['campaign_id'], ['id'])
        batch_op.create_index('ix_events_campaign_id', ['campaign_id'])


def downgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index('ix_events_campaign_id')
        batch_op.drop_constraint('fk_events_campaign_id_campaigns', type_='foreignkey')
        batch_op.drop_column('campaign_id')
    op.drop_index('ix_campaign_targets_campaign_id', table_name='campaign_targets')
    op.drop_table('campaign_targets')
    op.drop_index('ix_campaigns_ward_id', table_name='campaigns')
    op.drop_table('campaigns')
    op.drop_index('ix_tasks_assignee_id', table_name='tasks')
    op.drop_index('ix_tasks_ward_id', table_name='tasks')
    op.drop_table('tasks')
    with op.batch_alter_table('residential_groups', schema=None) as batch_op:
        batch_op.drop_index('ix_residential_groups_officer_id')
        batch_op.drop_constraint('fk_residential_groups_officer_id_users', type_='foreignkey')
        batch_op.drop_column('officer_id')
