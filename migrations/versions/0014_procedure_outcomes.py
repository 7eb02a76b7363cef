"""filing statistics per procedure (service_group widened), level-2 e-ID figures per ward and
month, a province's default rate targets

Revision ID: 0014_procedure_outcomes
Revises: 0013_review_day_counts
Create Date: 2026-12-03 16:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0014_procedure_outcomes'
down_revision = '0013_review_day_counts'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('filing_stats', schema=None) as batch_op:
        batch_op.alter_column('service_group', existing_type=sa.String(length=16),
                              type_=sa.String(length=24), existing_nullable=False)

    op.create_table('eid_stats',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ward_id', sa.Integer(), nullable=False),
    sa.Column('province_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('eligible', sa.Integer(), nullable=False),
    sa.Column('activated', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['province_id'], ['provinces.id'], ),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], ),
    sa.ForeignKeyConstraint(['ward_id'], ['wards.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('ward_id', 'month', name='uq_eid_stats_ward_month')
    )
    with op.batch_alter_table('eid_stats', schema=None) as batch_op:
        batch_op.create_index('ix_eid_stats_province_month', ['province_id', 'month'], unique=False)

    op.create_table('province_rate_targets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('province_id', sa.Integer(), nullable=False),
    sa.Column('service_group', sa.String(length=24), nullable=False),
    sa.Column('target_pct', sa.Float(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['province_id'], ['provinces.id'], ),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('province_id', 'service_group', name='uq_province_rate_targets_group')
    )


def downgrade():
    op.drop_table('province_rate_targets')
    with op.batch_alter_table('eid_stats', schema=None) as batch_op:
        batch_op.drop_index('ix_eid_stats_province_month')
    op.drop_table('eid_stats')
    # The narrower column cannot hold the procedures' names: their rows go with it.
    op.execute("DELETE FROM filing_stats WHERE service_group NOT IN ('residence', 'id_card', 'other')")
    with op.batch_alter_table('filing_stats', schema=None) as batch_op:
        batch_op.alter_column('service_group', existing_type=sa.String(length=24),
                              type_=sa.String(length=16), existing_nullable=False)
