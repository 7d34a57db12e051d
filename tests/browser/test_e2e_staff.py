"""Staff in a real browser: a complaint officer signs in, verifies and dispositions a citizen's complaint at 1280 px,
follows it up from a 360 px phone, and the complainant's tracking page shows the steps; the admin pages read on a
phone without sideways scrolling of the page. Screenshots go to test-output/<test>/."""
import os

from sqlalchemy import select

from pengaduan.deadlines import today_local
from pengaduan.models import Complaint
from portal.demo import seed_units
from portal.extensions import db
from portal.models import Unit
from tests.browser.conftest import PHONE, no_horizontal_scroll
from tests.factories import PASSWORD, make_layanan, make_unit, make_user
from tests.pengaduan.factories import make_complaint
from tests.survei.factories import make_response

FOLLOW_UP = 'Mulai 1 Desember loket legalisir dibuka dua, dan antrean dipantau kepala seksi setiap pagi.'
INTERNAL = 'Catatan internal: cek CCTV loket tanggal kejadian.'


def shot(page, output_dir, name):
    page.screenshot(path=os.path.join(output_dir, name), full_page=True)


def sign_in(page, base, user):
    """Sign in through /staf/masuk as the factory user (password PASSWORD); lands on the staff home."""
    page.goto(base + '/staf/masuk')
    page.fill('#email', user.email)
    page.fill('#password', PASSWORD)
    page.click('main button[type=submit]')
    page.wait_for_url(base + '/staf/')
    assert user.name in page.inner_text('.staffbar')


def take_step(page, action, note=None):
    """Open the action's <details>, write the note (read by the complainant) and submit it."""
    form = page.locator(f'form:has(input[name=action][value={action}])')
    details = page.locator(f'details.action:has(input[name=action][value={action}])')
    if details.get_attribute('open') is None:
        details.locator('summary').click()
    if note:
        form.locator('textarea[name=note]').fill(note)
    form.locator('button[type=submit]').click()
    page.wait_for_selector('.flash-success')
    assert page.inner_text('.flash-success') == 'Status pengaduan diperbarui.'


def test_officer_handles_a_complaint_at_desktop_and_phone(live_server, browser, desktop, phone, output_dir):
    kanwil = make_unit('Kanwil Kemenag Uji', slug='kanwil-uji', kind='kanwil')
    kota = make_unit('Kantor Kemenag Kota Uji', slug='kemenag-kota-uji', parent=kanwil)
    make_layanan(kota, 'Legalisir Ijazah dan Dokumen', slug='legalisir-ijazah')
    elsewhere = make_unit('Kanwil Lain', slug='kanwil-lain', kind='kanwil')
    officer = make_user('petugas_pengaduan', kanwil, name='Rina Petugas')
    complaint, code = make_complaint(kanwil, today=today_local(), title='Antrean legalisir terlalu lama')
    make_complaint(elsewhere, today=today_local(), title='Pengaduan di luar cakupan')

    # Desktop: the inbox lists the complaint of the officer's subtree only; verify and disposition to Kota.
    page = desktop
    sign_in(page, live_server, officer)
    page.click('main a[href="/staf/pengaduan/"]')
    page.wait_for_url('**/staf/pengaduan/')
    assert '1 pengaduan' in page.inner_text('main')
    row = page.locator('tbody tr').first
    assert complaint.number in row.inner_text() and 'Diterima' in row.inner_text()
    assert 'Pengaduan di luar cakupan' not in page.content()
    assert no_horizontal_scroll(page)
    shot(page, output_dir, 'inbox-1280.png')
    page.click(f'text={complaint.number}')
    assert page.inner_text('h1') == 'Antrean legalisir terlalu lama'
    assert 'Siti Warga' in page.inner_text('#identitas')  # privacy biasa: the officer sees the name
    assert no_horizontal_scroll(page)
    shot(page, output_dir, 'detail-1280.png')
    page.select_option('#unit-verifikasi', str(kota.id))
    take_step(page, 'verifikasi', 'Diteruskan ke Kantor Kemenag Kota Uji yang mengelola loket legalisir.')
    assert page.inner_text('.tag >> nth=0') == 'Terverifikasi dan didisposisikan'
    assert 'Kantor Kemenag Kota Uji' in page.inner_text('dl.facts')
    page.fill('#note', INTERNAL)
    page.click('form[action$="/catatan"] button[type=submit]')
    page.wait_for_selector('text=Catatan internal disimpan.')
    shot(page, output_dir, 'detail-verified-1280.png')
    db.session.expire_all()
    stored = db.session.get(Complaint, complaint.id)
    assert (stored.status, stored.handling_unit_id, stored.verified_on) == ('terverifikasi', kota.id, today_local())

    # Phone: the same officer, signed in on a 360 px phone, starts the work and sends the follow-up.
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
                                  locale='id-ID')
    mobile = context.new_page()
    sign_in(mobile, live_server, officer)
    mobile.goto(live_server + '/staf/pengaduan/')
    row = mobile.locator('tbody tr').first
    assert 'Terverifikasi dan didisposisikan' in row.inner_text()
    assert 'dari Kanwil Kemenag Uji' in row.inner_text()
    assert no_horizontal_scroll(mobile)
    shot(mobile, output_dir, 'inbox-360.png')
    mobile.click(f'text={complaint.number}')
    assert no_horizontal_scroll(mobile)
    shot(mobile, output_dir, 'detail-360.png')
    take_step(mobile, 'proses')
    take_step(mobile, 'tindak_lanjut', FOLLOW_UP)
    assert mobile.inner_text('.tag >> nth=0') == 'Sudah ditindaklanjuti'
    assert no_horizontal_scroll(mobile)
    shot(mobile, output_dir, 'detail-followed-up-360.png')
    context.close()
    db.session.expire_all()
    stored = db.session.get(Complaint, complaint.id)
    assert stored.status == 'ditindaklanjuti' and stored.follow_up == FOLLOW_UP
    assert stored.followed_up_on == today_local() and stored.autoclose_on is not None

    # The complainant's tracking page (a fresh phone) shows every public step, never the internal note.
    phone.goto(live_server + '/pengaduan/lacak')
    phone.fill('#kode', code)
    phone.click('main button[type=submit]')
    assert phone.inner_text('#status') == 'Sudah ditindaklanjuti'
    assert phone.inner_text('.followup .pre') == FOLLOW_UP
    assert 'Kantor Kemenag Kota Uji' in phone.inner_text('dl.facts')  # "Ditangani oleh"
    steps = phone.inner_text('ol.timeline')
    for label in ('Pengaduan diterima', 'Diverifikasi dan didisposisikan', 'Mulai diproses',
                  'Tindak lanjut disampaikan'):
        assert label in steps
    assert 'Rina Petugas' not in phone.content() and INTERNAL not in phone.content()
    assert no_horizontal_scroll(phone)
    shot(phone, output_dir, 'track-360.png')


ADMIN_PAGES = [  # (path, text the page must show)
    ('/staf/unit', 'Kantor Kemenag Kabupaten Bengkulu Selatan'),
    ('/staf/layanan', 'Legalisir'),
    ('/staf/pengguna', 'admin.panjang.sekali@kemenag-bengkulu-selatan.go.id'),
    ('/staf/survei/', '3 respons'),
    ('/staf/analitik/hasil?tahun=2026', 'Komponen hasil ZI: Kanwil Kementerian Agama Provinsi Bengkulu, 2026'),
    ('/staf/survei/kuesioner/ipak', 'Teks bahasa Inggris (opsional)'),
]


def test_admin_pages_have_no_page_scroll_on_a_phone(live_server, phone, output_dir):
    root = seed_units()
    db.session.commit()
    selatan = db.session.scalar(select(Unit).where(Unit.name.like('%Bengkulu Selatan')))
    make_user('admin_unit', selatan, email='admin.panjang.sekali@kemenag-bengkulu-selatan.go.id',
              name='Admin Kantor Kemenag Kabupaten Bengkulu Selatan')
    for i in range(3):
        make_response(selatan, saran=f'Saran yang cukup panjang nomor {i}: ruang tunggu perlu kipas angin.')
    admin = make_user('superadmin', root, name='Super Admin')
    sign_in(phone, live_server, admin)
    for path, text in ADMIN_PAGES:
        phone.goto(live_server + path)
        assert text in phone.inner_text('main'), path
        assert no_horizontal_scroll(phone), f'{path} scrolls sideways at 360 px'
        unwrapped = phone.evaluate("[...document.querySelectorAll('main table')]"
                                   ".filter(t => !t.closest('.table-wrap')).length")
        assert unwrapped == 0, f'{path}: a table outside .table-wrap'
        hidden = phone.evaluate("[...document.querySelectorAll('main .table-wrap')]"
                                ".filter(w => w.scrollWidth > w.clientWidth + 1).map(w => w.querySelector('th')"
                                "?.textContent)")
        assert hidden == [], f'{path}: columns hidden in a table that scrolls sideways at 360 px: {hidden}'
        name = path.strip('/').split('?')[0].replace('/', '-')
        shot(phone, output_dir, f'{name}-360.png')
    phone.goto(live_server + '/staf/survei/kuesioner/ipak')  # an item's English fields, opened
    phone.click('details.english summary')
    assert phone.is_visible('#question_en1') and no_horizontal_scroll(phone)
    shot(phone, output_dir, 'staf-survei-kuesioner-ipak-english-360.png')
    phone.fill('#question1', 'Apakah Anda bertemu calo dalam pelayanan ini?')  # the English beside it left as it was
    phone.click('text=Simpan sebagai versi baru')
    warning = phone.locator('.flash-warning')
    assert 'Butir 1: teks Indonesianya diubah' in warning.inner_text() and no_horizontal_scroll(phone)
    shot(phone, output_dir, 'staf-survei-kuesioner-peringatan-360.png')


def test_the_inbox_exports_the_filters_on_the_form_even_before_they_are_applied(live_server, desktop):
    """An officer picks "Selesai" and "Hanya yang terlambat" and goes straight to CSV: the file holds what the form
    says (it used to export everything the last applied filters showed)."""
    from tests.pengaduan.factories import make_tree, walk
    t = make_tree()
    done, _ = make_complaint(t['kota'], title='Sudah selesai ditangani')
    walk(done, ['verifikasi', 'proses', 'tindak_lanjut', 'terima'], t['p_kota'], today_local())
    make_complaint(t['kota'], title='Masih baru masuk')
    sign_in(desktop, live_server, t['p_kota'])
    desktop.goto(live_server + '/staf/pengaduan/')
    desktop.select_option('#f-status', 'selesai')
    with desktop.expect_download() as download:
        desktop.get_by_role('button', name='CSV').click()
    assert 'status=selesai' in download.value.url
    with open(download.value.path(), encoding='utf-8-sig') as f:
        text = f.read()
    assert 'Sudah selesai ditangani' in text and 'Masih baru masuk' not in text
