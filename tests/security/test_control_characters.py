"""Control characters and look-alike digits from forms: cleaned or refused, never a 500 and never an export that
breaks (XLSX cannot hold them)."""
import io

from openpyxl import load_workbook
from sqlalchemy import select

from pengaduan.models import Complaint
from portal.exports import safe_cell
from portal.models import User
from portal.text import strip_controls
from survei.models import Response
from tests.factories import login_as, make_unit, post_form
from tests.pengaduan.factories import make_tree
from tests.pengaduan.test_lifecycle import _form
from tests.survei.factories import make_survey, submit
from tests.wbs.factories import make_member


def test_strip_controls_keeps_what_a_reader_sees():
    assert strip_controls('lama\x0bsekali\x01!\tok\r\nya\x7f') == 'lama\nsekali!\tok\r\nya'
    assert strip_controls(None) is None and strip_controls(7) == 7
    assert safe_cell('=1+1\x02') == "'=1+1" and safe_cell('a\x1fb') == 'ab'


def test_text_from_the_public_forms_is_stored_clean_and_exports_open(app, client, db):
    unit, layanan = make_survey()
    assert submit(client, unit, layanan, saran='lama\x0bsekali\x01').status_code == 303
    assert db.session.scalar(select(Response.saran)) == 'lama\nsekali'
    t = make_tree()
    assert post_form(client, '/pengaduan/baru', _form(t, title='Antrean\x01 lama')).status_code == 302
    assert db.session.scalar(select(Complaint.title)) == 'Antrean lama'
    # a text stored before the cleaning (or by another way in) still exports
    stored = db.session.scalar(select(Response))
    stored.saran = 'lama\x0bsekali\x01'
    db.session.commit()
    staff = app.test_client()
    login_as(staff, 'superadmin')
    for url in ('/staf/survei/ekspor.xlsx', '/staf/pengaduan/ekspor.xlsx'):
        response = staff.get(url)
        assert response.status_code == 200, url
        load_workbook(io.BytesIO(response.data))  # a workbook a spreadsheet opens


def test_a_totp_code_in_other_digits_is_a_wrong_code(app, db):
    member = make_member()
    client = app.test_client()
    login_as(client, member.user)
    for code in ('٣٣٣٣٣٣', '²²²²²²'):
        response = post_form(client, '/staf/wbs/buka', {'password': 'salah-sekali', 'code': code})
        assert 400 <= response.status_code < 500, code


def test_an_email_that_lengthens_when_lowered_is_refused(app, client, db):
    unit = make_unit()
    login_as(client, 'superadmin')
    email = 'İ' * 60 + '@' + 'a' * 60 + '.' + 'b' * 60 + '.go.id'  # 188 characters, 248 lowered
    response = post_form(client, '/staf/pengguna/baru', {'name': 'X', 'email': email, 'role': 'pimpinan',
                                                         'unit_id': str(unit.id), 'password': 'sandi-uji-98765'},
                         follow_redirects=True)
    assert response.status_code < 500
    assert db.session.scalar(select(User).where(User.name == 'X')) is None
