"""The survey's language switch is a button of the form: the answers given so far come back in the other language."""
import re

from sqlalchemy import func, select

from survei.models import Response
from tests.survei.factories import answers, form_url, make_survey, open_form


def test_switching_language_keeps_the_answers_and_stores_nothing(client, db):
    unit, layanan = make_survey()
    hidden = open_form(client, unit, layanan)
    page = client.get(form_url(unit, layanan)).get_data(as_text=True)
    assert 'id="survei-form"' in page and 'form="survei-form" name="bahasa" value="en" formnovalidate' in page
    half = {k: v for k, v in answers(score=3).items() if k in ('u1', 'u2', 'u3', 'age', 'saran')}
    half['saran'] = 'Antrean rapi.'
    response = client.post(form_url(unit, layanan), data={**hidden, **half, 'bahasa': 'en'})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and '<html lang="en">' in html
    assert db.session.scalar(select(func.count(Response.id))) == 0
    for code in ('u1', 'u2', 'u3'):
        assert re.search(rf'name="{code}" value="3" checked', html), code
    assert 'Antrean rapi.' in html and 'value="34"' in html
    assert 'flash-error' not in html
    assert f'name="token" value="{hidden["token"]}"' in html  # the same submission: a later send is stored once
    # the full answers, sent from the English page, are stored once
    sent = client.post(form_url(unit, layanan), data={**hidden, **answers()})
    assert sent.status_code == 303 and db.session.scalar(select(func.count(Response.id))) == 1
