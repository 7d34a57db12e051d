"""Fixes from the WBS audit: who new reports are shared with, the language switch, day-only times (audit row, file
times), the TOTP secret and code on the team side, and the optional name of the person reported."""
import os
import re
from datetime import UTC, datetime, time
from html import unescape

import pyotp

from portal.models import AuditEvent
from tests.factories import PASSWORD, login_as, post_form
from tests.wbs.factories import ANSWERS, file_report, make_member, png_bytes, totp_code, unlock, wbs_csrf
from wbs import services
from wbs.models import WbsMember, WbsReport

LANG_LINK = re.compile(r'<nav class="lang"[^>]*>\s*<a href="([^"]+)"')


def _receipt_login(app, receipt):
    reporter = app.test_client()
    response = reporter.post('/wbs/masuk', data={'tanda_terima': receipt, 'wbs_csrf': wbs_csrf(reporter, '/wbs/masuk')})
    assert response.status_code == 302
    return reporter


def _leave_team(db, member_id, **changes):
    member = db.session.get(WbsMember, member_id)
    for name, value in changes.items():
        setattr(member.user, name, value)
    db.session.commit()


def test_new_and_adopted_reports_reach_only_active_tim_wbs_members(app, db):
    _, orphan_receipt = file_report(app.test_client(), answers={'apa': 'Laporan sebelum ada tim'})
    orphan_id = db.session.scalar(db.select(WbsReport.id))
    stays = make_member('Anggota Tetap').id
    moved = make_member('Anggota Pindah Peran').id
    gone = make_member('Anggota Nonaktif').id
    _leave_team(db, moved, role='pimpinan')
    _leave_team(db, gone, active=False)

    file_report(app.test_client(), answers={'apa': 'Laporan baru'})
    new = db.session.scalar(db.select(WbsReport).where(WbsReport.id != orphan_id))
    assert [a.member_id for a in new.access] == [stays]

    _receipt_login(app, orphan_receipt)  # the reporter returns: the orphan is sealed to the team as it is now
    db.session.expire_all()
    assert [a.member_id for a in db.session.get(WbsReport, orphan_id).access] == [stays]


def test_a_former_member_cannot_be_given_a_report_by_hand(app, client, db):
    first = make_member('Anggota Pertama')
    file_report(app.test_client())
    report = db.session.scalar(db.select(WbsReport))
    gone = make_member('Anggota Nonaktif')
    _leave_team(db, gone.id, active=False)
    unlock(client, first)
    url = f'/staf/wbs/laporan/{report.id}'
    assert f'<option value="{gone.id}"' not in client.get(url).get_data(as_text=True).split('/kecualikan')[0]
    post_form(client, url + '/bagikan', {'s-member_id': gone.id}, form_url=url)
    db.session.expire_all()
    assert [a.member_id for a in db.session.get(WbsReport, report.id).access] == [first.id]


def test_the_language_link_on_wbs_pages_stays_under_wbs(client, db):
    for path in ('/wbs', '/wbs/masuk'):  # /wbs/lapor: the form's own language button (test_reporter_ux.py)
        href = unescape(LANG_LINK.search(client.get(path).get_data(as_text=True)).group(1))
        assert href.startswith('/wbs') and 'lang=en' in href and '/bahasa' not in href, (path, href)
        english = client.get(href)
        assert english.status_code == 200 and '<html lang="en">' in english.get_data(as_text=True), href
        back = unescape(LANG_LINK.search(english.get_data(as_text=True)).group(1))
        assert back.startswith(path) and 'lang=id' in back and 'lang=en' not in back
    assert 'Open a report with its receipt' in client.get(href).get_data(as_text=True)  # English, really
    assert client.get_cookie('lang') is None  # the choice rides in the address, no cookie
    kept = unescape(LANG_LINK.search(client.get('/wbs/masuk?habis=1&lang=id').get_data(as_text=True)).group(1))
    assert kept == '/wbs/masuk?habis=1&lang=en'
    elsewhere = unescape(LANG_LINK.search(client.get('/').get_data(as_text=True)).group(1))
    assert elsewhere.startswith('/bahasa/en')  # other pages keep the cookie switch


def test_the_orphan_adoption_is_audited_with_its_day_only(app, db):
    _, receipt = file_report(app.test_client(), answers={'apa': 'Laporan yatim'})
    make_member()
    _receipt_login(app, receipt)
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == 'wbs.share'))
    assert event.details == {'members': 1, 'reason': 'orphan'} and event.actor_label == 'sistem'
    report = db.session.scalar(db.select(WbsReport))
    assert event.at == datetime.combine(report.access[0].granted_on, time.min)  # the same day as the grant, 00:00


def test_the_totp_secret_is_shown_only_before_setup_is_confirmed_and_each_showing_is_audited(client, db):
    user = login_as(client, 'tim_wbs')
    first = client.get('/staf/wbs/siapkan').get_data(as_text=True)
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', first).group(1)
    assert secret in client.get('/staf/wbs/siapkan').get_data(as_text=True)  # still not confirmed: shown again
    shown = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == 'wbs.totp_shown')).all()
    assert len(shown) == 2 and {e.actor_id for e in shown} == {user.id}
    done = post_form(client, '/staf/wbs/siapkan', {'password': PASSWORD, 'code': pyotp.TOTP(secret).now()})
    assert 'id="recovery-key"' in done.get_data(as_text=True) and secret not in done.get_data(as_text=True)
    count = len(db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == 'wbs.totp_shown')).all())
    after = client.get('/staf/wbs/siapkan')
    assert after.status_code == 302 and secret not in after.get_data(as_text=True)
    assert len(db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == 'wbs.totp_shown')).all()) == count


def test_a_wrong_password_does_not_spend_the_totp_code(client, db):
    member = make_member()
    login_as(client, member.user)
    code = totp_code(member.id)
    wrong = post_form(client, '/staf/wbs/buka', {'password': 'bukan-sandinya-1', 'code': code})
    assert wrong.status_code == 401 and 'salah' in wrong.get_data(as_text=True)
    assert post_form(client, '/staf/wbs/buka', {'password': PASSWORD, 'code': code}).status_code == 302
    replay = post_form(client, '/staf/wbs/buka', {'password': PASSWORD, 'code': code})
    assert replay.status_code == 401  # a code that opened once is spent, and the member is told so
    assert 'sudah dipakai' in replay.get_data(as_text=True) and 'salah' not in replay.get_data(as_text=True)
    wrong = post_form(client, '/staf/wbs/buka', {'password': 'bukan-sandinya-1', 'code': code})
    assert 'salah' in wrong.get_data(as_text=True) and 'sudah dipakai' not in wrong.get_data(as_text=True)


def test_wbs_evidence_files_keep_only_the_day_in_their_file_times(app, db):
    file_report(app.test_client(), files=[('bukti.png', png_bytes())])
    report = db.session.scalar(db.select(WbsReport))
    midnight = datetime.combine(report.files[0].created_on, time.min, tzinfo=UTC).timestamp()
    path = services.file_store().path(report.files[0].store_key)
    info = os.stat(path)
    assert info.st_mtime == midnight and info.st_atime == midnight
    assert os.stat(path.parent).st_mtime == midnight  # nor does the folder tell when the last file arrived


def test_the_name_of_the_person_reported_may_be_left_blank(app, client, db):
    member = make_member()
    form = client.get('/wbs/lapor').get_data(as_text=True)
    assert 'Boleh dikosongkan bila Anda tidak mengetahui namanya' in form
    review = client.post('/wbs/lapor', data=dict(ANSWERS, terlapor_nama='', wbs_csrf=wbs_csrf(client), aksi='tinjau'))
    assert review.status_code == 200 and '(nama tidak diketahui), Kepala Seksi' in review.get_data(as_text=True)
    file_report(client, answers={'terlapor_nama': ''})
    assert '(nama tidak diketahui), Kepala Seksi' in client.get('/wbs/laporan').get_data(as_text=True)
    report = db.session.scalar(db.select(WbsReport))
    team = app.test_client()
    unlock(team, member)
    assert '(nama tidak diketahui), Kepala Seksi' in team.get(f'/staf/wbs/laporan/{report.id}').get_data(as_text=True)


def test_the_review_reads_back_an_unknown_unit_as_unknown_not_as_the_lists_choice(client, db):
    def review(**answers):
        page = client.post('/wbs/lapor', data=dict(ANSWERS, **answers, wbs_csrf=wbs_csrf(client), aksi='tinjau'))
        assert page.status_code == 200
        return re.search(r'<dt>Terlapor</dt><dd>(.*?)</dd>', page.get_data(as_text=True), re.S).group(1)

    unknown = review(terlapor_unit='0', terlapor_unit_lain='')
    assert '(unit tidak diketahui)' in unknown and 'tidak tahu / lainnya' not in unknown
    other = review(terlapor_unit='0', terlapor_unit_lain='Kantor Urusan Agama Kecamatan Uji')
    assert other.endswith('<br>Kantor Urusan Agama Kecamatan Uji') and 'tidak tahu' not in other
