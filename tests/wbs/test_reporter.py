"""A reporter files a report anonymously, keeps the receipt, and follows the case with it alone."""
import io
import re

from tests.factories import fresh_once
from tests.wbs.factories import CSRF, file_report, make_member, png_bytes, reporter_hidden, wbs_csrf
from wbs.models import WbsFile, WbsMessage, WbsReport


def test_info_page_explains_anonymity_rights_and_next_steps(client):
    response = client.get('/wbs')
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    for text in ('perangkat dan jaringan pribadi', 'KMA Nomor 95 Tahun 2014', 'pengaduan layanan', 'Ditelaah',
                 'tanda terima 16 angka'):
        assert text in html
    assert response.headers['Cache-Control'] == 'no-store'
    assert response.headers['Referrer-Policy'] == 'no-referrer'
    assert 'Set-Cookie' not in response.headers


def test_an_office_outside_kemenag_names_its_own_regulation(app, client, monkeypatch):
    monkeypatch.setitem(app.config, 'WBS_REGULATION', 'Peraturan Bupati Contoh Nomor 12 Tahun 2025')
    html = client.get('/wbs').get_data(as_text=True)
    assert 'Menurut Peraturan Bupati Contoh Nomor 12 Tahun 2025, pelapor berhak:' in html and 'KMA' not in html
    english = client.get('/wbs?lang=en').get_data(as_text=True)
    assert 'Peraturan Bupati Contoh Nomor 12 Tahun 2025' in english and 'pelapor berhak' not in english


def test_the_home_page_links_to_the_wbs(client):
    assert 'href="/wbs"' in client.get('/').get_data(as_text=True)


def test_review_step_shows_the_answers_and_stores_nothing(client, db):
    token = wbs_csrf(client)
    data = {'kategori': 'suap', 'apa': 'Uang pelicin izin', 'terlapor_nama': 'Bu X', 'terlapor_unit': '0',
            'kapan': 'kemarin', 'dimana': 'loket', 'bagaimana': 'diminta tunai', 'wbs_csrf': token, 'aksi': 'tinjau'}
    response = client.post('/wbs/lapor', data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'Uang pelicin izin' in html and 'Anonim' in html
    assert 'name="apa" value="Uang pelicin izin"' in html  # the answers travel in the form itself
    assert db.session.query(WbsReport).count() == 0
    edit = client.post('/wbs/lapor', data=dict(data, aksi='ubah', wbs_csrf=CSRF.search(html).group(1)))
    assert 'Uang pelicin izin</textarea>' in edit.get_data(as_text=True)


def test_missing_answers_are_shown_next_to_the_fields(client):
    response = client.post('/wbs/lapor', data={'wbs_csrf': wbs_csrf(client), 'aksi': 'tinjau'})
    assert response.status_code == 422
    assert 'has-error' in response.get_data(as_text=True)


def test_a_post_without_the_csrf_cookie_token_is_refused(client):
    wbs_csrf(client)
    assert client.post('/wbs/lapor', data={'aksi': 'tinjau', 'wbs_csrf': 'x' * 64}).status_code == 400
    assert client.post('/wbs/masuk', data={'tanda_terima': '1' * 16}).status_code == 400


def test_whole_journey_receipt_messages_evidence_and_proof(app, client, db):
    member = make_member()
    response, receipt = file_report(client, files=[('foto rapat.png', png_bytes())])
    html = response.get_data(as_text=True)
    assert len(receipt) == 16 and receipt.isdigit()
    assert 'hanya ditampilkan di halaman ini' in html and response.headers['Cache-Control'] == 'no-store'
    report = db.session.scalar(db.select(WbsReport))
    assert report.status == 'diterima' and report.category == 'gratifikasi'
    assert [a.member_id for a in report.access] == [member.id]  # sealed to the member who had keys
    assert len(report.files) == 1

    # The same browser reads the report right away (the send is the first receipt login) ...
    page = client.get('/wbs/laporan').get_data(as_text=True)
    assert report.number in page and 'Penerimaan hadiah' in page
    assert 'lampiran-1.png' in page and 'foto rapat' not in page  # the phone's file name is not kept
    proof = client.get('/wbs/laporan/bukti')
    assert proof.headers['Content-Disposition'].startswith('attachment')
    assert report.number in proof.get_data(as_text=True)

    # ... and a new browser opens it with the receipt typed with dashes and spaces.
    other = app.test_client()
    typed = f'{receipt[:4]}-{receipt[4:8]} {receipt[8:12]}-{receipt[12:]}'
    login = other.post('/wbs/masuk', data={'tanda_terima': typed, 'wbs_csrf': wbs_csrf(other, '/wbs/masuk')})
    assert login.status_code == 302 and login.headers['Location'].endswith('/wbs/laporan')
    cookie = [c for c in login.headers.getlist('Set-Cookie') if c.startswith('wbs_sesi=')][0]
    assert 'SameSite=Strict' in cookie and 'HttpOnly' in cookie and 'Path=/wbs' in cookie
    assert 'Expires' not in cookie and 'Max-Age' not in cookie
    sent = other.post('/wbs/laporan', data={'pesan': 'Saya punya foto tambahan', **reporter_hidden(other),
                                            'lampiran': [(io.BytesIO(png_bytes()), 'dua.png')]},
                      content_type='multipart/form-data')
    assert sent.status_code == 303
    db.session.expire_all()
    assert db.session.query(WbsMessage).filter_by(kind='pelapor').count() == 1
    assert db.session.query(WbsFile).count() == 2
    assert 'Saya punya foto tambahan' in other.get('/wbs/laporan').get_data(as_text=True)

    # Signing out ends the session.
    token = CSRF.search(other.get('/wbs/laporan').get_data(as_text=True)).group(1)
    other.post('/wbs/keluar', data={'wbs_csrf': token})
    assert other.get('/wbs/laporan').status_code == 303


def _send_with_an_executable(client):
    """A complete report with an .exe attached: (status, page)."""
    data = {'kategori': 'pungli', 'apa': 'Pungutan', 'terlapor_nama': 'Y', 'terlapor_unit': '0', 'kapan': 'kemarin',
            'dimana': 'kantor', 'bagaimana': 'tunai', 'wbs_csrf': wbs_csrf(client), 'aksi': 'kirim',
            'sekali': fresh_once(), 'lampiran': [(io.BytesIO(b'MZ\x90\x00 not a picture'), 'virus.exe')]}
    response = client.post('/wbs/lapor', data=data, content_type='multipart/form-data')
    return response.status_code, response.get_data(as_text=True)


def test_a_refused_file_keeps_the_answers_and_files_nothing(client, db):
    status, html = _send_with_an_executable(client)
    assert status == 422 and 'Jenis berkas tidak diterima' in html
    assert 'name="apa" value="Pungutan"' in html
    assert db.session.query(WbsReport).count() == 0


def test_reload_of_the_send_does_not_file_twice(app, client, db):
    token = wbs_csrf(client)
    from tests.wbs.factories import ANSWERS
    data = dict(ANSWERS, wbs_csrf=token, aksi='kirim', sekali=fresh_once())
    assert client.post('/wbs/lapor', data=data).status_code == 303
    again = client.post('/wbs/lapor', data=data)  # the CSRF cookie was rotated: never a second report
    assert again.status_code == 303 and again.headers['Location'] == '/wbs/tanda-terima?ulang=1'
    assert db.session.query(WbsReport).count() == 1
    other = app.test_client()  # a stale form in a browser that sent nothing is refused as before
    wbs_csrf(other)
    assert other.post('/wbs/lapor', data=data).status_code == 400
    assert db.session.query(WbsReport).count() == 1


def test_the_reporter_session_ends_after_15_idle_minutes(app, client, monkeypatch):
    file_report(client)
    assert client.get('/wbs/laporan').status_code == 200
    import time as time_module
    real = time_module.time
    monkeypatch.setattr(time_module, 'time', lambda: real() + 15 * 60 + 5)
    response = client.get('/wbs/laporan')
    assert response.status_code == 303 and 'habis=1' in response.headers['Location']


def test_identity_is_off_by_default_and_sealed_when_given(client, db):
    file_report(client, answers={'identitas_nama': 'Nama Asli', 'identitas_kontak': '0812'})
    assert 'Nama Asli' not in client.get('/wbs/laporan').get_data(as_text=True)
    assert re.search(r'name="sertakan_identitas" type="checkbox" value="y">', client.get('/wbs/lapor').get_data(
        as_text=True))


def test_a_refused_file_is_explained_in_english_to_an_english_reader(client, db):
    client.get('/bahasa/en')
    status, html = _send_with_an_executable(client)
    assert status == 422 and 'This type of file is not accepted. Upload a JPEG, PNG or PDF.' in html
    assert 'Jenis berkas tidak diterima' not in html and db.session.query(WbsReport).count() == 0
