"""hasil: published periods and the improvement plan (RTL)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26

"""
from alembic import op
import sqlalchemy as sa

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('analytics_published',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('period_key', sa.String(length=32), nullable=False),
    sa.Column('period_label', sa.String(length=80), nullable=False),
    sa.Column('start', sa.Date(), nullable=False),
    sa.Column('end', sa.Date(), nullable=False),
    sa.Column('figures', sa.JSON(), nullable=False),
    sa.Column('published_at', sa.DateTime(), nullable=False),
    sa.Column('published_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_analytics_published_unit_id_unit')),
    sa.ForeignKeyConstraint(['published_by_id'], ['user.id'],
                            name=op.f('fk_analytics_published_published_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_analytics_published')),
    sa.UniqueConstraint('unit_id', 'period_key', name=op.f('uq_analytics_published_unit_id'))
    )
    with op.batch_alter_table('analytics_published', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_analytics_published_unit_id'), ['unit_id'], unique=False)
    op.create_table('analytics_rtl',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('period_key', sa.String(length=32), nullable=False),
    sa.Column('unsur', sa.String(length=4), nullable=True),
    sa.Column('action', sa.String(length=500), nullable=False),
    sa.Column('owner', sa.String(length=200), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('evidence', sa.String(length=1000), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_analytics_rtl_unit_id_unit')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user.id'], name=op.f('fk_analytics_rtl_updated_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_analytics_rtl'))
    )
    op.create_index('ix_analytics_rtl_unit_period', 'analytics_rtl', ['unit_id', 'period_key'], unique=False)


def downgrade():
    op.drop_index('ix_analytics_rtl_unit_period', table_name='analytics_rtl')
    op.drop_table('analytics_rtl')
    with op.batch_alter_table('analytics_published', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_analytics_published_unit_id'))
    op.drop_table('analytics_published')
