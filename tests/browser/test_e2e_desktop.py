"""The citizen's survey and complaint at desktop size (1280x800): open, fill, submit, the thank-you or sent page, with
no sideways scrolling. The 360 px flows are in test_survei_form.py and test_pengaduan.py."""
from sqlalchemy import select

from pengaduan import codes
from pengaduan.models import Complaint
from portal.extensions import db
from survei.models import Response
from tests.browser.conftest import no_horizontal_scroll
from tests.browser.test_e2e_staff import shot
from tests.factories import make_layanan, make_unit
from tests.survei.factories import make_survey


def test_survey_at_desktop(live_server, desktop, output_dir):
    unit, layanan = make_survey(make_unit('Kantor Kemenag Kota Uji', slug='kemenag-kota-uji'),
                                slug='legalisir-ijazah', name='Legalisir Ijazah dan Dokumen')
    page = desktop
    page.goto(f'{live_server}/survei/{unit.slug}/{layanan.slug}')
    assert page.inner_text('h1') == 'Survei kepuasan layanan'
    assert 'Legalisir Ijazah dan Dokumen' in page.inner_text('main')
    assert no_horizontal_scroll(page)
    for i in range(1, 10):
        page.locator(f'label.opt:has(input[name=u{i}][value="{3 if i == 5 else 4}"])').click()
    for i in range(1, 6):
        page.locator(f'label.opt:has(input[name=ipak{i}][value="4"])').click()
    page.get_by_label('Laki-laki').check()
    page.get_by_label('Umur (tahun)').fill('52')
    page.get_by_label('Pendidikan terakhir').select_option('D4/S1')
    page.get_by_label('Pekerjaan').select_option('PNS/TNI/POLRI')
    page.get_by_label('Saran atau masukan (boleh dikosongkan)').fill('Pelayanan sudah cepat dan ramah.')
    shot(page, output_dir, 'survey-form-1280.png')
    page.get_by_role('button', name='Kirim jawaban').click()
    page.wait_for_url('**/terima-kasih')
    assert page.inner_text('h1') == 'Terima kasih!'
    assert 'Legalisir Ijazah dan Dokumen di Kantor Kemenag Kota Uji' in page.inner_text('main')
    assert page.get_by_role('link', name='Sampaikan pengaduan').count() == 0  # no low score, no complaint offer
    assert no_horizontal_scroll(page)
    shot(page, output_dir, 'survey-thanks-1280.png')
    db.session.expire_all()
    stored = db.session.scalar(select(Response))
    assert (stored.u1, stored.u5, stored.gender, stored.age, stored.education, stored.occupation) == (
        4, 3, 'L', 52, 'D4/S1', 'PNS/TNI/POLRI')
    assert stored.saran == 'Pelayanan sudah cepat dan ramah.'


def test_complaint_at_desktop(live_server, desktop, output_dir):
    kanwil = make_unit('Kanwil Kemenag Uji', slug='kanwil-uji', kind='kanwil')
    kota = make_unit('Kantor Kemenag Kota Uji', slug='kemenag-kota-uji', parent=kanwil)
    layanan = make_layanan(kota, 'Legalisir Ijazah dan Dokumen', slug='legalisir-ijazah')
    page = desktop
    page.goto(live_server + '/pengaduan/baru')
    assert no_horizontal_scroll(page)
    page.select_option('#unit', str(kota.id))
    page.select_option('#layanan', str(layanan.id))
    page.select_option('#category', 'perilaku_petugas')
    page.fill('#title', 'Petugas loket tidak ramah')
    page.fill('#text', 'Petugas loket membentak pemohon yang bertanya tentang syarat legalisir ijazah.')
    page.fill('#place', 'Loket PTSP Kemenag Kota')
    page.check('input[name=privacy][value=biasa]')
    page.fill('#name', 'Budi Warga')
    page.fill('#email', 'budi.warga@mail.co.id')
    page.check('#consent')
    shot(page, output_dir, 'complaint-form-1280.png')
    page.click('main button[type=submit]')
    page.wait_for_url('**/pengaduan/terkirim')
    assert page.inner_text('h1') == 'Pengaduan Anda terkirim'
    code = page.inner_text('#kode')
    assert no_horizontal_scroll(page)
    shot(page, output_dir, 'complaint-sent-1280.png')
    db.session.expire_all()
    stored = db.session.scalar(select(Complaint))
    assert (stored.title, stored.unit_id, stored.layanan_id, stored.category, stored.status) == (
        'Petugas loket tidak ramah', kota.id, layanan.id, 'perilaku_petugas', 'baru')
    assert (stored.name, stored.email) == ('Budi Warga', 'budi.warga@mail.co.id')
    assert codes.normalize(code) is not None

    page.get_by_role('link', name='Lihat status pengaduan').click()
    assert page.inner_text('#status') == 'Diterima'
    assert 'Pengaduan diterima' in page.inner_text('ol.timeline')
    assert no_horizontal_scroll(page)
    shot(page, output_dir, 'complaint-status-1280.png')
