"""A unit head reads the dashboard of a unit and period; the figures are the engine's; scope and roles hold."""
from datetime import date
from decimal import Decimal

import pytest

from analytics import queries
from tests.analytics.factories import make_population, make_response, make_responses, worked_rows
from tests.factories import login_as, make_layanan, make_unit, make_user, post_form


@pytest.fixture
def tree(db):
    """Kanwil > Kantor A (> KUA A) and Kantor B; the worked case (29) in Kantor A in July, more in KUA A and B."""
    root = make_unit('Kanwil Uji', 'kanwil-uji', kind='kanwil')
    a = make_unit('Kantor A', 'kantor-a', parent=root)
    kua = make_unit('KUA A', 'kua-a', kind='kua', parent=a)
    b = make_unit('Kantor B', 'kantor-b', parent=root)
    lay = make_layanan(a, 'Legalisir Ijazah', 'legalisir')
    lay_b = make_layanan(b, 'Paspor', 'paspor')
    make_responses(a, worked_rows(), layanan=lay, day=date(2026, 7, 15), gender='L', age=35, education='SMA',
                   occupation='Wiraswasta', saran='Ruang tunggu perlu kipas angin.')
    make_responses(kua, [[3] * 9, [2, 3, 3, 4, 3, 2, 3, 3, 2]], day=date(2026, 8, 3), gender='P', age=61)
    make_responses(b, [[1] * 9] * 3, layanan=lay_b, day=date(2026, 7, 20))
    make_response(a, [4] * 9, day=date(2026, 4, 2), layanan=lay)  # triwulan II only
    make_population(lay, 40, date(2026, 7, 1), date(2026, 9, 30))
    return {'root': root, 'a': a, 'kua': kua, 'b': b, 'lay': lay, 'lay_b': lay_b}


T3 = (date(2026, 7, 1), date(2026, 9, 30))


def _id(value):
    """A figure as the Indonesian page prints it (decimal comma; these are below 1000)."""
    return str(value).replace('.', ',')


def test_dashboard_shows_the_engines_figures(client, tree):
    login_as(client, 'admin_unit', tree['a'])
    html = client.get(f'/staf/analitik/dasbor?unit={tree["a"].id}&periode=2026-T3').get_data(as_text=True)
    s = queries.ikm_summary(tree['a'].id, *T3)
    r = s.result
    assert r.n == 31
    assert f'<div class="v" id="ikm-konversi">{_id(r.konversi_display)}</div>' in html
    assert f'id="ikm-n">{r.n}<' in html and _id(f'{s.ci95[0]:.2f} – {s.ci95[1]:.2f}') in html
    assert 'tambahan di luar PermenPANRB 14/2017' in html
    for u in r.unsur:
        assert f'<td class="num stack-tile" data-label="NRR">{_id(u.nrr_display)}</td>' in html
        assert f'{u.code.upper()} {u.name}: {_id(u.nrr_display)}' in html  # the chart's text alternative
    for u in s.lowest:
        assert f'<li>{u.code.upper()} {u.name}: {_id(u.nrr_display)}' in html
    assert f'minimal {s.sample.required}' in html and 'Sampel memadai' not in html  # 31 < 36 for N = 40
    for row in queries.monthly_trend(tree['a'].id, *T3):
        assert (f'<th scope="row" class="date">{row.label}</th><td class="num stack-tile" data-label="Responden">'
                f'{row.summary.result.n}</td>') in html
    kua = queries.children(tree['a'].id, *T3)[0]
    assert kua.label == 'KUA A' and _id(kua.summary.result.konversi_display) in html
    assert 'role="img"' in html and '<title id="nrr-t">' in html and '<desc id="nrr-d">' in html
    assert ' style=' not in html  # the CSP forbids style attributes
    assert 'id="aduan-total">0<' in html and 'id="profil-gender"' in html
    # WBS counts: never for one unit below the top, nor for less than 28 days (a privacy audit read a report's unit
    # and day off them); for the whole office over a triwulan, yes
    assert 'id="wbs-status"' not in html and 'Angka WBS hanya ditampilkan untuk seluruh kantor' in html
    login_as(client, 'superadmin')
    whole = client.get(f'/staf/analitik/dasbor?unit={tree["root"].id}&periode=2026-T3').get_data(as_text=True)
    assert 'id="wbs-status"' in whole
    short = client.get(f'/staf/analitik/dasbor?unit={tree["root"].id}&dari=2026-08-01&sampai=2026-08-27')
    assert 'id="wbs-status"' not in short.get_data(as_text=True)
    alone = client.get(f'/staf/analitik/dasbor?unit={tree["root"].id}&periode=2026-T3&sendiri=1')
    assert 'id="wbs-status"' not in alone.get_data(as_text=True)


def test_layanan_and_unit_alone(client, tree):
    login_as(client, 'superadmin')
    html = client.get(f'/staf/analitik/dasbor?unit={tree["a"].id}&periode=2026-T3&sendiri=1').get_data(as_text=True)
    r = queries.ikm_summary(tree['a'].id, *T3, subtree=False).result
    assert r.n == 29 and r.konversi_display == Decimal('91.48') and '>91,48<' in html  # the worked case
    html = client.get(f'/staf/analitik/dasbor?unit={tree["root"].id}&layanan={tree["lay_b"].id}&periode=2026'
                      ).get_data(as_text=True)
    r = queries.ikm_summary(tree['root'].id, *queries.year_bounds(2026), layanan_id=tree['lay_b'].id).result
    assert r.n == 3 and f'id="ikm-konversi">{_id(r.konversi_display)}<' in html and 'mutu-D' in html
    html = client.get(f'/staf/analitik/dasbor?unit={tree["a"].id}&dari=2026-04-01&sampai=2026-04-30'
                      ).get_data(as_text=True)
    assert 'id="ikm-n">1<' in html and '1 April 2026 s.d. 30 April 2026' in html
    assert client.get(f'/staf/analitik/dasbor?unit={tree["a"].id}&periode=2026-T9').status_code == 404


def test_complaint_and_wbs_figures_come_from_the_parts(client, tree, monkeypatch):
    fake = {'total': 7, 'by_status': {'selesai': 5, 'baru': 2}, 'by_kind': {}, 'by_category': {}, 'by_unit': {},
            'verified_within_3hk': {'count': 3, 'of': 4, 'share': 0.75},
            'followed_up_within_5hk': {'count': 1, 'of': 2, 'share': 0.5}, 'median_days_to_close': 6.5,
            'closed_within_60_days': {'count': 5, 'of': 5, 'share': 1.0}, 'satisfaction': {'mean': None, 'count': 0},
            'overdue': 0}
    seen = {}

    def monitoring(unit_ids, start, end):
        seen['ids'], seen['period'] = set(unit_ids), (start, end)
        return fake
    monkeypatch.setattr('pengaduan.queries.monitoring', monitoring)
    login_as(client, 'pimpinan', tree['root'])
    html = client.get(f'/staf/analitik/dasbor?unit={tree["a"].id}&periode=2026-T3').get_data(as_text=True)
    assert seen == {'ids': {tree['a'].id, tree['kua'].id}, 'period': T3}
    assert 'id="aduan-total">7<' in html and 'id="aduan-3hk">75,0%<' in html and 'id="aduan-5hk">50,0%<' in html
    assert 'id="aduan-median">6,5<' in html and 'Terverifikasi' not in html and 'Selesai' in html
    client.set_cookie('lang', 'en')
    html = client.get(f'/staf/analitik/dasbor?unit={tree["a"].id}&periode=2026-T3').get_data(as_text=True)
    assert 'id="aduan-3hk">75.0%<' in html and 'id="aduan-median">6.5<' in html


def test_pimpinan_reads_everything_but_changes_nothing(client, tree):
    login_as(client, 'pimpinan', tree['root'])
    url = f'/staf/analitik/dasbor?unit={tree["a"].id}&periode=2026-T3'
    html = client.get(url).get_data(as_text=True)
    assert 'Dasbor IKM' in html and 'Terbitkan periode ini' not in html
    assert post_form(client, f'/staf/analitik/terbitkan?unit={tree["a"].id}&periode=2026-T3', {},
                     form_url=url).status_code == 403
    rtl = f'/staf/analitik/rtl?unit={tree["a"].id}&periode=2026-T3'
    assert 'Tambah tindakan' not in client.get(rtl).get_data(as_text=True)
    assert post_form(client, rtl, {'action': 'x', 'owner': 'y', 'due_date': '2026-12-01', 'status': 'berjalan'},
                     form_url=url).status_code == 403
    assert client.get(f'/staf/analitik/laporan.csv?unit={tree["b"].id}').status_code == 404  # no such URL
    assert client.get(f'/staf/analitik/ringkasan.csv?unit={tree["b"].id}&periode=2026').status_code == 200


def test_a_kabupaten_admin_sees_only_its_subtree(client, tree):
    login_as(client, 'admin_unit', tree['b'])
    other = tree['a'].id
    for path in ('dasbor', 'rtl', 'laporan.pdf', 'laporan.xlsx', 'ringkasan.csv'):
        assert client.get(f'/staf/analitik/{path}?unit={other}&periode=2026').status_code == 404, path
    assert client.get(f'/staf/analitik/hasil.pdf?unit={other}&tahun=2026').status_code == 404
    assert client.get(f'/staf/analitik/dasbor?unit={tree["b"].id}&layanan={tree["lay"].id}').status_code == 404
    html = client.get('/staf/analitik/dasbor?periode=2026').get_data(as_text=True)
    assert 'Dasbor IKM: Kantor B' in html and 'Kantor A' not in html
    res = post_form(client, f'/staf/analitik/terbitkan?unit={other}&periode=2026', {},
                    form_url=f'/staf/analitik/dasbor?unit={tree["b"].id}')
    assert res.status_code == 404


def test_other_roles_are_refused(client, tree):
    login_as(client, 'tim_wbs', tree['root'])
    assert client.get('/staf/analitik/dasbor').status_code == 403
    client.post('/staf/keluar')
    make_user('petugas_pengaduan', tree['a'])
    assert client.get('/staf/analitik/dasbor').status_code in (302, 401, 403)


def test_a_population_entered_as_zero_leaves_the_sample_not_assessable(client, db):
    # the service-user form accepts 0; with no respondents the dashboard must not call the sample adequate
    unit = make_unit('Kantor Nol', 'kantor-nol')
    lay = make_layanan(unit, 'Legalisir Ijazah', 'legalisir')
    login_as(client, 'admin_unit', unit)
    entered = post_form(client, '/staf/survei/pengguna-layanan', {
        'layanan_id': lay.id, 'period_start': '2026-01-01', 'period_end': '2026-03-31', 'count': '0'})
    assert entered.status_code == 302
    html = client.get(f'/staf/analitik/dasbor?unit={unit.id}&periode=2026-T1').get_data(as_text=True)
    assert 'id="ikm-n">0<' in html and 'Sampel memadai' not in html
    assert 'kecukupan sampel tidak dapat dinilai' in html
