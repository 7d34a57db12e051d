"""Export of responses: one row per response, one column per unsur or item, profile columns and flags (CSV, XLSX)."""
import csv
import io

from sqlalchemy import select

from portal.exports import safe_row
from portal.extensions import db

from .models import UNSUR, ItemAnswer, QuestionItem, Questionnaire
from .rules import FLAG_LABELS

BASE = ('id', 'tanggal_layanan', 'dikirim_utc', 'sumber', 'unit', 'unit_nama', 'layanan', 'layanan_nama',
        'jenis_kelamin', 'umur', 'pendidikan', 'pekerjaan', *UNSUR)
TAIL = ('saran', 'tanda', 'dihitung')
CHUNK = 900  # ids per IN (...) query, below SQLite's parameter limit


def _item_answers(ids):
    out = {}
    for start in range(0, len(ids), CHUNK):
        rows = db.session.execute(select(ItemAnswer.response_id, ItemAnswer.item_id, ItemAnswer.score)
                                  .where(ItemAnswer.response_id.in_(ids[start:start + CHUNK])))
        for rid, item_id, score in rows:
            out.setdefault(rid, {})[item_id] = score
    return out


def table(responses):
    """(header, rows) for a list of Response objects."""
    ids = [r.id for r in responses]
    answers = _item_answers(ids)
    item_ids = sorted({i for a in answers.values() for i in a})
    items = []
    if item_ids:
        items = db.session.execute(select(QuestionItem.id, QuestionItem.code, Questionnaire.version)
                                   .join(Questionnaire).where(QuestionItem.id.in_(item_ids))
                                   .order_by(Questionnaire.kind, Questionnaire.version, QuestionItem.position)).all()
    header = [*BASE, *(code if version == 1 else f'{code}_v{version}' for _i, code, version in items), *TAIL]
    rows = []
    for r in responses:
        extra = answers.get(r.id, {})
        rows.append([r.id, r.service_date.isoformat(), r.submitted_at.strftime('%Y-%m-%d %H:%M:%S'), r.source,
                     r.unit.slug, r.unit.name, r.layanan.slug if r.layanan else '', r.layanan.name if r.layanan else '',
                     r.gender or '', r.age if r.age is not None else '', r.education or '', r.occupation or '',
                     *(getattr(r, u) if getattr(r, u) is not None else '' for u in UNSUR),
                     *(extra.get(i, '') for i, _c, _v in items),
                     r.saran or '', '; '.join(FLAG_LABELS.get(f, f) for f in (r.flags or '').split(',') if f),
                     'ya' if r.counted else 'tidak'])
    return header, rows




def to_csv(responses):
    """CSV bytes (UTF-8 with BOM, so spreadsheet programs read the accents)."""
    header, rows = table(responses)
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(header)
    writer.writerows(safe_row(row) for row in rows)
    return ('\ufeff' + buf.getvalue()).encode('utf-8')


def to_xlsx(responses):
    """XLSX bytes (openpyxl, write-only)."""
    from openpyxl import Workbook
    header, rows = table(responses)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet('Respons')
    ws.append(header)
    for row in rows:
        ws.append(safe_row(row))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
