"""The ZI team reads the complaint monitoring figures of domain.md section 4 on the dashboard and hands them to the
evaluators in the dashboard's workbook (sheet Pengaduan): counts by status, kind, category and handling unit (by
name), the 3 HK, 5 HK and 60-day shares with what they count, the median days to close, and satisfaction with the
handling. Complaints are filed and walked through the real services; the figures are read through HTTP."""
import io
import re
from datetime import date

import pytest
from openpyxl import load_workbook

from pengaduan import services
from tests.factories import login_as, make_user
from tests.pengaduan.factories import make_complaint, make_tree, walk

FILED = date(2026, 3, 2)  # a Monday: verification due 5 March, the whole handling by 1 May


@pytest.fixture
def world(db):
    """Four complaints filed on 2 March 2026 (triwulan I) and one in April:

    a: to the Kanwil, aspirasi/waktu, verified in time to Kota, followed up in time, accepted after 10 days, rated 4;
    b: to Kota, pengaduan/perilaku_petugas, verified and followed up late, accepted after 29 days, rated 2;
    c: to Seluma, pengaduan/biaya, never touched (its 3 HK and its 60 days have passed: counted as missed);
    d: to Kota, permintaan_informasi/informasi, in time until the complainant accepts on 15 May: 74 days, rated 5;
    e: to Kota on 6 April (triwulan II), pengaduan/sarana, not yet verified."""
    t = make_tree()
    a, _ = make_complaint(t['kanwil'], today=FILED, kind='aspirasi', category='waktu')
    walk(a, ['verifikasi'], t['p_kanwil'], date(2026, 3, 4), unit=t['kota'])
    walk(a, ['proses', 'tindak_lanjut'], t['p_kota'], date(2026, 3, 10))
    walk(a, ['terima'], None, date(2026, 3, 12))
    b, _ = make_complaint(t['kota'], today=FILED, category='perilaku_petugas')
    walk(b, ['verifikasi'], t['p_kota'], date(2026, 3, 9))
    walk(b, ['proses', 'tindak_lanjut'], t['p_kota'], date(2026, 3, 30))
    walk(b, ['terima'], None, date(2026, 3, 31))
    make_complaint(t['seluma'], today=FILED, category='biaya')
    d, _ = make_complaint(t['kota'], today=FILED, kind='permintaan_informasi', category='informasi')
    walk(d, ['verifikasi'], t['p_kota'], date(2026, 3, 3))
    walk(d, ['proses', 'tindak_lanjut'], t['p_kota'], date(2026, 3, 5))
    walk(d, ['terima'], None, date(2026, 5, 15))
    make_complaint(t['kota'], today=date(2026, 4, 6), category='sarana')
    for complaint, rating in ((a, 4), (b, 2), (d, 5)):
        services.rate(complaint, rating, None)
    db.session.commit()
    return t


def _cells(html, table):
    """A table's rows as (row header, number) pairs, in order."""
    body = re.search(rf'<table id="{table}">.*?<tbody>(.*?)</tbody>', html, re.S).group(1)
    return re.findall(r'<th scope="row">(.*?)</th><td class="num">(.*?)</td>', body)


def _dashboard(client, unit, period='2026-T1', **extra):
    res = client.get('/staf/analitik/dasbor', query_string={'unit': unit.id, 'periode': period, **extra})
    assert res.status_code == 200
    return res.get_data(as_text=True)


def _sheet(client, unit, period='2026-T1'):
    """The workbook's Pengaduan sheet as {label: value} for its two-cell lines and {table header: [(label, n)]}."""
    res = client.get('/staf/analitik/laporan.xlsx', query_string={'unit': unit.id, 'periode': period})
    assert res.status_code == 200
    wb = load_workbook(io.BytesIO(res.data))
    rows = [tuple(c for c in row if c is not None) for row in wb['Pengaduan'].iter_rows(values_only=True)]
    values = {row[0]: row[1] for row in rows if len(row) == 2}
    shares = {row[0]: row[1:] for row in rows if len(row) == 4}
    tables, current = {}, None
    for row in rows:
        if len(row) == 2 and row[1] == 'jumlah':
            current = tables.setdefault(row[0], [])
        elif not row:
            current = None
        elif current is not None:
            current.append(row)
    return rows, values, shares, tables


def test_the_kanwil_reads_every_complaint_figure_on_the_dashboard(client, world):
    login_as(client, 'pimpinan', world['kanwil'])
    html = _dashboard(client, world['kanwil'])
    assert 'id="aduan-total">4<' in html  # e was filed in April
    assert 'id="aduan-3hk">50,0%</div><div class="l">Diverifikasi ≤ 3 HK (2/4)' in html  # a, d in time; b late; c
    assert 'id="aduan-5hk">66,7%</div><div class="l">Ditindaklanjuti ≤ 5 HK (2/3)' in html  # a, d; b late
    assert 'id="aduan-median">29,0<' in html  # 10, 29 and 74 days
    assert 'id="aduan-60hari">50,0%</div><div class="l">Selesai ≤ 60 hari (2/4)' in html  # d after 74, c still open
    assert 'id="aduan-kepuasan">3,67<span class="of"> / 5<' in html  # (4 + 2 + 5) / 3
    assert '(skala 1–5)' in html and 'Kepuasan pengadu atas penanganan (rata-rata 3 penilaian)' in html
    assert _cells(html, 'aduan-status') == [('Diterima', '1'), ('Selesai', '3')]
    assert _cells(html, 'aduan-jenis') == [('Pengaduan', '2'), ('Aspirasi', '1'), ('Permintaan informasi', '1')]
    assert _cells(html, 'aduan-kategori') == [
        ('Persyaratan dan prosedur', '0'), ('Waktu penyelesaian', '1'), ('Biaya/tarif', '1'), ('Produk layanan', '0'),
        ('Perilaku dan kompetensi petugas', '1'), ('Sarana dan prasarana', '0'), ('Informasi pelayanan', '1'),
        ('Lainnya', '0')]
    # a counts for Kota, the unit it was dispositioned to; names, not ids
    assert _cells(html, 'aduan-unit') == [('Kemenag Kota Uji', '3'), ('Kemenag Seluma Uji', '1')]

    year = _dashboard(client, world['kanwil'], '2026')
    assert 'id="aduan-total">5<' in year and ('Sarana dan prasarana', '1') in _cells(year, 'aduan-kategori')
    assert _cells(year, 'aduan-unit') == [('Kemenag Kota Uji', '4'), ('Kemenag Seluma Uji', '1')]

    # one layanan chosen: complaints are not told apart by layanan, and the page says so
    one = _dashboard(client, world['kota'], layanan=world['layanan'].id)
    assert 'id="aduan-semua-layanan"' in one and 'id="aduan-total">3<' in one
    assert 'id="aduan-semua-layanan"' not in html


def test_a_period_without_complaints_says_so(client, world):
    login_as(client, 'pimpinan', world['kanwil'])
    html = _dashboard(client, world['kanwil'], '2025')
    assert 'id="aduan-total">0<' in html and 'id="aduan-median">—<' in html
    assert 'id="aduan-3hk">—</div><div class="l">Diverifikasi ≤ 3 HK (0/0)' in html
    assert 'id="aduan-60hari">—</div><div class="l">Selesai ≤ 60 hari (0/0)' in html
    assert 'id="aduan-kepuasan">Belum ada penilaian<' in html
    assert 'Kepuasan pengadu atas penanganan (skala 1–5): belum ada pengadu yang menilai' in html
    assert _cells(html, 'aduan-jenis') == [('Pengaduan', '0'), ('Aspirasi', '0'), ('Permintaan informasi', '0')]
    assert _cells(html, 'aduan-unit') == [] and re.search(r'<table id="aduan-unit">.*?<td colspan="2">—</td>', html,
                                                          re.S)


def test_a_unit_admin_sees_its_own_units_only(client, world):
    login_as(client, 'admin_unit', world['seluma'])
    html = _dashboard(client, world['seluma'])
    assert 'id="aduan-total">1<' in html and 'id="aduan-3hk">0,0%' in html and 'id="aduan-60hari">0,0%' in html
    assert _cells(html, 'aduan-unit') == [('Kemenag Seluma Uji', '1')] and 'Kemenag Kota Uji' not in html
    assert 'id="aduan-kepuasan">Belum ada penilaian<' in html  # the ratings are Kota's
    assert _cells(html, 'aduan-kategori')[2] == ('Biaya/tarif', '1')
    _rows, values, _shares, tables = _sheet(client, world['seluma'])
    assert values['Pengaduan masuk'] == 1 and tables['unit penanganan'] == [('Kemenag Seluma Uji', 1),
                                                                           ('seluruhnya', 1)]
    assert values['Kepuasan atas penanganan: jumlah penilaian'] == 0
    for path in ('dasbor', 'laporan.xlsx'):
        assert client.get(f'/staf/analitik/{path}?unit={world["kota"].id}&periode=2026-T1').status_code == 404

    client.post('/staf/keluar')
    login_as(client, 'admin_unit', world['kota'])
    html = _dashboard(client, world['kota'])
    assert 'id="aduan-total">3<' in html
    assert 'id="aduan-3hk">66,7%</div><div class="l">Diverifikasi ≤ 3 HK (2/3)' in html
    assert _cells(html, 'aduan-unit') == [('Kemenag Kota Uji', '3')] and 'Kemenag Seluma Uji' not in html
    assert 'id="aduan-kepuasan">3,67<' in html


def test_the_workbook_carries_the_same_figures(client, world):
    login_as(client, make_user('admin_unit', world['kanwil']))
    rows, values, shares, tables = _sheet(client, world['kanwil'])
    assert rows[0] == ('Pemantauan pengaduan (Perpres 76/2013, PermenPANRB 62/2018)',)
    assert values['Unit'] == 'Kanwil Uji' and values['Cakupan'] == 'unit dan unit di bawahnya'
    assert values['Periode (tanggal pengaduan masuk)'] == 'Triwulan I 2026'
    assert values['Mulai'].date() == date(2026, 1, 1) and values['Akhir'].date() == date(2026, 3, 31)
    assert values['Pengaduan masuk'] == 4
    assert values['Median hari sampai selesai'] == 29
    assert values['Kepuasan atas penanganan: rata-rata (skala 1-5)'] == 3.67
    assert values['Kepuasan atas penanganan: jumlah penilaian'] == 3
    assert shares == {'ketepatan waktu': ('persen', 'tepat waktu', 'dihitung'),
                      'Diverifikasi ≤ 3 HK': (50.0, 2, 4), 'Ditindaklanjuti ≤ 5 HK': (66.7, 2, 3),
                      'Selesai ≤ 60 hari': (50.0, 2, 4)}
    assert tables == {
        'status': [('Diterima', 1), ('Selesai', 3), ('seluruhnya', 4)],
        'jenis': [('Pengaduan', 2), ('Aspirasi', 1), ('Permintaan informasi', 1), ('seluruhnya', 4)],
        'kategori': [('Persyaratan dan prosedur', 0), ('Waktu penyelesaian', 1), ('Biaya/tarif', 1),
                     ('Produk layanan', 0), ('Perilaku dan kompetensi petugas', 1), ('Sarana dan prasarana', 0),
                     ('Informasi pelayanan', 1), ('Lainnya', 0), ('seluruhnya', 4)],
        'unit penanganan': [('Kemenag Kota Uji', 3), ('Kemenag Seluma Uji', 1), ('seluruhnya', 4)]}
    wb = load_workbook(io.BytesIO(client.get(f'/staf/analitik/laporan.xlsx?unit={world["kanwil"].id}'
                                             '&periode=2026-T1').data))
    assert wb.sheetnames[-1] == 'Pengaduan'
    percent = next(row for row in wb['Pengaduan'].iter_rows() if row[0].value == 'Diverifikasi ≤ 3 HK')[1]
    assert percent.number_format == '0.0'

    # the unit alone: the Kanwil's own complaints only (a went to Kota)
    res = client.get(f'/staf/analitik/laporan.xlsx?unit={world["kanwil"].id}&periode=2026-T1&sendiri=1')
    sheet = {row[0]: row[1] for row in load_workbook(io.BytesIO(res.data))['Pengaduan'].iter_rows(values_only=True)}
    assert sheet['Cakupan'] == 'unit saja' and sheet['Pengaduan masuk'] == 0
    assert sheet['Kepuasan atas penanganan: rata-rata (skala 1-5)'] is None
    assert 'Belum ada pengadu yang menilai penanganan pengaduan periode ini.' in sheet
