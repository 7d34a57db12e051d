"""The WBS team: TOTP enrolment and key set-up, unlocking, reading, answering, the workflow, sharing and excluding."""
import hashlib
import re

import pyotp
import pytest
from sqlalchemy import select

from portal.models import AuditEvent
from tests.factories import PASSWORD, csrf_token, login_as, make_user, post_form
from tests.wbs.factories import file_report, make_member, png_bytes, totp_code, unlock
from wbs import services
from wbs.models import WbsMember, WbsReport


def _actions(db):
    return [e.action for e in db.session.scalars(db.select(AuditEvent).order_by(AuditEvent.id))]


def test_first_use_enrols_totp_creates_keys_and_shows_the_recovery_key_once(client, db):
    user = login_as(client, 'tim_wbs')
    assert client.get('/staf/wbs/').headers['Location'].endswith('/staf/wbs/siapkan')
    page = client.get('/staf/wbs/siapkan').get_data(as_text=True)
    assert 'data:image/svg+xml;base64,' in page
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', page).group(1)
    member = db.session.scalar(db.select(WbsMember).where(WbsMember.user_id == user.id))
    assert secret.encode() not in member.totp_secret  # encrypted under a server key
    bad = post_form(client, '/staf/wbs/siapkan', {'password': PASSWORD, 'code': '000000'})
    assert 'Kata sandi atau kode autentikator salah' in bad.get_data(as_text=True)
    done = post_form(client, '/staf/wbs/siapkan', {'password': PASSWORD, 'code': pyotp.TOTP(secret).now()})
    recovery = re.search(r'id="recovery-key">([A-Z2-7-]+)<', done.get_data(as_text=True)).group(1)
    db.session.expire_all()
    member = db.session.get(WbsMember, member.id)
    assert member.ready and services.crypto.parse_recovery_key(recovery)
    assert client.get('/staf/wbs/').status_code == 200  # unlocked for this session
    assert client.get('/staf/wbs/siapkan').status_code == 302  # the recovery key is never shown again
    assert {'wbs.unlock_failed', 'wbs.member_setup'} <= set(_actions(db))


def test_each_sign_in_needs_password_and_a_fresh_totp_code(app, client, db):
    member = make_member()
    login_as(client, member.user)
    assert '/staf/wbs/buka' in client.get('/staf/wbs/').headers['Location']
    assert 'salah' in post_form(client, '/staf/wbs/buka', {'password': 'salah-sandi-1',
                                                           'code': totp_code(member.id)}).get_data(as_text=True)
    code = totp_code(member.id)
    assert post_form(client, '/staf/wbs/buka', {'password': PASSWORD, 'code': code}).status_code == 302
    other = app.test_client()
    login_as(other, member.user)
    replay = post_form(other, '/staf/wbs/buka', {'password': PASSWORD, 'code': code})
    assert replay.status_code == 401 and 'sudah dipakai' in replay.get_data(as_text=True)  # a used code is refused


def test_the_team_reads_answers_and_closes_a_report(app, client, db):
    member = make_member()
    reporter = app.test_client()
    file_report(reporter, answers={'apa': 'Isi rahasia laporan'}, files=[('bukti.png', png_bytes())])
    report = db.session.scalar(db.select(WbsReport))
    unlock(client, member)
    listing = client.get('/staf/wbs/').get_data(as_text=True)
    assert report.number in listing and 'Gratifikasi' in listing and 'Isi rahasia' not in listing
    detail = client.get(f'/staf/wbs/laporan/{report.id}')
    html = detail.get_data(as_text=True)
    assert 'Isi rahasia laporan' in html and detail.headers['Cache-Control'] == 'no-store'
    assert re.search(r'\d{2}:\d{2}', html) is None  # team-visible times are days only
    file_id = report.files[0].id
    download = client.get(f'/staf/wbs/laporan/{report.id}/berkas/{file_id}')
    assert download.status_code == 200 and download.data.startswith(b'\x89PNG') and b'bukti' not in download.data
    post_form(client, f'/staf/wbs/laporan/{report.id}/pesan', {'text': 'Mohon kirim foto lain'},
              form_url=f'/staf/wbs/laporan/{report.id}')
    post_form(client, f'/staf/wbs/laporan/{report.id}/catatan', {'text': 'Catatan internal tim'},
              form_url=f'/staf/wbs/laporan/{report.id}')
    page = reporter.get('/wbs/laporan').get_data(as_text=True)
    assert 'Mohon kirim foto lain' in page and 'Catatan internal tim' not in page
    url = f'/staf/wbs/laporan/{report.id}'
    refused = post_form(client, url + '/status', {'status': 'ditelaah'}, form_url=url, follow_redirects=True)
    assert 'Nilai dulu risiko pembalasan' in refused.get_data(as_text=True)
    post_form(client, url + '/status', {'status': 'ditelaah', 'risk': 'tinggi',
                                        'risk_note': 'Hanya dua pegawai tahu kejadian ini.'}, form_url=url)
    db.session.expire_all()
    assert db.session.get(WbsReport, report.id).status == 'ditelaah'
    page = client.get(url).get_data(as_text=True)  # a sealed team note, never shown to the reporter
    assert 'Penilaian risiko pembalasan: Tinggi. Hanya dua pegawai tahu kejadian ini.' in page
    assert 'risiko pembalasan' not in reporter.get('/wbs/laporan').get_data(as_text=True)
    assert all(b'Hanya dua pegawai' not in m.body for m in db.session.get(WbsReport, report.id).messages)
    refused = post_form(client, url + '/status', {'status': 'selesai'}, form_url=url, follow_redirects=True)
    assert 'Pilih hasil penanganan' in refused.get_data(as_text=True)
    refused = post_form(client, url + '/status', {'status': 'selesai', 'outcome': 'terbukti', 'feedback': ' '},
                        form_url=url, follow_redirects=True)
    assert 'Tulis umpan balik untuk pelapor' in refused.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(WbsReport, report.id).status == 'ditelaah'
    post_form(client, url + '/status', {'status': 'selesai', 'outcome': 'terbukti',
                                        'feedback': 'Laporan Anda terbukti; terlapor dijatuhi hukuman disiplin.',
                                        'lessons': 'Penerimaan tamu di ruang rapat kini dicatat.'}, form_url=url)
    db.session.expire_all()
    report = db.session.get(WbsReport, report.id)
    assert report.status == 'selesai' and report.outcome == 'terbukti' and report.closed_on is not None
    page = reporter.get('/wbs/laporan').get_data(as_text=True)  # the feedback reaches the reporter, not the lessons
    assert 'Selesai' in page and 'Laporan Anda terbukti; terlapor dijatuhi hukuman disiplin.' in page
    assert 'Penerimaan tamu' not in page
    team_page = client.get(url).get_data(as_text=True)
    assert 'Pelajaran dan perbaikan: Penerimaan tamu di ruang rapat kini dicatat.' in team_page
    assert all(b'Penerimaan tamu' not in m.body and b'hukuman' not in m.body for m in report.messages)  # sealed
    closing = db.session.scalars(select(AuditEvent).where(AuditEvent.action == 'wbs.status')).all()[-1]
    assert closing.details['feedback'] is True and closing.details['lessons'] is True
    assert 'hukuman' not in str(closing.details) and 'Penerimaan' not in str(closing.details)
    actions = _actions(db)
    for action in ('wbs.unlock', 'wbs.list', 'wbs.read', 'wbs.download', 'wbs.message', 'wbs.note', 'wbs.status'):
        assert action in actions, action


def test_a_member_added_later_reads_once_shared_and_an_excluded_member_sees_nothing(app, client, db):
    first = make_member('Anggota Pertama')
    file_report(app.test_client(), answers={'apa': 'Laporan untuk dibagikan'})
    report = db.session.scalar(db.select(WbsReport))
    late = make_member('Anggota Baru')
    late_client = app.test_client()
    unlock(late_client, late)
    assert 'belum dibagikan' in late_client.get(f'/staf/wbs/laporan/{report.id}').get_data(as_text=True)
    assert late_client.get(f'/staf/wbs/laporan/{report.id}/berkas/1').status_code == 404
    unlock(client, first)
    url = f'/staf/wbs/laporan/{report.id}'
    post_form(client, url + '/bagikan', {'s-member_id': late.id}, form_url=url)
    assert 'Laporan untuk dibagikan' in late_client.get(url).get_data(as_text=True)
    post_form(client, url + '/kecualikan', {'x-member_id': late.id, 'x-yakin': '1'}, form_url=url)
    assert late_client.get(url).status_code == 404
    assert report.number not in late_client.get('/staf/wbs/').get_data(as_text=True)
    assert {'wbs.share', 'wbs.exclude'} <= set(_actions(db))


def test_password_change_rewraps_and_the_recovery_key_rescues_an_admin_reset(app, client, db):
    member = make_member()
    login_as(client, member.user)
    new = 'sandi-baru-67890'
    response = post_form(client, '/staf/sandi', {'current': PASSWORD, 'new': new, 'confirm': new})
    assert response.status_code == 302
    db.session.expire_all()
    fresh = db.session.get(WbsMember, member.id)
    services.crypto.unwrap_with_password(fresh.pw_wrapped, fresh.pw_salt,
                                         services.crypto.Params(fresh.pw_ops, fresh.pw_mem), new)
    # An admin resets the password: the wrapped key no longer opens, the recovery key does.
    from portal.passwords import hash_password
    fresh.user.password_hash = hash_password('reset-oleh-admin-1')
    db.session.commit()
    other = app.test_client()
    login_as(other, fresh.user, password='reset-oleh-admin-1')
    stuck = post_form(other, '/staf/wbs/buka', {'password': 'reset-oleh-admin-1', 'code': totp_code(member.id)})
    assert 'kunci pemulihan' in stuck.get_data(as_text=True).lower()
    done = post_form(other, '/staf/wbs/pulihkan', {'recovery': member.recovery_text.lower(),
                                                    'password': 'reset-oleh-admin-1', 'code': totp_code(member.id)})
    assert done.status_code == 302
    assert other.get('/staf/wbs/').status_code == 200


def test_the_unlocked_key_expires_after_idle_minutes(client, monkeypatch):
    member = make_member()
    unlock(client, member)
    assert client.get('/staf/wbs/').status_code == 200
    import time as time_module
    real = time_module.time
    monkeypatch.setattr(time_module, 'time', lambda: real() + 31 * 60)
    assert '/staf/wbs/buka' in client.get('/staf/wbs/').headers['Location']


def test_the_unlocked_key_is_not_readable_in_the_session_cookie(app, client):
    member = make_member()
    unlock(client, member)
    cookie = client.get_cookie('portal_session').value
    from flask.sessions import TaggedJSONSerializer
    from itsdangerous import URLSafeTimedSerializer
    data = URLSafeTimedSerializer(app.secret_key, salt='cookie-session', serializer=TaggedJSONSerializer(),
                                  signer_kwargs={'key_derivation': 'hmac', 'digest_method': hashlib.sha1}).loads(cookie)
    blob = data['wbs_unlock']
    with db_private(member) as private_hex:
        assert private_hex not in blob


class db_private:
    """The member's private key in hex, for the check above (opened with the test password)."""

    def __init__(self, member):
        self.member = member

    def __enter__(self):
        m = self.member
        return bytes(services.crypto.unwrap_with_password(m.pw_wrapped, m.pw_salt,
                                                          services.crypto.Params(m.pw_ops, m.pw_mem),
                                                          PASSWORD)).hex()

    def __exit__(self, *exc):
        return False


def test_non_wbs_roles_get_403_on_every_team_route(app, db):
    member = make_member()
    file_report(app.test_client())
    report = db.session.scalar(db.select(WbsReport))
    rules = [r for r in app.url_map.iter_rules() if r.endpoint.startswith('wbs_staff.')]
    assert len(rules) >= 10
    for role in ('superadmin', 'admin_unit', 'petugas_pengaduan', 'pimpinan'):
        client = app.test_client()
        login_as(client, make_user(role))
        token = csrf_token(client, '/staf/sandi')
        for rule in rules:
            values = {'report_id': report.id, 'file_id': 1, 'kind': 'pesan', 'action': 'bagikan',
                      'member_id': member.id}
            url = rule.build({k: values[k] for k in rule.arguments})[1]
            for method in rule.methods - {'HEAD', 'OPTIONS'}:
                response = client.open(url, method=method, data={'csrf_token': token})
                assert response.status_code in (403, 404), (role, method, url, response.status_code)
    anonymous = app.test_client().get('/staf/wbs/')
    assert anonymous.status_code == 302 and '/staf/masuk' in anonymous.headers['Location']
    assert member.user.role == 'tim_wbs'


def test_the_staff_nav_shows_wbs_to_tim_wbs_only(app, client):
    login_as(client, 'tim_wbs')
    assert '/staf/wbs/' in client.get('/staf/').get_data(as_text=True)
    other = app.test_client()
    login_as(other, 'pimpinan')
    assert '/staf/wbs/' not in other.get('/staf/').get_data(as_text=True)


def test_a_report_filed_before_any_member_had_keys_reaches_the_team_when_the_reporter_returns(app, client, db):
    from tests.factories import PASSWORD
    from tests.wbs.factories import file_report, make_member, wbs_csrf
    from wbs import services
    from wbs.models import WbsMember, WbsReport
    _, receipt = file_report(client, answers={'apa': 'Laporan yatim'})
    report = db.session.scalar(db.select(WbsReport))
    assert report.access == []  # nobody on the team can read it yet
    member_id = make_member().id
    reporter = app.test_client()
    response = reporter.post('/wbs/masuk', data={'tanda_terima': receipt,
                                                 'wbs_csrf': wbs_csrf(reporter, '/wbs/masuk')})
    assert response.status_code == 302
    db.session.expire_all()
    report, member = db.session.get(WbsReport, report.id), db.session.get(WbsMember, member_id)
    assert [a.member_id for a in report.access] == [member.id]
    member_private = services.crypto.unwrap_with_password(member.pw_wrapped, member.pw_salt,
                                                          services.crypto.Params(member.pw_ops, member.pw_mem),
                                                          PASSWORD)
    private = services.report_key(report, member, member_private)
    assert services.read_content(report, private)['apa'] == 'Laporan yatim'


def test_refused_team_pages_are_not_cached_either(client):
    from tests.factories import login_as
    response = client.get('/staf/wbs/')
    assert response.status_code == 302 and response.headers['Cache-Control'] == 'no-store'
    login_as(client, 'pimpinan')
    response = client.get('/staf/wbs/')
    assert response.status_code == 403
    assert response.headers['Referrer-Policy'] == 'no-referrer' and response.headers['Cache-Control'] == 'no-store'


def test_the_list_shows_when_the_reporter_waits_for_an_answer(app, client, db):
    """From clear metadata only (the messages' kinds and order): a reporter's reply the team has not answered is
    marked on the list, and the mark goes once a member answers."""
    from tests.wbs.factories import reporter_hidden
    member = make_member()
    reporter = app.test_client()
    file_report(reporter, answers={'apa': 'Laporan yang ditanggapi'})
    report = db.session.scalar(db.select(WbsReport))
    unlock(client, member)
    url = f'/staf/wbs/laporan/{report.id}'
    post_form(client, url + '/pesan', {'text': 'Kapan kejadiannya?'}, form_url=url)
    assert f'id="menunggu-{report.id}"' not in client.get('/staf/wbs/').get_data(as_text=True)
    sent = reporter.post('/wbs/laporan', data={'pesan': 'Pekan lalu, Senin pagi.', **reporter_hidden(reporter)})
    assert sent.status_code == 303
    listing = client.get('/staf/wbs/').get_data(as_text=True)
    assert f'id="menunggu-{report.id}"' in listing and 'Pelapor menunggu balasan' in listing
    assert 'Senin pagi' not in listing
    post_form(client, url + '/catatan', {'text': 'Cek jadwal piket.'}, form_url=url)  # a note is no answer
    assert f'id="menunggu-{report.id}"' in client.get('/staf/wbs/').get_data(as_text=True)
    post_form(client, url + '/pesan', {'text': 'Terima kasih, kami periksa.'}, form_url=url)
    assert f'id="menunggu-{report.id}"' not in client.get('/staf/wbs/').get_data(as_text=True)


def test_a_new_tim_wbs_account_gets_no_report_until_a_member_lets_it_in(app, db):
    # an audit made a tim_wbs account as superadmin, set it up and read every new report, identity included
    first = make_member(name='Anggota Lama')
    newcomer = make_member(name='Akun Baru', admitted=False)
    file_report(app.test_client())
    before = db.session.scalar(db.select(WbsReport))
    assert [a.member_id for a in before.access] == [first.id]  # sealed to the team only
    new_client = app.test_client()
    unlock(new_client, newcomer)
    page = new_client.get('/staf/wbs/').get_data(as_text=True)
    assert 'menunggu persetujuan anggota tim' in page and before.number not in page
    assert new_client.get(f'/staf/wbs/laporan/{before.id}').status_code in (403, 404)
    team = app.test_client()
    unlock(team, first)
    listing = team.get('/staf/wbs/').get_data(as_text=True)
    assert 'Akun Baru' in listing and 'Terima ke tim' in listing
    url = f'/staf/wbs/anggota/{newcomer.id}/terima'
    token = csrf_token(team, '/staf/wbs/')
    team.post(url, data={'csrf_token': token})  # not ticked: nothing changes
    db.session.expire_all()
    assert newcomer.admitted_on is None
    team.post(url, data={'csrf_token': token, 'yakin': '1'})
    db.session.expire_all()
    assert newcomer.admitted_on is not None
    assert db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == 'wbs.member_admitted')).actor_id == \
        first.user.id
    file_report(app.test_client())
    after = db.session.scalar(db.select(WbsReport).order_by(WbsReport.id.desc()))
    assert sorted(a.member_id for a in after.access) == sorted([first.id, newcomer.id])
    # a waiting member cannot admit anyone, and the first member of an empty team founds it
    user = make_user('tim_wbs', name='Pendiri')
    with app.test_request_context():
        db.session.execute(db.update(WbsMember).values(admitted_on=None))
        founder = services.start_setup(user)
        code = pyotp.TOTP(services.enrolment_secret(founder)).now()
        services.finish_setup(founder, PASSWORD, code)
        assert founder.admitted_on is not None
        with pytest.raises(services.WbsError):
            services.admit(first, newcomer)
    db.session.rollback()
