"""wbs: the tables of the wbs part

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26

"""
import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'wbs_member',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('public_key', sa.LargeBinary(length=32), nullable=True),
        sa.Column('pw_wrapped', sa.LargeBinary(length=80), nullable=True),
        sa.Column('pw_salt', sa.LargeBinary(length=16), nullable=True),
        sa.Column('pw_ops', sa.Integer(), nullable=True),
        sa.Column('pw_mem', sa.Integer(), nullable=True),
        sa.Column('recovery_wrapped', sa.LargeBinary(length=80), nullable=True),
        sa.Column('totp_secret', sa.LargeBinary(length=120), nullable=False),
        sa.Column('totp_last_step', sa.Integer(), nullable=False),
        sa.Column('created_on', sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_wbs_member_user_id_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_wbs_member')),
        sa.UniqueConstraint('user_id', name=op.f('uq_wbs_member_user_id')),
    )
    op.create_table(
        'wbs_report',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('number', sa.String(length=20), nullable=False),
        sa.Column('lookup_tag', sa.String(length=8), nullable=False),
        sa.Column('receipt_salt', sa.LargeBinary(length=16), nullable=False),
        sa.Column('receipt_hash', sa.LargeBinary(length=32), nullable=False),
        sa.Column('receipt_ops', sa.Integer(), nullable=False),
        sa.Column('receipt_mem', sa.Integer(), nullable=False),
        sa.Column('sealed_for_receipt', sa.LargeBinary(length=128), nullable=False),
        sa.Column('public_key', sa.LargeBinary(length=32), nullable=False),
        sa.Column('content', sa.LargeBinary(), nullable=False),
        sa.Column('category', sa.String(length=40), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=True),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('outcome', sa.String(length=40), nullable=True),
        sa.Column('forwarded_to', sa.String(length=20), nullable=True),
        sa.Column('created_on', sa.Date(), nullable=False),
        sa.Column('updated_on', sa.Date(), nullable=False),
        sa.Column('closed_on', sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_wbs_report_unit_id_unit')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_wbs_report')),
        sa.UniqueConstraint('number', name=op.f('uq_wbs_report_number')),
    )
    with op.batch_alter_table('wbs_report') as batch:
        for column in ('lookup_tag', 'category', 'unit_id', 'status', 'created_on'):
            batch.create_index(op.f(f'ix_wbs_report_{column}'), [column], unique=False)
    for name, extra in (('wbs_access', [sa.Column('sealed_key', sa.LargeBinary(length=128), nullable=False),
                                         sa.Column('granted_on', sa.Date(), nullable=False)]),
                        ('wbs_exclusion', [sa.Column('created_on', sa.Date(), nullable=False)])):
        op.create_table(
            name,
            sa.Column('id', sa.Integer(), nullable=False),
            sa.Column('report_id', sa.Integer(), nullable=False),
            sa.Column('member_id', sa.Integer(), nullable=False),
            *extra,
            sa.ForeignKeyConstraint(['member_id'], ['wbs_member.id'], name=op.f(f'fk_{name}_member_id_wbs_member')),
            sa.ForeignKeyConstraint(['report_id'], ['wbs_report.id'], name=op.f(f'fk_{name}_report_id_wbs_report')),
            sa.PrimaryKeyConstraint('id', name=op.f(f'pk_{name}')),
            sa.UniqueConstraint('report_id', 'member_id', name=op.f(f'uq_{name}_report_id')),
        )
        with op.batch_alter_table(name) as batch:
            batch.create_index(op.f(f'ix_{name}_report_id'), ['report_id'], unique=False)
            batch.create_index(op.f(f'ix_{name}_member_id'), ['member_id'], unique=False)
    op.create_table(
        'wbs_message',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('report_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=True),
        sa.Column('body', sa.LargeBinary(), nullable=False),
        sa.Column('created_on', sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(['author_id'], ['wbs_member.id'], name=op.f('fk_wbs_message_author_id_wbs_member')),
        sa.ForeignKeyConstraint(['report_id'], ['wbs_report.id'], name=op.f('fk_wbs_message_report_id_wbs_report')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_wbs_message')),
    )
    with op.batch_alter_table('wbs_message') as batch:
        batch.create_index('ix_wbs_message_report_kind', ['report_id', 'kind'], unique=False)
    op.create_table(
        'wbs_file',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('report_id', sa.Integer(), nullable=False),
        sa.Column('store_key', sa.String(length=32), nullable=False),
        sa.Column('meta', sa.LargeBinary(), nullable=False),
        sa.Column('from_reporter', sa.Boolean(), nullable=False),
        sa.Column('created_on', sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(['report_id'], ['wbs_report.id'], name=op.f('fk_wbs_file_report_id_wbs_report')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_wbs_file')),
    )
    with op.batch_alter_table('wbs_file') as batch:
        batch.create_index(op.f('ix_wbs_file_report_id'), ['report_id'], unique=False)


def downgrade():
    for name in ('wbs_file', 'wbs_message', 'wbs_exclusion', 'wbs_access', 'wbs_report', 'wbs_member'):
        op.drop_table(name)
