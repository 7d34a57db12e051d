"""A whistleblower on a 360x740 phone: reads the WBS page, files a report with a photo, keeps the receipt (a reload
and the language switch show it again), and later opens the report with it in a fresh browser.
Screenshots go to test-output/<test>/."""
import io
import os
import re

import httpx
from PIL import Image
from playwright.sync_api import Error as PlaywrightError

from portal.extensions import db
from tests.browser.conftest import no_horizontal_scroll, untappable
from tests.wbs.factories import make_member
from wbs import services
from wbs.models import WbsReport


def _photo(tmp_path):
    path = tmp_path / 'foto-bukti.jpg'
    out = io.BytesIO()
    Image.new('RGB', (120, 80), (10, 120, 200)).save(out, 'JPEG')
    path.write_bytes(out.getvalue())
    return str(path)


def test_reporter_files_and_follows_a_report_on_a_phone(live_server, phone, browser, output_dir, fast_wbs,
                                                        tmp_path):
    make_member()
    shot = lambda page, name: page.screenshot(path=os.path.join(output_dir, name), full_page=True)  # noqa: E731
    phone.goto(live_server + '/wbs')
    assert 'jaringan pribadi' in phone.content()
    assert no_horizontal_scroll(phone)
    shot(phone, 'wbs-info-360.png')
    phone.click('text=Buat laporan')
    phone.select_option('#kategori', 'gratifikasi')
    phone.fill('#apa', 'Pemberian parsel kepada pejabat pengadaan')
    phone.fill('#terlapor_nama', 'Pak Fulan')
    phone.fill('#terlapor_jabatan', 'PPK')
    phone.fill('#kapan', 'Desember 2026')
    phone.fill('#dimana', 'Kantor')
    phone.fill('#bagaimana', 'Parsel diantar ke rumah')
    assert not phone.is_checked('#sertakan_identitas')  # identity off by default
    assert no_horizontal_scroll(phone)
    shot(phone, 'wbs-form-360.png')
    phone.click('button[value=tinjau]')
    assert 'Periksa sebelum mengirim' in phone.content() and 'Anonim' in phone.content()
    phone.set_input_files('#lampiran', _photo(tmp_path))
    assert no_horizontal_scroll(phone)
    shot(phone, 'wbs-review-360.png')
    phone.click('button[value=kirim]')
    receipt = phone.inner_text('#tanda-terima')
    assert re.fullmatch(r'\d{4} \d{4} \d{4} \d{4}', receipt)
    assert no_horizontal_scroll(phone)
    shot(phone, 'wbs-receipt-360.png')
    phone.reload()  # the receipt page is a GET: a reload shows the receipt again and files nothing
    assert phone.inner_text('#tanda-terima') == receipt
    phone.click('nav.lang a')  # so does the language switch
    assert phone.inner_text('#tanda-terima') == receipt and 'Report sent' in phone.content()
    assert db.session.query(WbsReport).count() == 1
    phone.click('form[action^="/wbs/tanda-terima"] button[type=submit]')  # "Saya sudah mencatat nomor ini"
    assert '/wbs/laporan?lang=en' in phone.url and 'Diterima' not in phone.content()  # English still
    phone.goto(live_server + '/wbs/tanda-terima')
    assert '/wbs/laporan' in phone.url and receipt not in phone.content()  # gone for good

    # A fresh browser: only the CSRF cookie before the receipt is typed, then the report opens.
    context = browser.new_context(viewport={'width': 360, 'height': 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(live_server + '/wbs/masuk')
    assert [c['name'] for c in context.cookies()] == ['wbs_csrf']
    assert context.cookies()[0]['sameSite'] == 'Strict' and context.cookies()[0]['expires'] == -1
    page.fill('#tanda_terima', receipt.replace(' ', '-'))
    page.click('button[type=submit]')
    assert 'Laporan WBS-' in page.content() and 'Diterima' in page.content()
    assert untappable(page) == []  # "Isi laporan dan bukti" reads as a row that opens
    page.fill('#pesan', 'Saya menambah foto kedua')
    page.set_input_files('#lampiran', _photo(tmp_path))
    page.click('form[enctype] button[type=submit]')
    assert 'Terkirim ke tim WBS' in page.content() and 'Saya menambah foto kedua' in page.content()
    assert no_horizontal_scroll(page)
    shot(page, 'wbs-report-360.png')
    context.close()


def test_the_answer_to_send_lost_on_a_slow_network_then_send_again_gives_the_one_reports_receipt(
        live_server, phone, fast_wbs, output_dir):
    """The report reaches the server but its answer never reaches the phone (the connection drops). The reporter
    tries again (the browser's reload sends the same form again): one report is filed, and the receipt shown is its
    own, which opens it."""
    make_member()
    lost = []

    def lose_the_first_answer(route):
        request = route.request
        if request.method == 'POST' and b'name="aksi"\r\n\r\nkirim' in (request.post_data_buffer or b'') and not lost:
            # the form reaches the server as the phone sent it, cookies and all; its answer is thrown away
            headers = {k: v for k, v in request.headers.items() if k.lower() not in ('content-length', 'host')}
            headers['cookie'] = request.all_headers().get('cookie', '')
            lost.append(httpx.post(request.url, content=request.post_data_buffer, headers=headers).status_code)
            route.abort('connectionreset')
        else:
            route.continue_()

    phone.route('**/wbs/lapor*', lose_the_first_answer)
    phone.goto(live_server + '/wbs/lapor')
    phone.select_option('#kategori', 'pungli')
    for field, text in (('#apa', 'Pungutan untuk legalisir'), ('#terlapor_nama', 'Petugas loket'),
                        ('#kapan', 'Senin lalu'), ('#dimana', 'Loket PTSP'), ('#bagaimana', 'Diminta tunai')):
        phone.fill(field, text)
    phone.click('button[value=tinjau]')
    phone.click('button[value=kirim]')  # the connection drops: the phone shows the browser's error page
    for _ in range(200):  # the route handler runs while Playwright waits: give it up to 10 s
        if lost:
            break
        phone.wait_for_timeout(50)
    assert lost == [303] and db.session.query(WbsReport).count() == 1
    for attempt in range(50):  # "try again": the browser's reload sends the same form once more
        try:
            phone.reload()
            break
        except PlaywrightError as exc:  # the browser's error page is still being put in place
            if 'Not attached to an active page' not in str(exc) or attempt == 49:
                raise
            phone.wait_for_timeout(100)
    receipt = phone.inner_text('#tanda-terima')
    assert re.fullmatch(r'\d{4} \d{4} \d{4} \d{4}', receipt)
    assert 'Laporan Anda sudah terkirim sebelumnya, jadi tidak dikirim lagi.' in phone.content()
    phone.screenshot(path=os.path.join(output_dir, 'wbs-sent-again-360.png'), full_page=True)
    db.session.expire_all()
    assert db.session.query(WbsReport).count() == 1
    found = services.open_with_receipt(receipt.replace(' ', ''))
    assert found is not None and found[0].id == db.session.query(WbsReport).one().id
