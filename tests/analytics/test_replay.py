"""An RTL action added twice by one form (a double click, the browser's resend, a replayed request) is stored once
(portal.once); two renders of the form add two; a form without its token is refused with the reason."""
from sqlalchemy import select

from analytics.models import RtlAction
from tests.factories import csrf_token, login_as, make_unit, page_once, post_form

REPLAYED = 'Sudah tersimpan; kiriman ulang tidak disimpan lagi.'
ACTION = {'unsur': 'u3', 'action': 'Tambah loket pada jam sibuk', 'owner': 'Kasubbag TU', 'due_date': '2026-12-15',
          'status': 'direncanakan', 'evidence': ''}


def _actions(db):
    db.session.expire_all()
    return db.session.scalars(select(RtlAction.action).order_by(RtlAction.id)).all()


def test_an_rtl_action_sent_twice_is_added_once_and_says_so(client, db):
    unit = make_unit('Kantor A', 'kantor-a')
    login_as(client, 'admin_unit', unit)
    url = f'/staf/analitik/rtl?unit={unit.id}&periode=2026-T3'
    data = dict(ACTION, sekali=page_once(client, url), csrf_token=csrf_token(client, url))
    first = client.post(url, data=data)
    again = client.post(url, data=data)
    assert first.status_code == again.status_code == 302 and again.headers['Location'] == first.headers['Location']
    assert REPLAYED in client.get(again.headers['Location']).get_data(as_text=True)
    assert _actions(db) == ['Tambah loket pada jam sibuk']


def test_two_renders_of_the_form_add_two_actions(client, db):
    unit = make_unit('Kantor A', 'kantor-a')
    login_as(client, 'admin_unit', unit)
    url = f'/staf/analitik/rtl?unit={unit.id}&periode=2026-T3'
    for _ in range(2):
        assert post_form(client, url, ACTION).status_code == 302
    assert _actions(db) == ['Tambah loket pada jam sibuk'] * 2


def test_an_rtl_form_without_its_token_or_with_invisible_text_is_refused(client, db):
    unit = make_unit('Kantor A', 'kantor-a')
    login_as(client, 'admin_unit', unit)
    url = f'/staf/analitik/rtl?unit={unit.id}&periode=2026-T3'
    response = client.post(url, data=dict(ACTION, csrf_token=csrf_token(client, url)))
    assert response.status_code == 400 and 'Muat ulang halaman' in response.get_data(as_text=True)
    response = post_form(client, url, dict(ACTION, action='\u200b\u202e', owner='\u2060'))
    assert response.status_code == 400 and 'Periksa kembali isian' in response.get_data(as_text=True)
    assert _actions(db) == []
