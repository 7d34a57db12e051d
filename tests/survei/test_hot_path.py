"""The form's hot path: a survey URL remembered for a few seconds per process, and the fresh form rendered once per
language and layanan with each citizen's own hidden values put in."""
import re
import time

from sqlalchemy import func, select

from survei import services
from survei.models import Response
from survei.util import sign_opened
from tests.factories import login_as, statements
from tests.survei.factories import CSRF_RE, OPENED_RE, TOKEN_RE, VERSI_RE, answers, form_url, make_survey

SLOTS = (CSRF_RE, TOKEN_RE, OPENED_RE)


def test_a_survey_url_is_read_once_within_its_max_age_then_again(app, db):
    unit, layanan = make_survey(name='Legalisir Ijazah')
    slugs = (unit.slug, layanan.slug)
    with statements() as seen:
        first = services.find_layanan_cached(*slugs, now=1000.0)
        again = services.find_layanan_cached(*slugs, now=1000.0 + services.TARGET_MAX_AGE - 0.1)
    assert first is again and first.layanan.name == 'Legalisir Ijazah' and len(seen) == 1
    with statements() as seen:
        later = services.find_layanan_cached(*slugs, now=1000.0 + services.TARGET_MAX_AGE)
    assert later == first and later is not first and len(seen) == 1
    assert services.find_layanan_cached(slugs[0], 'tidak-ada', now=1000.0) is None


def test_a_change_made_in_this_process_shows_at_once(client, db):
    unit, layanan = make_survey(name='Legalisir Ijazah')
    assert 'Legalisir Ijazah' in client.get(form_url(unit, layanan)).get_data(as_text=True)
    layanan.name = 'Legalisasi Ijazah'
    db.session.commit()
    assert 'Legalisasi Ijazah' in client.get(form_url(unit, layanan)).get_data(as_text=True)
    services.set_layanan_surveys(layanan, False, False)
    db.session.commit()
    assert 'name="ipak1"' not in client.get(form_url(unit, layanan)).get_data(as_text=True)
    layanan.active = False
    db.session.commit()
    assert client.get(form_url(unit, layanan)).status_code == 404


def test_a_fresh_form_asks_the_database_nothing_once_its_url_is_known(client, db):
    unit, layanan = make_survey()
    client.get(form_url(unit, layanan))
    with statements() as seen:
        assert client.get(form_url(unit, layanan)).status_code == 200
    assert seen == []


def test_two_citizens_get_the_same_page_but_their_own_hidden_values(app, db):
    unit, layanan = make_survey()
    first, second = app.test_client(), app.test_client()
    pages = [c.get(form_url(unit, layanan)).get_data(as_text=True) for c in (first, second)]
    values = [[rx.search(page).group(1) for rx in SLOTS] for page in pages]
    assert all(a != b for a, b in zip(*values, strict=True))  # csrf, idempotency token and opening time differ
    assert all(re.fullmatch(r'[A-Za-z0-9_.\-]+', v) for v in values[0] + values[1])

    def blank(page):
        for rx in SLOTS:
            page = rx.sub('value=""', page)
        return page
    assert blank(pages[0]) == blank(pages[1])
    for client, (csrf, token, _opened) in zip((first, second), values, strict=True):  # each citizen's own work
        data = {**answers(), 'csrf_token': csrf, 'token': token, 'opened': sign_opened(time.time() - 60),
                'versi': VERSI_RE.search(pages[0]).group(1)}
        assert client.post(form_url(unit, layanan), data=data).status_code == 303
    assert db.session.scalar(select(func.count(Response.id))) == 2
    assert set(db.session.scalars(select(Response.token))) == {values[0][1], values[1][1]}


def test_a_signed_in_staff_member_gets_the_page_with_the_staff_bar_and_citizens_do_not(app, client, db):
    unit, layanan = make_survey()
    citizen = app.test_client()
    assert 'staffbar' not in citizen.get(form_url(unit, layanan)).get_data(as_text=True)
    login_as(client, 'superadmin')
    staff_page = client.get(form_url(unit, layanan)).get_data(as_text=True)
    assert 'class="wrap staffbar"' in staff_page and CSRF_RE.search(staff_page)
    assert 'staffbar' not in citizen.get(form_url(unit, layanan)).get_data(as_text=True)
