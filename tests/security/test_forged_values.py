"""Forged values a form or a URL cannot hold: a number beyond any id ('9' * 25), a digit that is not ASCII ('²':
str.isdigit() says yes, int() says no), a text field sent as a file part. Each gets a 4xx or is ignored, with the
message in Bahasa Indonesia, never a 500; nothing is stored from a refused form."""
import io

import pytest

from portal.ids import ID_MAX, db_int, parse_id
from tests.factories import login_as, make_layanan, make_unit, post_form
from tests.security.world import counts
from tests.wbs.factories import ANSWERS, CSRF, wbs_csrf

FORGED = ('²', '٣', '9' * 25, str(ID_MAX + 1), '-1', '1e3', ' ', '0x10')


@pytest.mark.parametrize('text, number', [('0', 0), ('17', 17), (' 42 ', 42), (str(ID_MAX), ID_MAX)])
def test_db_int_reads_ascii_ids(text, number):
    assert db_int(text) == number
    assert parse_id(text) == number


@pytest.mark.parametrize('text', FORGED + ('', None))
def test_db_int_refuses_the_rest(text):
    with pytest.raises((ValueError, TypeError)):
        db_int(text)
    assert parse_id(text, 'tidak') == 'tidak'


def _complaint(unit, **over):
    data = {'kind': 'pengaduan', 'category': 'waktu', 'unit': str(unit.id), 'layanan': '',
            'title': 'Antrean legalisir lama', 'text': 'Saya menunggu tiga jam di loket legalisir tanpa kepastian.',
            'place': 'PTSP', 'event_date': '', 'privacy': 'biasa', 'name': 'Budi Warga', 'email': 'budi@warga.id',
            'phone': '', 'consent': 'y', 'website': ''}
    data.update(over)
    return data


@pytest.mark.parametrize('layanan', FORGED)
def test_complaint_with_a_forged_layanan_is_refused(app, layanan):
    unit = make_unit()
    make_layanan(unit)
    client = app.test_client()
    response = post_form(client, '/pengaduan/baru', _complaint(unit, layanan=layanan))
    assert response.status_code == 400, response.status_code
    assert 'Layanan tidak dikenal.' in response.get_data(as_text=True)
    assert counts()['Complaint'] == 0


@pytest.mark.parametrize('field', ['kind', 'title', 'text', 'privacy', 'consent'])
def test_complaint_with_a_text_field_sent_as_a_file_is_refused(app, field):
    unit = make_unit()
    client = app.test_client()
    data = _complaint(unit)
    data[field] = (io.BytesIO(b'bukan teks'), 'isian.txt')
    response = post_form(client, '/pengaduan/baru', data, content_type='multipart/form-data')
    assert response.status_code == 400, response.status_code
    assert counts()['Complaint'] == 0


@pytest.mark.parametrize('path', ['/wbs/masuk', '/wbs/lapor'])
def test_wbs_text_field_sent_as_a_file_is_refused_in_indonesian(app, path):
    client = app.test_client()
    token = wbs_csrf(client, path)
    data = dict(ANSWERS, wbs_csrf=token, aksi='tinjau')
    field = 'tanda_terima' if path == '/wbs/masuk' else 'apa'
    data[field] = (io.BytesIO(b'1234 5678 9012 3456'), 'isian.txt')
    response = client.post(path, data=data, content_type='multipart/form-data')
    html = response.get_data(as_text=True)
    assert 400 <= response.status_code < 500, response.status_code
    assert 'Isian ini wajib diisi.' in html or 'Nomor tanda terima tidak cocok' in html
    assert 'This field is required.' not in html


def test_wbs_report_form_speaks_indonesian_and_english(app):
    client = app.test_client()
    data = dict(ANSWERS, apa='', kerugian='banyak', wbs_csrf=wbs_csrf(client), aksi='tinjau')
    html = client.post('/wbs/lapor', data=data).get_data(as_text=True)
    assert 'Isian ini wajib diisi.' in html and 'Bukan bilangan bulat yang sah.' in html
    assert 'This field is required.' not in html
    token = CSRF.search(client.get('/wbs/lapor?lang=en').get_data(as_text=True)).group(1)
    html = client.post('/wbs/lapor?lang=en', data=dict(data, wbs_csrf=token)).get_data(as_text=True)
    assert 'This field is required.' in html and 'Not a valid integer value.' in html


@pytest.mark.parametrize('query', [f'{name}={value}' for name in ('hal', 'unit') for value in FORGED])
def test_complaint_inbox_ignores_forged_numbers(app, query):
    client = app.test_client()
    login_as(client, 'superadmin')
    assert client.get(f'/staf/pengaduan/?{query}').status_code == 200
    assert client.get(f'/staf/pengaduan/ekspor.csv?{query}').status_code == 200


@pytest.mark.parametrize('path', ['/staf/pengaduan/{n}', '/staf/unit/{n}', '/staf/analitik/?unit={n}&tahun={n}'])
def test_staff_pages_answer_404_or_ignore_ids_beyond_the_column(app, path):
    client = app.test_client()
    login_as(client, 'superadmin')
    make_unit()
    for n in ('9' * 25, str(ID_MAX + 1)):
        status = client.get(path.format(n=n), follow_redirects=True).status_code
        assert status in (200, 404), (path, n, status)
