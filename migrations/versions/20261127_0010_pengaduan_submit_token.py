"""pengaduan: the form's submission token (digest) and the code sealed under it, so a form posted twice files once

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-27

"""
from alembic import op
import sqlalchemy as sa

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('pengaduan', schema=None) as batch_op:
        batch_op.add_column(sa.Column('submit_digest', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('code_sealed', sa.LargeBinary(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_pengaduan_submit_digest'), ['submit_digest'])


def downgrade():
    with op.batch_alter_table('pengaduan', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_pengaduan_submit_digest'), type_='unique')
        batch_op.drop_column('code_sealed')
        batch_op.drop_column('submit_digest')
