"""The complaint form sent twice files once: a double tap, a retry after an answer lost on a slow network, or the
browser resending the form shows the same tracking code again and stores and emails nothing more."""
import os
import re
import threading
import time

import pytest
from sqlalchemy import func, select

from pengaduan import codes, services
from pengaduan.models import Complaint
from portal.extensions import db
from tests.factories import CSRF_RE
from tests.pengaduan.factories import make_tree


def _open_form(client):
    """The form's hidden values as a browser holds them: (csrf token, submission token)."""
    html = client.get('/pengaduan/baru').get_data(as_text=True)
    token = re.search(r'<input[^>]*name="token"[^>]*>', html).group(0)
    csrf = CSRF_RE.search(html)
    return csrf.group(1) or csrf.group(2), re.search(r'value="([^"]+)"', token).group(1)


def _data(t, csrf, token, **kw):
    return {'kind': 'pengaduan', 'category': 'waktu', 'unit': str(t['kota'].id), 'layanan': str(t['layanan'].id),
            'title': 'Antrean legalisir lama', 'text': 'Saya menunggu tiga jam di loket legalisir tanpa kepastian.',
            'place': 'PTSP Kota', 'event_date': '2026-01-05', 'privacy': 'biasa', 'name': 'Budi Warga',
            'email': 'budi@warga.id', 'phone': '', 'consent': 'y', 'website': '', 'csrf_token': csrf, 'token': token,
            **kw}


def _sent(client, response):
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    page = client.get(response.headers['Location']).get_data(as_text=True)
    return re.search(r'id="kode">([0-9A-Z-]+)<', page).group(1), page


def _complaints():
    return db.session.scalar(select(func.count()).select_from(Complaint))


def test_the_same_form_sent_twice_files_one_complaint_and_shows_its_code_again(app, client, smtp):
    t = make_tree()
    csrf, token = _open_form(client)
    assert codes.valid_token(token)
    first, page = _sent(client, client.post('/pengaduan/baru', data=_data(t, csrf, token)))
    assert 'id="kiriman-ulang"' not in page
    again, page = _sent(client, client.post('/pengaduan/baru', data=_data(t, csrf, token)))
    assert again == first and 'id="kiriman-ulang"' in page and 'hanya dicatat satu kali' in page
    assert _complaints() == 1
    assert len(smtp.to('budi@warga.id')) == 1  # the acknowledgement went out once
    # what the database holds: neither the token nor the code in clear
    row = db.session.scalar(select(Complaint))
    assert row.submit_digest != token and token.encode() not in row.code_sealed
    assert first.replace('-', '').encode() not in row.code_sealed
    # a fresh form is a new complaint
    csrf2, token2 = _open_form(client)
    assert token2 != token
    other, _page = _sent(client, client.post('/pengaduan/baru', data=_data(t, csrf2, token2)))
    assert other != first and _complaints() == 2


def test_a_retry_from_a_browser_that_lost_the_first_answer_gets_the_same_code(app, client):
    """The first answer (with its session cookie) never reached the phone: the retry arrives in a new session, with
    the page's submission token, and finds the complaint all the same."""
    t = make_tree()
    csrf, token = _open_form(client)
    first, _page = _sent(client, client.post('/pengaduan/baru', data=_data(t, csrf, token)))
    phone = app.test_client()
    csrf_new, _unused = _open_form(phone)
    again, page = _sent(phone, phone.post('/pengaduan/baru', data=_data(t, csrf_new, token)))
    assert again == first and 'id="kiriman-ulang"' in page and _complaints() == 1


def test_a_form_without_a_valid_token_still_files(app, client):
    """A page cached before the token existed, or a token tampered with: filed as before, never refused."""
    t = make_tree()
    for forged in ('', 'pendek', '<script>alert(1)</script>' * 3):
        csrf, _token = _open_form(client)
        code, page = _sent(client, client.post('/pengaduan/baru', data=_data(t, csrf, forged)))
        assert 'id="kiriman-ulang"' not in page
    assert _complaints() == 3


@pytest.mark.skipif(not os.environ.get('TEST_DATABASE_URL', '').startswith('postgres'),
                    reason='two writers at once: PostgreSQL (SQLite takes one writer at a time)')
def test_two_requests_with_one_token_at_the_same_moment_file_once(app, client):
    """One request inserts and holds its transaction open; the other, arriving meanwhile, waits on the unique digest,
    then gets the same complaint once the first commits."""
    t = make_tree()
    csrf, token = _open_form(client)
    sub = services.Submission(kind='pengaduan', category='waktu', unit_id=t['kota'].id, layanan_id=t['layanan'].id,
                              title='Antrean legalisir lama', text='Saya menunggu tiga jam di loket legalisir.',
                              place=None, event_date=None, terlapor=None, privacy='biasa', name='Budi Warga',
                              email='budi@warga.id', phone=None, consent=True)
    held = threading.Event()
    done = {}

    def first_request():
        with app.app_context():
            complaint, code = services.submit(sub, token=token)
            done['code'] = code
            held.set()
            time.sleep(1.0)  # the second request arrives and waits on the digest meanwhile
            db.session.commit()
            db.session.remove()

    thread = threading.Thread(target=first_request)
    thread.start()
    assert held.wait(10)
    second, page = _sent(client, client.post('/pengaduan/baru', data=_data(t, csrf, token)))
    thread.join(10)
    assert second == codes.display(done['code']) and 'id="kiriman-ulang"' in page
    db.session.expire_all()
    assert _complaints() == 1
