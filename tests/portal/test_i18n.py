"""English is one tap away: with the `lang=en` cookie the citizen pages read in English, not Bahasa Indonesia."""
import pytest

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
