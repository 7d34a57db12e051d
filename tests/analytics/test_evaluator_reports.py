"""What the ZI evaluators read: the komponen hasil of a Kanwil for itself or with the units below it, its verdict, and
the per-unit figures of a unit with children, on the staff pages, in the PDFs, the XLSX, the CSV and the CLI.

Numbers from domain.md: the worked case of section 2 (29 respondents, IKM 3.6590, konversi 91.48) answered at the Kanwil
itself, and a perfect survey (every answer 4) at a Kantor below it; IPKP reuses the IKM answers (section 3), so the
Kanwil's own IPKP index is its IKM, 3.6590, worth 3.6590 / 4 x 17.5 = 16.01 LKE points.
"""
import csv
import io
import json
import re
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from pypdf import PdfReader

from analytics import perception
from analytics.ikm import round_half_up
from tests.factories import login_as, make_layanan, make_unit

from .factories import (
    WORKED_TOTALS,
    answer_items,
    make_population,
    make_questionnaire,
    make_response,
    make_responses,
    worked_rows,
)

JULY = date(2026, 7, 15)


def _text(data):
    """A PDF's text, whitespace folded."""
    return ' '.join(' '.join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


@pytest.fixture
def kanwil(db):
    """The Kanwil answers the worked case itself; Kantor A below it: 10 perfect respondents; IPKP from the IKM."""
    root = make_unit('Kanwil Uji', 'kanwil-uji', kind='kanwil')
    kantor = make_unit('Kantor A', 'kantor-a', parent=root)
    ipkp = make_questionnaire('ipkp', [f'u{i}' for i in range(1, 10)], uses_ikm_answers=True)
    own = make_layanan(root, 'Rekomendasi Paspor Haji/Umrah', 'paspor')
    lay = make_layanan(kantor, 'Legalisir Ijazah', 'legalisir')
    make_responses(root, worked_rows(), layanan=own, day=JULY, ipkp_questionnaire_id=ipkp.id)
    make_responses(kantor, [[4] * 9] * 10, layanan=lay, day=JULY, ipkp_questionnaire_id=ipkp.id)
    return {'root': root, 'kantor': kantor, 'own': own, 'lay': lay}


def _rolled_up_ipkp():
    """The IPKP index of the Kanwil with Kantor A: mean of the pooled item means (39 respondents)."""
    return sum((Fraction(t + 40, 39) for t in WORKED_TOTALS), Fraction(0)) / 9


# ---------------------------------------------------------------- 1. komponen hasil: the unit alone or rolled up
def test_hasil_page_offers_the_unit_alone_and_says_which(client, kanwil):
    login_as(client, 'pimpinan', kanwil['root'])
    unit = kanwil['root'].id
    rolled = client.get(f'/staf/analitik/hasil?unit={unit}&tahun=2026').get_data(as_text=True)
    index = round_half_up(_rolled_up_ipkp(), 4)
    assert f'{index:.4f}'.replace('.', ',') in rolled and 'dari 39 responden' in rolled
    assert 'Cakupan IPAK dan IPKP: termasuk unit di bawahnya.' in rolled
    assert 'name="sendiri"' in rolled
    alone = client.get(f'/staf/analitik/hasil?unit={unit}&tahun=2026&sendiri=1').get_data(as_text=True)
    assert 'indeks 3,6590 dari 29 responden' in alone  # domain.md 2: the worked case's IKM, reused as IPKP
    assert '16,01' in alone  # 3.6590 / 4 x 17.5
    assert 'Cakupan IPAK dan IPKP: unit ini saja.' in alone
    assert f'hasil.pdf?unit={unit}&amp;tahun=2026&amp;sendiri=1' in alone


def test_hasil_pdf_of_the_unit_alone(client, kanwil):
    login_as(client, 'pimpinan', kanwil['root'])
    unit = kanwil['root'].id
    alone = client.get(f'/staf/analitik/hasil.pdf?unit={unit}&tahun=2026&sendiri=1')
    assert alone.status_code == 200 and 'kanwil-uji-2026-unit.pdf' in alone.headers['Content-Disposition']
    text = _text(alone.data)
    assert 'Unit ini saja' in text and 'IPKP: indeks 3,6590 dari 29 responden (unit ini saja)' in text
    rolled = _text(client.get(f'/staf/analitik/hasil.pdf?unit={unit}&tahun=2026').data)
    assert 'Termasuk unit di bawahnya' in rolled and 'dari 39 responden (termasuk unit di bawahnya)' in rolled


def test_cli_hasil_unit_alone_keeps_the_rolled_up_default(runner, kanwil):
    base = ['analytics', 'hasil', '--unit', 'kanwil-uji', '--year', '2026']
    rolled = json.loads(runner.invoke(args=[*base, '--json']).output)
    assert rolled['subtree'] is True and rolled['ipkp']['n'] == 39
    alone = json.loads(runner.invoke(args=[*base, '--unit-saja', '--json']).output)
    assert alone['subtree'] is False and alone['ipkp']['n'] == 29 and alone['ipkp']['index'] == 3.659
    assert {x['key']: x for x in alone['lines']}['ipkp']['value'] == 16.01
    table = runner.invoke(args=[*base, '--unit-saja']).output
    assert '(unit ini saja)' in table.splitlines()[0] and 'IPKP: indeks 3,6590 (n=29)' in table
    assert '(termasuk unit di bawahnya)' in runner.invoke(args=base).output.splitlines()[0]


# ---------------------------------------------------------------- 2. the verdict, the subtotal, the source
@pytest.fixture
def entered(db, kanwil):
    """IPAK index 3.60 at the Kanwil (15.75 points, domain.md 3), capaian kinerja 3, pengungkit 45, TLHP 90%."""
    from analytics.models import HasilInput
    ipak = make_questionnaire('ipak', ['a', 'b', 'c', 'd', 'e'])
    r = make_response(kanwil['root'], [4] * 9, day=JULY, ipak_questionnaire_id=ipak.id)
    answer_items(r, ipak, [4, 4, 3, 3, 4])
    db.session.add(HasilInput(unit_id=kanwil['root'].id, year=2026, capaian_kinerja=Decimal('3'),
                              pengungkit=Decimal('45'), tlhp_percent=Decimal('90')))
    db.session.commit()
    return kanwil


def test_hasil_pdf_prints_the_verdict_the_subtotal_and_the_source(client, entered):
    login_as(client, 'pimpinan', entered['root'])
    text = _text(client.get(f'/staf/analitik/hasil.pdf?unit={entered["root"].id}&tahun=2026&sendiri=1').data)
    # bersih dan akuntabel 15.75 + 3.00 = 18.75 (WBK >= 18.25, WBBM >= 19.50); IPKP 16.01 (>= 14.00 / >= 15.75);
    # total 45 + 18.75 + 16.01 = 79.76 (>= 75 / >= 85): WBK met, WBBM not, whatever the TLHP (not in the table)
    assert 'Subtotal komponen hasil (IPAK + capaian kinerja + IPKP) 34,76 dari 40,00' in text
    assert 'Memenuhi syarat WBK ya' in text
    assert ('Memenuhi syarat WBBM tidak (belum: capaian kinerja, birokrasi bersih dan akuntabel, komponen '
            'pengungkit, nilai total)') in text
    assert 'IPKP memakai jawaban survei kepuasan masyarakat (IKM, unsur U1-U9) dari 29 responden' in text
    assert 'IPAK dari 5 butir anti korupsi' in text
    assert 'kualitas pelayanan diukur dengan survei persepsi eksternal' in text
    page = client.get(f'/staf/analitik/hasil?unit={entered["root"].id}&tahun=2026&sendiri=1').get_data(as_text=True)
    assert '34,76 dari 40,00' in page and 'Memenuhi syarat WBK' in page


def test_hasil_json_has_the_verdict(runner, entered):
    out = json.loads(runner.invoke(args=['analytics', 'hasil', '--unit', 'kanwil-uji', '--year', '2026',
                                         '--unit-saja', '--json']).output)
    assert out['memenuhi_wbk'] is True and out['memenuhi_wbbm'] is False
    assert out['hasil_subtotal'] == 34.76 and out['hasil_max'] == 40


@pytest.mark.parametrize(('key', 'value'), [('pengungkit', '39.99'), ('capaian_kinerja', '2.49'),
                                            ('ipkp_points', '13.99'), ('ipak_points', '15.74')])
def test_one_requirement_below_its_wbk_bound_fails_the_verdict(key, value):
    # domain.md 3: every requirement must hold; a line one hundredth below its bound fails WBK
    args = {'ipak_points': Decimal('17.5'), 'ipkp_points': Decimal('17.5'), 'capaian_kinerja': Decimal('5'),
            'pengungkit': Decimal('60'), 'tlhp_percent': Decimal('100')}
    assert perception.verdict(perception.komponen_hasil(**args)).wbbm is True
    args[key] = Decimal(value)
    v = perception.verdict(perception.komponen_hasil(**args))
    assert v.wbk is False and len(v.missing_wbk) >= 1


# ---------------------------------------------------------------- 3. child rows summarised like the unit itself
@pytest.fixture
def kantor_with_population(db):
    """The worked case at Kantor A under the Kanwil, with 50 service users entered for July (domain.md 2: S = 44)."""
    root = make_unit('Kanwil Uji', 'kanwil-uji', kind='kanwil')
    kantor = make_unit('Kantor A', 'kantor-a', parent=root)
    lay = make_layanan(kantor, 'Legalisir Ijazah', 'legalisir')
    make_responses(kantor, worked_rows(), layanan=lay, day=JULY)
    make_population(lay, 50, date(2026, 7, 1), date(2026, 7, 31))
    return {'root': root, 'kantor': kantor}


def _csv(client, unit, periode='2026-T3'):
    data = client.get(f'/staf/analitik/ringkasan.csv?unit={unit.id}&periode={periode}').get_data(as_text=True)
    return list(csv.DictReader(io.StringIO(data.lstrip('\ufeff'))))


def test_csv_child_rows_equal_the_childs_own_summary(client, kantor_with_population):
    login_as(client, 'pimpinan', kantor_with_population['root'])
    own = _csv(client, kantor_with_population['kantor'])[0]
    child = next(r for r in _csv(client, kantor_with_population['root']) if r['unit'] == 'Kantor A')
    assert own['populasi'] == '50' and own['sampel_minimal'] == '44' and own['sampel_memadai'] == 'tidak'
    assert own['konversi'] == '91.48'
    for column in ('responden', 'konversi', 'ci95_bawah', 'ci95_atas', 'populasi', 'sampel_minimal',
                   'sampel_memadai'):
        assert child[column] == own[column], column
    page = client.get(f'/staf/analitik/dasbor?unit={kantor_with_population["root"].id}&periode=2026-T3')
    assert page.status_code == 200


# ---------------------------------------------------------------- 4. per-unit tables of a unit with children
def test_per_unit_rows_add_up_on_the_dashboard_pdf_xlsx_and_csv(client, kanwil):
    login_as(client, 'pimpinan', kanwil['root'])
    q = f'unit={kanwil["root"].id}&periode=2026-T3'
    html = client.get(f'/staf/analitik/dasbor?{q}').get_data(as_text=True)
    table = html[html.index('id="tabel-unit"'):]
    table = table[:table.index('</table>')]
    own = table[table.index('id="unit-sendiri"'):]
    assert 'Kanwil Uji' in own[:400] and 'kantor ini sendiri' in own[:400]
    assert '>29<' in own and '91,48' in own  # domain.md 2: the Kanwil's own respondents are the worked case
    assert 'Kantor A' in table and '100,00' in table
    assert re.search(r'id="unit-jumlah"[^>]*>39<', table)  # 29 + 10: the headline's respondents

    text = _text(client.get(f'/staf/analitik/laporan.pdf?{q}').data)
    assert 'IKM per unit' in text
    assert 'Kanwil Uji (kantor ini sendiri) 29 91,48 A' in text and 'Kantor A 10 100,00 A' in text
    assert 'Seluruhnya 39' in text

    from openpyxl import load_workbook
    wb = load_workbook(io.BytesIO(client.get(f'/staf/analitik/laporan.xlsx?{q}').data))
    rows = list(wb['Per unit'].iter_rows(min_row=2, values_only=True))
    assert rows[0][:6] == ('Kanwil Uji', 'kantor ini sendiri', 29, 3.659, 91.48, 'A')
    assert rows[1][:3] == ('Kantor A', 'unit dan unit di bawahnya', 10)
    assert rows[2][2] == 39 == rows[0][2] + rows[1][2]

    lines = _csv(client, kanwil['root'])
    assert [(r['unit'], r['responden']) for r in lines] == [('Kanwil Uji', '39'), ('Kanwil Uji (unit saja)', '29'),
                                                           ('Kantor A', '10')]
    assert lines[1]['konversi'] == '91.48'


def test_a_unit_without_children_has_no_per_unit_table(client, kanwil):
    login_as(client, 'pimpinan', kanwil['root'])
    q = f'unit={kanwil["kantor"].id}&periode=2026-T3'
    assert 'id="tabel-unit"' not in client.get(f'/staf/analitik/dasbor?{q}').get_data(as_text=True)
    assert len(_csv(client, kanwil['kantor'])) == 1


# ---------------------------------------------------------------- 5. long unbroken text stays on the page
def test_a_long_url_in_a_saran_wraps_inside_the_page(client, db, kanwil):
    url = 'https://contoh.go.id/berkas?id=' + 'a1b2c3d4e5' * 30  # 330 characters without a break opportunity
    make_responses(kanwil['kantor'], [[3] * 9], layanan=kanwil['lay'], day=JULY, saran=f'Lihat {url}')
    login_as(client, 'pimpinan', kanwil['root'])
    data = client.get(f'/staf/analitik/laporan.pdf?unit={kanwil["kantor"].id}&periode=2026-T3').data
    reader = PdfReader(io.BytesIO(data))
    width = float(reader.pages[0].mediabox.width)
    page = next(p for p in reader.pages if 'a1b2c3' in p.extract_text())
    spans = []
    page.extract_text(visitor_text=lambda text, cm, tm, *_: spans.append((text.strip(), tm[4] * cm[0] + cm[4])))
    pieces = [(t, x) for t, x in spans if 'a1b2' in t or 'c3d4' in t]
    assert len(pieces) > 3  # cut over several lines of its cell
    assert ''.join(t for t, _ in pieces).endswith('a1b2c3d4e5' * 5)
    for text, x in pieces:  # each line starts on the page; 8.5 pt DejaVu Sans: under 100 characters fit the cell
        assert 0 < x < width and len(text) < 100, (text, x)


# ---------------------------------------------------------------- 6. a Kanwil's PDF: saran with their unit, true count
def test_kanwil_pdf_names_the_unit_of_each_saran_and_counts_every_saran(client, db, kanwil, monkeypatch):
    from analytics import queries
    make_responses(kanwil['root'], [[3] * 9], layanan=kanwil['own'], day=date(2026, 7, 20), saran='Antrean panjang.')
    make_responses(kanwil['kantor'], [[3] * 9] * 2, layanan=kanwil['lay'], day=date(2026, 7, 10),
                   saran='Toilet perlu bersih.')
    login_as(client, 'pimpinan', kanwil['root'])
    url = f'/staf/analitik/laporan.pdf?unit={kanwil["root"].id}&periode=2026-T3'
    text = _text(client.get(url).data)
    assert '3 saran diterima.' in text and 'Tanggal Unit Layanan Saran' in text
    assert '2026-07-20 Kanwil Uji Rekomendasi Paspor Haji/' in text
    assert '2026-07-10 Kantor A Legalisir Ijazah Toilet perlu bersih.' in text
    # the layanan profile: full width, grouped by unit, the unit's own first
    assert 'Layanan (per unit) Layanan Responden % Kanwil Uji Rekomendasi Paspor Haji/Umrah 30' in text
    assert 'Kantor A Legalisir Ijazah 12' in text
    monkeypatch.setattr(queries, 'SARAN_LIMIT', 2)
    text = _text(client.get(url).data)
    assert ('3 saran diterima. Daftar di bawah memuat 2 saran terbaru; semuanya ada di berkas XLSX (lembar '
            'Respons).') in text


# ---------------------------------------------------------------- 7. the komponen hasil table: one format
def test_hasil_table_headers_thresholds_and_places(client, runner, entered):
    login_as(client, 'pimpinan', entered['root'])
    data = client.get(f'/staf/analitik/hasil.pdf?unit={entered["root"].id}&tahun=2026&sendiri=1').data
    raw = '\n'.join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert raw.count('≥') == 14 and not re.search(r'≥\s*\n', raw)  # every "≥" on the line of its number
    text = ' '.join(raw.split())
    assert 'Komponen Nilai Maks Ambang WBK Status WBK Ambang WBBM Status WBBM' in text
    # TLHP 90% against the seed's 100%: value, maximum and thresholds in one format, as every other line
    assert 'Penyelesaian TLHP (%) 90,00 100,00 ≥ 100,00 belum memenuhi ≥ 100,00 belum memenuhi' in text
    assert 'IPKP), nilai LKE 16,01 17,50 ≥ 14,00 memenuhi ≥ 15,75 memenuhi' in text  # domain.md 3 bounds
    page = client.get(f'/staf/analitik/hasil?unit={entered["root"].id}&tahun=2026').get_data(as_text=True)
    assert 'Status WBBM' in page and '≥&nbsp;15,75' in page and '>17,50<' in page
    table = runner.invoke(args=['analytics', 'hasil', '--unit', 'kanwil-uji', '--year', '2026', '--unit-saja']).output
    ipkp = next(line for line in table.splitlines() if line.startswith('Indeks Persepsi Kualitas'))
    assert ' '.join(ipkp.split()).endswith('16,01 ≥ 14,00 memenuhi ≥ 15,75 memenuhi')


# ---------------------------------------------------------------- 8. pendidikan in its ordinal order
def test_education_in_ordinal_order_on_the_dashboard_pdf_and_xlsx(client, db):
    unit = make_unit('Kantor B', 'kantor-b')
    for level in ('S2', 'SMA', 'D4/S1', 'SD', 'D1-D3'):  # alphabetically: D1-D3, D4/S1, S2, SD, SMA
        make_responses(unit, [[3] * 9], day=JULY, education=level, occupation='Lainnya')
    make_responses(unit, [[3] * 9], day=JULY, education=None, occupation='Wiraswasta')
    login_as(client, 'pimpinan', unit)
    q = f'unit={unit.id}&periode=2026-T3'
    wanted = ['SD', 'SMA', 'D1-D3', 'D4/S1', 'S2', 'tidak diisi']  # survei.rules.EDUCATION's order, then unanswered
    html = client.get(f'/staf/analitik/dasbor?{q}').get_data(as_text=True)
    table = html[html.index('id="profil-education"'):]
    table = table[:table.index('</table>')]
    assert re.findall(r'<th scope="row">([^<]+)</th>', table) == wanted
    text = _text(client.get(f'/staf/analitik/laporan.pdf?{q}').data)
    assert 'Pendidikan Kelompok Responden % SD 1 16,7% SMA 1 16,7% D1-D3 1 16,7% D4/S1 1 16,7% S2 1' in text
    from openpyxl import load_workbook
    wb = load_workbook(io.BytesIO(client.get(f'/staf/analitik/laporan.xlsx?{q}').data))
    rows = [r[1] for r in wb['Profil responden'].iter_rows(min_row=2, values_only=True) if r[0] == 'Pendidikan']
    assert rows == wanted
    jobs = [r[1] for r in wb['Profil responden'].iter_rows(min_row=2, values_only=True) if r[0] == 'Pekerjaan']
    assert jobs == ['Wiraswasta', 'Lainnya']  # the form's order: "Lainnya" last


# ---------------------------------------------------------------- 9. the workbook: frozen, sized, filterable, formatted
def test_xlsx_is_frozen_sized_filtered_formatted_and_keeps_formula_text_intact(client, db, kanwil):
    from openpyxl import load_workbook
    formula = '=HYPERLINK("http://contoh.test","klik")'
    make_responses(kanwil['kantor'], [[3] * 9], layanan=kanwil['lay'], day=JULY, gender='P', saran=formula)
    login_as(client, 'pimpinan', kanwil['root'])
    q = f'unit={kanwil["kantor"].id}&periode=2026-T3'
    wb = load_workbook(io.BytesIO(client.get(f'/staf/analitik/laporan.xlsx?{q}').data))
    for name in ('Per unsur', 'Profil responden', 'Respons'):
        ws = wb[name]
        assert ws.freeze_panes == 'A2' and ws.auto_filter.ref == f'A1:{ws.cell(1, ws.max_column).column_letter}' \
            f'{ws.max_row}', name
        assert ws.column_dimensions['B'].width > 10, name
    assert wb['Ringkasan'].freeze_panes == 'A2' and wb['Ringkasan'].column_dimensions['A'].width == 44
    assert wb['Perbandingan'].freeze_panes == 'A3'
    per = wb['Per unsur']
    assert per['E2'].number_format == '0.0000'  # NRR at 4 decimals, as the PDF prints it
    profile = wb['Profil responden']
    assert profile['D2'].number_format == '0.0' and profile['E2'].number_format == '0.00'
    summary = {row[0].value: row[1] for row in wb['Ringkasan'].iter_rows(min_row=2)}
    assert summary['IKM (1-4)'].number_format == '0.0000' and summary['IKM konversi (25-100)'].number_format == '0.00'
    raw = wb['Respons']
    header = [c.value for c in raw[1]]
    genders = {raw.cell(i, header.index('jenis_kelamin') + 1).value for i in range(2, raw.max_row + 1)}
    assert genders == {None, 'Perempuan'}  # a label, never the code 'P'
    cell = next(raw.cell(i, header.index('saran') + 1) for i in range(2, raw.max_row + 1)
                if raw.cell(i, header.index('saran') + 1).value)
    assert cell.value == formula and cell.data_type == 's' and cell.quotePrefix  # intact, text, never run


# ---------------------------------------------------------------- 11. the regulation's words, one wording everywhere
def test_kinerja_unit_pelayanan_and_one_wording_for_the_sample_and_the_scope(client, runner, db,
                                                                              kantor_with_population):
    from openpyxl import load_workbook

    from analytics import periods, publish
    kantor = kantor_with_population['kantor']
    login_as(client, 'pimpinan', kantor_with_population['root'])
    q = f'unit={kantor.id}&periode=2026-T3'
    text = _text(client.get(f'/staf/analitik/laporan.pdf?{q}').data)
    # PermenPANRB 14/2017: "Mutu pelayanan" (the letter) and "Kinerja unit pelayanan" (its word); worked case 91.48 A
    assert 'IKM (konversi) Mutu pelayanan Kinerja unit pelayanan Responden 91,48 A Sangat baik 29' in text
    assert 'Mutu pelayanan (dinilai dari nilai konversi) A Kinerja unit pelayanan Sangat baik' in text
    assert 'Kecukupan sampel belum memadai' in text  # 29 < 44 for N = 50
    wb = load_workbook(io.BytesIO(client.get(f'/staf/analitik/laporan.xlsx?{q}').data))
    summary = {row[0]: row[1] for row in wb['Ringkasan'].iter_rows(min_row=2, values_only=True)}
    assert summary['Kinerja unit pelayanan'] == 'Sangat baik' and summary['Kecukupan sampel'] == 'belum memadai'
    html = client.get(f'/staf/analitik/dasbor?{q}').get_data(as_text=True)
    profile = html[html.index('id="profil-gender"'):]
    assert '>IKM konversi</th>' in profile[:profile.index('</thead>')]
    publish.publish(kantor, periods.parse('2026-T3'), None, check_scope=False)
    db.session.commit()
    for page in (client.get('/hasil/'), client.get('/hasil/kantor-a/2026-T3')):
        assert 'IKM (konversi 25-100)' in page.get_data(as_text=True)
    out = runner.invoke(args=['analytics', 'ikm', '--unit', 'kanwil-uji']).output
    assert out.splitlines()[0] == 'IKM Kanwil Uji (termasuk unit di bawahnya)'
    out = runner.invoke(args=['analytics', 'ikm', '--unit', 'kanwil-uji', '--unit-only']).output
    assert out.splitlines()[0] == 'IKM Kanwil Uji (unit ini saja)'


# ---------------------------------------------------------------- 12. the trend chart at the konversi's 2 decimals
def test_trend_chart_labels_print_the_konversi_at_2_decimals(client, kantor_with_population):
    login_as(client, 'pimpinan', kantor_with_population['root'])
    html = client.get(f'/staf/analitik/dasbor?unit={kantor_with_population["kantor"].id}&periode=2026-T3')
    svg = html.get_data(as_text=True).split('chart-trend')[1].split('</svg>')[0]
    assert '>91,48</text>' in svg and '>91,5</text>' not in svg  # domain.md 2: konversi 91.48, displayed at 2


# ---------------------------------------------------------------- 13. demo RTL actions about their unsur
def test_demo_rtl_actions_are_about_the_unsur_they_are_attached_to(db):
    from sqlalchemy import select

    from analytics import demo
    from analytics.models import RtlAction
    from portal.i18n import office_today
    root = make_unit('Kanwil Uji', 'kanwil-uji', kind='kanwil')
    kota = make_unit('Kantor Kemenag Kota Bengkulu', 'kemenag-kota-bengkulu', parent=root)
    # lowest: U9 (1), U3 (2), U1 (3); the others 4
    make_responses(kota, [[3, 4, 2, 4, 4, 4, 4, 4, 1]] * 5, day=office_today())
    demo.seed_demo(root)
    db.session.commit()
    actions = {a.unsur: a for a in db.session.scalars(select(RtlAction).where(RtlAction.unit_id == kota.id))}
    assert sorted(actions) == ['u1', 'u3', 'u9']
    assert 'pengaduan' in actions['u9'].action and actions['u9'].status == 'selesai'
    assert 'waktu penyelesaian' in actions['u3'].action and actions['u3'].status == 'berjalan'
    assert 'persyaratan' in actions['u1'].action and actions['u1'].status == 'direncanakan'
    assert all('ruang tunggu' not in a.action for a in actions.values())


# ---------------------------------------------------------------- 14. a date range: its dates once; N undetermined
def test_date_range_report_prints_its_dates_once_and_says_n_cannot_be_determined(client, kantor_with_population):
    # 50 service users are entered for 1-31 July (domain.md 2: S = 44); the range 1-20 July cuts that entry
    login_as(client, 'pimpinan', kantor_with_population['root'])
    q = f'unit={kantor_with_population["kantor"].id}&dari=2026-07-01&sampai=2026-07-20'
    text = _text(client.get(f'/staf/analitik/laporan.pdf?{q}').data)
    assert 'Kantor A 1 Juli 2026 s.d. 20 Juli 2026 IKM (konversi)' in text  # the cover: the dates, once
    assert 'Periode layanan: 1 Juli 2026 s.d. 20 Juli 2026. Hanya' in text
    assert '(1 Juli 2026 s.d. 20 Juli 2026)' not in text
    assert 'Populasi (pengguna layanan, N) tidak dapat ditentukan untuk periode ini' in text
    assert 'tidak dapat dinilai (N tidak dapat ditentukan)' in text and 'belum diisi' not in text
    html = client.get(f'/staf/analitik/dasbor?{q}').get_data(as_text=True)
    assert 'id="populasi-tak-tentu"' in html and 'periode ini belum diisi' not in html
    # the whole of July: the entry lies inside, N = 50
    text = _text(client.get(f'/staf/analitik/laporan.pdf?unit={kantor_with_population["kantor"].id}'
                            '&dari=2026-07-01&sampai=2026-07-31').data)
    assert 'Populasi (pengguna layanan, N) 50 Sampel minimal (Krejcie & Morgan) 44' in text


# ---------------------------------------------------------------- 15. the footer and the page breaks
def test_pdf_footer_names_unit_and_period_in_the_body_font_and_headings_stay_with_tables(client, db, kanwil):
    make_responses(kanwil['root'], [[3] * 9], layanan=kanwil['own'], day=date(2026, 7, 20), saran='Antrean panjang.')
    make_responses(kanwil['kantor'], [[3] * 9] * 2, layanan=kanwil['lay'], day=date(2026, 7, 10),
                   saran='Toilet perlu bersih.')
    login_as(client, 'pimpinan', kanwil['root'])
    reader = PdfReader(io.BytesIO(client.get(f'/staf/analitik/laporan.pdf?unit={kanwil["root"].id}'
                                             '&periode=2026-T3').data))
    pages = [' '.join(page.extract_text().split()) for page in reader.pages]
    footer = 'Laporan Hasil Survei Kepuasan Masyarakat · Kanwil Uji · Triwulan III 2026'
    assert all(footer in text for text in pages), [text[-160:] for text in pages]
    fonts = {font.get_object()['/BaseFont'] for page in reader.pages for font in page['/Resources']['/Font'].values()}
    assert fonts and all('DejaVu-Sans' in str(name) for name in fonts), fonts  # no serif fallback in the footer
    for intro, table in (('saran diterima.', 'Tanggal Unit Layanan Saran'),
                         ('IKM per unit', 'Seluruhnya'),
                         ('3. Nilai rata-rata (NRR) per unsur', 'U9 Penanganan pengaduan')):
        page = next(text for text in pages if intro in text)
        assert table in page, intro  # a heading or an introducing line is never left alone at a page's foot


# ---------------------------------------------------------------- 16. "data s.d.", the CSV's type, the CLI's numbers
def test_a_running_year_says_data_until_today_everywhere(client, db):
    from babel.dates import format_date

    from analytics import periods, publish
    from portal.i18n import office_today
    today = office_today()
    if today == date(today.year, 12, 31):
        pytest.skip('on 31 December the year is complete')
    unit = make_unit('Kantor C', 'kantor-c')
    make_responses(unit, worked_rows(), day=today)
    login_as(client, 'pimpinan', unit)
    until = f'data s.d. {format_date(today, "long", locale="id")}'
    text = _text(client.get(f'/staf/analitik/laporan.pdf?unit={unit.id}&periode={today.year}').data)
    assert until in text.split('IKM (konversi)')[0]  # on the cover
    assert until in _text(client.get(f'/staf/analitik/hasil.pdf?unit={unit.id}&tahun={today.year}').data)
    assert until in client.get(f'/staf/analitik/dasbor?unit={unit.id}&periode={today.year}').get_data(as_text=True)
    assert until in client.get(f'/staf/analitik/hasil?unit={unit.id}&tahun={today.year}').get_data(as_text=True)
    from openpyxl import load_workbook
    wb = load_workbook(io.BytesIO(client.get(f'/staf/analitik/laporan.xlsx?unit={unit.id}&periode={today.year}').data))
    summary = {row[0]: row[1] for row in wb['Ringkasan'].iter_rows(min_row=2, values_only=True)}
    assert summary['Data s.d.'].date() == today
    publish.publish(unit, periods.parse(str(today.year)), None, check_scope=False)
    db.session.commit()
    assert until in client.get(f'/hasil/kantor-c/{today.year}').get_data(as_text=True)
    assert until in client.get('/hasil/').get_data(as_text=True)
    # a period that has ended says nothing of the kind
    text = _text(client.get(f'/staf/analitik/laporan.pdf?unit={unit.id}&periode={today.year - 1}').data)
    assert 'data s.d.' not in text


def test_csv_content_type_names_its_charset_once(client, kanwil):
    login_as(client, 'pimpinan', kanwil['root'])
    res = client.get(f'/staf/analitik/ringkasan.csv?unit={kanwil["root"].id}&periode=2026-T3')
    assert res.headers['Content-Type'] == 'text/csv; charset=utf-8'


def test_cli_table_prints_indonesian_numbers(runner, kantor_with_population):
    out = runner.invoke(args=['analytics', 'ikm', '--unit', 'kantor-a', '--weight', '0.11',
                              '--population', '10000']).output
    assert 'Bobot per unsur : 0,11' in out and 'Nilai konversi (25-100): 90,56' in out  # domain.md 2 with 0.11
    assert 'Sampel minimal (Krejcie-Morgan, N=10.000): 370; belum tercapai' in out  # domain.md 2: 10000 -> 370
    data = json.loads(runner.invoke(args=['analytics', 'ikm', '--unit', 'kantor-a', '--weight', '0.11',
                                          '--population', '10000', '--json']).output)
    assert data['weight'] == '0.11' and data['population'] == 10000  # the JSON keeps machine numbers
