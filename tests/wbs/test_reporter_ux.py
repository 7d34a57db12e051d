"""The reporter's pages after the UX audit (phone and desktop, Indonesian then English): the receipt survives a reload
and the language switch (post-redirect-get, held encrypted in the reporter's own cookie, never on the server), English
holds from page to page, the receipt login's wording and number pad, Indonesian numbers, the complaint link, dates."""
import base64
import re
import time as time_module
from datetime import date
from html import unescape

from tests.factories import fresh_once, once_token
from tests.wbs.factories import (
    ANSWERS,
    CSRF,
    RECEIPT,
    file_report,
    make_member,
    png_bytes,
    reporter_hidden,
    unlock,
    wbs_csrf,
)
from wbs.models import WbsReport

LANG_LINK = re.compile(r'<nav class="lang"[^>]*>\s*<a href="([^"]+)"')
ACTION = re.compile(r'<form method="post" action="([^"]+)"')
MONTHS_ID = ('Jan', 'Feb', 'Mar', 'Apr', 'Mei', 'Jun', 'Jul', 'Agu', 'Sep', 'Okt', 'Nov', 'Des')  # CLDR id, medium


def _shown(response):
    """The receipt digits on a page, or None."""
    found = RECEIPT.search(response.get_data(as_text=True))
    return found.group(1).replace(' ', '') if found else None


def _set_cookies(response):
    return {c.split('=', 1)[0]: c for c in response.headers.getlist('Set-Cookie')}


# 1. The receipt: post-redirect-get, held encrypted in the reporter's cookie for 30 minutes at most.

def test_sending_redirects_to_a_receipt_page_that_survives_a_reload_and_the_language_switch(client, db):
    token = wbs_csrf(client)
    review = client.post('/wbs/lapor', data=dict(ANSWERS, wbs_csrf=token, aksi='tinjau'))
    page = review.get_data(as_text=True)
    sent = client.post('/wbs/lapor', data=dict(ANSWERS, wbs_csrf=CSRF.search(page).group(1), aksi='kirim',
                                               sekali=once_token(page, '/wbs/lapor')))
    assert sent.status_code == 303 and sent.headers['Location'] == '/wbs/tanda-terima'
    assert _shown(sent) is None  # the POST's answer carries no receipt

    first = client.get('/wbs/tanda-terima')
    receipt = _shown(first)
    assert first.status_code == 200 and receipt and len(receipt) == 16
    assert first.headers['Cache-Control'] == 'no-store' and first.headers['Referrer-Policy'] == 'no-referrer'
    assert 'Saya sudah mencatat nomor ini' in first.get_data(as_text=True)
    assert _shown(client.get('/wbs/tanda-terima')) == receipt  # a reload shows it again

    href = unescape(LANG_LINK.search(first.get_data(as_text=True)).group(1))
    assert href == '/wbs/tanda-terima?lang=en'
    english = client.get(href)
    assert _shown(english) == receipt and 'Report sent' in english.get_data(as_text=True)
    assert client.get_cookie('lang') is None


def test_the_receipt_is_held_only_encrypted_in_the_reporters_cookie(client, db):
    token = wbs_csrf(client)
    sent = client.post('/wbs/lapor', data=dict(ANSWERS, wbs_csrf=token, aksi='kirim', sekali=fresh_once()))
    cookie = _set_cookies(sent)['wbs_tanda']
    assert 'SameSite=Strict' in cookie and 'HttpOnly' in cookie and 'Path=/wbs' in cookie
    assert 'Expires' not in cookie and 'Max-Age' not in cookie  # gone when the browser closes, refused after 30 min
    receipt = _shown(client.get(sent.headers['Location']))
    value = client.get_cookie('wbs_tanda', path='/wbs').value
    raw = base64.urlsafe_b64decode(value + '=' * (-len(value) % 4))
    assert receipt not in value and receipt.encode() not in raw and receipt.encode().hex().encode() not in raw
    report = db.session.scalar(db.select(WbsReport))
    assert receipt not in repr({c.name: getattr(report, c.name) for c in report.__table__.columns})


def test_the_written_down_button_ends_the_receipt_page(client, db):
    _, receipt = file_report(client)
    page = client.get('/wbs/tanda-terima').get_data(as_text=True)
    assert ACTION.findall(page)[0] == '/wbs/tanda-terima'
    assert client.post('/wbs/tanda-terima', data={'wbs_csrf': 'x' * 64}).status_code == 400  # CSRF-checked
    done = client.post('/wbs/tanda-terima', data={'wbs_csrf': CSRF.search(page).group(1)})
    assert done.status_code == 303 and done.headers['Location'] == '/wbs/laporan'
    assert 'Max-Age=0' in _set_cookies(done)['wbs_tanda'] or 'Expires=Thu, 01 Jan 1970' in _set_cookies(done)[
        'wbs_tanda']
    assert client.get_cookie('wbs_tanda', path='/wbs') is None
    after = client.get('/wbs/tanda-terima')
    assert after.status_code == 303 and after.headers['Location'] == '/wbs/laporan?tanda=1'
    report_page = client.get(after.headers['Location']).get_data(as_text=True)
    assert receipt not in report_page and 'Tanda terima tidak ditampilkan lagi' in report_page


def test_the_receipt_is_held_thirty_minutes_at_most(client, db, monkeypatch):
    _, receipt = file_report(client)
    real = time_module.time
    monkeypatch.setattr(time_module, 'time', lambda: real() + 29 * 60)
    assert _shown(client.get('/wbs/tanda-terima')) == receipt  # the session idled out; the receipt is still held
    monkeypatch.setattr(time_module, 'time', lambda: real() + 30 * 60 + 5)
    gone = client.get('/wbs/tanda-terima')
    assert gone.status_code == 303 and gone.headers['Location'] == '/wbs/laporan?tanda=1'
    assert client.get_cookie('wbs_tanda', path='/wbs') is None  # the expired cookie is deleted too


def test_a_stale_resend_files_nothing_and_says_so(client, db):
    token = wbs_csrf(client)
    data = dict(ANSWERS, wbs_csrf=token, aksi='kirim', sekali=fresh_once())
    client.post('/wbs/lapor', data=data)
    again = client.post('/wbs/lapor', data=data)
    assert again.status_code == 303 and again.headers['Location'] == '/wbs/tanda-terima?ulang=1'
    page = client.get(again.headers['Location']).get_data(as_text=True)
    assert 'Laporan Anda sudah terkirim sebelumnya, jadi tidak dikirim lagi.' in page
    # the review step re-posted (Back, then Next) goes the same way
    assert client.post('/wbs/lapor', data=dict(data, aksi='tinjau')).headers['Location'].startswith(
        '/wbs/tanda-terima')
    client.post('/wbs/tanda-terima', data={'wbs_csrf': CSRF.search(page).group(1)})
    later = client.post('/wbs/lapor', data=data)  # the receipt is no longer held: to the report page
    assert later.status_code == 303 and later.headers['Location'] == '/wbs/laporan?ulang=1'
    assert 'Laporan Anda sudah terkirim sebelumnya' in client.get(later.headers['Location']).get_data(as_text=True)
    assert db.session.query(WbsReport).count() == 1


def test_signing_out_drops_the_held_receipt(client, db):
    file_report(client)
    token = CSRF.search(client.get('/wbs/laporan').get_data(as_text=True)).group(1)
    out = client.post('/wbs/keluar', data={'wbs_csrf': token})
    assert {'wbs_sesi', 'wbs_tanda'} <= set(_set_cookies(out))
    assert client.get_cookie('wbs_tanda', path='/wbs') is None
    assert client.get('/wbs/tanda-terima').status_code == 303


# 2. English chosen inside the WBS holds from page to page, with no cookie.

def test_a_reporter_who_chose_english_stays_in_english_to_the_receipt(client, db):
    info = client.get('/wbs?lang=en').get_data(as_text=True)
    hrefs = [unescape(h) for h in re.findall(r'href="(/wbs[^"]*)"', info) if h != '/wbs?lang=id']  # not the switch
    assert hrefs and all('lang=en' in h for h in hrefs), hrefs
    lapor_url = next(h for h in hrefs if h.startswith('/wbs/lapor'))
    form = client.get(lapor_url).get_data(as_text=True)
    assert '<html lang="en">' in form
    action = unescape(ACTION.search(form).group(1))
    assert action == '/wbs/lapor?lang=en'
    review = client.post(action, data=dict(ANSWERS, wbs_csrf=CSRF.search(form).group(1), aksi='tinjau'))
    html = review.get_data(as_text=True)
    assert 'Check before sending' in html
    action = unescape(ACTION.search(html).group(1))
    assert action == '/wbs/lapor?lang=en'
    sent = client.post(action, data=dict(ANSWERS, wbs_csrf=CSRF.search(html).group(1), aksi='kirim',
                                         sekali=once_token(html, '/wbs/lapor')))
    assert sent.status_code == 303 and sent.headers['Location'] == '/wbs/tanda-terima?lang=en'
    receipt_page = client.get(sent.headers['Location']).get_data(as_text=True)
    assert 'Report sent' in receipt_page and RECEIPT.search(receipt_page)
    assert all('lang=en' in unescape(a) for a in ACTION.findall(receipt_page))
    done = client.post(unescape(ACTION.search(receipt_page).group(1)),
                       data={'wbs_csrf': CSRF.search(receipt_page).group(1)})
    assert done.headers['Location'] == '/wbs/laporan?lang=en'
    assert '<html lang="en">' in client.get(done.headers['Location']).get_data(as_text=True)
    assert client.get_cookie('lang') is None
    assert 'lang=' not in ''.join(client.get('/wbs/lapor').headers.getlist('Set-Cookie'))


def test_without_a_choice_wbs_addresses_carry_no_lang(client):
    html = client.get('/wbs').get_data(as_text=True)
    hrefs = [h for h in re.findall(r'href="(/wbs[^"]*)"', html) if h != '/wbs?lang=en']  # not the switch
    assert '/wbs/lapor' in hrefs and not any('lang=' in h for h in hrefs), hrefs


# 3. The receipt login.

def test_a_wrong_receipt_says_to_type_it_again_and_the_field_brings_up_a_number_pad(client, db):
    page = client.get('/wbs/masuk').get_data(as_text=True)
    field = re.search(r'<input[^>]*id="tanda_terima"[^>]*>', page).group(0)
    assert 'inputmode="numeric"' in field and 'autocomplete="off"' in field
    wrong = client.post('/wbs/masuk', data={'tanda_terima': '1234 5678 9012 3456', 'wbs_csrf': wbs_csrf(
        client, '/wbs/masuk')})
    html = wrong.get_data(as_text=True)
    assert wrong.status_code == 401
    assert 'Nomor tanda terima tidak cocok. Ketik ulang ke-16 angkanya.' in html
    assert 'Periksa kembali angkanya' not in html and '1234 5678' not in html


# 4. Numbers the reader's way.

def test_the_amount_limit_is_printed_with_indonesian_thousands_separators(client):
    data = dict(ANSWERS, kerugian=str(10 ** 15 + 1), aksi='tinjau')
    html = client.post('/wbs/lapor', data=dict(data, wbs_csrf=wbs_csrf(client))).get_data(as_text=True)
    assert re.search(r'id="kerugian-err">([^<]+)<', html).group(1) == 'Angka harus antara 0 dan 1.000.000.000.000.000.'
    english = client.post('/wbs/lapor?lang=en', data=dict(data, wbs_csrf=wbs_csrf(client))).get_data(as_text=True)
    assert re.search(r'id="kerugian-err">([^<]+)<', english).group(1) == \
        'Number must be between 0 and 1,000,000,000,000,000.'



def test_the_review_prints_the_amount_the_readers_way(client):
    data = dict(ANSWERS, kerugian='1500000', aksi='tinjau')
    assert 'Rp1.500.000' in client.post('/wbs/lapor', data=dict(data, wbs_csrf=wbs_csrf(client))).get_data(
        as_text=True)
    assert 'Rp1,500,000' in client.post('/wbs/lapor?lang=en', data=dict(data, wbs_csrf=wbs_csrf(client))).get_data(
        as_text=True)


# 5. The complaint channel is one tap away.

def test_the_info_page_links_the_service_complaint_form(client):
    assert 'href="/pengaduan/baru"' in client.get('/wbs').get_data(as_text=True)
    assert 'href="/pengaduan/baru?lang=en"' in client.get('/wbs?lang=en').get_data(as_text=True)


# 6 and 7. Dates as readable days on one line; a summary tall enough to tap.

def _dates(html):
    return re.findall(r'<time class="date" datetime="(\d{4}-\d{2}-\d{2})">([^<]+)</time>', html)


def test_reporter_and_team_pages_print_days_readably_on_one_line(app, client, db):
    member = make_member()
    file_report(client, files=[('bukti.png', png_bytes())])
    assert client.post('/wbs/laporan', data={'pesan': 'Tambahan', **reporter_hidden(client)}).status_code == 303
    today = date.today()
    medium_id = f'{today.day} {MONTHS_ID[today.month - 1]} {today.year}'
    page = client.get('/wbs/laporan').get_data(as_text=True)
    shown = _dates(page)
    assert len(shown) == 4 and all(iso == today.isoformat() for iso, _ in shown), shown  # created, updated, msg, file
    assert all(text == medium_id for _, text in shown), shown
    assert today.isoformat() not in re.sub(r'<time class="date" datetime="[^"]+">', '', page)

    team = app.test_client()
    unlock(team, member)
    report = db.session.scalar(db.select(WbsReport))
    detail = team.get(f'/staf/wbs/laporan/{report.id}').get_data(as_text=True)
    listing = team.get('/staf/wbs/').get_data(as_text=True)
    assert len(_dates(detail)) == 4 and len(_dates(listing)) == 2  # the list: filed and last updated
    for html in (detail, listing):
        assert today.isoformat() not in re.sub(r'<time class="date" datetime="[^"]+">', '', html)


def test_the_report_content_is_behind_a_disclosure(client, db):
    """Its size (44 px) and drawn triangle are checked in Chromium: tests/browser/test_wbs.py."""
    file_report(client)
    assert '<summary>Isi laporan dan bukti</summary>' in client.get('/wbs/laporan').get_data(as_text=True)


def test_the_report_forms_language_button_keeps_what_was_typed_without_a_cookie(client, db):
    page = client.get('/wbs/lapor').get_data(as_text=True)
    assert 'id="lapor-form"' in page and 'form="lapor-form" name="bahasa" value="en" formnovalidate' in page
    typed = {'kategori': 'pungli', 'apa': 'Pungutan di loket nikah', 'wbs_csrf': wbs_csrf(client), 'bahasa': 'en'}
    switched = client.post('/wbs/lapor', data=typed)
    html = switched.get_data(as_text=True)
    assert switched.status_code == 200 and '<html lang="en">' in html
    assert 'Pungutan di loket nikah' in html and '<option selected value="pungli">' in html
    assert 'class="error"' not in html and db.session.query(WbsReport).count() == 0
    assert 'lang=' not in ' '.join(switched.headers.getlist('Set-Cookie'))  # no language cookie on /wbs
    assert ACTION.search(html).group(1) == '/wbs/lapor?lang=en'  # English holds on the next step
