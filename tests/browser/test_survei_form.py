"""A citizen scans the QR at the counter with a 360 px phone, answers, submits and sees the thank-you page."""
import io
import os
import shutil
import subprocess
from urllib.parse import urlparse

import zxingcpp
from PIL import Image
from sqlalchemy import select

from portal.extensions import db
from survei.models import Response
from survei.qr import poster_pdf, qr_png
from survei.util import survey_url
from tests.browser.conftest import no_horizontal_scroll
from tests.factories import make_unit
from tests.survei.factories import make_survey


def test_a_citizen_scans_the_qr_and_answers_on_a_phone(live_server, phone, output_dir):
    unit, layanan = make_survey(make_unit(slug='kemenag-kota-uji', name='Kantor Kemenag Kota Uji'),
                                slug='legalisir-ijazah', name='Legalisir Ijazah dan Dokumen')
    png = qr_png(survey_url(unit.slug, layanan.slug))
    with open(os.path.join(output_dir, 'qr.png'), 'wb') as f:
        f.write(png)
    [scanned] = [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]
    assert scanned == 'http://layanan.test/survei/kemenag-kota-uji/legalisir-ijazah'

    phone.goto(live_server + urlparse(scanned).path)
    assert phone.locator('h1').inner_text() == 'Survei kepuasan layanan'
    assert no_horizontal_scroll(phone)
    phone.screenshot(path=os.path.join(output_dir, 'form-360.png'), full_page=True)
    smallest = phone.evaluate("Math.min(...[...document.querySelectorAll('label.opt')]"
                              ".map(e => e.getBoundingClientRect().height))")
    assert smallest >= 44, f'a tap target is only {smallest}px tall'

    phone.locator('label.opt:has(input[name=u1][value="4"])').click()
    phone.get_by_role('button', name='Kirim jawaban').click()  # too early: the errors come back, u1 kept
    assert 'isian yang perlu dilengkapi' in phone.get_by_role('alert').first.inner_text()
    assert phone.locator('input[name=u1][value="4"]').is_checked()
    assert no_horizontal_scroll(phone)
    phone.screenshot(path=os.path.join(output_dir, 'form-errors-360.png'))
    for i in range(1, 10):  # tap the label (the whole row is the target); one low answer on u3
        phone.locator(f'label.opt:has(input[name=u{i}][value="{2 if i == 3 else 4}"])').click()
    assert phone.get_by_role('radio', name='Kurang cepat').is_checked()
    for i in range(1, 6):
        phone.locator(f'label.opt:has(input[name=ipak{i}][value="4"])').click()
    phone.get_by_label('Perempuan').check()
    phone.get_by_label('Umur (tahun)').fill('34')
    phone.get_by_label('Pendidikan terakhir').select_option('SMA')
    phone.get_by_label('Pekerjaan').select_option('Wiraswasta')
    phone.get_by_label('Saran atau masukan (boleh dikosongkan)').fill('Antrean pagi cukup panjang.')
    assert phone.get_by_label('Tanggal Anda dilayani').input_value()  # defaults to today
    phone.screenshot(path=os.path.join(output_dir, 'form-answered-360.png'), full_page=True)
    phone.get_by_role('button', name='Kirim jawaban').click()

    phone.wait_for_url('**/terima-kasih')
    assert 'Terima kasih!' in phone.locator('h1').inner_text()
    link = phone.get_by_role('link', name='Sampaikan pengaduan')
    assert link.get_attribute('href') == '/pengaduan/baru?unit=kemenag-kota-uji&layanan=legalisir-ijazah'
    assert no_horizontal_scroll(phone)
    phone.screenshot(path=os.path.join(output_dir, 'thanks-360.png'), full_page=True)

    db.session.expire_all()
    stored = db.session.scalar(select(Response))
    assert stored.u3 == 2 and stored.u1 == 4 and stored.saran == 'Antrean pagi cukup panjang.'
    assert stored.gender == 'P' and stored.education == 'SMA'

    pdf = os.path.join(output_dir, 'poster.pdf')
    with open(pdf, 'wb') as f:
        f.write(poster_pdf([(unit, layanan)]))
    if shutil.which('pdftoppm'):
        subprocess.run(['pdftoppm', '-png', '-r', '80', '-singlefile', pdf, os.path.join(output_dir, 'poster')],
                       check=True)
        poster = Image.open(os.path.join(output_dir, 'poster.png'))
        assert [r.text for r in zxingcpp.read_barcodes(poster)] == [scanned]


def test_the_language_button_keeps_the_answers_and_enter_still_sends(live_server, phone, output_dir):
    unit, layanan = make_survey(slug='rekomendasi-haji', name='Rekomendasi Paspor Haji')
    phone.goto(f'{live_server}/survei/{unit.slug}/{layanan.slug}')
    for i in (1, 2):
        phone.locator(f'label.opt:has(input[name=u{i}][value="3"])').click()
    phone.get_by_label('Umur (tahun)').fill('41')
    phone.get_by_role('button', name='English').click()  # the header's switch, half-way through
    assert phone.locator('html').get_attribute('lang') == 'en'
    assert phone.locator('h1').inner_text() == 'Service satisfaction survey'
    assert phone.locator('input[name=u1][value="3"]').is_checked()
    assert phone.locator('input[name=u2][value="3"]').is_checked()
    assert phone.get_by_label('Age (years)').input_value() == '41'
    assert phone.get_by_role('alert').count() == 0 and no_horizontal_scroll(phone)
    phone.screenshot(path=os.path.join(output_dir, 'form-switched-en-360.png'), full_page=True)
    # Enter in a text field sends the answers (the language button is not the form's default button)
    phone.get_by_label('Age (years)').press('Enter')
    assert 'need' in phone.get_by_role('alert').first.inner_text()  # the unanswered questions, in English
    assert phone.locator('html').get_attribute('lang') == 'en'
    assert db.session.scalar(select(Response.id)) is None
