"""A citizen files a complaint and tracks it on a 360 px phone; screenshots go to test-output/."""
import os
from datetime import date

from pengaduan.models import Complaint
from pengaduan.workflow import STAFF
from portal.demo import seed_units
from portal.extensions import db
from tests.browser.conftest import no_horizontal_scroll
from tests.factories import make_user


def test_filing_and_tracking_on_a_phone(live_server, phone, output_dir):
    seed_units()
    db.session.commit()
    page = phone
    page.goto(live_server + '/pengaduan/baru?unit=kemenag-kota-bengkulu&layanan=legalisir-ijazah')
    assert no_horizontal_scroll(page)
    page.screenshot(path=os.path.join(output_dir, 'form-360.png'), full_page=True)
    assert page.locator('#layanan option:checked').inner_text() == 'Legalisir Ijazah dan Dokumen'
    page.select_option('#category', 'waktu')
    page.fill('#title', 'Antrean legalisir terlalu lama')
    page.fill('#text', 'Saya menunggu lebih dari tiga jam di loket PTSP tanpa kepastian kapan dilayani.')
    page.fill('#place', 'Loket PTSP Kemenag Kota Bengkulu')
    page.check('input[name=privacy][value=rahasia]')
    page.fill('#name', 'Siti Warga')
    page.fill('#phone', '081234567890')
    page.check('#consent')
    page.click('main button[type=submit]')
    page.wait_for_url('**/pengaduan/terkirim')
    code = page.locator('#kode').inner_text()
    assert len(code) == 14
    assert no_horizontal_scroll(page)
    page.screenshot(path=os.path.join(output_dir, 'sent-360.png'), full_page=True)

    complaint = db.session.query(Complaint).one()
    staff = make_user('petugas_pengaduan', None)  # bound to no unit: the whole tree
    from pengaduan import services
    kota = complaint.unit
    services.transition(complaint, 'verifikasi', actor_kind=STAFF, user=staff, unit_id=kota.id,
                        today=date.today())
    services.transition(complaint, 'proses', actor_kind=STAFF, user=staff)
    services.transition(complaint, 'tindak_lanjut', actor_kind=STAFF, user=staff,
                        note='Kami menambah petugas loket legalisir pada jam sibuk.')
    db.session.commit()

    page.goto(live_server + '/pengaduan/lacak')
    page.fill('#kode', code.lower().replace('-', ' '))
    page.press('#kode', 'Enter')  # Enter sends the code (the language button is not the default)
    assert page.locator('#status').inner_text() == 'Sudah ditindaklanjuti'
    assert no_horizontal_scroll(page)
    page.screenshot(path=os.path.join(output_dir, 'track-360.png'), full_page=True)
    page.click('#terima')
    page.wait_for_selector('text=Penilaian penanganan')
    page.check('input[name=rating][value="5"]')
    page.click('text=Kirim penilaian')
    page.wait_for_selector('text=Nilai Anda: 5 dari 5')
    assert no_horizontal_scroll(page)
    page.screenshot(path=os.path.join(output_dir, 'closed-360.png'), full_page=True)
