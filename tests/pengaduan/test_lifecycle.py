"""A complaint's whole life through HTTP: a citizen files it, staff verify, disposition, follow up; the citizen
tracks each step on the page and by email (a real local SMTP server), accepts, rates, and is invited to the survey."""
import re

from sqlalchemy import select

from pengaduan.deadlines import today_local
from pengaduan.models import Complaint
from portal.extensions import db
from tests.factories import csrf_token, fresh_once, login_as, once_token, post_form
from tests.pengaduan.factories import make_tree, walk


def _form(t, **kw):
    data = {'kind': 'pengaduan', 'category': 'waktu', 'unit': str(t['kota'].id), 'layanan': str(t['layanan'].id),
            'title': 'Antrean legalisir lama', 'text': 'Saya menunggu tiga jam di loket legalisir tanpa kepastian.',
            'place': 'PTSP Kota', 'event_date': '2026-01-05', 'privacy': 'biasa', 'name': 'Budi Warga',
            'email': 'budi@warga.id', 'phone': '', 'consent': 'y', 'website': ''}
    data.update(kw)
    return data


def file_complaint(client, t, **kw):
    """Submit the public form; returns the tracking code shown on the thank-you page."""
    response = post_form(client, '/pengaduan/baru', _form(t, **kw))
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    page = client.get(response.headers['Location']).get_data(as_text=True)
    return re.search(r'id="kode">([0-9A-Z-]+)<', page).group(1)


def act(client, code, aksi, **data):
    """The complainant's answer from the tracking page, with that page's once token (or, when the page no longer
    offers a form for it, one as a page opened before would carry)."""
    page = client.get(f'/pengaduan/lacak/{code}').get_data(as_text=True)
    return client.post('/pengaduan/lacak/tindakan', data={
        'kode': code, 'aksi': aksi, 'csrf_token': csrf_token(client, '/pengaduan/lacak'),
        'sekali': once_token(page, '/pengaduan/lacak/tindakan') or fresh_once(), **data})


def staff_step(client, complaint_id, action, **data):
    url = f'/staf/pengaduan/{complaint_id}'
    return post_form(client, url + '/transisi', {'action': action, **data}, form_url=url)


def test_a_complaint_from_filing_to_rating(app, client, smtp):
    t = make_tree()
    code = file_complaint(client, t)
    assert len(code.replace('-', '')) == 12
    [mail] = smtp.to('budi@warga.id')
    assert code in smtp.body(mail) and 'diterima' in mail['Subject']
    complaint = db.session.scalar(select(Complaint))
    assert complaint.layanan_id == t['layanan'].id and code.replace('-', '') not in complaint.code_digest

    page = client.post('/pengaduan/lacak', data={'kode': code.lower(), 'csrf_token': csrf_token(
        client, '/pengaduan/lacak')}).get_data(as_text=True)
    assert 'Diterima' in page and 'Antrean legalisir lama' in page

    staff = app.test_client()
    login_as(staff, t['p_kanwil'])
    officer = t['p_kota']
    login_as(staff, t['p_kota'])
    r = staff_step(staff, complaint.id, 'verifikasi', unit_id=t['kota'].id, officer_id=officer.id,
                   note='Mohon ditangani.')
    assert r.status_code == 302
    post_form(staff, f'/staf/pengaduan/{complaint.id}/catatan', {'note': 'Rahasia dapur: cek CCTV loket.'},
              form_url=f'/staf/pengaduan/{complaint.id}')
    staff_step(staff, complaint.id, 'proses')
    staff_step(staff, complaint.id, 'tindak_lanjut', note='Kami menambah satu petugas loket legalisir.')
    db.session.expire_all()
    assert db.session.get(Complaint, complaint.id).status == 'ditindaklanjuti'

    page = client.get(f'/pengaduan/lacak/{code}').get_data(as_text=True)
    assert 'Kami menambah satu petugas loket legalisir.' in page
    assert 'Diverifikasi dan didisposisikan' in page and 'Kemenag Kota Uji' in page
    assert 'CCTV' not in page and officer.name not in page and t['p_kanwil'].name not in page
    assert page.count('Tindak lanjut') >= 1
    subjects = [m['Subject'] for m in smtp.to('budi@warga.id')]
    assert any('Terverifikasi' in s for s in subjects) and any('ditindaklanjuti' in s for s in subjects)
    assert not any('CCTV' in smtp.body(m) for m in smtp.messages)

    assert act(client, code, 'terima').status_code == 302
    db.session.expire_all()
    assert db.session.get(Complaint, complaint.id).status == 'selesai'
    closing = [m for m in smtp.to('budi@warga.id') if 'bagaimana penanganannya' in m['Subject']]
    assert 'http://layanan.test/survei/' + t['kota'].slug + '/legalisir-ijazah' in smtp.body(closing[0])

    act(client, code, 'nilai', rating='5', note='Cepat dan jelas.')
    db.session.expire_all()
    assert db.session.get(Complaint, complaint.id).rating == 5
    page = client.get(f'/pengaduan/lacak/{code}').get_data(as_text=True)
    assert 'Nilai Anda: 5 dari 5' in page
    assert client.get(f'/pengaduan/lacak/{code}').headers['Cache-Control'] == 'no-store'


def test_the_complainant_adds_information_and_contests_a_follow_up(app, client, smtp):
    t = make_tree()
    code = file_complaint(client, t, privacy='rahasia')
    complaint = db.session.scalar(select(Complaint))
    staff = app.test_client()
    login_as(staff, t['p_kota'])
    staff_step(staff, complaint.id, 'minta_informasi', note='Jam berapa Anda datang?')
    page = client.get(f'/pengaduan/lacak/{code}').get_data(as_text=True)
    assert 'Jam berapa Anda datang?' in page and 'Lengkapi informasi' in page
    assert act(client, code, 'lengkapi_informasi', note='Sekitar jam 9 pagi.').status_code == 302
    db.session.expire_all()
    assert db.session.get(Complaint, complaint.id).status == 'baru'
    staff_step(staff, complaint.id, 'verifikasi', unit_id=t['kota'].id)
    staff_step(staff, complaint.id, 'proses')
    staff_step(staff, complaint.id, 'tindak_lanjut', note='Sudah kami perbaiki.')
    act(client, code, 'bantah', note='Belum, antrean masih lama.')
    db.session.expire_all()
    assert db.session.get(Complaint, complaint.id).status == 'dibuka_kembali'
    assert act(client, code, 'terima').status_code == 302  # refused politely: not in ditindaklanjuti any more
    db.session.expire_all()
    assert db.session.get(Complaint, complaint.id).status == 'dibuka_kembali'


def test_prefill_from_the_survey_link_and_the_wbs_note(client):
    t = make_tree()
    page = client.get(f'/pengaduan/baru?unit={t["kota"].slug}&layanan=legalisir-ijazah').get_data(as_text=True)
    assert f'<option value="{t["kota"].id}" selected>' in page
    assert f'<option value="{t["layanan"].id}" selected>' in page
    assert 'href="/wbs"' in page and 'korupsi' in page
    assert '<optgroup label="Kemenag Kota Uji"' in page


def test_a_layanan_of_another_unit_is_refused_and_the_form_kept(client):
    t = make_tree()
    r = post_form(client, '/pengaduan/baru', _form(t, unit=str(t['seluma'].id)))
    assert r.status_code == 400
    page = r.get_data(as_text=True)
    assert 'bukan layanan unit yang dipilih' in page and 'Antrean legalisir lama' in page
    assert db.session.scalar(select(Complaint)) is None


def test_tidak_tahu_goes_to_the_root_unit_and_anonim_stores_no_identity(client, smtp):
    t = make_tree()
    file_complaint(client, t, unit='', layanan='', privacy='anonim', name='Nama Asli', email='',
                   phone='0812')
    c = db.session.scalar(select(Complaint))
    assert c.unit_id == t['kanwil'].id and (c.name, c.email, c.phone) == (None, None, None)
    assert smtp.messages == []


def test_anonim_with_an_email_is_told_each_step_and_staff_never_see_it(app, client, smtp):
    """domain.md section 4: anonim may be combined with notifications when a contact is given."""
    t = make_tree()
    code = file_complaint(client, t, privacy='anonim', name='Nama Asli', email='kabar@warga.id', phone='0812')
    c = db.session.scalar(select(Complaint))
    assert (c.name, c.phone, c.email) == (None, None, 'kabar@warga.id')
    assert [m['To'] for m in smtp.messages] == ['kabar@warga.id'] and code in smtp.messages[0].get_content()
    staff = app.test_client()
    login_as(staff, t['p_kota'])
    assert 'kabar@warga.id' not in staff.get(f'/staf/pengaduan/{c.id}').get_data(as_text=True)
    export = staff.get('/staf/pengaduan/ekspor.csv').get_data(as_text=True)
    assert c.number in export and 'kabar@warga.id' not in export
    walk(c, ['verifikasi', 'proses', 'tindak_lanjut'], t['p_kota'], today_local())
    assert len(smtp.messages) == 4 and {m['To'] for m in smtp.messages} == {'kabar@warga.id'}
    walk(c, ['terima'], None, today_local())  # closed: the last email leaves, the address goes
    db.session.expire_all()
    assert len(smtp.messages) == 5 and 'selesai' in smtp.messages[-1]['Subject']
    assert db.session.get(Complaint, c.id).email is None


def test_name_and_contact_are_required_unless_anonim(client):
    t = make_tree()
    r = post_form(client, '/pengaduan/baru', _form(t, name='', email=''))
    assert r.status_code == 400 and 'Isi nama Anda' in r.get_data(as_text=True)


def test_the_honeypot_and_csrf(client):
    t = make_tree()
    assert post_form(client, '/pengaduan/baru', _form(t, website='http://spam')).status_code == 400
    assert client.post('/pengaduan/baru', data=_form(t)).status_code == 400
    assert db.session.scalar(select(Complaint)) is None


def test_filing_and_tracking_are_rate_limited(app, client):
    t = make_tree()
    app.config['PENGADUAN_TRACK_LIMIT'] = '3 per minute'
    try:
        token = csrf_token(client, '/pengaduan/lacak')
        codes = [client.post('/pengaduan/lacak', data={'kode': 'ABCD-EFGH-JKMN', 'csrf_token': token}).status_code
                 for _ in range(4)]
        assert codes[:3] == [404, 404, 404] and codes[3] == 429
        assert client.get('/pengaduan/lacak/ABCDEFGHJKMN').status_code == 429
    finally:
        app.config.pop('PENGADUAN_TRACK_LIMIT')
    assert t


def test_an_unknown_or_mistyped_code(client):
    token = csrf_token(client, '/pengaduan/lacak')
    r = client.post('/pengaduan/lacak', data={'kode': 'ABCD', 'csrf_token': token})
    assert r.status_code == 404 and 'yang Anda ketik 4' in r.get_data(as_text=True)
    assert client.get('/pengaduan/lacak/ABCDEFGHJKMN').status_code == 404


def test_the_home_page_card_and_the_layanan_button(client):
    t = make_tree()
    assert 'href="/pengaduan/baru"' in client.get('/').get_data(as_text=True)
    page = client.get(f'/unit/{t["kota"].slug}').get_data(as_text=True)
    assert f'/pengaduan/baru?unit={t["kota"].slug}&amp;layanan=legalisir-ijazah' in page


def test_a_complainant_reading_english_is_refused_in_english(client):
    from datetime import date

    from tests.pengaduan.factories import make_complaint, walk
    t = make_tree()
    complaint, code = make_complaint(t['kota'])
    walk(complaint, ['verifikasi', 'proses', 'tindak_lanjut'], t['p_kota'], date(2026, 3, 3))
    client.get('/bahasa/en')
    page = client.get(act(client, code, 'bantah', note='').headers['Location']).get_data(as_text=True)
    assert 'Write why your complaint is not resolved yet, then send again.' in page
    assert 'Tuliskan mengapa' not in page
    db.session.expire_all()
    assert db.session.get(Complaint, complaint.id).status == 'ditindaklanjuti'
