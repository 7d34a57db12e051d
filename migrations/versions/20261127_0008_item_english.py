"""survei: an admin's English wording for a questionnaire item

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-27

"""
from alembic import op
import sqlalchemy as sa

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('survei_item') as batch_op:
        batch_op.add_column(sa.Column('english', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('survei_item') as batch_op:
        batch_op.drop_column('english')
