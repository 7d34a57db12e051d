"""generated: files built in the background (PDF reports)

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26

"""
from alembic import op
import sqlalchemy as sa

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'generated_file',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('token', sa.String(length=32), nullable=False),
        sa.Column('owner_id', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('filename', sa.String(length=200), nullable=False),
        sa.Column('mime', sa.String(length=100), nullable=False),
        sa.Column('job', sa.String(length=200), nullable=False),
        sa.Column('args', sa.JSON(), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('store_key', sa.String(length=32), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('finished_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['owner_id'], ['user.id'], name=op.f('fk_generated_file_owner_id_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_generated_file')),
        sa.UniqueConstraint('token', name=op.f('uq_generated_file_token')),
    )
    with op.batch_alter_table('generated_file') as batch_op:
        batch_op.create_index(batch_op.f('ix_generated_file_owner_id'), ['owner_id'], unique=False)


def downgrade():
    with op.batch_alter_table('generated_file') as batch_op:
        batch_op.drop_index(batch_op.f('ix_generated_file_owner_id'))
    op.drop_table('generated_file')
