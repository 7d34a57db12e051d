"""A form posted twice stores once (portal.once): the internal note, a step of the workflow and the complainant's
answer. Sent again (a double click, the browser's resend, a replayed request), it says it was stored and lands where
the first did; two renders of the form are two notes. A note that is too long, or shows nothing, comes back as typed
with the reason."""
from datetime import date, timedelta

from sqlalchemy import select

from pengaduan.models import ComplaintEvent
from portal import once
from portal.models import OnceClaim, utcnow
from tests.factories import csrf_token, login_as, once_token, page_once, post_form
from tests.pengaduan.factories import make_complaint, make_tree, walk
from tests.pengaduan.test_lifecycle import act

REPLAYED = 'Sudah tersimpan; kiriman ulang tidak disimpan lagi.'


def _notes(db):
    db.session.expire_all()
    return db.session.scalars(select(ComplaintEvent.note).where(ComplaintEvent.kind == 'catatan')
                              .order_by(ComplaintEvent.id)).all()


def _staff(client, t):
    complaint, code = make_complaint(t['kota'])
    login_as(client, t['p_kota'])
    return complaint, code, f'/staf/pengaduan/{complaint.id}'


def test_a_note_sent_twice_is_stored_once_and_says_so(app, client, db):
    t = make_tree()
    c, _code, url = _staff(client, t)
    data = {'note': 'Cek rekaman CCTV loket.', 'sekali': page_once(client, url, url + '/catatan'),
            'csrf_token': csrf_token(client, url)}
    first = client.post(url + '/catatan', data=data)
    again = client.post(url + '/catatan', data=data)  # the browser's resend, or a replayed request
    assert first.status_code == again.status_code == 302
    assert again.headers['Location'] == first.headers['Location'] == url
    page = client.get(url).get_data(as_text=True)
    assert REPLAYED in page
    assert _notes(db) == ['Cek rekaman CCTV loket.']
    # the claim keeps the token's digest and the day, nothing of the token, the note, the complaint or the officer
    claim = db.session.scalar(select(OnceClaim))
    assert claim.digest == once.digest('pengaduan.catatan', data['sekali']) and claim.day == utcnow().date()


def test_the_same_note_from_two_renders_of_the_page_is_two_notes(app, client, db):
    t = make_tree()
    _c, _code, url = _staff(client, t)
    for _ in range(2):
        assert post_form(client, url + '/catatan', {'note': 'Telepon pengadu.'}, form_url=url).status_code == 302
    assert _notes(db) == ['Telepon pengadu.', 'Telepon pengadu.']
    assert REPLAYED not in client.get(url).get_data(as_text=True)


def test_a_note_without_its_token_is_refused_with_a_reason(app, client, db):
    """A page rendered before the deploy has no token: a 400 that says to reload; a forged token, the same."""
    t = make_tree()
    _c, _code, url = _staff(client, t)
    for token in (None, '', 'bukan-token', once.new_token(utcnow().date()) + 'x'):
        data = {'note': 'Catatan lama.', 'csrf_token': csrf_token(client, url)}
        if token is not None:
            data['sekali'] = token
        response = client.post(url + '/catatan', data=data)
        assert response.status_code == 400, token
        assert 'Muat ulang halaman' in response.get_data(as_text=True)
    assert _notes(db) == []


def test_a_note_too_long_comes_back_as_typed_with_the_maximum(app, client, db):
    t = make_tree()
    _c, _code, url = _staff(client, t)
    typed = 'Kronologi: ' + 'panjang ' * 700  # 5611 characters
    response = post_form(client, url + '/catatan', {'note': typed}, form_url=url)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'Catatan paling banyak 5000 karakter' in page and f'{len(typed)} karakter' in page
    assert 'Catatan kosong' not in page
    assert typed.strip() in page and 'aria-invalid="true"' in page  # kept in the note box, marked
    assert _notes(db) == []
    # the page it came back on sends the shortened note once
    assert post_form(client, url + '/catatan', {'note': typed[:5000]}, form_url=url).status_code == 302
    assert _notes(db) == [typed[:5000].strip()]


def test_a_note_of_invisible_characters_is_an_empty_note(app, client, db):
    t = make_tree()
    _c, _code, url = _staff(client, t)
    for typed in ('\u200b', '\u202e\u2060\ufeff', ' \u200b\u00ad\u200e\n\u3164 '):
        response = post_form(client, url + '/catatan', {'note': typed}, form_url=url)
        assert response.status_code == 422 and 'Catatan kosong.' in response.get_data(as_text=True), repr(typed)
    assert _notes(db) == []
    # visible text with an invisible character inside is text
    assert post_form(client, url + '/catatan', {'note': '\u200bOK'}, form_url=url).status_code == 302


def test_a_form_older_than_its_claims_is_shown_again_to_be_sent_once_more(app, client, db):
    t = make_tree()
    _c, _code, url = _staff(client, t)
    old = once.new_token(utcnow().date() - timedelta(days=once.KEEP_DAYS + 1))
    response = post_form(client, url + '/catatan', {'note': 'Dari tab lama.', 'sekali': old}, form_url=url)
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and 'lebih dari 2 hari' in page and 'Dari tab lama.</textarea>' in page
    assert _notes(db) == []
    fresh = once_token(page, url + '/catatan')
    assert fresh and fresh != old
    assert post_form(client, url + '/catatan', {'note': 'Dari tab lama.', 'sekali': fresh},
                     form_url=url).status_code == 302
    assert _notes(db) == ['Dari tab lama.']


def test_a_follow_up_sent_twice_is_one_step_and_the_second_says_so(app, client, db):
    """The reply the complainant reads: the second POST is not "not allowed in this state" but "already stored"."""
    t = make_tree()
    c, code, url = _staff(client, t)
    walk(c, ['verifikasi', 'proses'], t['p_kota'], date(2026, 3, 3))
    data = {'action': 'tindak_lanjut', 'note': 'Petugas loket ditambah.',
            'sekali': page_once(client, url, url + '/transisi'), 'csrf_token': csrf_token(client, url)}
    assert client.post(url + '/transisi', data=data).status_code == 302
    again = client.post(url + '/transisi', data=data, follow_redirects=True)
    page = again.get_data(as_text=True)
    assert again.status_code == 200 and REPLAYED in page and 'tidak diizinkan' not in page
    steps = db.session.scalars(select(ComplaintEvent.action).where(ComplaintEvent.complaint_id == c.id,
                                                                   ComplaintEvent.kind == 'transisi')).all()
    assert steps.count('tindak_lanjut') == 1


def test_a_follow_up_too_long_comes_back_in_its_panel(app, client, db):
    t = make_tree()
    c, _code, url = _staff(client, t)
    walk(c, ['verifikasi', 'proses'], t['p_kota'], date(2026, 3, 3))
    typed = 'Tindak lanjut ' * 400
    response = post_form(client, url + '/transisi', {'action': 'tindak_lanjut', 'note': typed}, form_url=url)
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and 'Keterangan paling banyak 5000 karakter' in page
    assert typed + '</textarea>' in page
    db.session.refresh(c)
    assert c.status == 'diproses'


def test_the_complainants_answer_sent_twice_is_one_answer(app, client, db):
    t = make_tree()
    c, code = make_complaint(t['kota'])
    walk(c, ['verifikasi', 'minta_informasi'], t['p_kota'], date(2026, 3, 3))
    page = client.get(f'/pengaduan/lacak/{code}').get_data(as_text=True)
    data = {'kode': code, 'aksi': 'lengkapi_informasi', 'note': 'Saya datang jam 9 pagi.',
            'sekali': once_token(page, '/pengaduan/lacak/tindakan'),
            'csrf_token': csrf_token(client, '/pengaduan/lacak')}
    first = client.post('/pengaduan/lacak/tindakan', data=data)
    again = client.post('/pengaduan/lacak/tindakan', data=data)
    assert first.status_code == again.status_code == 302 and again.headers['Location'] == first.headers['Location']
    shown = client.get(again.headers['Location']).get_data(as_text=True)
    assert REPLAYED in shown and 'tidak diizinkan' not in shown
    answers = db.session.scalars(select(ComplaintEvent.note).where(ComplaintEvent.action == 'lengkapi_informasi'))
    assert answers.all() == ['Saya datang jam 9 pagi.']
    # without the page's token (a page from before the deploy): refused with the reason, nothing stored
    db.session.expire_all()
    walk(c, ['minta_informasi'], t['p_kota'], date(2026, 3, 4))
    stale = client.post('/pengaduan/lacak/tindakan', data={k: v for k, v in data.items() if k != 'sekali'})
    assert stale.status_code == 400 and 'Muat ulang halaman' in stale.get_data(as_text=True)
    # an answer of invisible characters is no answer
    response = act(client, code, 'lengkapi_informasi', note='\u200b\u2060')
    assert 'Tuliskan informasi tambahan' in client.get(response.headers['Location']).get_data(as_text=True)
    assert db.session.scalars(select(ComplaintEvent.note).where(
        ComplaintEvent.action == 'lengkapi_informasi')).all() == ['Saya datang jam 9 pagi.']


def test_an_answer_from_a_page_older_than_its_claims_is_not_taken(app, client, db):
    t = make_tree()
    c, code = make_complaint(t['kota'])
    walk(c, ['verifikasi', 'minta_informasi'], t['p_kota'], date(2026, 3, 3))
    old = once.new_token(utcnow().date() - timedelta(days=once.KEEP_DAYS + 1))
    response = act(client, code, 'lengkapi_informasi', note='Dari tab lama.', sekali=old)
    assert response.status_code == 302
    assert 'lebih dari 2 hari' in client.get(response.headers['Location']).get_data(as_text=True)
    assert db.session.scalars(select(ComplaintEvent).where(ComplaintEvent.action == 'lengkapi_informasi')).all() == []
