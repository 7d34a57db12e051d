"""WBS forms posted twice store once (portal.once): the team's message to the reporter and its notes, and the
reporter's own message. A refused message comes back as typed with the reason; text of invisible characters is no
text. The reporter's claims sit in a table of their own and keep nothing but a digest and the day."""
import io

from sqlalchemy import func, select

from portal import once
from portal.models import OnceClaim, utcnow
from tests.factories import csrf_token, page_once, post_form
from tests.wbs.factories import file_report, make_member, png_bytes, reporter_hidden, unlock
from wbs.models import WbsFile, WbsMessage, WbsOnceClaim, WbsReport

REPLAYED = 'Sudah tersimpan; kiriman ulang tidak disimpan lagi.'


def _team_on_report(app, client, db):
    member = make_member()
    reporter = app.test_client()
    file_report(reporter, answers={'apa': 'Amplop setelah rapat'})
    report = db.session.scalar(select(WbsReport))
    unlock(client, member)
    return reporter, report, f'/staf/wbs/laporan/{report.id}'


def _count(db, kind):
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(WbsMessage).where(WbsMessage.kind == kind))


def test_a_message_to_the_reporter_sent_twice_reaches_them_once(app, client, db):
    reporter, report, url = _team_on_report(app, client, db)
    data = {'text': 'Mohon kirim foto amplopnya.', 'sekali': page_once(client, url, url + '/pesan'),
            'csrf_token': csrf_token(client, url)}
    first = client.post(url + '/pesan', data=data)
    again = client.post(url + '/pesan', data=data)
    assert first.status_code == again.status_code == 302 and again.headers['Location'] == first.headers['Location']
    assert REPLAYED in client.get(url).get_data(as_text=True)
    assert _count(db, 'tim') == 1
    assert reporter.get('/wbs/laporan').get_data(as_text=True).count('Mohon kirim foto amplopnya.') == 1
    # the team's claims are the portal's; the reporter's table holds only the sending of the report
    assert db.session.scalar(select(func.count()).select_from(OnceClaim)) == 1
    assert db.session.scalar(select(func.count()).select_from(WbsOnceClaim)) == 1


def test_two_notes_from_two_renders_are_two_notes(app, client, db):
    _reporter, _report, url = _team_on_report(app, client, db)
    for _ in range(2):
        assert post_form(client, url + '/catatan', {'text': 'Cek jadwal piket.'}, form_url=url).status_code == 302
    assert _count(db, 'catatan') == 2


def test_a_message_without_its_token_is_refused_with_a_reason(app, client, db):
    _reporter, _report, url = _team_on_report(app, client, db)
    for kind in ('pesan', 'catatan'):
        response = client.post(url + '/' + kind, data={'text': 'Halaman lama.', 'csrf_token': csrf_token(client, url)})
        assert response.status_code == 400 and 'Muat ulang halaman' in response.get_data(as_text=True)
    assert _count(db, 'tim') == _count(db, 'catatan') == 0


def test_a_message_too_long_comes_back_as_typed_with_the_maximum(app, client, db):
    _reporter, report, url = _team_on_report(app, client, db)
    typed = 'Kronologi lengkap. ' * 270  # 5130 characters
    response = post_form(client, url + '/pesan', {'text': typed}, form_url=url)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'Isi paling banyak 5000 karakter' in page and f'{len(typed)} karakter' in page
    assert 'Isi tidak boleh kosong' not in page
    pesan = page[page.index('id="pesan-text"'):]
    assert pesan.index(typed + '</textarea>') < pesan.index('</form>')  # in the message box, not the note's
    assert 'aria-invalid="true"' in page[page.index('id="pesan-error"') - 300:page.index('id="pesan-text"') + 200]
    assert _count(db, 'tim') == 0
    # a note too long comes back in the note's box
    response = post_form(client, url + '/catatan', {'text': typed}, form_url=url)
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="catatan-error"' in page and 'id="pesan-error"' not in page
    assert typed + '</textarea>' in page[page.index('id="catatan-text"'):]


def test_a_message_of_invisible_characters_is_empty(app, client, db):
    _reporter, _report, url = _team_on_report(app, client, db)
    for kind in ('pesan', 'catatan'):
        for typed in ('\u200b', '\u202e', '\u2060\ufeff \u200b', '\u2800\u3164'):
            response = post_form(client, url + '/' + kind, {'text': typed}, form_url=url)
            assert response.status_code == 422, (kind, repr(typed))
            assert 'Isi tidak boleh kosong.' in response.get_data(as_text=True)
    assert _count(db, 'tim') == _count(db, 'catatan') == 0


def test_the_reporters_message_sent_twice_is_stored_once(app, client, db):
    _response, _receipt = file_report(client)
    hidden = reporter_hidden(client)
    data = {'pesan': 'Ada saksi lain: satpam.', **hidden}
    first = client.post('/wbs/laporan', data=data)
    again = client.post('/wbs/laporan', data=data)
    assert first.status_code == again.status_code == 303
    assert first.headers['Location'] == '/wbs/laporan?terkirim=1'
    assert again.headers['Location'] == '/wbs/laporan?sudah=1'  # the same page, saying it was stored already
    page = client.get(again.headers['Location']).get_data(as_text=True)
    assert REPLAYED in page and page.count('Ada saksi lain: satpam.') == 1
    assert _count(db, 'pelapor') == 1
    # evidence sent twice: stored once
    hidden = reporter_hidden(client)
    for _ in range(2):
        sent = client.post('/wbs/laporan', data={'pesan': '', **hidden, 'lampiran': [(io.BytesIO(png_bytes()),
                                                                                       'foto.png')]},
                           content_type='multipart/form-data')
        assert sent.status_code == 303
    assert db.session.scalar(select(func.count()).select_from(WbsFile)) == 1
    # the reporter's claims: their own table, a digest and the day; nothing ties them to the report
    rows = db.session.execute(select(WbsOnceClaim.digest, WbsOnceClaim.day)).all()
    messages = {(once.digest('wbs.pelapor', data['sekali']), utcnow().date()),
                (once.digest('wbs.pelapor', hidden['sekali']), utcnow().date())}
    assert messages <= set(rows) and len(rows) == 3  # and the sending of the report itself (wbs.lapor)
    assert db.session.scalar(select(func.count()).select_from(OnceClaim)) == 0


def test_the_reporters_message_needs_its_token_and_some_visible_text(app, client, db):
    file_report(client)
    hidden = reporter_hidden(client)
    missing = client.post('/wbs/laporan', data={'pesan': 'Dari halaman lama.', 'wbs_csrf': hidden['wbs_csrf']})
    assert missing.status_code == 400 and 'Muat ulang halaman' in missing.get_data(as_text=True)
    blank = client.post('/wbs/laporan', data={'pesan': '\u200b\u202e\u2060', **hidden})
    assert blank.status_code == 422 and 'Tulis pesan atau pilih berkas.' in blank.get_data(as_text=True)
    assert _count(db, 'pelapor') == 0
