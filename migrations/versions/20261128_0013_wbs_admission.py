"""wbs_member.admitted_on: a new tim_wbs member receives reports only once a member of the team has let them in

Members who had keys before this revision were already the team: they count as admitted on the day they set up.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-28

"""
from alembic import op
import sqlalchemy as sa

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('wbs_member', schema=None) as batch_op:
        batch_op.add_column(sa.Column('admitted_on', sa.Date(), nullable=True))
    op.execute('UPDATE wbs_member SET admitted_on = created_on WHERE public_key IS NOT NULL')


def downgrade():
    with op.batch_alter_table('wbs_member', schema=None) as batch_op:
        batch_op.drop_column('admitted_on')
