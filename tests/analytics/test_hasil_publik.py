"""An admin publishes a unit's period and keeps its RTL; a citizen reads /hasil without logging in; an unpublished
period never shows."""
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from analytics import queries
from analytics.models import PublishedPeriod, RtlAction
from portal.models import AuditEvent
from tests.analytics.factories import make_population, make_responses, worked_rows
from tests.factories import login_as, make_layanan, make_unit, post_form


@pytest.fixture
def tree(db):
    root = make_unit('Kanwil Uji', 'kanwil-uji', kind='kanwil')
    a = make_unit('Kantor A', 'kantor-a', parent=root)
    b = make_unit('Kantor B', 'kantor-b', parent=root)
    lay = make_layanan(a, 'Legalisir Ijazah', 'legalisir')
    make_responses(a, worked_rows(), layanan=lay, day=date(2026, 7, 15))
    make_responses(a, [[2] * 9] * 4, layanan=lay, day=date(2026, 5, 15))
    make_responses(b, [[3] * 9] * 5, day=date(2026, 8, 1))
    make_population(lay, 30, date(2026, 7, 1), date(2026, 9, 30))
    return {'root': root, 'a': a, 'b': b, 'lay': lay}


def _publish(client, unit, key):
    url = f'/staf/analitik/dasbor?unit={unit.id}&periode={key}'
    return post_form(client, f'/staf/analitik/terbitkan?unit={unit.id}&periode={key}', {}, form_url=url)


def test_publish_then_the_public_sees_the_engines_figures(client, app, tree, db):
    user = login_as(client, 'admin_unit', tree['a'])
    rtl_url = f'/staf/analitik/rtl?unit={tree["a"].id}&periode=2026-T3'
    past = (date.today() - timedelta(days=3)).isoformat()
    res = post_form(client, rtl_url, {'unsur': 'u3', 'action': 'Tambah loket pada jam sibuk', 'owner': 'Kasubbag TU',
                                      'due_date': past, 'status': 'berjalan', 'evidence': ''})
    assert res.status_code == 302, res.get_data(as_text=True)[:800]
    staff = client.get(rtl_url).get_data(as_text=True)
    assert 'Tambah loket pada jam sibuk' in staff and 'Lewat tenggat' in staff and 'class="overdue"' in staff
    res = _publish(client, tree['a'], '2026-T3')
    assert res.status_code == 302
    row = db.session.scalar(select(PublishedPeriod))
    assert (row.unit_id, row.period_key, row.start, row.end) == (tree['a'].id, '2026-T3', date(2026, 7, 1),
                                                                  date(2026, 9, 30))
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == 'analytics.hasil.published'))
    assert event.actor_id == user.id and event.details['konversi'] == 91.48

    citizen = app.test_client()
    index = citizen.get('/hasil/').get_data(as_text=True)
    assert 'Kantor A' in index and 'Triwulan III 2026' in index and '91.48' in index and 'Kantor B' not in index
    page = citizen.get('/hasil/kantor-a/2026-T3')
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    s = queries.ikm_summary(tree['a'].id, date(2026, 7, 1), date(2026, 9, 30))
    assert f'id="pub-konversi">{s.result.konversi_display}<' in html and 'mutu-A' in html
    assert f'id="pub-n">{s.result.n}<' in html and s.result.n == 29
    assert s.sample.required == 28 and s.sample.adequate  # Krejcie-Morgan, N = 30
    assert 'id="pub-sampel">memadai (minimal 28 dari populasi 30)' in html
    for u in s.result.unsur:
        assert f'<td class="num">{u.nrr_display}</td>' in html
    assert 'Tambah loket pada jam sibuk' in html and 'Sedang berjalan' in html and 'Lewat tenggat' in html
    assert ' style=' not in html and 'role="img"' in html


def test_unpublished_periods_are_invisible(client, app, tree):
    login_as(client, 'admin_unit', tree['a'])
    assert _publish(client, tree['a'], '2026-T3').status_code == 302
    citizen = app.test_client()
    assert citizen.get('/hasil/kantor-a/2026-T2').status_code == 404
    assert citizen.get('/hasil/kantor-b/2026-T3').status_code == 404
    assert citizen.get('/hasil/kantor-a/2026').status_code == 404
    assert 'Triwulan II 2026' not in citizen.get('/hasil/').get_data(as_text=True)
    assert 'Belum ada hasil survei' in citizen.get('/hasil/?unit=kantor-b').get_data(as_text=True)
    url = f'/staf/analitik/dasbor?unit={tree["a"].id}&periode=2026-T3'
    res = post_form(client, f'/staf/analitik/tarik?unit={tree["a"].id}&periode=2026-T3', {}, form_url=url)
    assert res.status_code == 302
    assert citizen.get('/hasil/kantor-a/2026-T3').status_code == 404


def test_published_figures_do_not_move_until_republished(client, app, tree):
    login_as(client, 'admin_unit', tree['a'])
    _publish(client, tree['a'], '2026-T3')
    make_responses(tree['a'], [[1] * 9] * 10, day=date(2026, 8, 1))
    citizen = app.test_client()
    assert 'id="pub-n">29<' in citizen.get('/hasil/kantor-a/2026-T3').get_data(as_text=True)
    _publish(client, tree['a'], '2026-T3')
    assert 'id="pub-n">39<' in citizen.get('/hasil/kantor-a/2026-T3').get_data(as_text=True)


def test_nothing_to_publish_and_rtl_status_update(client, tree, db):
    login_as(client, 'admin_unit', tree['a'])
    res = _publish(client, tree['a'], '2025')
    assert res.status_code == 302 and db.session.scalar(select(PublishedPeriod)) is None
    rtl_url = f'/staf/analitik/rtl?unit={tree["a"].id}&periode=2026'
    post_form(client, rtl_url, {'unsur': 'u8', 'action': 'Perbaiki toilet', 'owner': 'Kasubbag TU',
                                'due_date': '2026-12-31', 'status': 'direncanakan'})
    action = db.session.scalar(select(RtlAction))
    page = client.get(rtl_url).get_data(as_text=True)
    assert f'action="/staf/analitik/rtl/{action.id}"' in page and 'Direncanakan' in page and 'Lewat tenggat' not in page
    res = post_form(client, f'/staf/analitik/rtl/{action.id}', {'status': 'selesai', 'evidence': 'Foto terlampir'},
                    form_url=rtl_url)
    assert res.status_code == 302
    db.session.refresh(action)
    assert (action.status, action.evidence) == ('selesai', 'Foto terlampir')
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == 'analytics.rtl.updated'))


def test_other_units_rtl_is_out_of_reach(client, tree, db):
    login_as(client, 'admin_unit', tree['a'])
    post_form(client, f'/staf/analitik/rtl?unit={tree["a"].id}&periode=2026',
              {'action': 'Papan informasi', 'owner': 'PTSP', 'due_date': '2026-12-31', 'status': 'direncanakan'})
    action = db.session.scalar(select(RtlAction))
    client.post('/staf/keluar')
    login_as(client, 'admin_unit', tree['b'])
    res = post_form(client, f'/staf/analitik/rtl/{action.id}', {'status': 'selesai'},
                    form_url=f'/staf/analitik/rtl?unit={tree["b"].id}')
    assert res.status_code == 404


def test_home_and_unit_pages_link_to_hasil(client, tree):
    assert 'href="/hasil/"' in client.get('/').get_data(as_text=True)
    assert 'href="/hasil/?unit=kantor-a"' in client.get('/unit/kantor-a').get_data(as_text=True)


def test_demo_seeder_publishes_something(runner, client, db):
    result = runner.invoke(args=['seed-demo'])
    assert result.exit_code == 0, result.output
    rows = db.session.scalars(select(PublishedPeriod)).all()
    assert {r.unit.slug for r in rows} == {'kemenag-kota-bengkulu', 'kemenag-rejang-lebong'}
    assert db.session.scalar(select(RtlAction)) is not None
    html = client.get('/hasil/').get_data(as_text=True)
    assert 'Kantor Kemenag Kota Bengkulu' in html
    row = rows[0]
    assert client.get(f'/hasil/{row.unit.slug}/{row.period_key}').status_code == 200


def test_the_figures_read_in_english_for_staff_and_citizens(client, app, tree):
    login_as(client, 'admin_unit', tree['a'])
    client.set_cookie('lang', 'en')
    rtl_url = f'/staf/analitik/rtl?unit={tree["a"].id}&periode=2026-T3'
    added = post_form(client, rtl_url, {'unsur': 'u8', 'action': 'Tambah kursi ruang tunggu', 'owner': 'Kasubbag TU',
                                        'due_date': '2026-12-30', 'status': 'berjalan', 'evidence': ''})
    assert added.status_code == 302
    staff = client.get(rtl_url).get_data(as_text=True)
    assert 'U8 Facilities' in staff and '>In progress</option>' in staff and 'Sarana dan prasarana' not in staff
    dashboard = client.get(f'/staf/analitik/dasbor?unit={tree["a"].id}&periode=2026-T3').get_data(as_text=True)
    assert 'NRR per element, ' in dashboard and 'Quality bounds: A' in dashboard and 'Batas mutu' not in dashboard
    hasil = client.get(f'/staf/analitik/hasil?unit={tree["a"].id}&tahun=2026').get_data(as_text=True)
    assert 'Enabler component (pengungkit)' in hasil and 'Komponen pengungkit' not in hasil
    assert _publish(client, tree['a'], '2026-T3').status_code == 302

    citizen = app.test_client()
    citizen.set_cookie('lang', 'en')
    html = citizen.get('/hasil/kantor-a/2026-T3').get_data(as_text=True)
    assert 'U8 Facilities' in html and 'NRR per element, Kantor A' in html and 'Quality bounds: A' in html
    assert 'In progress' in html and 'Sarana dan prasarana' not in html and 'Sedang berjalan' not in html
