"""once claims: the tokens of forms that store once (portal.once), the portal's and the WBS reporter's apart

Each table keeps a token's digest (its key) and the UTC day it was claimed; nothing else.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-28

"""
from alembic import op
import sqlalchemy as sa

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

TABLES = ('once_claim', 'wbs_once_claim')


def upgrade():
    for name in TABLES:
        op.create_table(name,
                        sa.Column('digest', sa.String(length=64), nullable=False),
                        sa.Column('day', sa.Date(), nullable=False),
                        sa.PrimaryKeyConstraint('digest', name=op.f(f'pk_{name}')))
        with op.batch_alter_table(name, schema=None) as batch_op:
            batch_op.create_index(batch_op.f(f'ix_{name}_day'), ['day'], unique=False)


def downgrade():
    for name in reversed(TABLES):
        with op.batch_alter_table(name, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f'ix_{name}_day'))
        op.drop_table(name)
