"""The ZI team compares a period with the one before (or another they choose): both IKM, the change, whether it is
significant (Mann-Whitney U, p < 0.05: domain.md section 2, beyond the regulation) and each unsur's NRR, on the
dashboard, in the PDF and in the workbook."""
import io
import re
from datetime import date, timedelta

import numpy as np
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from scipy import stats as sps
from sqlalchemy import select

from analytics import display, periods, queries, reports
from analytics.dashboard import Selection
from portal.models import Layanan
from tests.analytics.factories import make_responses, worked_rows
from tests.factories import login_as, make_layanan, make_unit

T2 = (date(2026, 4, 1), date(2026, 6, 30))
T3 = (date(2026, 7, 1), date(2026, 9, 30))
# Triwulan II: six respondents, lower than the worked case of triwulan III (domain.md: konversi 91.48).
EARLIER = [[3] * 9, [3] * 9, [2] * 9, [3, 3, 3, 2, 3, 3, 3, 3, 3], [4] * 9, [3, 2, 3, 3, 3, 3, 2, 3, 3]]


@pytest.mark.parametrize('key, before', [
    ('2026', '2025'), ('2026-S1', '2025-S2'), ('2026-S2', '2026-S1'), ('2026-T1', '2025-T4'),
    ('2026-T3', '2026-T2'), ('2026-03-01_2026-03-10', '2026-02-19_2026-02-28'),
    ('2025-01-01_2025-12-31', '2024-01-02_2024-12-31'),  # as many days (365) just before: 2024 had 366
    ('2000', None), ('2000-S1', None), ('2000-T1', None), ('2000-01-05_2000-01-10', None),
])
def test_the_period_before(key, before):
    p = periods.previous(periods.parse(key))
    assert (p.key if p else None) == before
    if p is not None:  # of the same kind, and ending the day before
        this = periods.parse(key)
        assert p.kind == this.kind and p.end + timedelta(days=1) == this.start


def test_signed_changes_and_p_values_in_the_pages_locale(app):
    from flask_babel import force_locale
    with app.test_request_context(), force_locale('id'):
        assert [display.signed(v) for v in (1.234, -0.5, 0.004, -0.004, None)] == ['+1,23', '−0,50', '0,00',
                                                                                   '0,00', '—']
        assert display.signed(1234.5, 1) == '+1.234,5'
        assert [display.p_value(p) for p in (0.01234, 1.0, 0.00004, 0.00005)] == ['0,0123', '1,0000', '< 0,0001',
                                                                                  '0,0001']
    with app.test_request_context(), force_locale('en'):
        assert display.signed(-2.5) == '−2.50' and display.p_value(0.04321) == '0.0432'


@pytest.fixture
def unit(db):
    root = make_unit('Kanwil Uji', 'kanwil-uji', kind='kanwil')
    a = make_unit('Kantor A', 'kantor-a', parent=root)
    lay = make_layanan(a, 'Legalisir Ijazah', 'legalisir')
    other = make_layanan(a, 'Rekomendasi Paspor', 'paspor')
    make_responses(a, worked_rows(), layanan=lay, day=date(2026, 8, 15))
    make_responses(a, EARLIER, layanan=lay, day=date(2026, 5, 10))
    make_responses(a, [[1] * 9] * 4, layanan=other, day=date(2026, 5, 11))  # another layanan, triwulan II
    return a


def _means(rows):
    return [sum(r) / len(r) for r in rows]


def _id(value):
    return str(value).replace('.', ',')


def _plain(html):
    """The page without the phone layout's cell labels and tile classes (table.stack), for reading its cells."""
    return re.sub(r' data-label="[^"]*"', '', html).replace(' stack-tile', '')


def test_the_dashboard_compares_with_the_triwulan_before(client, unit):
    login_as(client, 'admin_unit', unit)
    html = _plain(client.get(f'/staf/analitik/dasbor?unit={unit.id}&periode=2026-T3').get_data(as_text=True))
    c = queries.compare_periods(unit.id, T2, T3)
    assert (c.a.result.n, c.b.result.n) == (10, 29) and str(c.b.result.konversi_display) == '91.48'
    ref = sps.mannwhitneyu(np.array(_means(EARLIER + [[1] * 9] * 4)), np.array(_means(worked_rows())),
                           alternative='two-sided', method='asymptotic')
    assert c.test.p == pytest.approx(float(ref.pvalue)) and c.test.significant
    assert 'Perbandingan dengan periode lain' in html and 'Periode sebelumnya: Triwulan II 2026' in html
    table = html[html.index('id="tabel-banding"'):html.index('id="banding-uji"')]
    assert 'Triwulan II 2026 <span class="muted small">(pembanding)</span>' in table
    assert f'<td class="num">10</td><td class="num">{_id(c.a.result.konversi_display)}</td>' in table
    assert '<td class="num">29</td><td class="num">91,48</td>' in table
    delta = c.b.result.konversi_display - c.a.result.konversi_display
    assert f'id="banding-selisih">+{_id(delta)}<' in html
    assert 'Perbedaannya signifikan secara statistik' in html and f'p = {display_p(c.test.p)}, di bawah 0,05' in html
    unsur = html[html.index('id="tabel-banding-unsur"'):]
    for ua, ub, d in c.unsur_changes():
        assert (f'<td class="num">{_id(ua.nrr_display)}</td><td class="num">{_id(ub.nrr_display)}</td>'
                f'<td class="num">{"+" if d > 0 else "−" if d < 0 else ""}{_id(abs(d))}</td>') in unsur
    assert 'di luar PermenPANRB 14/2017' in html[html.index('id="perbandingan"'):html.index('id="h-nrr"')]
    assert ' style=' not in html


def display_p(p):
    """p as the Indonesian page prints it (4 decimals, half up)."""
    return _id(f'{p:.4f}')


def test_a_chosen_period_a_layanan_and_the_english_page(client, db, unit):
    login_as(client, 'admin_unit', unit)
    html = _plain(client.get(f'/staf/analitik/dasbor?unit={unit.id}&periode=2026-T3&banding=2025').get_data(
        as_text=True))
    assert '<option value="2025" selected>Tahun 2025</option>' in html
    # 2025 has no responses: one line says so, instead of a table of dashes and a test that cannot be computed
    assert ('Tahun 2025 belum memiliki respons, jadi tidak ada yang dibandingkan. Pilih periode lain di atas.'
            in html) and 'id="tabel-banding"' not in html and 'id="banding-uji"' not in html
    # the choice is kept by the report links and by the filter's hidden fields
    assert 'laporan.xlsx?unit=' in html and 'banding=2025' in html[html.index('laporan.xlsx'):][:200]
    # one layanan: the other layanan's four 1s leave triwulan II
    lay = db.session.scalar(select(Layanan).where(Layanan.slug == 'legalisir'))
    html = _plain(client.get(f'/staf/analitik/dasbor?unit={unit.id}&periode=2026-T3&layanan={lay.id}').get_data(
        as_text=True))
    c = queries.compare_periods(unit.id, T2, T3, layanan_id=lay.id)
    assert c.a.result.n == 6
    assert f'<td class="num">6</td><td class="num">{_id(c.a.result.konversi_display)}</td>' in html
    html = _plain(client.get(f'/staf/analitik/dasbor?unit={unit.id}&periode=2026-T3&lang=en').get_data(as_text=True))
    assert 'Comparison with another period' in html and 'Previous period: Quarter II 2026' in html
    assert 'id="banding-selisih">+' in html and re.search(r'p = 0\.\d{4}|p = &lt; 0\.0001', html)


@pytest.mark.parametrize('bad', ['2026-T9', '1999', 'x', '2026-05-01_2026-04-01', '٢٠٢٦'])
def test_a_comparison_key_that_names_no_period_is_a_404(client, unit, bad):
    login_as(client, 'admin_unit', unit)
    assert client.get(f'/staf/analitik/dasbor?unit={unit.id}&periode=2026-T3&banding={bad}').status_code == 404
    assert client.get(f'/staf/analitik/laporan.xlsx?unit={unit.id}&periode=2026-T3&banding={bad}').status_code == 404


def test_the_year_2000_has_nothing_before_it(client, unit):
    login_as(client, 'admin_unit', unit)
    html = client.get(f'/staf/analitik/dasbor?unit={unit.id}&periode=2000').get_data(as_text=True)
    assert 'Tidak ada periode sebelumnya untuk dibandingkan.' in html and 'id="tabel-banding"' not in html


def _text(data):
    return ' '.join(' '.join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


def test_the_pdf_and_the_workbook_carry_the_comparison(client, unit):
    login_as(client, 'pimpinan', unit)
    c = queries.compare_periods(unit.id, T2, T3)
    text = _text(client.get(f'/staf/analitik/laporan.pdf?unit={unit.id}&periode=2026-T3').data)
    assert 'Perbandingan dengan Triwulan II 2026 (tambahan proyek ini, di luar PermenPANRB 14/2017)' in text
    assert f'Triwulan II 2026 (pembanding) 10 {_id(c.a.result.konversi_display)}' in text
    assert 'Triwulan III 2026 29 91,48 A' in text
    assert f'Selisih +{_id(c.b.result.konversi_display - c.a.result.konversi_display)}' in text
    assert 'signifikan secara statistik (uji Mann-Whitney U dua sisi pada rata-rata nilai tiap responden: p = ' in text
    assert not re.search(r'\d\.\d', text)  # Indonesian figures throughout, the p value too

    wb = load_workbook(io.BytesIO(client.get(
        f'/staf/analitik/laporan.xlsx?unit={unit.id}&periode=2026-T3').data))
    assert wb.sheetnames == ['Ringkasan', 'Per unsur', 'Profil responden', 'Respons', 'Perbandingan', 'Pengaduan']
    rows = list(wb['Perbandingan'].iter_rows(values_only=True))
    assert rows[2][:2] == ('pembanding', 'Triwulan II 2026') and rows[2][2].date() == T2[0]
    assert rows[2][4] == 10 and rows[2][6] == float(c.a.result.konversi_display)
    assert rows[3][1] == 'Triwulan III 2026' and rows[3][6] == 91.48 and rows[3][7] == 'A'
    facts = {row[0]: row[1] for row in rows if row and row[0]}
    assert facts['selisih konversi (periode laporan - pembanding)'] == round(c.delta_konversi, 2)
    assert facts['uji Mann-Whitney U dua sisi, p'] == round(c.test.p, 6) and facts['signifikan (p < 0,05)'] == 'ya'
    per = rows[-9:]
    assert [(r[0], r[2], r[3]) for r in per] == [(ua.code.upper(), float(ua.nrr_display), float(ub.nrr_display))
                                                 for ua, ub, _d in c.unsur_changes()]


def test_the_background_pdf_job_keeps_the_chosen_period(app, unit):
    with app.app_context():
        text = _text(reports.pdf_job(unit.id, None, '2026-T3', True, '2026-T1'))
        assert 'Perbandingan dengan Triwulan I 2026' in text and 'Uji beda tidak dapat dihitung' in text
        text = _text(reports.pdf_job(unit.id, None, '2026-T3', True))  # a job queued before the comparison existed
        assert 'Perbandingan dengan Triwulan II 2026' in text


def test_selection_arguments_carry_the_chosen_period(unit):
    sel = Selection(unit, None, periods.parse('2026-T3'), True)
    assert 'banding' not in sel.args and sel.compare_period.key == '2026-T2'
    sel = Selection(unit, None, periods.parse('2026-T3'), True, periods.parse('2025-T3'))
    assert sel.args['banding'] == '2025-T3' and sel.compare_period.key == '2025-T3'
