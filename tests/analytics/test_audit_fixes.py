"""The staff UX audit: layanan named with their unit, the komponen hasil page's default unit and downloads, WIB times,
the trend chart's text on a phone, earlier years in the period selector."""
import io
import re
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from analytics import queries
from analytics.periods import parse
from analytics.publish import publish
from tests.analytics.factories import make_responses
from tests.factories import login_as, make_layanan, make_unit, make_user


@pytest.fixture
def tree(db):
    """Kanwil > Kab. A, Kab. B (named first alphabetically: 'Kab.' < 'Kanwil'), each with a layanan of the same name."""
    root = make_unit('Kanwil Uji', 'kanwil-uji', kind='kanwil')
    a = make_unit('Kab. A', 'kab-a', parent=root)
    b = make_unit('Kab. B', 'kab-b', parent=root)
    lay_a = make_layanan(a, 'Izin Operasional', 'izin-a')
    lay_b = make_layanan(b, 'Izin Operasional', 'izin-b')
    make_responses(a, [[4] * 9] * 2, layanan=lay_a, day=date(2026, 7, 15))
    make_responses(b, [[3] * 9] * 3, layanan=lay_b, day=date(2026, 7, 16))
    return {'root': root, 'a': a, 'b': b, 'lay_a': lay_a, 'lay_b': lay_b}


def _profile_layanan(html):
    table = re.search(r'<table id="profil-layanan"[^>]*>.*?</table>', html, re.S).group(0)
    return re.findall(r'<th scope="row">([^<]*)</th>', table)


# ---------------------------------------------------------------- 1. layanan with their unit
def test_profile_layanan_rows_name_their_unit_when_the_scope_spans_units(client, tree):
    login_as(client, 'superadmin')
    html = client.get(f'/staf/analitik/dasbor?unit={tree["root"].id}&periode=2026').get_data(as_text=True)
    assert _profile_layanan(html) == ['Izin Operasional (Kab. A)', 'Izin Operasional (Kab. B)']
    html = client.get(f'/staf/analitik/dasbor?unit={tree["a"].id}&periode=2026').get_data(as_text=True)
    assert _profile_layanan(html) == ['Izin Operasional']  # one unit: its name alone
    html = client.get(f'/staf/analitik/dasbor?unit={tree["root"].id}&periode=2026&sendiri=1').get_data(as_text=True)
    assert _profile_layanan(html) == []


def test_a_long_layanan_profile_is_folded_and_a_short_one_is_not(client, tree):
    login_as(client, 'superadmin')
    url = f'/staf/analitik/dasbor?unit={tree["root"].id}&periode=2026'
    assert 'id="profil-layanan-lipat"' not in client.get(url).get_data(as_text=True)  # two rows: shown as they are
    for i in range(11):
        make_responses(tree['a'], [[3] * 9], layanan=make_layanan(tree['a'], f'Layanan {i:02d}', f'lay-{i}'),
                       day=date(2026, 7, 17))
    html = client.get(url).get_data(as_text=True)
    assert len(_profile_layanan(html)) == 13
    assert re.search(r'<details class="span2" id="profil-layanan-lipat"><summary>Layanan: 13 baris</summary>', html)


def test_xlsx_profile_names_the_unit(client, tree):
    login_as(client, 'superadmin')
    res = client.get(f'/staf/analitik/laporan.xlsx?unit={tree["root"].id}&periode=2026')
    rows = list(load_workbook(io.BytesIO(res.data))['Profil responden'].iter_rows(min_row=2, values_only=True))
    assert [r[1] for r in rows if r[0] == 'Layanan'] == ['Izin Operasional (Kab. A)', 'Izin Operasional (Kab. B)']


def test_pdf_report_profile_names_the_unit(app, tree):
    from analytics.dashboard import Selection
    from analytics.reports import context
    ctx = context(Selection(tree['root'], None, parse('2026'), True))
    rows = {key: rows for key, _label, rows in ctx['profile']}['layanan']
    assert [r.label for r in rows] == ['Izin Operasional (Kab. A)', 'Izin Operasional (Kab. B)']
    assert [r.label for r in queries.breakdown('layanan', tree['b'].id)] == ['Izin Operasional']


# ---------------------------------------------------------------- 2, 3. komponen hasil: default unit, PDF link
def test_hasil_opens_on_the_root_like_the_dashboard(client, tree):
    login_as(client, 'superadmin')
    html = client.get('/staf/analitik/hasil?tahun=2026').get_data(as_text=True)
    assert 'Komponen hasil ZI: Kanwil Uji, 2026' in html
    dash = client.get('/staf/analitik/dasbor?periode=2026').get_data(as_text=True)
    assert 'Dasbor IKM: Kanwil Uji' in dash
    login_as(client, 'admin_unit', tree['b'])
    assert 'Komponen hasil ZI: Kab. B, 2026' in client.get('/staf/analitik/hasil?tahun=2026').get_data(as_text=True)


def test_hasil_page_links_its_pdf(client, tree):
    login_as(client, 'pimpinan', tree['root'])
    html = client.get(f'/staf/analitik/hasil?unit={tree["a"].id}&tahun=2025').get_data(as_text=True)
    href = re.search(r'id="unduh-hasil-pdf" href="([^"]+)"', html).group(1).replace('&amp;', '&')
    assert href == f'/staf/analitik/hasil.pdf?unit={tree["a"].id}&tahun=2025'
    res = client.get(href)
    assert res.status_code == 200 and res.mimetype == 'application/pdf'


# ---------------------------------------------------------------- 4. times in WIB
def test_published_time_is_shown_in_wib(client, tree, db):
    user = make_user('superadmin')
    row = publish(tree['root'], parse('2026'), user, check_scope=False)
    row.published_at = datetime(2026, 11, 27, 17, 25)  # stored UTC: 28 November, 00:25 in Jakarta
    db.session.commit()
    login_as(client, 'superadmin')
    html = client.get(f'/staf/analitik/dasbor?unit={tree["root"].id}&periode=2026').get_data(as_text=True)
    assert '28 Nov 2026 00.25' in html or '28 Nov 2026 00:25' in html
    assert '17:25' not in html and '17.25' not in html
    public = client.get('/hasil/kanwil-uji/2026').get_data(as_text=True)
    assert '2026-11-28' in public and '2026-11-27' not in public


# ---------------------------------------------------------------- 5. the trend chart on a phone
def test_trend_chart_reads_on_a_phone():
    from analytics import charts
    points = [(f'2026-{m:02d}', 85.0 + (m % 3) / 10, 5) for m in range(1, 13)]
    svg = str(charts.trend(points, uid='t', fmt=lambda v, places: f'{v:.{places}f}'.replace('.', ',')))
    width = float(re.search(r'viewBox="0 0 ([\d.]+) ', svg).group(1))
    sizes = [float(size) for size in re.findall(r'font-size="([\d.]+)"', svg)]
    assert sizes and min(sizes) * 318 / width >= 12  # 318 px: the chart's width on a 360 px screen
    assert svg.count('<circle') == 12 and '>85,10</text>' in svg  # 2 decimals, as the konversi is printed


# ---------------------------------------------------------------- 6. earlier years in the period selector
def test_period_selector_offers_earlier_years(client, tree):
    from portal.i18n import office_today
    this = office_today().year
    login_as(client, 'superadmin')
    for path in ('dasbor', 'rtl'):
        html = client.get(f'/staf/analitik/{path}?unit={tree["root"].id}&periode={this}').get_data(as_text=True)
        select = re.search(r'<select id="periode".*?</select>', html, re.S).group(0)
        for y in (this, this - 1, this - 2):
            assert f'<option value="{y}-T1"' in select and f'<optgroup label="{y}">' in select
        assert f'<option value="{this}" selected>' in select
    html = client.get(f'/staf/analitik/dasbor?unit={tree["root"].id}&periode=2015-S2').get_data(as_text=True)
    select = re.search(r'<select id="periode".*?</select>', html, re.S).group(0)
    assert '<option value="2015-S2" selected>' in select
    assert '<option value="2014-T4"' in select and '<option value="2016"' in select  # a step back and forward


def test_choice_years():
    from analytics.periods import choice_years
    assert choice_years(2026, 2026) == [2026, 2025, 2024]
    assert choice_years(2020, 2026) == [2026, 2025, 2024, 2021, 2020, 2019]
    assert choice_years(2027, 2026) == [2027, 2026, 2025, 2024]
    assert choice_years(2000, 2001) == [2001, 2000]
