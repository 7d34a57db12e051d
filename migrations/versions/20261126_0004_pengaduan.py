"""pengaduan: the tables of the pengaduan part

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26

"""
import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'pengaduan',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('code_digest', sa.String(length=64), nullable=False),
        sa.Column('kind', sa.String(length=30), nullable=False),
        sa.Column('category', sa.String(length=30), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('layanan_id', sa.Integer(), nullable=True),
        sa.Column('handling_unit_id', sa.Integer(), nullable=False),
        sa.Column('officer_id', sa.Integer(), nullable=True),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('place', sa.String(length=200), nullable=True),
        sa.Column('event_date', sa.Date(), nullable=True),
        sa.Column('terlapor', sa.String(length=200), nullable=True),
        sa.Column('privacy', sa.String(length=10), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=True),
        sa.Column('email', sa.String(length=200), nullable=True),
        sa.Column('phone', sa.String(length=40), nullable=True),
        sa.Column('consent', sa.Boolean(), nullable=False),
        sa.Column('status', sa.String(length=30), nullable=False),
        sa.Column('resume_status', sa.String(length=30), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('filed_on', sa.Date(), nullable=False),
        sa.Column('verify_due', sa.Date(), nullable=False),
        sa.Column('followup_due', sa.Date(), nullable=True),
        sa.Column('final_due', sa.Date(), nullable=False),
        sa.Column('next_due', sa.Date(), nullable=True),
        sa.Column('paused_on', sa.Date(), nullable=True),
        sa.Column('verified_on', sa.Date(), nullable=True),
        sa.Column('dispositioned_on', sa.Date(), nullable=True),
        sa.Column('followed_up_on', sa.Date(), nullable=True),
        sa.Column('autoclose_on', sa.Date(), nullable=True),
        sa.Column('closed_on', sa.Date(), nullable=True),
        sa.Column('days_to_close', sa.Integer(), nullable=True),
        sa.Column('follow_up', sa.Text(), nullable=True),
        sa.Column('rating', sa.SmallInteger(), nullable=True),
        sa.Column('rating_comment', sa.Text(), nullable=True),
        sa.Column('rated_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['handling_unit_id'], ['unit.id']),
        sa.ForeignKeyConstraint(['layanan_id'], ['layanan.id']),
        sa.ForeignKeyConstraint(['officer_id'], ['user.id']),
        sa.ForeignKeyConstraint(['unit_id'], ['unit.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('code_digest'),
    )
    with op.batch_alter_table('pengaduan') as batch:
        batch.create_index('ix_pengaduan_status_due', ['status', 'next_due'], unique=False)
        batch.create_index(batch.f('ix_pengaduan_unit_id'), ['unit_id'], unique=False)
        batch.create_index(batch.f('ix_pengaduan_handling_unit_id'), ['handling_unit_id'], unique=False)
        batch.create_index(batch.f('ix_pengaduan_status'), ['status'], unique=False)
        batch.create_index(batch.f('ix_pengaduan_filed_on'), ['filed_on'], unique=False)
    op.create_table(
        'pengaduan_event',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('complaint_id', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.Column('kind', sa.String(length=30), nullable=False),
        sa.Column('action', sa.String(length=40), nullable=True),
        sa.Column('from_status', sa.String(length=30), nullable=True),
        sa.Column('to_status', sa.String(length=30), nullable=True),
        sa.Column('actor_kind', sa.String(length=10), nullable=False),
        sa.Column('actor_id', sa.Integer(), nullable=True),
        sa.Column('unit_id', sa.Integer(), nullable=True),
        sa.Column('note', sa.Text(), nullable=True),
        sa.Column('public', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['actor_id'], ['user.id']),
        sa.ForeignKeyConstraint(['complaint_id'], ['pengaduan.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['unit_id'], ['unit.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('pengaduan_event') as batch:
        batch.create_index(batch.f('ix_pengaduan_event_complaint_id'), ['complaint_id'], unique=False)
    op.create_table(
        'pengaduan_lampiran',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('complaint_id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=True),
        sa.Column('key', sa.String(length=64), nullable=False),
        sa.Column('name', sa.String(length=120), nullable=False),
        sa.Column('mime', sa.String(length=60), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['complaint_id'], ['pengaduan.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['event_id'], ['pengaduan_event.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('pengaduan_lampiran') as batch:
        batch.create_index(batch.f('ix_pengaduan_lampiran_complaint_id'), ['complaint_id'], unique=False)
    op.create_table(
        'pengaduan_cuti_bersama',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('name', sa.String(length=120), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('day'),
    )


def downgrade():
    op.drop_table('pengaduan_cuti_bersama')
    with op.batch_alter_table('pengaduan_lampiran') as batch:
        batch.drop_index(batch.f('ix_pengaduan_lampiran_complaint_id'))
    op.drop_table('pengaduan_lampiran')
    with op.batch_alter_table('pengaduan_event') as batch:
        batch.drop_index(batch.f('ix_pengaduan_event_complaint_id'))
    op.drop_table('pengaduan_event')
    with op.batch_alter_table('pengaduan') as batch:
        batch.drop_index(batch.f('ix_pengaduan_filed_on'))
        batch.drop_index(batch.f('ix_pengaduan_status'))
        batch.drop_index(batch.f('ix_pengaduan_handling_unit_id'))
        batch.drop_index(batch.f('ix_pengaduan_unit_id'))
        batch.drop_index('ix_pengaduan_status_due')
    op.drop_table('pengaduan')
