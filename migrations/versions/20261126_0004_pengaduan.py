"""pengaduan: the tables of the pengaduan part

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26

"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    pass  # filled in by the pengaduan part


def downgrade():
    pass
