"""Upload attacks on the public form: each refused with a Bahasa message, nothing stored, the rest of the form kept."""
import io
import os
import struct
import zlib

import pytest
from PIL import Image
from sqlalchemy import func, select

from pengaduan.models import Attachment, Complaint
from portal.extensions import db
from tests.factories import post_form
from tests.pengaduan.factories import make_tree
from tests.pengaduan.test_lifecycle import _form


def png_bytes(size=(40, 30)):
    out = io.BytesIO()
    Image.new('RGB', size, (200, 10, 10)).save(out, 'PNG')
    return out.getvalue()


def jpeg_with_gps():
    img = Image.new('RGB', (50, 50), (10, 100, 10))
    exif = Image.Exif()
    exif[0x010F] = 'KameraRahasia'  # Make
    out = io.BytesIO()
    img.save(out, 'JPEG', exif=exif)
    return out.getvalue()


def bomb_png():
    """A tiny PNG that claims 8000 x 8000 pixels (64 megapixels, over the 40 MP limit)."""
    def chunk(kind, data):
        return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff)
    header = struct.pack('>IIBBBBB', 8000, 8000, 8, 0, 0, 0, 0)
    rows = zlib.compress(b'\x00' * (8001 * 10))
    return b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', header) + chunk(b'IDAT', rows) + chunk(b'IEND', b'')


def big_image():
    return b'\xff\xd8\xff\xe0' + os.urandom(6 * 1024 * 1024)


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>'
PDF_JS = (b'%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R/OpenAction<</S/JavaScript/JS(app.alert(1))>>>>endobj\n'
          b'2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF')

ATTACKS = {
    'script renamed .jpg': ('foto.jpg', b'#!/bin/sh\nrm -rf /\n', 'Jenis berkas tidak diterima'),
    '6 MB image': ('besar.jpg', None, 'melebihi 5 MB'),
    'decompression bomb': ('bom.png', None, 'Gambar terlalu besar'),
    'svg': ('gambar.svg', SVG, 'Jenis berkas tidak diterima'),
    'pdf with javascript': ('surat.pdf', PDF_JS, 'PDF ini memuat skrip'),
}


@pytest.mark.parametrize('attack', sorted(ATTACKS))
def test_an_attack_is_refused_nothing_is_stored_and_the_form_is_kept(app, client, attack):
    t = make_tree()
    name, data, message = ATTACKS[attack]
    data = data or (big_image() if attack == '6 MB image' else bomb_png())
    form = _form(t, title='Judul yang harus tetap ada')
    form['lampiran1'] = (io.BytesIO(png_bytes()), 'baik.png')
    form['lampiran2'] = (io.BytesIO(data), name)
    folder = os.path.join(app.config['UPLOAD_FOLDER'], 'pengaduan')
    before = set(os.listdir(folder)) if os.path.isdir(folder) else set()
    r = post_form(client, '/pengaduan/baru', form, content_type='multipart/form-data')
    r.request.environ['wsgi.input'].close()  # the test client spools a big body to a temp file; close it here
    page = r.get_data(as_text=True)
    assert r.status_code == 400
    assert message in page and 'pilih ulang berkas lampiran' in page
    assert 'value="Judul yang harus tetap ada"' in page and 'Saya menunggu tiga jam' in page
    assert db.session.scalar(select(func.count()).select_from(Complaint)) == 0
    assert db.session.scalar(select(func.count()).select_from(Attachment)) == 0
    assert (set(os.listdir(folder)) if os.path.isdir(folder) else set()) == before


def test_good_files_are_stored_cleaned_outside_static(app, client):
    t = make_tree()
    form = _form(t)
    form['lampiran1'] = (io.BytesIO(jpeg_with_gps()), 'foto rumah.jpeg')
    form['lampiran2'] = (io.BytesIO(png_bytes()), 'layar.png')
    r = post_form(client, '/pengaduan/baru', form, content_type='multipart/form-data')
    assert r.status_code == 302
    items = db.session.scalars(select(Attachment).order_by(Attachment.id)).all()
    assert [a.name for a in items] == ['lampiran-1.jpg', 'lampiran-2.png']  # the phone's names are not kept
    path = os.path.join(app.config['UPLOAD_FOLDER'], 'pengaduan', items[0].key)
    with open(path, 'rb') as f:
        data = f.read()
    assert b'KameraRahasia' not in data and Image.open(io.BytesIO(data)).format == 'JPEG'
    assert 'static' not in path


def test_an_english_reader_is_told_in_english(app, client):
    t = make_tree()
    client.get('/bahasa/en')
    form = _form(t, title='Judul yang harus tetap ada')
    form['lampiran1'] = (io.BytesIO(SVG), 'gambar.svg')
    r = post_form(client, '/pengaduan/baru', form, content_type='multipart/form-data')
    page = r.get_data(as_text=True)
    assert r.status_code == 400
    assert 'This type of file is not accepted. Upload a JPEG, PNG or PDF.' in page
    assert 'Your other entries are kept in the form; choose the attachment again.' in page
    assert 'Jenis berkas tidak diterima' not in page
    assert db.session.scalar(select(func.count()).select_from(Complaint)) == 0
