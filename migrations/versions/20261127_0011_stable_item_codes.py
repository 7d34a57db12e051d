"""survei: perception item codes that never change meaning, so answers pool across questionnaire versions correctly

Until this revision a new IPKP/IPAK version numbered its items by position (ipak1, ipak2, ...): dropping the first
item gave the second one the code ipak1, and the analytics, which pool answers across versions by code, averaged
answers to two different questions as one item. Each version's items are recoded here the way
survei.questionnaires.assign_codes codes new versions: an item asking what an earlier one asked (the question and its
four answer labels, spaces and case aside) takes that item's code; any other item keeps its code if no earlier item
of another question had it, else takes the next unused number. Version 1 keeps its codes. Answers point at items by
id, so no answer changes.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-27

"""
from alembic import op
import sqlalchemy as sa

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

COLUMNS = ('question', 'label1', 'label2', 'label3', 'label4')


def _identity(row):
    return tuple(' '.join(str(row[c]).split()).casefold() for c in COLUMNS)


def recode(rows):
    """{item id: new code} for rows (id, kind, version, position, code, question, label1..4) of every version."""
    out, state = {}, {}
    for row in sorted(rows, key=lambda r: (r['kind'], r['version'], r['position'], r['id'])):
        known, owner, numbers = state.setdefault(row['kind'], ({}, {}, [0]))
        prefix, identity = row['kind'], _identity(row)
        code = known.get(identity)
        if code is None and owner.get(row['code'], identity) == identity:
            code = row['code']
        in_version = state.setdefault((row['kind'], row['version']), set())
        if code is None or code in in_version:
            code = f'{prefix}{max(numbers) + 1}'
        in_version.add(code)
        known.setdefault(identity, code)
        owner.setdefault(code, identity)
        suffix = code[len(prefix):]
        if code.startswith(prefix) and suffix.isdigit():
            numbers.append(int(suffix))
        out[row['id']] = code
    return out


def upgrade():
    conn = op.get_bind()
    rows = [dict(r._mapping) for r in conn.execute(sa.text(
        'SELECT i.id, q.kind, q.version, i.position, i.code, i.question, i.label1, i.label2, i.label3, i.label4 '
        'FROM survei_item i JOIN survei_questionnaire q ON q.id = i.questionnaire_id'))]
    new = recode(rows)
    changed = {r['id']: new[r['id']] for r in rows if new[r['id']] != r['code']}
    # two passes: a version's codes may trade places, and (questionnaire, code) is unique
    for item_id in changed:
        conn.execute(sa.text('UPDATE survei_item SET code = :code WHERE id = :id'),
                     {'code': f'recode{item_id}', 'id': item_id})
    for item_id, code in changed.items():
        conn.execute(sa.text('UPDATE survei_item SET code = :code WHERE id = :id'), {'code': code, 'id': item_id})


def downgrade():
    pass  # the old codes named positions, not questions; nothing to restore them for
