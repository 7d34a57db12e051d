"""What a complainant on a phone meets: the code survives a reload and the language switch, the language switch
keeps what was typed, errors say what is wrong and where, and the English page is English."""
import re
import time

from sqlalchemy import func, select

from pengaduan import codes
from pengaduan.models import Complaint
from pengaduan.services import rate
from portal.extensions import db
from tests.factories import csrf_token, login_as, post_form
from tests.pengaduan.factories import make_tree
from tests.pengaduan.test_lifecycle import _form, act, file_complaint, staff_step


def _count():
    return db.session.scalar(select(func.count(Complaint.id)))


def test_the_code_stays_on_the_thank_you_page_for_ten_minutes(client, db):
    t = make_tree()
    code = file_complaint(client, t)
    again = client.get('/pengaduan/terkirim')  # a reload, or the language link's way back
    assert again.status_code == 200 and code in again.get_data(as_text=True)
    english = client.get('/pengaduan/terkirim?lang=en').get_data(as_text=True)
    assert code in english and 'Your complaint has been sent' in english
    with client.session_transaction() as session:
        held = session['pengaduan_kode']
        session['pengaduan_kode'] = dict(held, sejak=held['sejak'] - 10 * 60 - 1)
    gone = client.get('/pengaduan/terkirim')
    assert gone.status_code == 302 and gone.headers['Location'].endswith('/pengaduan/lacak')
    with client.session_transaction() as session:
        assert 'pengaduan_kode' not in session


def test_the_session_cookie_holds_the_code_sealed_not_readable(app, client, db):
    t = make_tree()
    code = file_complaint(client, t)
    cookie = client.get_cookie(app.config['SESSION_COOKIE_NAME'])
    payload = app.session_interface.get_signing_serializer(app).loads(cookie.value)  # what anyone can decode
    raw = codes.normalize(code)  # file_complaint gives the code as shown: ABCD-EFGH-JKMN
    assert raw not in str(payload) and code not in str(payload)
    assert codes.unseal_for_browser(payload['pengaduan_kode']['sandi'], app.secret_key) == raw
    assert codes.unseal_for_browser(payload['pengaduan_kode']['sandi'], 'another-secret-key') is None
    assert codes.unseal_for_browser('not base64 at all!', app.secret_key) is None


def test_a_code_sealed_under_another_secret_key_shows_nothing(app, client, db):
    with client.session_transaction() as session:
        session['pengaduan_kode'] = {'sandi': codes.seal_for_browser(codes.new_code(), 'a-previous-secret-key'),
                                     'sejak': int(time.time())}
    gone = client.get('/pengaduan/terkirim')
    assert gone.status_code == 302 and gone.headers['Location'].endswith('/pengaduan/lacak')
    with client.session_transaction() as session:
        assert 'pengaduan_kode' not in session


def test_a_plain_code_held_by_the_version_before_sealing_is_still_shown(client, db):
    code = codes.new_code()
    with client.session_transaction() as session:
        session['pengaduan_kode'] = {'kode': code, 'email': False, 'sejak': int(time.time())}
    page = client.get('/pengaduan/terkirim')
    assert page.status_code == 200 and codes.display(code) in page.get_data(as_text=True)


def test_the_language_button_keeps_what_was_typed_and_stores_nothing(client, db):
    t = make_tree()
    page = client.get('/pengaduan/baru').get_data(as_text=True)
    assert 'id="pengaduan-form"' in page
    assert re.search(r'<button type="submit" form="pengaduan-form" name="bahasa" value="en" formnovalidate', page)
    half = _form(t, title='Antrean lama sekali', consent='', name='')
    response = post_form(client, '/pengaduan/baru', dict(half, bahasa='en'))
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and _count() == 0
    assert '<html lang="en">' in html and 'File a complaint' in html
    assert 'value="Antrean lama sekali"' in html and 'PTSP Kota' in html
    assert 'class="error"' not in html  # switching language is not a refused form
    assert 'lang=en' in response.headers.get('Set-Cookie', '')
    # and back: the button now offers Bahasa Indonesia
    assert 'name="bahasa" value="id"' in html


def test_the_status_page_switches_language_without_putting_the_code_in_an_address(client, db):
    t = make_tree()
    code = file_complaint(client, t)
    page = client.post('/pengaduan/lacak', data={'kode': code, 'csrf_token': csrf_token(client, '/pengaduan/lacak')})
    html = page.get_data(as_text=True)
    assert 'form="lang-form" name="bahasa" value="en"' in html and codes.normalize(code) in html
    assert '/bahasa/' not in html  # no link that would carry the code in its query
    english = client.post('/pengaduan/lacak', data={'kode': codes.normalize(code), 'bahasa': 'en',
                                                    'csrf_token': csrf_token(client, '/pengaduan/lacak')})
    assert english.status_code == 200 and 'Complaint status' in english.get_data(as_text=True)
    # the empty tracking form switches language without complaining about the empty field
    empty = client.post('/pengaduan/lacak', data={'kode': '', 'bahasa': 'en',
                                                  'csrf_token': csrf_token(client, '/pengaduan/lacak')})
    assert empty.status_code == 200 and 'class="error"' not in empty.get_data(as_text=True)


def test_a_mistyped_code_is_told_apart_from_an_unknown_one(client, db):
    token = csrf_token(client, '/pengaduan/lacak')
    valid = codes.new_code()
    swapped = valid[:-1] + codes.ALPHABET[(codes.ALPHABET.index(valid[-1]) + 1) % 32]

    def error(typed):
        html = client.post('/pengaduan/lacak', data={'kode': typed, 'csrf_token': token}).get_data(as_text=True)
        return re.search(r'class="error"[^>]*>([^<]+)<', html).group(1)

    assert 'yang Anda ketik 11' in error(valid[:11])
    assert 'salah ketik' in error(swapped)
    assert 'tanpa U' in error(valid[:11] + 'U')
    assert 'tidak ditemukan' in error(valid)
    assert codes.normalize('ABCD-EFGH-JK15') is not None  # the example in the hint is a well-formed code


def test_an_empty_reply_says_what_to_write(client, db):
    t = make_tree()
    code = file_complaint(client, t)
    response = act(client, code, 'lengkapi_informasi', note='  ')
    html = client.get(response.headers['Location']).get_data(as_text=True)
    assert 'Tuliskan informasi tambahan yang diminta petugas' in html


def test_the_english_status_page_is_english(client, db):
    t = make_tree()
    code = file_complaint(client, t, privacy='rahasia')
    complaint = db.session.scalar(select(Complaint))
    login_as(client.application.test_client(), 'petugas_pengaduan', t['kanwil'])
    staff = client.application.test_client()
    login_as(staff, t['p_kanwil'])
    assert staff_step(staff, complaint.id, 'verifikasi', unit_id=t['kota'].id, note='Mohon segera.').status_code \
        == 302
    english = client.get(f'/pengaduan/lacak/{codes.normalize(code)}?lang=en').get_data(as_text=True)
    assert f'Forwarded to {t["kota"].name}.' in english and 'Mohon segera.' in english
    assert 'Diteruskan kepada' not in english
    assert '<dd>Complaint · ' in english  # the kind, singular (the staff menu says "Complaints")
    indonesian = client.get(f'/pengaduan/lacak/{codes.normalize(code)}').get_data(as_text=True)
    assert f'Diteruskan kepada {t["kota"].name}.' in indonesian
    db.session.refresh(complaint)
    complaint.status = 'selesai'
    rate(complaint, 4, '')
    db.session.commit()
    english = client.get(f'/pengaduan/lacak/{codes.normalize(code)}?lang=en').get_data(as_text=True)
    assert 'Rating of the handling: 4 out of 5.' in english


def test_the_english_form_is_english(client, db):
    t = make_tree()
    html = client.get('/pengaduan/baru?lang=en').get_data(as_text=True)
    for label in ('<strong>Normal</strong>', '<strong>Confidential</strong>', '<strong>Anonymous</strong>'):
        assert label in html
    assert 'Your name and contact are visible to the officers handling' in html
    assert '<legend class="label">Kind' in html and '> Complaint</label>' in html
    other = t['seluma']
    refused = post_form(client, '/pengaduan/baru?lang=en', _form(t, unit=str(other.id)),
                        form_url='/pengaduan/baru?lang=en')
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400 and 'bukan layanan unit' not in page
    assert 'This service does not belong to the chosen unit' in page
    # the summary at the top links to the field
    assert '<a href="#layanan">' in page


def test_the_time_limit_on_the_thank_you_page_is_counted_from_filing(client, db):
    t = make_tree()
    file_complaint(client, t)
    with client.session_transaction() as session:
        assert abs(session['pengaduan_kode']['sejak'] - time.time()) < 60


def test_a_code_left_in_a_session_of_the_previous_version_is_still_shown(client, db):
    code = codes.new_code()
    with client.session_transaction() as session:
        session['pengaduan_kode'] = code  # what the previous version put there just before redirecting
    page = client.get('/pengaduan/terkirim')
    assert page.status_code == 200 and codes.display(code) in page.get_data(as_text=True)
