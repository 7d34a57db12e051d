"""The reports of a unit and period show the engine's numbers: PDF text (pypdf), XLSX cells (openpyxl), CSV."""
import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from analytics import queries
from analytics.models import RtlAction
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


def test_pdf_report_states_the_figures_the_engine_computes(client, unit):
    login_as(client, 'pimpinan', unit)
    res = client.get(f'/staf/analitik/laporan.pdf?unit={unit.id}&periode=2026-T3')
    assert res.status_code == 200 and res.mimetype == 'application/pdf'
    assert 'ikm-kantor-a-2026-T3.pdf' in res.headers['Content-Disposition']
    text = _text(res.data)
    s = queries.ikm_summary(unit.id, *T3)
    r = s.result
    assert 'Laporan Hasil Survei Kepuasan Masyarakat' in text and 'Triwulan III 2026' in text
    assert str(r.konversi_display) == '91.48' and '91.48' in text and str(r.ikm_display) in text  # 3.6590
    for u in r.unsur:
        assert f'{u.answered} {u.total} {u.nrr_display} {u.mutu}' in text, u.code
    assert f'{s.ci95[0]:.2f} sampai {s.ci95[1]:.2f}' in text and 'di luar PermenPANRB 14/2017' in text
    assert 'Populasi (pengguna layanan, N) 40' in text
    assert f'Sampel minimal (Krejcie & Morgan) {s.sample.required}' in text
    for u in s.lowest:
        assert f'{u.code.upper()} {u.name}: {u.nrr_display}' in text
    assert 'Tambah loket pada jam sibuk' in text and 'Ruang tunggu perlu kipas angin.' in text
    assert 'bobot tepat 1/9 per unsur' in text
    assert 'Laki-laki 10' in text and 'Perempuan 19' in text  # respondent profile


def test_pdf_states_another_weight_convention(app, client, unit):
    app.config['IKM_WEIGHT'] = '0.11'
    try:
        login_as(client, 'admin_unit', unit)
        text = _text(client.get(f'/staf/analitik/laporan.pdf?unit={unit.id}&periode=2026-T3').data)
    finally:
        app.config['IKM_WEIGHT'] = '1/9'
    assert '90.56' in text and 'bobot 0,11 per unsur' in text  # domain.md worked case under 0.11


def test_xlsx_workbook_cells(client, unit):
    login_as(client, 'admin_unit', unit)
    res = client.get(f'/staf/analitik/laporan.xlsx?unit={unit.id}&periode=2026-T3')
    assert res.status_code == 200
    wb = load_workbook(io.BytesIO(res.data))
    assert wb.sheetnames == ['Ringkasan', 'Per unsur', 'Profil responden', 'Respons']
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


def test_komponen_hasil_pdf(client, unit):
    login_as(client, 'pimpinan', unit)
    res = client.get(f'/staf/analitik/hasil.pdf?unit={unit.id}&tahun=2026')
    assert res.status_code == 200
    text = _text(res.data)
    assert 'Komponen Hasil Zona Integritas' in text and 'Kantor A' in text and 'belum memenuhi' in text
