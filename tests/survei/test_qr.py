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
    assert result.exit_code == 0 and result.stdout.strip() == URL  # stdout: the URL alone (http: a warning on stderr)
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


@pytest.mark.parametrize('base', ['http://localhost:5000', 'http://127.0.0.1:5000', 'http://0.0.0.0:5000/',
                                  'https://[::1]', 'http://portal.localhost'])
@pytest.mark.parametrize('command', ['qr', 'poster'])
def test_no_qr_or_poster_for_an_address_only_this_computer_opens(app, runner, db, tmp_path, monkeypatch, base,
                                                                  command):
    """PUBLIC_BASE_URL left at its default (http://localhost:5000) or pointing at this machine: a poster that leads
    nowhere from a citizen's phone is refused, unless --izinkan-lokal says it is a trial."""
    _survey()
    monkeypatch.setitem(app.config, 'PUBLIC_BASE_URL', base.rstrip('/'))
    out = tmp_path / ('qr.png' if command == 'qr' else 'poster.pdf')
    args = ['survei', command, '--unit', 'kemenag-uji', '--layanan', 'legalisir-ijazah', '--out', str(out)]
    refused = runner.invoke(args=args)
    assert refused.exit_code == 1 and not out.exists()
    assert 'PUBLIC_BASE_URL' in refused.output and 'https://' in refused.output and '--izinkan-lokal' in refused.output
    allowed = runner.invoke(args=[*args, '--izinkan-lokal'])
    assert allowed.exit_code == 0 and out.exists(), allowed.output
    if command == 'qr':
        assert allowed.stdout.strip() == base.rstrip('/') + '/survei/kemenag-uji/legalisir-ijazah'


def test_the_default_public_base_url_is_refused(app, runner, db, tmp_path, monkeypatch):
    from portal.config import Defaults
    _survey()
    monkeypatch.setitem(app.config, 'PUBLIC_BASE_URL', Defaults.PUBLIC_BASE_URL)  # an office that set nothing
    result = runner.invoke(args=['survei', 'poster', '--unit', 'kemenag-uji', '--out', str(tmp_path / 'p.pdf')])
    assert result.exit_code != 0 and 'PUBLIC_BASE_URL' in result.output


def test_http_warns_and_https_goes_quietly(app, runner, db, tmp_path, monkeypatch):
    _survey()
    args = ['survei', 'qr', '--unit', 'kemenag-uji', '--layanan', 'legalisir-ijazah', '--out', str(tmp_path / 'q.png')]
    monkeypatch.setitem(app.config, 'PUBLIC_BASE_URL', 'http://layanan.kemenag-uji.go.id')
    plain = runner.invoke(args=args)
    assert plain.exit_code == 0 and plain.stdout.strip() == 'http://layanan.kemenag-uji.go.id' + URL[len(
        'http://layanan.test'):]
    assert 'Peringatan' in plain.stderr and 'https://' in plain.stderr
    monkeypatch.setitem(app.config, 'PUBLIC_BASE_URL', 'https://layanan.kemenag-uji.go.id')
    secure = runner.invoke(args=args)
    assert secure.exit_code == 0 and secure.stderr == '' and secure.stdout.startswith('https://layanan.kemenag-uji')


@pytest.mark.parametrize('base', ['https://layanan.example.go.id', 'https://example.com', 'https://portal.example'])
def test_the_example_address_of_the_deploy_files_is_refused(app, runner, db, tmp_path, monkeypatch, base):
    _survey()
    monkeypatch.setitem(app.config, 'PUBLIC_BASE_URL', base)
    out = tmp_path / 'p.pdf'
    result = runner.invoke(args=['survei', 'poster', '--unit', 'kemenag-uji', '--out', str(out), '--izinkan-lokal'])
    assert result.exit_code == 1 and 'alamat contoh' in result.output and not out.exists()


def test_a_real_domain_that_merely_contains_example_is_fine(app, runner, db, tmp_path, monkeypatch):
    _survey()
    monkeypatch.setitem(app.config, 'PUBLIC_BASE_URL', 'https://layanan.myexample.com')
    result = runner.invoke(args=['survei', 'qr', '--unit', 'kemenag-uji', '--layanan', 'legalisir-ijazah',
                                 '--out', str(tmp_path / 'q.svg')])
    assert result.exit_code == 0 and result.stdout.startswith('https://layanan.myexample.com/survei/')


def test_the_staff_poster_page_warns_before_a_qr_that_leads_nowhere(app, client, db):
    from survei.rules import base_url_problem
    from tests.factories import login_as
    assert base_url_problem('http://localhost:5000') == 'lokal' and base_url_problem('') == 'lokal'
    assert base_url_problem('https://127.0.0.1') == 'lokal' and base_url_problem('http://[::1]:8000') == 'lokal'
    assert base_url_problem('https://layanan.example.go.id') == 'contoh'
    assert base_url_problem('http://layanan.kemenag.go.id') == 'http'
    assert base_url_problem('https://layanan.kemenag.go.id') is None
    login_as(client, 'superadmin')
    before = app.config['PUBLIC_BASE_URL']
    try:
        app.config['PUBLIC_BASE_URL'] = 'http://localhost:5000'
        assert 'Jangan cetak dulu' in client.get('/staf/survei/layanan').get_data(as_text=True)
        app.config['PUBLIC_BASE_URL'] = 'https://layanan.kemenag.go.id'
        page = client.get('/staf/survei/layanan').get_data(as_text=True)
        assert 'Jangan cetak dulu' not in page and 'PUBLIC_BASE_URL' not in page
    finally:
        app.config['PUBLIC_BASE_URL'] = before
