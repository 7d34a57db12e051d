"""portal: former addresses of units and layanan, so printed posters and links keep working

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-27

"""
from alembic import op
import sqlalchemy as sa

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('unit_alias',
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_unit_alias_unit_id_unit')),
    sa.PrimaryKeyConstraint('slug', name=op.f('pk_unit_alias'))
    )
    with op.batch_alter_table('unit_alias', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unit_alias_unit_id'), ['unit_id'], unique=False)
    op.create_table('layanan_alias',
    sa.Column('unit_slug', sa.String(length=80), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('layanan_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['layanan_id'], ['layanan.id'], name=op.f('fk_layanan_alias_layanan_id_layanan')),
    sa.PrimaryKeyConstraint('unit_slug', 'slug', name=op.f('pk_layanan_alias'))
    )
    with op.batch_alter_table('layanan_alias', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_layanan_alias_layanan_id'), ['layanan_id'], unique=False)


def downgrade():
    with op.batch_alter_table('layanan_alias', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_layanan_alias_layanan_id'))
    op.drop_table('layanan_alias')
    with op.batch_alter_table('unit_alias', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unit_alias_unit_id'))
    op.drop_table('unit_alias')
