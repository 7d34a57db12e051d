"""QR codes and posters: the image decodes, with a real decoder, to PUBLIC_BASE_URL + /survei/<unit>/<layanan>."""
import io
import shutil
import subprocess

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from tests.factories import login_as, make_layanan
from tests.survei.factories import make_survey

URL = 'http://layanan.test/survei/kemenag-uji/legalisir-ijazah'  # PUBLIC_BASE_URL of the test config


def _decode(png_bytes):
    return [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(png_bytes)))]


def _survey():
    from tests.factories import make_unit
    return make_survey(make_unit(slug='kemenag-uji', name='Kantor Kemenag Uji'), slug='legalisir-ijazah',
                       name='Legalisir Ijazah dan Dokumen')


def test_the_qr_command_writes_a_png_that_decodes_to_the_url(runner, db, tmp_path):
    _survey()
    out = tmp_path / 'qr.png'
    result = runner.invoke(args=['survei', 'qr', '--unit', 'kemenag-uji', '--layanan', 'legalisir-ijazah',
                                 '--out', str(out)])
    assert result.exit_code == 0 and result.output.strip() == URL
    assert _decode(out.read_bytes()) == [URL]
    result = zxingcpp.read_barcodes(Image.open(out))[0]
    assert result.ec_level in ('M', 'Q', 'H')


def test_the_qr_command_writes_svg_and_refuses_unknown_layanan(runner, db, tmp_path):
    _survey()
    out = tmp_path / 'qr.svg'
    assert runner.invoke(args=['survei', 'qr', '--unit', 'kemenag-uji', '--layanan', 'legalisir-ijazah',
                               '--out', str(out)]).exit_code == 0
    assert out.read_bytes().lstrip().startswith(b'<?xml') and b'<svg' in out.read_bytes()
    bad = runner.invoke(args=['survei', 'qr', '--unit', 'kemenag-uji', '--layanan', 'tidak-ada', '--out', str(out)])
    assert bad.exit_code != 0 and 'tidak ada di unit' in bad.output


def test_staff_download_qr_png_and_svg(client, db):
    unit, layanan = _survey()
    login_as(client, 'admin_unit', unit)
    png = client.get(f'/staf/survei/layanan/{layanan.id}/qr.png')
    assert png.mimetype == 'image/png' and _decode(png.get_data()) == [URL]
    assert client.get(f'/staf/survei/layanan/{layanan.id}/qr.svg').mimetype == 'image/svg+xml'


def test_qr_and_posters_of_another_unit_are_404(client, db):
    _unit, layanan = _survey()
    from tests.factories import make_unit
    login_as(client, 'admin_unit', make_unit())
    assert client.get(f'/staf/survei/layanan/{layanan.id}/qr.png').status_code == 404
    assert client.get(f'/staf/survei/unit/{layanan.unit_id}/poster.pdf').status_code == 404


def test_a_poster_is_one_a4_page_and_a_unit_pdf_has_every_layanan(client, db):
    unit, layanan = _survey()
    make_layanan(unit, name='Rekomendasi Paspor Haji/Umrah')
    login_as(client, 'admin_unit', unit)
    one = client.get(f'/staf/survei/layanan/{layanan.id}/poster.pdf')
    assert one.mimetype == 'application/pdf'
    pages = PdfReader(io.BytesIO(one.get_data())).pages
    assert len(pages) == 1
    width_mm, height_mm = (float(v) / 72 * 25.4 for v in pages[0].mediabox.upper_right)
    assert round(width_mm) == 210 and round(height_mm) == 297
    assert 'Legalisir Ijazah dan Dokumen' in pages[0].extract_text() and URL in pages[0].extract_text()
    both = client.get(f'/staf/survei/unit/{unit.id}/poster.pdf')
    assert len(PdfReader(io.BytesIO(both.get_data())).pages) == 2


@pytest.mark.skipif(not shutil.which('pdftoppm'), reason='pdftoppm (poppler-utils) not installed')
def test_the_printed_poster_scans_to_the_form_and_the_qr_is_large(client, db, output_dir):
    unit, layanan = _survey()
    login_as(client, 'admin_unit', unit)
    pdf = f'{output_dir}/poster.pdf'
    with open(pdf, 'wb') as f:
        f.write(client.get(f'/staf/survei/layanan/{layanan.id}/poster.pdf').get_data())
    subprocess.run(['pdftoppm', '-png', '-r', '100', '-singlefile', pdf, f'{output_dir}/poster'], check=True)
    image = Image.open(f'{output_dir}/poster.png')
    found = zxingcpp.read_barcodes(image)
    assert [r.text for r in found] == [URL]
    box = found[0].position
    side_mm = (box.top_right.x - box.top_left.x) / 100 * 25.4
    assert side_mm >= 80, f'QR only {side_mm:.0f} mm wide'


def test_the_poster_command_writes_every_poster_of_a_unit(runner, db, tmp_path):
    unit, _layanan = _survey()
    make_layanan(unit)
    out = tmp_path / 'all.pdf'
    result = runner.invoke(args=['survei', 'poster', '--unit', unit.slug, '--out', str(out)])
    assert result.exit_code == 0 and '2 poster' in result.output
    assert len(PdfReader(str(out)).pages) == 2


def test_the_poster_speaks_indonesian_whatever_the_staff_language(client, db):
    unit, layanan = _survey()
    login_as(client, 'admin_unit', unit)
    client.get('/bahasa/en')
    assert '<html lang="en">' in client.get('/staf/survei/').get_data(as_text=True)  # the staff page is English
    page = PdfReader(io.BytesIO(client.get(f'/staf/survei/layanan/{layanan.id}/poster.pdf').get_data())).pages[0]
    text = ' '.join(page.extract_text().split())
    assert 'Bagaimana pelayanan kami hari ini?' in text and 'How was our service today?' not in text
