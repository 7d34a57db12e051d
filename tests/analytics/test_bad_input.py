"""Forged or mistyped input on the analytics staff routes: a 4xx with a message in Bahasa Indonesia, never a 500, and
nothing stored is added, lost or changed (real HTTP through the app; SQLite, or PostgreSQL with TEST_DATABASE_URL)."""
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from analytics.models import HasilInput, PublishedPeriod, RtlAction
from portal.generated import GeneratedFile
from tests.analytics.factories import make_response
from tests.factories import login_as, make_layanan, make_unit, post_form


@pytest.fixture
def units(db):
    root = make_unit('Kanwil Uji', 'kanwil-uji', kind='kanwil')
    kan = make_unit('Kantor Uji', 'kantor-uji', parent=root)
    for day in (date(1999, 6, 1), date(2026, 7, 15)):  # responses a forged range would publish
        make_response(kan, [4] * 9, day=day)
    return {'root': root, 'kan': kan, 'lay': make_layanan(kan, 'Legalisir Ijazah', 'legalisir')}


def _count(db, model):
    return db.session.scalar(select(func.count()).select_from(model))


# ---------------------------------------------------------------- 1. komponen hasil inputs
ISIAN = '/staf/analitik/hasil/isian?unit={}&tahun=2026'
NOT_A_NUMBER = ('sNaN', 'snan', '-sNaN', 'NaN', '-nan', 'Infinity', '-Infinity', 'inf', '1E+100000', '1e999999999',
                '²', '٣', '1_0', '3,5', 'abc')


@pytest.mark.parametrize('field', ['capaian_kinerja', 'pengungkit', 'tlhp_percent'])
@pytest.mark.parametrize('value', NOT_A_NUMBER)
def test_hasil_input_refuses_what_is_not_a_finite_number(client, units, db, field, value):
    login_as(client, 'admin_unit', units['kan'])
    url = ISIAN.format(units['kan'].id)
    res = post_form(client, url, {'capaian_kinerja': '3.80', 'pengungkit': '40', 'tlhp_percent': '90', field: value})
    assert res.status_code == 422, res.get_data(as_text=True)[:300]
    assert 'Isian harus berupa angka' in res.get_data(as_text=True)
    assert _count(db, HasilInput) == 0


@pytest.mark.parametrize(('field', 'value'), [('capaian_kinerja', '5.005'), ('pengungkit', '60.009'),
                                              ('tlhp_percent', '100.005'), ('tlhp_percent', '-0.005'),
                                              ('capaian_kinerja', '7'), ('pengungkit', '1E+3')])
def test_hasil_input_refuses_what_rounds_outside_the_range(client, units, db, field, value):
    login_as(client, 'admin_unit', units['kan'])
    url = ISIAN.format(units['kan'].id)
    assert post_form(client, url, {'capaian_kinerja': '3.80', 'pengungkit': '40', 'tlhp_percent': '90'}
                     ).status_code == 302
    res = post_form(client, url, {'capaian_kinerja': '1', 'pengungkit': '1', 'tlhp_percent': '1', field: value})
    assert res.status_code == 422 and 'Nilai harus dari 0 sampai' in res.get_data(as_text=True)
    row = db.session.scalar(select(HasilInput))
    db.session.refresh(row)
    assert (row.capaian_kinerja, row.pengungkit, row.tlhp_percent) == (Decimal('3.80'), Decimal('40'), Decimal('90'))


def test_hasil_input_rounds_to_the_columns_places(client, units, db):
    login_as(client, 'admin_unit', units['kan'])
    res = post_form(client, ISIAN.format(units['kan'].id),
                    {'capaian_kinerja': '1E-100000', 'pengungkit': '59.994', 'tlhp_percent': ' 99.995 '})
    assert res.status_code == 302, res.get_data(as_text=True)[:300]
    row = db.session.scalar(select(HasilInput))
    assert (row.capaian_kinerja, row.pengungkit, row.tlhp_percent) == (Decimal('0'), Decimal('59.99'),
                                                                       Decimal('100'))


# ---------------------------------------------------------------- 2. the home redirect
@pytest.mark.parametrize('query', ['_method=POST', 'endpoint=x', '_external=1', '_scheme=https&_external=1',
                                   '_anchor=x', 'values=1', 'unit=5&periode=2026-T3&foo=bar&_external=1'])
def test_home_redirect_passes_on_only_the_dashboard_keys(client, units, query):
    login_as(client, 'superadmin')
    res = client.get(f'/staf/analitik/?{query}')
    assert res.status_code == 302
    location = res.headers['Location']  # relative: never an absolute URL built from the request's Host header
    assert location.startswith('/staf/analitik/dasbor') and '#' not in location
    for forged in ('_method', 'endpoint', '_external', '_scheme', '_anchor', 'values', 'foo'):
        assert forged not in location
    if 'unit=5' in query:
        assert location == '/staf/analitik/dasbor?unit=5&periode=2026-T3'


# ---------------------------------------------------------------- 3. a report title for a 200-character unit name
def test_a_report_of_a_unit_with_a_200_character_name_is_queued(client, db):
    unit = make_unit('Kantor Kementerian Agama ' + 'K' * 175, 'kantor-panjang')
    assert len(unit.name) == 200
    make_response(unit, [4] * 9, day=date(2026, 7, 15))
    login_as(client, 'superadmin')
    dashboard = f'/staf/analitik/dasbor?unit={unit.id}&dari=2026-09-30&sampai=2026-12-31'
    res = post_form(client, f'/staf/analitik/laporan.pdf?unit={unit.id}&dari=2026-09-30&sampai=2026-12-31', {},
                    form_url=dashboard)
    assert res.status_code == 303, res.get_data(as_text=True)[:300]
    row = db.session.scalar(select(GeneratedFile))
    assert len(row.title) <= 200 and row.title.startswith('Laporan Hasil SKM: Kantor Kementerian Agama KKK')
    assert row.title.endswith('…, 30 September 2026 s.d. 31 Desember 2026')
    assert row.status == 'siap'  # JOBS_INLINE: built at once


# ---------------------------------------------------------------- 4. custom date ranges
BAD_RANGES = [
    ('1999-01-01', '1999-12-31', 'antara tahun 2000 dan 2100'),
    ('0001-01-01', '9999-12-31', 'antara tahun 2000 dan 2100'),
    ('2026-01-01', '2101-01-01', 'antara tahun 2000 dan 2100'),
    ('2026-12-31', '2026-01-01', 'tidak boleh sebelum'),
    ('20260101', '20261231', 'YYYY-MM-DD'),
    ('2026-W01-1', '2026-W02-1', 'YYYY-MM-DD'),
    ('٢٠٢٦-٠١-٠١', '2026-01-31', 'YYYY-MM-DD'),
    ('2026-02-30', '2026-03-01', 'YYYY-MM-DD'),
    ('2026-01-01', '', 'tanggal awal (dari) dan tanggal akhir (sampai)'),
    ('', '2026-01-31', 'tanggal awal (dari) dan tanggal akhir (sampai)'),
]


@pytest.mark.parametrize(('dari', 'sampai', 'message'), BAD_RANGES)
def test_a_bad_custom_range_is_refused_everywhere_and_stores_nothing(client, units, db, dari, sampai, message):
    login_as(client, 'superadmin')
    form_url = f'/staf/analitik/dasbor?unit={units["kan"].id}&periode=2026'
    query = f'unit={units["kan"].id}&dari={dari}&sampai={sampai}'
    for path in ('dasbor', 'rtl', 'laporan.pdf', 'laporan.xlsx', 'ringkasan.csv'):
        res = client.get(f'/staf/analitik/{path}?{query}')
        assert res.status_code == 400, path
        assert message in res.get_data(as_text=True), path
    rtl = {'action': 'Tambah kursi', 'owner': 'Kasubbag TU', 'due_date': '2026-12-01', 'status': 'direncanakan'}
    for path, data in (('rtl', rtl), ('laporan.pdf', {}), ('terbitkan', {}), ('tarik', {})):
        res = post_form(client, f'/staf/analitik/{path}?{query}', data, form_url=form_url)
        assert res.status_code == 400, path
        assert message in res.get_data(as_text=True), path
    assert (_count(db, RtlAction), _count(db, GeneratedFile), _count(db, PublishedPeriod)) == (0, 0, 0)
    json = client.get(f'/staf/analitik/dasbor?{query}', headers={'Accept': 'application/json'})
    assert json.status_code == 400 and message in json.get_json()['message']


def test_a_good_custom_range_still_works_and_empty_dates_mean_none(client, units, db):
    login_as(client, 'superadmin')
    base = f'/staf/analitik/dasbor?unit={units["kan"].id}'
    html = client.get(f'{base}&dari=2026-07-01&sampai=2026-07-31').get_data(as_text=True)
    assert '1 Juli 2026 s.d. 31 Juli 2026' in html and 'id="ikm-n">1<' in html
    html = client.get(f'{base}&periode=2026-T3&dari=&sampai=').get_data(as_text=True)  # what the filter form sends
    assert 'Triwulan III 2026' in html
    assert client.get(f'{base}&dari=2000-01-01&sampai=2100-12-31').status_code == 200
    res = post_form(client, f'/staf/analitik/rtl?unit={units["kan"].id}&dari=2026-07-01&sampai=2026-07-31',
                    {'action': 'Tambah kursi', 'owner': 'Kasubbag TU', 'due_date': '2026-12-01',
                     'status': 'direncanakan'},
                    form_url=f'/staf/analitik/rtl?unit={units["kan"].id}&dari=2026-07-01&sampai=2026-07-31')
    assert res.status_code == 302 and db.session.scalar(select(RtlAction.period_key)) == '2026-07-01_2026-07-31'
    assert client.get(res.headers['Location']).status_code == 200


@pytest.mark.parametrize('periode', ['1999', '1999-01-01_1999-12-31', '٢٠٢٦', '2026-T٣', '2026-S3', '9' * 5000,
                                     '2026-12-31_2026-01-01'])
def test_a_bad_period_key_names_no_page(client, units, periode):
    login_as(client, 'superadmin')
    assert client.get(f'/staf/analitik/dasbor?unit={units["kan"].id}&periode={periode}').status_code == 404


# ---------------------------------------------------------------- other query parameters
@pytest.mark.parametrize('query', ['unit=²', 'unit=٣', 'unit=99999999999', 'unit=-1', 'unit=0', 'unit=1.0',
                                   'layanan=²', 'layanan=99999999999999999999', 'layanan=abc'])
def test_a_malformed_unit_or_layanan_is_refused_and_never_lands_on_another_unit(client, units, db, query):
    login_as(client, 'admin_unit', units['kan'])
    form_url = f'/staf/analitik/dasbor?unit={units["kan"].id}&periode=2026'
    forged_unit = query.startswith('unit=')
    query = query if forged_unit else f'unit={units["kan"].id}&{query}'
    for path in ('dasbor', 'rtl', 'laporan.xlsx', 'ringkasan.csv'):
        assert client.get(f'/staf/analitik/{path}?{query}&periode=2026').status_code == 404, path
    rtl = {'action': 'Tambah kursi', 'owner': 'Kasubbag TU', 'due_date': '2026-12-01', 'status': 'direncanakan'}
    for path, data in (('rtl', rtl), ('laporan.pdf', {}), ('terbitkan', {})):
        res = post_form(client, f'/staf/analitik/{path}?{query}&periode=2026', data, form_url=form_url)
        assert res.status_code == 404, path
    if forged_unit:
        for path in ('hasil', 'hasil.pdf'):
            assert client.get(f'/staf/analitik/{path}?{query}&tahun=2026').status_code == 404, path
        res = post_form(client, f'/staf/analitik/hasil/isian?{query}&tahun=2026',
                        {'capaian_kinerja': '3', 'pengungkit': '', 'tlhp_percent': ''},
                        form_url=ISIAN.format(units['kan'].id))
        assert res.status_code == 404
    assert (_count(db, RtlAction), _count(db, GeneratedFile), _count(db, PublishedPeriod),
            _count(db, HasilInput)) == (0, 0, 0, 0)


@pytest.mark.parametrize('tahun', ['²', '٢٠٢٦', '99999999999', '1999', '0', '2026.0'])
def test_a_malformed_year_is_refused(client, units, db, tahun):
    login_as(client, 'admin_unit', units['kan'])
    url = f'/staf/analitik/hasil/isian?unit={units["kan"].id}&tahun={tahun}'
    assert client.get(f'/staf/analitik/hasil?unit={units["kan"].id}&tahun={tahun}').status_code == 404
    res = post_form(client, url, {'capaian_kinerja': '3', 'pengungkit': '', 'tlhp_percent': ''},
                    form_url=ISIAN.format(units['kan'].id))
    assert res.status_code == 404 and _count(db, HasilInput) == 0


def test_empty_unit_layanan_and_year_mean_the_defaults(client, units):
    login_as(client, 'admin_unit', units['kan'])
    assert 'Dasbor IKM: Kantor Uji' in client.get('/staf/analitik/dasbor?unit=&layanan=&periode=2026'
                                                  ).get_data(as_text=True)
    assert client.get('/staf/analitik/hasil?unit=&tahun=').status_code == 200


@pytest.mark.parametrize('action_id', ['99999999999999999999', '٣', '2147483648'])
def test_an_rtl_action_id_out_of_range_names_nothing(client, units, action_id):
    login_as(client, 'admin_unit', units['kan'])
    res = post_form(client, f'/staf/analitik/rtl/{action_id}', {'status': 'selesai'},
                    form_url=f'/staf/analitik/rtl?unit={units["kan"].id}&periode=2026')
    assert res.status_code == 404


@pytest.mark.parametrize('path', ['/hasil/?unit=' + 'x' * 5000, '/hasil/?unit=٣', '/hasil/kantor-uji/' + '9' * 5000,
                                  '/hasil/kantor-uji/٢٠٢٦', '/hasil/kantor-uji/1999-01-01_1999-12-31',
                                  '/hasil/' + 'x' * 300 + '/2026'])
def test_the_public_results_pages_answer_404_to_what_names_nothing(client, units, path):
    assert client.get(path).status_code == 404
