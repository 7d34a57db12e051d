"""analytics: the komponen hasil inputs per unit and year, and the covering index the IKM reads through

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26

"""
from alembic import op
import sqlalchemy as sa

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

COVER = ['counted', 'layanan_id'] + [f'u{i}' for i in range(1, 10)]


def upgrade():
    op.create_table('analytics_hasil_input',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('capaian_kinerja', sa.Numeric(precision=6, scale=2), nullable=True),
    sa.Column('pengungkit', sa.Numeric(precision=6, scale=2), nullable=True),
    sa.Column('tlhp_percent', sa.Numeric(precision=6, scale=2), nullable=True),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_analytics_hasil_input_unit_id_unit')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user.id'], name=op.f('fk_analytics_hasil_input_updated_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_analytics_hasil_input')),
    sa.UniqueConstraint('unit_id', 'year', name=op.f('uq_analytics_hasil_input_unit_id'))
    )
    with op.batch_alter_table('analytics_hasil_input', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_analytics_hasil_input_unit_id'), ['unit_id'], unique=False)
    # The IKM of any subtree and period in one index-only pass (PostgreSQL INCLUDE; SQLite keeps the key columns).
    op.create_index('ix_analytics_response_cover', 'survei_response', ['service_date', 'unit_id'],
                    postgresql_include=COVER)


def downgrade():
    op.drop_index('ix_analytics_response_cover', table_name='survei_response')
    with op.batch_alter_table('analytics_hasil_input', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_analytics_hasil_input_unit_id'))
    op.drop_table('analytics_hasil_input')
