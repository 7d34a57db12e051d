"""pengaduan.followup_late: a follow-up round that came after its 5 HK and was then contested stays late in the figures

Complaints contested before this revision start as not late: which of their earlier rounds were late was not kept.

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-28

"""
from alembic import op
import sqlalchemy as sa

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('pengaduan', schema=None) as batch_op:
        batch_op.add_column(sa.Column('followup_late', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table('pengaduan', schema=None) as batch_op:
        batch_op.drop_column('followup_late')
