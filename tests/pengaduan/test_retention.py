"""Retention of complainants' personal data (UU 27/2022): once the office sets
PENGADUAN_RETENTION_DAYS, the daily task (and `flask --app portal pengaduan retention`) removes the name, contact,
the person reported and the attachments of complaints closed longer than that; the complaint stays as a record and in
the figures. Off until the office sets it; never sooner than 30 days after closing."""
from datetime import date

import pytest
from sqlalchemy import func, select

from pengaduan import jobs, services
from pengaduan.models import Attachment, Complaint, ComplaintEvent
from portal import create_app
from portal.models import AuditEvent
from portal.uploads import inspect, store_for
from tests.factories import login_as
from tests.pengaduan.factories import make_complaint, make_tree, walk
from tests.pengaduan.test_uploads import png_bytes

CLOSED = date(2026, 3, 3)  # the complainant accepts the follow-up on this day


def _with_personal_data(app, db, t):
    """Filed through services.submit with every personal field and one attachment, then closed on CLOSED."""
    sub = services.Submission(kind='pengaduan', category='waktu', unit_id=t['kota'].id, layanan_id=None,
                              title='Pungutan di loket', text='Petugas meminta uang tambahan.', place='Loket',
                              event_date=date(2026, 3, 1), terlapor='Pak Fulan', privacy='biasa', name='Siti Warga',
                              email='siti@uji.test', phone='081234567890', consent=True,
                              files=[inspect('ktp.png', png_bytes())])
    complaint, code = services.submit(sub, today=date(2026, 3, 2))
    db.session.commit()
    walk(complaint, ['verifikasi', 'proses', 'tindak_lanjut', 'terima'], t['p_kota'], CLOSED)
    key = complaint.attachments[0].key
    assert store_for(app, 'pengaduan').path(key).exists()
    return complaint, code, key


def test_nothing_is_removed_before_the_period_or_while_it_is_not_set(app, db):
    t = make_tree()
    complaint, _code, _key = _with_personal_data(app, db, t)
    assert app.config.get('PENGADUAN_RETENTION_DAYS') is None
    assert jobs.retention_job() == 0  # not set: the daily task leaves everything
    assert services.forget_personal_data(90, today=date(2026, 6, 1)) == (0, [])  # 90 days after 3 March: 1 June
    db.session.refresh(complaint)
    assert (complaint.name, complaint.email, complaint.phone, complaint.terlapor) == (
        'Siti Warga', 'siti@uji.test', '081234567890', 'Pak Fulan')
    with pytest.raises(ValueError):
        services.forget_personal_data(29)


def test_the_command_removes_personal_data_of_complaints_closed_long_enough(app, db, runner, client):
    t = make_tree()
    old, code, key = _with_personal_data(app, db, t)
    recent, _ = make_complaint(t['kota'], today=date(2026, 5, 25))
    walk(recent, ['verifikasi', 'proses', 'tindak_lanjut', 'terima'], t['p_kota'], date(2026, 5, 26))
    still_open, _ = make_complaint(t['kota'], today=date(2026, 1, 5))
    result = runner.invoke(args=['pengaduan', 'retention', '--days', '90', '--today', '2026-06-02'])
    assert result.exit_code == 0, result.output
    assert '1 pengaduan: data pribadi dihapus (ditutup lebih dari 90 hari).' in result.output
    db.session.expire_all()
    old = db.session.get(Complaint, old.id)
    assert (old.name, old.email, old.phone, old.terlapor, old.consent) == (None, None, None, None, False)
    assert old.status == 'selesai' and old.text == 'Petugas meminta uang tambahan.' and old.closed_on == CLOSED
    assert db.session.scalar(select(func.count()).select_from(Attachment)) == 0
    assert not store_for(app, 'pengaduan').path(key).exists()
    for other in (recent, still_open):
        assert db.session.get(Complaint, other.id).name == 'Siti Warga'
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == 'pengaduan.retensi'))
    assert event.object_id == str(old.id) and event.actor_label == 'sistem'
    assert event.details == {'closed_on': '2026-03-03', 'days': 90, 'files': 1, 'screened': 0}
    # again: nothing left to remove
    again = runner.invoke(args=['pengaduan', 'retention', '--days', '90', '--today', '2026-06-02'])
    assert '0 pengaduan' in again.output
    # the complainant's tracking page still shows the complaint; staff see why the identity is gone
    assert 'Pungutan di loket' in client.get(f'/pengaduan/lacak/{code}').get_data(as_text=True)
    login_as(client, t['p_kota'])
    page = client.get(f'/staf/pengaduan/{old.id}').get_data(as_text=True)
    assert 'Dihapus setelah masa retensi (UU 27/2022)' in page and 'siti@uji.test' not in page


def test_the_daily_task_uses_the_offices_setting(app, db, monkeypatch):
    t = make_tree()
    complaint, _code, _key = _with_personal_data(app, db, t)
    monkeypatch.setitem(app.config, 'PENGADUAN_RETENTION_DAYS', 30)
    monkeypatch.setattr(services, 'today_local', lambda: date(2026, 4, 3))  # 31 days after closing
    assert jobs.retention_job() == 1
    db.session.expire_all()
    assert db.session.get(Complaint, complaint.id).email is None


def test_the_command_asks_for_a_period_when_none_is_set(app, db, runner):
    result = runner.invoke(args=['pengaduan', 'retention'])
    assert result.exit_code != 0 and 'Masa retensi belum ditetapkan' in result.output
    short = runner.invoke(args=['pengaduan', 'retention', '--days', '7'])
    assert short.exit_code != 0 and '30' in short.output


def test_a_period_under_30_days_stops_startup_and_the_form_tells_the_period(app, db, client, tmp_path,
                                                                            monkeypatch):
    from portal.config import ConfigError
    monkeypatch.setenv('PORTAL_INSTANCE_PATH', str(tmp_path))
    base = {'SECRET_KEY': 'x', 'DATABASE_URL': f'sqlite:///{tmp_path}/a.db'}
    with pytest.raises(ConfigError) as caught:
        create_app(dict(base, PENGADUAN_RETENTION_DAYS=10))
    assert 'PENGADUAN_RETENTION_DAYS=10' in str(caught.value) and 'paling sedikit 30 hari' in str(caught.value)
    monkeypatch.setenv('PORTAL_PENGADUAN_RETENTION_DAYS', '730')
    assert create_app(base).config['PENGADUAN_RETENTION_DAYS'] == 730
    make_tree()
    assert 'dihapus 730 hari setelah pengaduan ditutup' not in client.get('/pengaduan/baru').get_data(as_text=True)
    monkeypatch.setitem(app.config, 'PENGADUAN_RETENTION_DAYS', 730)
    assert 'dihapus 730 hari setelah pengaduan ditutup' in client.get('/pengaduan/baru').get_data(as_text=True)



def test_the_identity_the_fields_named_is_screened_out_of_the_text_and_the_notes(app, db, runner):
    t = make_tree()
    complaint, _code, _key = _with_personal_data(app, db, t)  # Siti Warga, siti@uji.test, 081234567890, Pak Fulan
    complaint.text = ('Saya Siti Warga (hubungi 0812-3456-7890 atau SITI@uji.test) melapor: pak fulan meminta uang. '
                      'Pelayanan tidak ramah kepada warga.')
    complaint.place = 'Loket 2, dekat meja Pak Fulan'
    complaint.follow_up = 'Ibu Siti telah kami hubungi di +62 812 3456 7890.'
    complaint.rating_comment = 'Terima kasih, Siti puas.'
    complaint.title = 'Ani x ' * 33  # 198 characters: screened, it must still fit its column (200)
    complaint.name = 'Ani Siti Warga'
    db.session.add(ComplaintEvent(complaint=complaint, kind='catatan', actor_kind='staf', public=False,
                                  note='Sudah ditelepon ke 6281234567890; Siti minta identitas dirahasiakan.'))
    db.session.commit()
    result = runner.invoke(args=['pengaduan', 'retention', '--days', '90', '--today', '2026-06-02'])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    kept = db.session.get(Complaint, complaint.id)
    assert kept.text == ('Saya [dihapus] (hubungi [dihapus] atau [dihapus]) melapor: [dihapus] meminta uang. '
                         'Pelayanan tidak ramah kepada warga.')  # "warga" as a word of the sentence stays
    assert kept.place == 'Loket 2, dekat meja [dihapus]'
    assert kept.follow_up == 'Ibu [dihapus] telah kami hubungi di [dihapus].'
    assert kept.rating_comment == 'Terima kasih, [dihapus] puas.'
    assert len(kept.title) == 200 and 'Ani' not in kept.title and kept.title.startswith('[dihapus] x [dihapus] x')
    notes = [e.note for e in kept.events if e.note and 'ditelepon' in e.note]
    assert notes == ['Sudah ditelepon ke [dihapus]; [dihapus] minta identitas dirahasiakan.']
    others = [e.note for e in kept.events if e.note and 'ditelepon' not in e.note]
    assert others and all(note.endswith('Keterangan uji.') for note in others)  # the workflow's, untouched
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == 'pengaduan.retensi'))
    assert event.details['screened'] == 44  # 33 in the title, 5 in the text, 1 place, 2 follow-up, 1 rating, 2 note
