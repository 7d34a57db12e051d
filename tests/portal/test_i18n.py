"""English is one tap away: with the `lang=en` cookie the citizen pages read in English, not Bahasa Indonesia."""
from pathlib import Path

import pytest

from tests.factories import PASSWORD, csrf_token, login_as, make_unit, make_user, post_form
from tests.survei.factories import form_url, make_survey

PAGES = {  # page: (English that must appear, Indonesian that must not)
    'survey': (['Service satisfaction survey', 'About one minute. No name needed', 'About you', 'Age (years)',
                'Send answers'],
               ['Survei kepuasan layanan', 'Sekitar satu menit', 'Tentang Anda', 'Umur (tahun)', 'Kirim jawaban']),
    'complaint': (['File a complaint', 'What it is about', 'Your identity', 'Short title', 'Send the complaint',
                   'Already filed a complaint?'],
                  ['Ajukan pengaduan', 'Tentang apa', 'Identitas Anda', 'Judul singkat', 'Kirim pengaduan',
                   'Sudah pernah mengadu?']),
    'wbs': (['Report a violation (WBS)', 'How your identity is protected', 'Your rights as a reporter',
             'Make a report', 'I already have a receipt'],
            ['Laporkan pelanggaran (WBS)', 'Bagaimana identitas Anda dilindungi', 'Hak Anda sebagai pelapor',
             'Buat laporan', 'Saya sudah punya tanda terima']),
}


@pytest.mark.parametrize('page', sorted(PAGES))
def test_citizen_pages_in_english(client, page):
    unit, layanan = make_survey(slug='legalisir-ijazah', name='Legalisir Ijazah')
    url = {'survey': form_url(unit, layanan), 'complaint': '/pengaduan/baru', 'wbs': '/wbs'}[page]
    english, indonesian = PAGES[page]

    client.set_cookie('lang', 'en')
    html = client.get(url).get_data(as_text=True)
    assert '<html lang="en">' in html
    for text in english:
        assert text in html, f'{page}: "{text}" missing in English'
    for text in indonesian:
        assert text not in html, f'{page}: "{text}" still in Indonesian'

    client.delete_cookie('lang')
    html = client.get(url).get_data(as_text=True)  # Bahasa Indonesia stays the default
    assert '<html lang="id">' in html and all(text in html for text in indonesian)


def test_home_cards_and_error_pages_in_english(client):
    client.set_cookie('lang', 'en')
    home = client.get('/').get_data(as_text=True)
    for text in ('Survey results and follow-up', 'Rate the service you just received: one minute, no name.'):
        assert text in home
    assert 'Hasil survei dan tindak lanjut' not in home and 'satu menit, tanpa nama' not in home
    missing = client.get('/unit/tidak-ada')
    assert missing.status_code == 404 and 'Page not found' in missing.get_data(as_text=True)


def test_labels_from_plain_modules_are_translated_on_citizen_pages(client):
    from pengaduan.models import CATEGORIES
    from wbs.workflow import CATEGORIES as WBS_CATEGORIES
    client.set_cookie('lang', 'en')
    complaint = client.get('/pengaduan/baru').get_data(as_text=True)
    assert 'Request for information' in complaint and CATEGORIES['sarana'] not in complaint
    assert 'Facilities' in complaint
    report = client.get('/wbs/lapor?lang=en').get_data(as_text=True)
    assert 'Abuse of authority' in report and WBS_CATEGORIES['penyalahgunaan_wewenang'] not in report


def test_staff_messages_follow_the_language(client, db):
    """A refusal raised in a plain module (an N_ text) and a view's own message read in the staff member's language."""
    user = make_user('superadmin')
    make_unit('Kanwil', 'kanwil', 'kanwil')
    client.set_cookie('lang', 'en')
    wrong = client.post('/staf/masuk', data={'email': user.email, 'password': 'salah-sekali-1',
                                              'csrf_token': csrf_token(client)})
    assert 'Wrong email or password.' in wrong.get_data(as_text=True)
    login_as(client, user)
    taken = post_form(client, '/staf/unit/baru', {'name': 'Kanwil Dua', 'slug': 'kanwil', 'kind': 'kanwil',
                                                  'parent_id': 0, 'active': 'y'}).get_data(as_text=True)
    assert 'The slug is already used by another unit.' in taken and 'Slug sudah dipakai' not in taken
    saved = post_form(client, '/staf/unit/baru', {'name': 'Kanwil Dua', 'slug': 'kanwil-dua', 'kind': 'lainnya',
                                                  'parent_id': 0, 'active': 'y'}, follow_redirects=True)
    assert 'Unit saved.' in saved.get_data(as_text=True)
    form = client.get('/staf/unit/baru').get_data(as_text=True)
    assert '(no parent)' in form and '>Other</option>' in form and '>KUA</option>' in form
    weak = post_form(client, '/staf/sandi', {'current': PASSWORD, 'new': 'hanyahurufsaja',
                                             'confirm': 'hanyahurufsaja'}).get_data(as_text=True)
    assert 'The password must contain letters and digits or symbols.' in weak
    client.delete_cookie('lang')
    again = post_form(client, '/staf/sandi', {'current': PASSWORD, 'new': 'hanyahurufsaja',
                                              'confirm': 'hanyahurufsaja'}).get_data(as_text=True)
    assert 'Kata sandi harus memuat huruf dan angka atau simbol.' in again


def test_every_text_marked_for_translation_has_its_english():
    """What pybabel would extract from the code and templates today (babel.cfg; _, _l and N_) is all translated
    in the English catalogue: a new message without English fails here, not in front of a reader."""
    from babel.messages.extract import extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg
    from babel.messages.pofile import read_po
    root = Path(__file__).resolve().parents[2]
    with open(root / 'babel.cfg') as f:
        method_map, options_map = parse_mapping_cfg(f)
    keywords = {'_': None, 'gettext': None, 'ngettext': (1, 2), '_l': None, 'N_': None, 'lazy_gettext': None}
    found = {msg if isinstance(msg, str) else msg[0]
             for _file, _line, msg, _comments, _context in extract_from_dir(root, method_map, options_map,
                                                                            keywords=keywords)}
    with open(root / 'translations/en/LC_MESSAGES/messages.po', 'rb') as f:
        catalog = read_po(f)
    translated = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id and m.string}
    assert len(found) > 500
    assert sorted(found - translated) == []
