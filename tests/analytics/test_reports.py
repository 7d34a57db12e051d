"""The reports of a unit and period show the engine's numbers: PDF text (pypdf), XLSX cells (openpyxl), CSV.

The PDFs are Indonesian documents: figures with a decimal comma and a thousands dot, whatever the visitor's language
and also in the background job; the XLSX and CSV keep machine-readable numbers (dot decimals, numeric cells)."""
import csv
import io
import re
from datetime import date
from decimal import Decimal

import pytest
from babel.dates import format_date
from flask import has_request_context
from openpyxl import load_workbook
from pypdf import PdfReader

from analytics import queries, reports
from analytics.ikm import round_half_up
from analytics.models import HasilInput, RtlAction
from portal.i18n import office_today
from tests.analytics.factories import make_population, make_responses, worked_rows
from tests.factories import login_as, make_layanan, make_unit

T3 = (date(2026, 7, 1), date(2026, 9, 30))


@pytest.fixture
def unit(db):
    root = make_unit('Kanwil Uji', 'kanwil-uji', kind='kanwil')
    a = make_unit('Kantor A', 'kantor-a', parent=root)
    lay = make_layanan(a, 'Legalisir Ijazah', 'legalisir')
    rows = worked_rows()
    make_responses(a, rows[:10], layanan=lay, day=date(2026, 7, 15), gender='L', age=25, education='SMA',
                   occupation='Wiraswasta', saran='Ruang tunggu perlu kipas angin.')
    make_responses(a, rows[10:], layanan=lay, day=date(2026, 8, 15), gender='P', age=45, education='D4/S1',
                   occupation='PNS/TNI/POLRI')
    make_population(lay, 40, *T3)
    db.session.add(RtlAction(unit_id=a.id, period_key='2026-T3', unsur='u3', action='Tambah loket pada jam sibuk',
                             owner='Kasubbag TU', due_date=date(2026, 12, 1), status='berjalan'))
    db.session.commit()
    return a


def _text(data):
    """The PDF's text, whitespace folded (table cells wrap)."""
    return ' '.join(' '.join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


def idn(value, places=None):
    """A figure as the PDFs print it, written here without Babel: rounded half up to `places` (None: a Decimal's own),
    thousands with a dot, decimals with a comma ('1.234,50'); None as a dash."""
    if value is None:
        return '—'
    if places is None:
        places = max(0, -value.as_tuple().exponent)
    return f'{round_half_up(value, places):,.{places}f}'.translate(str.maketrans(',.', '.,'))


def long_date(day):
    """An Indonesian long date: '27 November 2026'."""
    return format_date(day, 'long', locale='id')


def _assert_indonesian_report(text, unit):
    """The report of the fixture's unit for 2026-T3 prints the engine's figures in the Indonesian format only."""
    s = queries.ikm_summary(unit.id, *T3)
    r = s.result
    assert r.konversi_display == Decimal('91.48') and idn(r.konversi_display, 2) == '91,48'  # domain.md worked case
    assert idn(r.ikm_display, 4) == '3,6590'
    assert 'Responden 91,48 A Sangat baik 29' in text and '= IKM × 25 91,48' in text and '× bobot 3,6590' in text
    for u in r.unsur:
        assert f'{u.answered} {u.total} {idn(u.nrr_display, 4)} {u.mutu}' in text, u.code
    assert f'IKM konversi {idn(s.ci95[0], 2)} sampai {idn(s.ci95[1], 2)} ' in text
    assert f'(skala 1-4: {idn(s.ci95_ikm[0], 4)} sampai {idn(s.ci95_ikm[1], 4)})' in text
    for u in s.lowest:
        assert f'{u.code.upper()} {u.name}: {idn(u.nrr_display, 4)}' in text
    assert f'Laki-laki 10 {idn(Decimal(100) * 10 / 29, 1)}% Perempuan 19 {idn(Decimal(100) * 19 / 29, 1)}%' in text
    assert 'A ≥ 3,5324 B ≥ 3,0644 C ≥ 2,60' in text  # the NRR chart's bounds, drawn in the same format
    for u in r.unsur:
        assert f'{idn(u.nrr_display, 4)} {u.mutu}' in text  # and its bar labels
    assert f'({long_date(T3[0])} s.d. {long_date(T3[1])})' == '(1 Juli 2026 s.d. 30 September 2026)'
    assert 'Triwulan III 2026 (1 Juli 2026 s.d. 30 September 2026)' in text
    assert f'Dibuat {long_date(office_today())} dari data' in text
    assert not re.search(r'\d\.\d', text), re.findall(r'\S*\d\.\d\S*', text)  # no decimal point left anywhere


def test_pdf_report_states_the_figures_the_engine_computes(client, unit):
    login_as(client, 'pimpinan', unit)
    res = client.get(f'/staf/analitik/laporan.pdf?unit={unit.id}&periode=2026-T3')
    assert res.status_code == 200 and res.mimetype == 'application/pdf'
    assert 'ikm-kantor-a-2026-T3.pdf' in res.headers['Content-Disposition']
    text = _text(res.data)
    s = queries.ikm_summary(unit.id, *T3)
    assert 'Laporan Hasil Survei Kepuasan Masyarakat' in text and 'Triwulan III 2026' in text
    _assert_indonesian_report(text, unit)
    assert 'di luar PermenPANRB 14/2017' in text and 'Populasi (pengguna layanan, N) 40' in text
    assert f'Sampel minimal (Krejcie & Morgan) {idn(s.sample.required, 0)}' in text
    assert 'Tambah loket pada jam sibuk' in text and 'Ruang tunggu perlu kipas angin.' in text
    assert 'bobot tepat 1/9 per unsur' in text
    assert 'Laki-laki 10' in text and 'Perempuan 19' in text  # respondent profile


def test_the_report_is_headed_by_the_offices_own_agency(app, client, unit, monkeypatch):
    login_as(client, 'pimpinan', unit)
    url = f'/staf/analitik/laporan.pdf?unit={unit.id}&periode=2026-T3'
    # the cover prints the agency in capitals (analytics-report.css)
    assert _text(client.get(url).data).startswith('KEMENTERIAN AGAMA Laporan Hasil Survei Kepuasan Masyarakat')
    monkeypatch.setitem(app.config, 'AGENCY_NAME', 'Pemerintah Kabupaten Contoh')
    text = _text(client.get(url).data)
    assert text.startswith('PEMERINTAH KABUPATEN CONTOH Laporan Hasil') and 'KEMENTERIAN AGAMA' not in text
    monkeypatch.setitem(app.config, 'AGENCY_NAME', '')
    assert _text(client.get(url).data).startswith('Laporan Hasil Survei Kepuasan Masyarakat')


def test_pdf_states_another_weight_convention(app, client, unit):
    app.config['IKM_WEIGHT'] = '0.11'
    try:
        login_as(client, 'admin_unit', unit)
        text = _text(client.get(f'/staf/analitik/laporan.pdf?unit={unit.id}&periode=2026-T3').data)
    finally:
        app.config['IKM_WEIGHT'] = '1/9'
    assert '= IKM × 25 90,56' in text and 'bobot 0,11 per unsur' in text  # domain.md worked case under 0.11
    assert '90.56' not in text


def test_xlsx_workbook_cells(client, unit):
    login_as(client, 'admin_unit', unit)
    res = client.get(f'/staf/analitik/laporan.xlsx?unit={unit.id}&periode=2026-T3')
    assert res.status_code == 200
    wb = load_workbook(io.BytesIO(res.data))
    assert wb.sheetnames == ['Ringkasan', 'Per unsur', 'Profil responden', 'Respons', 'Perbandingan', 'Pengaduan']
    s = queries.ikm_summary(unit.id, *T3)
    r = s.result
    summary = {row[0]: row[1] for row in wb['Ringkasan'].iter_rows(min_row=2, values_only=True)}
    assert summary['Responden'] == 29 and summary['IKM konversi (25-100)'] == float(r.konversi_display) == 91.48
    assert summary['IKM (1-4)'] == float(r.ikm_display) and summary['Mutu'] == 'A' and summary['Bobot'] == '1/9'
    assert summary['CI95 bawah (tambahan di luar regulasi)'] == round(s.ci95[0], 2)
    assert summary['Sampel minimal (Krejcie-Morgan)'] == s.sample.required and summary['Populasi (N)'] == 40
    per = list(wb['Per unsur'].iter_rows(min_row=2, values_only=True))
    assert [(c, n, t, v, m) for c, _, n, t, v, m in per] == [
        (u.code.upper(), u.answered, u.total, float(u.nrr_display), u.mutu) for u in r.unsur]
    profile = list(wb['Profil responden'].iter_rows(min_row=2, values_only=True))
    assert profile[0][:4] == ('Jenis kelamin', 'Laki-laki', 10, 34.5)
    raw = list(wb['Respons'].iter_rows(values_only=True))
    assert raw[0][:2] == ('id', 'tanggal') and len(raw) == 30
    assert sum(row[8] for row in raw[1:]) == r.unsur[0].total  # u1 column


def test_csv_summary(client, unit):
    login_as(client, 'admin_unit', unit)
    res = client.get(f'/staf/analitik/ringkasan.csv?unit={unit.parent_id}&periode=2026-T3')
    assert res.status_code == 404  # the parent is outside an admin's subtree
    res = client.get(f'/staf/analitik/ringkasan.csv?unit={unit.id}&periode=2026-T3')
    rows = list(csv.DictReader(io.StringIO(res.get_data(as_text=True).lstrip('\ufeff'))))
    r = queries.ikm_summary(unit.id, *T3).result
    assert len(rows) == 1 and rows[0]['unit'] == 'Kantor A' and rows[0]['responden'] == '29'
    assert rows[0]['konversi'] == '91.48' and rows[0]['mutu'] == 'A' and rows[0]['ikm'] == str(r.ikm_display)
    assert [rows[0][f'nrr_u{i}'] for i in range(1, 10)] == [str(u.nrr_display) for u in r.unsur]


def _assert_indonesian_hasil(text, unit):
    """The komponen hasil PDF prints each line's value, maximum and thresholds at 2 decimals (as the LKE records
    points: one format for the whole table), comma decimals."""
    hasil = queries.komponen_hasil(unit.id, 2026)
    for x in hasil.lines:
        assert (f'{x.label} {idn(x.value, 2)} {idn(x.max_points, 2)} ≥ {idn(x.wbk, 2)} {x.word(x.memenuhi_wbk)} '
                f'≥ {idn(x.wbbm, 2)} {x.word(x.memenuhi_wbbm)}') in text, x.key
    assert 'Capaian kinerja 4,50 5,00 ≥ 2,50 memenuhi ≥ 3,75 memenuhi' in text
    assert 'Komponen pengungkit 45,25 60,00 ≥ 40,00 memenuhi ≥ 48,00 belum memenuhi' in text
    assert '17,50 ≥ 15,75' in text and '≥ 18,25' in text and '≥ 14,00' in text
    assert f'Dibuat {long_date(office_today())} dari data' in text
    assert not re.search(r'\d\.\d', text), re.findall(r'\S*\d\.\d\S*', text)


@pytest.fixture
def entered(db, unit):
    db.session.add(HasilInput(unit_id=unit.id, year=2026, capaian_kinerja=Decimal('4.5'), pengungkit=Decimal('45.25'),
                              tlhp_percent=Decimal('100')))
    db.session.commit()


def test_komponen_hasil_pdf(client, unit, entered):
    login_as(client, 'pimpinan', unit)
    res = client.get(f'/staf/analitik/hasil.pdf?unit={unit.id}&tahun=2026')
    assert res.status_code == 200
    text = _text(res.data)
    assert 'Komponen Hasil Zona Integritas' in text and 'Kantor A' in text and 'belum memenuhi' in text
    assert text.count('Komponen Hasil Zona Integritas') == 2  # the heading and the page footer, its own title
    assert 'Laporan Hasil Survei' not in text
    _assert_indonesian_hasil(text, unit)


def test_pdfs_are_indonesian_in_the_background_job_and_for_an_english_visitor(client, unit, entered):
    # the job path: an app context only, no request (display.number alone would need one to choose a locale)
    assert not has_request_context()
    _assert_indonesian_report(_text(reports.pdf_job(unit.id, None, '2026-T3', True)), unit)
    _assert_indonesian_hasil(_text(reports.hasil_pdf(unit, 2026)), unit)
    login_as(client, 'pimpinan', unit)
    # the English visitor's dashboard prints 91.48: the PDFs do not follow it
    assert '91.48' in client.get(f'/staf/analitik/dasbor?unit={unit.id}&periode=2026-T3&lang=en').get_data(as_text=True)
    res = client.get(f'/staf/analitik/laporan.pdf?unit={unit.id}&periode=2026-T3&lang=en')
    assert res.status_code == 200
    _assert_indonesian_report(_text(res.data), unit)
    client.set_cookie('lang', 'en')
    assert '91.48' in client.get(f'/staf/analitik/dasbor?unit={unit.id}&periode=2026-T3').get_data(as_text=True)
    _assert_indonesian_report(_text(client.get(f'/staf/analitik/laporan.pdf?unit={unit.id}&periode=2026-T3').data),
                              unit)
    _assert_indonesian_hasil(_text(client.get(f'/staf/analitik/hasil.pdf?unit={unit.id}&tahun=2026').data), unit)
