"""The ZI evaluators (TPI) check and recompute the IPAK and IPKP: the figures per item (butir) on the komponen hasil
page, and the workbook /staf/analitik/hasil.xlsx with the same figures and the answers behind them, through HTTP.

Numbers (analytics.perception: index = mean of item means, points = index / 4 x 17.5, shown rounded half up):
- the Kanwil's own two respondents score IPAK items (4, 3) and (3, 3): means 3.5 and 3.0, index 3.25, points
  3.25 / 4 x 17.5 = 14.21875 -> 14.22; their IPKP comes from the IKM (u1..u9): (4 x 9) and (3, 4 x 7, unanswered u9):
  u1 3.5, u2..u9 4, index 35.5 / 9 = 3.9444..., points 17.256... -> 17.26;
- Kantor A below it: one respondent, IPAK (1, skipped) and an IPKP of its own item (2), its u1..u9 (2 each) not part
  of that IPKP; rolled up, IPAK: 8/3 and 3, index 17/6 = 2.8333, points 12.3958... -> 12.40; IPKP: the nine unsur as
  before and IPKP1 2, index 37.5 / 10 = 3.75, points 16.40625 -> 16.41;
- not counted: a flagged response at the Kanwil and one of 2025.
"""
import io
from datetime import date, datetime
from fractions import Fraction
from html.parser import HTMLParser

import pytest
from openpyxl import load_workbook

from analytics.ikm import round_half_up
from portal.extensions import db
from portal.models import AuditEvent
from tests.factories import login_as, make_layanan, make_unit

from .factories import answer_items, make_questionnaire, make_response

JULY = date(2026, 7, 15)
SHEETS = ['Komponen hasil', 'IPAK per butir', 'IPKP per butir', 'Jawaban IPAK', 'Jawaban IPKP']
IPAK_LINE = 'Indeks Persepsi Anti Korupsi (IPAK), nilai LKE'
IPKP_LINE = 'Indeks Persepsi Kualitas Pelayanan (IPKP), nilai LKE'


@pytest.fixture
def world(db):
    root = make_unit('Kanwil Uji', 'kanwil-uji', kind='kanwil')
    kantor = make_unit('Kantor A', 'kantor-a', parent=root)
    own = make_layanan(root, 'Rekomendasi Paspor Haji/Umrah', 'paspor')
    typed = make_layanan(kantor, '=HYPERLINK("http://x.test","Legalisir")', 'legalisir')  # a formula stays text
    ipak = make_questionnaire('ipak', ['ipak1', 'ipak2'])
    ipkp_ikm = make_questionnaire('ipkp', [f'u{i}' for i in range(1, 10)], uses_ikm_answers=True)
    ipkp_own = make_questionnaire('ipkp', ['ipkp1'], version=2)
    ids = {'ipak_questionnaire_id': ipak.id, 'ipkp_questionnaire_id': ipkp_ikm.id}
    r1 = make_response(root, [4] * 9, layanan=own, day=JULY, **ids)
    r2 = make_response(root, [3, 4, 4, 4, 4, 4, 4, 4, None], layanan=own, day=date(2026, 3, 2), **ids)
    r3 = make_response(kantor, [2] * 9, layanan=typed, day=JULY, ipak_questionnaire_id=ipak.id,
                       ipkp_questionnaire_id=ipkp_own.id)
    flagged = make_response(root, [1] * 9, layanan=own, day=JULY, counted=False, **ids)
    old = make_response(root, [1] * 9, layanan=own, day=date(2025, 7, 15), **ids)
    answer_items(r1, ipak, [4, 3])
    answer_items(r2, ipak, [3, 3])
    answer_items(r3, ipak, [1, None])
    answer_items(r3, ipkp_own, [2])
    for r in (flagged, old):
        answer_items(r, ipak, [1, 1])
    return {'root': root, 'kantor': kantor, 'r1': r1, 'r2': r2, 'r3': r3, 'typed': typed}


class _Tables(HTMLParser):
    """The text of each cell of every table with an id on a page: {table id: [[cell text, ...], ...]}."""

    def __init__(self):
        super().__init__()
        self.tables, self.table, self.row, self.cell = {}, None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == 'table' and attrs.get('id'):
            self.table = self.tables.setdefault(attrs['id'], [])
        elif tag == 'tr' and self.table is not None:
            self.row = []
            self.table.append(self.row)
        elif tag in ('td', 'th') and self.row is not None:
            self.cell = []

    def handle_endtag(self, tag):
        if tag in ('td', 'th') and self.cell is not None:
            self.row.append(' '.join(''.join(self.cell).split()))
            self.cell = None
        elif tag == 'table':
            self.table = self.row = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def _tables(html):
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def _workbook(client, query):
    res = client.get(f'/staf/analitik/hasil.xlsx?{query}')
    assert res.status_code == 200, res.status_code
    assert res.mimetype == 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
    assert res.headers['Cache-Control'] == 'private, no-store'
    return res, load_workbook(io.BytesIO(res.data))


def _recomputed(ws):
    """The index an evaluator recomputes from a Jawaban sheet: per item column, its sum over its filled cells; the
    mean of those means (exact), with the number of rows."""
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    means = []
    for column in zip(*(row[4:] for row in rows), strict=True):
        scores = [v for v in column if v is not None]
        if scores:
            means.append(Fraction(sum(scores), len(scores)))
    return sum(means, Fraction(0)) / len(means), len(rows)


# ---------------------------------------------------------------- the page
def test_page_shows_each_item_of_the_unit_alone(client, world):
    login_as(client, 'pimpinan', world['root'])
    page = client.get(f'/staf/analitik/hasil?unit={world["root"].id}&tahun=2026&sendiri=1').get_data(as_text=True)
    tables = _tables(page)
    assert 'IPAK per butir' in page and 'IPKP per butir' in page
    assert tables['tabel-butir-ipak'] == [
        ['Kode', 'Butir', 'Responden yang menjawab', 'Jumlah nilai', 'Rata-rata'],
        ['IPAK1', 'Butir ipak1', '2', '7', '3,5000'],
        ['IPAK2', 'Butir ipak2', '2', '6', '3,0000'],
        ['Indeks (rata-rata dari rata-rata butir)', '3,2500']]
    ipkp = tables['tabel-butir-ipkp']
    # IPKP through the IKM: the unsur and their names, u9 answered by one respondent only
    assert ipkp[1] == ['U1', 'Persyaratan', '2', '7', '3,5000']
    assert ipkp[9] == ['U9', 'Penanganan pengaduan, saran dan masukan', '1', '4', '4,0000']
    assert len(ipkp) == 11 and ipkp[-1] == ['Indeks (rata-rata dari rata-rata butir)', '3,9444']
    assert 'indeks 3,2500 dari 2 responden' in page and '14,22' in page and '17,26' in page
    unit = world['root'].id
    assert f'href="/staf/analitik/hasil.xlsx?unit={unit}&amp;tahun=2026&amp;sendiri=1"' in page
    assert 'Unduh XLSX komponen hasil' in page


def test_page_rolled_up_and_without_answers(client, world):
    login_as(client, 'pimpinan', world['root'])
    tables = _tables(client.get(f'/staf/analitik/hasil?unit={world["root"].id}&tahun=2026').get_data(as_text=True))
    assert tables['tabel-butir-ipak'][1:] == [['IPAK1', 'Butir ipak1', '3', '8', '2,6667'],
                                              ['IPAK2', 'Butir ipak2', '2', '6', '3,0000'],
                                              ['Indeks (rata-rata dari rata-rata butir)', '2,8333']]
    ipkp = tables['tabel-butir-ipkp']
    assert ipkp[10] == ['IPKP1', 'Butir ipkp1', '1', '2', '2,0000'] and ipkp[-1][-1] == '3,7500'
    empty = client.get(f'/staf/analitik/hasil?unit={world["root"].id}&tahun=2024').get_data(as_text=True)
    assert 'tabel-butir-ipak' not in empty and 'id="butir-ipak-kosong"' in empty
    assert empty.count('Belum ada jawaban.') == 2


def test_page_in_english(client, world):
    login_as(client, 'pimpinan', world['root'])
    client.set_cookie('lang', 'en')
    page = client.get(f'/staf/analitik/hasil?unit={world["root"].id}&tahun=2026&sendiri=1').get_data(as_text=True)
    tables = _tables(page)
    assert tables['tabel-butir-ipak'][1] == ['IPAK1', 'Butir ipak1', '2', '7', '3.5000']
    assert 'IPAK per butir' not in page and 'Unduh XLSX komponen hasil' not in page


# ---------------------------------------------------------------- the workbook
def test_workbook_of_the_unit_alone(client, world):
    login_as(client, 'pimpinan', world['root'])
    res, wb = _workbook(client, f'unit={world["root"].id}&tahun=2026&sendiri=1')
    assert 'filename="komponen-hasil-kanwil-uji-2026-unit.xlsx"' in res.headers['Content-Disposition']
    assert wb.sheetnames == SHEETS

    ws = wb['Komponen hasil']
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == 'Komponen Hasil Zona Integritas'
    head = {row[0]: row[1] for row in rows[1:] if row and row[0]}
    assert head['Unit'] == 'Kanwil Uji' and head['Tahun'] == 2026 and head['Cakupan'] == 'unit saja'
    assert head['IPAK: indeks (1-4)'] == 3.25 and head['IPAK: responden'] == 2
    assert head['IPKP: indeks (1-4)'] == 3.9444 and head['IPKP: responden'] == 2
    assert head['IPKP: responden yang menjawab lewat unsur IKM U1-U9'] == 2
    from portal.i18n import office_today
    assert ('Data s.d.' in head) == (office_today().year == 2026)
    lines = {row[0]: row[1:] for row in rows if row and row[0] in (IPAK_LINE, IPKP_LINE)}
    assert lines[IPAK_LINE] == (14.22, 17.5, 15.75, 'belum memenuhi', 15.75, 'belum memenuhi')
    assert lines[IPKP_LINE] == (17.26, 17.5, 14.0, 'memenuhi', 15.75, 'memenuhi')
    assert head['Subtotal komponen hasil (IPAK + capaian kinerja + IPKP)'] is None  # capaian kinerja not entered
    assert head['Memenuhi syarat WBK'] == 'tidak' and head['Memenuhi syarat WBBM'] == 'tidak'
    ipak_cell = next(row for row in ws.iter_rows() if row[0].value == IPAK_LINE)[1]
    assert ipak_cell.number_format == '0.00'

    per = list(wb['IPAK per butir'].iter_rows(values_only=True))
    assert per == [('kode', 'butir', 'menjawab', 'jumlah nilai', 'rata-rata', 'nilai LKE'),
                   ('IPAK1', 'Butir ipak1', 2, 7, 3.5, None), ('IPAK2', 'Butir ipak2', 2, 6, 3.0, None),
                   ('indeks', per[3][1], 2, None, 3.25, 14.22)]
    assert wb['IPAK per butir']['E2'].number_format == '0.0000' and wb['IPAK per butir']['F4'].number_format == '0.00'
    ipkp = list(wb['IPKP per butir'].iter_rows(values_only=True))
    assert [row[0] for row in ipkp[1:]] == [f'U{i}' for i in range(1, 10)] + ['indeks']
    assert ipkp[1] == ('U1', 'Persyaratan', 2, 7, 3.5, None) and ipkp[-1][2:] == (2, None, 3.9444, 17.26)

    answers = list(wb['Jawaban IPAK'].iter_rows(values_only=True))
    r1, r2 = world['r1'], world['r2']
    layanan = 'Rekomendasi Paspor Haji/Umrah'
    assert answers == [('id', 'tanggal', 'unit', 'layanan', 'IPAK1', 'IPAK2'),
                       (r2.id, datetime(2026, 3, 2), 'Kanwil Uji', layanan, 3, 3),  # by service date
                       (r1.id, datetime(2026, 7, 15), 'Kanwil Uji', layanan, 4, 3)]
    answers = list(wb['Jawaban IPKP'].iter_rows(values_only=True))
    assert answers[0] == ('id', 'tanggal', 'unit', 'layanan', *(f'U{i}' for i in range(1, 10)))
    assert answers[1][0] == r2.id and answers[1][4:] == (3, 4, 4, 4, 4, 4, 4, 4, None)
    assert answers[2][0] == r1.id and answers[2][4:] == (4,) * 9
    # the evaluators' check: the index recomputed from the answers is the one published
    for sheet, index, n in (('Jawaban IPAK', '3.2500', 2), ('Jawaban IPKP', '3.9444', 2)):
        recomputed, rows = _recomputed(wb[sheet])
        assert (f'{round_half_up(recomputed, 4):.4f}', rows) == (index, n), sheet


def test_workbook_rolled_up_recomputes_and_keeps_typed_text(client, world):
    login_as(client, 'pimpinan', world['root'])
    res, wb = _workbook(client, f'unit={world["root"].id}&tahun=2026')
    assert 'filename="komponen-hasil-kanwil-uji-2026.xlsx"' in res.headers['Content-Disposition']
    head = {row[0]: row[1] for row in wb['Komponen hasil'].iter_rows(values_only=True) if row and row[0]}
    assert head['Cakupan'] == 'unit dan unit di bawahnya'
    assert head['IPAK: indeks (1-4)'] == 2.8333 and head[IPAK_LINE] == 12.4 and head[IPKP_LINE] == 16.41
    assert list(wb['IPAK per butir'].iter_rows(values_only=True))[-1][2:] == (3, None, 2.8333, 12.4)
    ipkp = list(wb['IPKP per butir'].iter_rows(values_only=True))
    assert ipkp[10] == ('IPKP1', 'Butir ipkp1', 1, 2, 2.0, None) and ipkp[-1][2:] == (3, None, 3.75, 16.41)

    ipak = list(wb['Jawaban IPAK'].iter_rows(values_only=True))
    r3 = world['r3']
    assert [row[0] for row in ipak[1:]] == [world['r2'].id, world['r1'].id, r3.id]
    assert ipak[3][2:] == ('Kantor A', world['typed'].name, 1, None)  # the skipped item stays empty
    typed = next(row[3] for row in wb['Jawaban IPAK'].iter_rows(min_row=2) if row[0].value == r3.id)
    assert typed.data_type == 's' and typed.value == world['typed'].name  # text, never a formula
    ipkp_rows = list(wb['Jawaban IPKP'].iter_rows(values_only=True))
    assert ipkp_rows[0][-1] == 'IPKP1'
    # the IKM respondents first, then Kantor A's own item; its u1..u9 (2 each) are no part of the IPKP
    assert ipkp_rows[3][0] == r3.id and ipkp_rows[3][4:] == (None,) * 9 + (2,)
    for sheet, index, n in (('Jawaban IPAK', '2.8333', 3), ('Jawaban IPKP', '3.7500', 3)):
        recomputed, rows = _recomputed(wb[sheet])
        assert (f'{round_half_up(recomputed, 4):.4f}', rows) == (index, n), sheet


def test_unit_alone_leaves_out_the_child_units_respondents(client, world):
    login_as(client, 'pimpinan', world['root'])
    _, wb = _workbook(client, f'unit={world["root"].id}&tahun=2026&sendiri=1')
    units = {row[2] for sheet in ('Jawaban IPAK', 'Jawaban IPKP')
             for row in wb[sheet].iter_rows(min_row=2, values_only=True)}
    assert units == {'Kanwil Uji'}
    ids = {row[0] for row in wb['Jawaban IPAK'].iter_rows(min_row=2, values_only=True)}
    assert world['r3'].id not in ids


def test_workbook_of_a_year_without_answers(client, world):
    login_as(client, 'pimpinan', world['root'])
    _, wb = _workbook(client, f'unit={world["root"].id}&tahun=2024')
    assert wb.sheetnames == SHEETS
    assert list(wb['IPAK per butir'].iter_rows(values_only=True))[1:] == [('indeks', wb['IPAK per butir']['B2'].value,
                                                                           0, None, None, None)]
    assert list(wb['Jawaban IPKP'].iter_rows(values_only=True)) == [('id', 'tanggal', 'unit', 'layanan')]
    head = {row[0]: row[1] for row in wb['Komponen hasil'].iter_rows(values_only=True) if row and row[0]}
    assert 'Data s.d.' not in head and head[IPAK_LINE] is None


# ---------------------------------------------------------------- who may, and the audit trail
def test_only_figure_readers_in_scope_may_download_and_each_download_is_audited(app, client, world):
    user = login_as(client, 'pimpinan', world['root'])
    _workbook(client, f'unit={world["root"].id}&tahun=2026&sendiri=1')
    _workbook(client, f'unit={world["root"].id}&tahun=2026')
    events = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == 'analytics.hasil.exported')
                                .order_by(AuditEvent.id)).all()
    assert [(e.actor_id, e.object_type, e.details['format'], e.details['rows']) for e in events] == [
        (user.id, 'response', 'xlsx', 4), (user.id, 'response', 'xlsx', 6)]  # IPAK rows + IPKP rows
    assert events[0].details['filter'] == {'unit': str(world['root'].id), 'tahun': '2026', 'sendiri': '1'}

    staff = app.test_client()
    login_as(staff, 'petugas_pengaduan', world['root'])
    assert staff.get(f'/staf/analitik/hasil.xlsx?unit={world["root"].id}&tahun=2026').status_code == 403
    below = app.test_client()
    login_as(below, 'pimpinan', world['kantor'])  # the Kanwil lies outside a Kantor's scope
    assert below.get(f'/staf/analitik/hasil.xlsx?unit={world["root"].id}&tahun=2026').status_code == 404
    assert app.test_client().get('/staf/analitik/hasil.xlsx').status_code == 302  # to the sign-in page
    assert db.session.scalar(db.select(db.func.count()).select_from(AuditEvent)
                             .where(AuditEvent.action == 'analytics.hasil.exported')) == 2
