"""Public pages kept per process for a few seconds (portal.pagecache): served again without a query, refreshed
after PAGE_MAX_AGE or at once after a change written here, never kept with something of one visitor's own."""
from types import SimpleNamespace

import pytest
from sqlalchemy import text

from portal import pagecache
from portal.extensions import db
from tests.factories import login_as, make_layanan, make_unit, statements


@pytest.fixture
def clock(monkeypatch):
    """pagecache's own clock, moved by the test (the rest of the process keeps the real one)."""
    now = [1000.0]
    monkeypatch.setattr(pagecache, 'time', SimpleNamespace(monotonic=lambda: now[0]))
    return now


def count_statements(client, url):
    with statements() as seen:
        html = client.get(url).get_data(as_text=True)
    return html, len(seen)


def rename_elsewhere(unit, name):
    """Change a unit as another process would: straight in the database, nothing flushed in this session."""
    with db.engine.begin() as conn:
        conn.execute(text('UPDATE unit SET name = :name WHERE id = :id'), {'name': name, 'id': unit.id})


@pytest.mark.parametrize('url', ['/', '/unit/kemenag-kaur', '/survei/', '/hasil/?unit=kemenag-kaur'])
def test_a_public_page_is_served_again_without_a_query_until_its_max_age(client, clock, url):
    unit = make_unit('Kantor Kemenag Kaur', 'kemenag-kaur')
    make_layanan(unit, 'Legalisir Ijazah', 'legalisir-ijazah')
    first, queries = count_statements(client, url)
    assert 'Kantor Kemenag Kaur' in first and queries > 0
    rename_elsewhere(unit, 'Kantor Kementerian Agama Kabupaten Kaur')
    clock[0] += pagecache.PAGE_MAX_AGE - 0.1
    again, queries = count_statements(client, url)
    assert again == first and queries == 0
    clock[0] += 0.1
    later, queries = count_statements(client, url)
    assert 'Kantor Kementerian Agama Kabupaten Kaur' in later and queries > 0


def test_a_change_written_in_this_process_shows_at_once(client, clock):
    unit = make_unit('Kantor Kemenag Kaur', 'kemenag-kaur')
    assert 'Kantor Kemenag Kaur' in client.get('/unit/kemenag-kaur').get_data(as_text=True)
    make_layanan(unit, 'Legalisir Ijazah', 'legalisir-ijazah')
    assert 'Legalisir Ijazah' in client.get('/unit/kemenag-kaur').get_data(as_text=True)
    unit.active = False
    db.session.commit()
    assert client.get('/unit/kemenag-kaur').status_code == 404
    assert 'kemenag-kaur' not in client.get('/').get_data(as_text=True)


def test_each_language_is_kept_apart(app, clock):
    make_unit('Kantor Kemenag Kaur', 'kemenag-kaur')
    indonesian, english = app.test_client(), app.test_client()
    english.get('/bahasa/en?next=/')
    assert '<html lang="id">' in indonesian.get('/unit/kemenag-kaur').get_data(as_text=True)
    assert '<html lang="en">' in english.get('/unit/kemenag-kaur').get_data(as_text=True)
    assert '<html lang="id">' in indonesian.get('/unit/kemenag-kaur').get_data(as_text=True)


def test_a_staff_members_page_is_neither_served_from_nor_kept_for_others(app, client, clock):
    make_unit('Kantor Kemenag Kaur', 'kemenag-kaur')
    citizen = app.test_client()
    assert 'staffbar' not in citizen.get('/').get_data(as_text=True)  # kept
    user = login_as(client, 'superadmin')
    staff_page = client.get('/').get_data(as_text=True)
    assert 'class="wrap staffbar"' in staff_page and user.name in staff_page
    assert 'staffbar' not in citizen.get('/').get_data(as_text=True)
    assert user.name not in app.test_client().get('/').get_data(as_text=True)


def test_a_message_waiting_for_one_visitor_is_shown_to_that_visitor_only(app, client, clock):
    make_unit('Kantor Kemenag Kaur', 'kemenag-kaur')
    client.get('/')  # the page is kept
    with client.session_transaction() as session:
        session['_flashes'] = [('success', 'Pengaduan Anda tercatat.')]
    assert 'Pengaduan Anda tercatat.' in client.get('/').get_data(as_text=True)
    assert 'Pengaduan Anda tercatat.' not in app.test_client().get('/').get_data(as_text=True)
    assert 'Pengaduan Anda tercatat.' not in client.get('/').get_data(as_text=True)  # shown once


def test_made_up_addresses_cannot_grow_the_memory_without_bound(client, clock, monkeypatch):
    monkeypatch.setattr(pagecache, 'MAX_PAGES', 5)
    make_unit('Kantor Kemenag Kaur', 'kemenag-kaur')
    for n in range(12):
        assert client.get(f'/?scan={n}').status_code == 200
        assert len(pagecache._PAGES) <= 5


def test_a_page_renewed_after_its_max_age_replaces_the_old_one(client, clock):
    from survei.services import forget_targets
    from tests.survei.factories import form_url, make_survey
    unit, layanan = make_survey()
    for _ in range(3):
        assert client.get(form_url(unit, layanan)).status_code == 200
        forget_targets()  # the survey URL is resolved again, into new objects, as it is every few seconds
        db.session.expunge_all()  # (as in another request's session)
        clock[0] += pagecache.PAGE_MAX_AGE
    assert len(pagecache._PAGES) == 1
