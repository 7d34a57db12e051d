"""Factories for the analytics tests: responses with given scores, and the worked case of domain.md section 2."""
from datetime import date

from portal.extensions import db
from survei.models import ItemAnswer, QuestionItem, Questionnaire, Response, ServiceUserCount

# domain.md section 2, worked case: 29 respondents; per unsur the number answering 4, 3, 2, 1.
WORKED_COUNTS = [(18, 11, 0, 0), (14, 15, 0, 0), (15, 12, 2, 0), (29, 0, 0, 0), (15, 14, 0, 0),
                 (18, 11, 0, 0), (19, 10, 0, 0), (18, 11, 0, 0), (28, 1, 0, 0)]
WORKED_TOTALS = (105, 101, 100, 116, 102, 105, 106, 105, 115)


def worked_rows():
    """The 29 respondents' nine scores (columns filled 4s first, as the contract check builds them)."""
    columns = []
    for counts in WORKED_COUNTS:
        col = []
        for score, k in zip((4, 3, 2, 1), counts, strict=True):
            col += [score] * k
        columns.append(col)
    return [[c[i] for c in columns] for i in range(29)]


def make_response(unit, scores, day=date(2026, 7, 15), layanan=None, counted=True, commit=True, **kw):
    """A response with scores u1..u9 (None = unanswered)."""
    r = Response(unit_id=unit.id, layanan_id=getattr(layanan, 'id', None), service_date=day, counted=counted,
                 source='import', **{f'u{i}': s for i, s in enumerate(scores, 1)}, **kw)
    db.session.add(r)
    if commit:
        db.session.commit()
    return r


def make_responses(unit, rows, **kw):
    """Several responses, one commit."""
    out = [make_response(unit, row, commit=False, **kw) for row in rows]
    db.session.commit()
    return out


def make_questionnaire(kind, codes, uses_ikm_answers=False, version=1):
    """A questionnaire of `kind` with items coded `codes`."""
    q = Questionnaire(kind=kind, version=version, title=f'{kind} v{version}', uses_ikm_answers=uses_ikm_answers)
    for pos, code in enumerate(codes, 1):
        q.items.append(QuestionItem(position=pos, code=code, name=f'Butir {code}', question=f'Pertanyaan {code}?',
                                    label1='1', label2='2', label3='3', label4='4'))
    db.session.add(q)
    db.session.commit()
    return q


def answer_items(response, questionnaire, scores):
    """Item answers for a response (scores in the questionnaire's item order; None = skipped)."""
    for item, score in zip(questionnaire.items, scores, strict=True):
        if score is not None:
            db.session.add(ItemAnswer(response_id=response.id, item_id=item.id, score=score))
    db.session.commit()


def make_population(layanan, count, start=date(2026, 1, 1), end=date(2026, 12, 31)):
    """A ServiceUserCount row."""
    row = ServiceUserCount(layanan_id=layanan.id, period_start=start, period_end=end, count=count)
    db.session.add(row)
    db.session.commit()
    return row
