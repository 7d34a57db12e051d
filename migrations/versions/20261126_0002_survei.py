"""survei: the seeded questionnaires (IKM v1 locked, IPKP v1 from the IKM answers, IPAK v1 with 5 items)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26

The survei tables themselves are in 0001; this revision adds their data. Idempotent: a kind that already has a
questionnaire is left alone (survei.services.ensure_questionnaires does the same for create_all databases).
"""
from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

questionnaire = sa.table(
    'survei_questionnaire', sa.column('id', sa.Integer), sa.column('kind', sa.String), sa.column('version', sa.Integer),
    sa.column('title', sa.String), sa.column('locked', sa.Boolean), sa.column('current', sa.Boolean),
    sa.column('uses_ikm_answers', sa.Boolean), sa.column('created_at', sa.DateTime))
item = sa.table(
    'survei_item', sa.column('questionnaire_id', sa.Integer), sa.column('position', sa.Integer),
    sa.column('code', sa.String), sa.column('name', sa.String), sa.column('question', sa.Text),
    sa.column('label1', sa.String), sa.column('label2', sa.String), sa.column('label3', sa.String),
    sa.column('label4', sa.String))


def upgrade():
    from survei.questionnaires import DEFAULTS, item_rows
    with op.batch_alter_table('survei_response') as batch_op:  # the burst check counts recent rows per layanan
        batch_op.create_index('ix_survei_response_layanan_submitted', ['layanan_id', 'submitted_at'], unique=False)
    bind = op.get_bind()
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    for kind, title, locked, uses_ikm, items in DEFAULTS:
        if bind.execute(sa.select(questionnaire.c.id).where(questionnaire.c.kind == kind)).first():
            continue
        bind.execute(questionnaire.insert().values(kind=kind, version=1, title=title, locked=locked, current=True,
                                                   uses_ikm_answers=uses_ikm, created_at=now))
        qid = bind.execute(sa.select(questionnaire.c.id).where(questionnaire.c.kind == kind,
                                                               questionnaire.c.version == 1)).scalar_one()
        rows = item_rows(items)
        if rows:
            op.bulk_insert(item, [dict(row, questionnaire_id=qid) for row in rows])


def downgrade():
    with op.batch_alter_table('survei_response') as batch_op:
        batch_op.drop_index('ix_survei_response_layanan_submitted')
    bind = op.get_bind()
    ids = [r[0] for r in bind.execute(sa.select(questionnaire.c.id).where(questionnaire.c.version == 1,
                                                                        questionnaire.c.kind.in_(('ikm', 'ipkp',
                                                                                                  'ipak'))))]
    if ids:
        bind.execute(item.delete().where(item.c.questionnaire_id.in_(ids)))
        bind.execute(questionnaire.delete().where(questionnaire.c.id.in_(ids)))
