"""Every transition rule of the table, the one check, and what a transition records (event, audit, deadlines)."""
from datetime import date

import pytest
from sqlalchemy import select

from pengaduan import services, workflow
from pengaduan.models import ComplaintEvent
from pengaduan.workflow import COMPLAINANT, STAFF, SYSTEM, WorkflowError, check
from portal.models import AuditEvent
from tests.pengaduan.factories import make_complaint, make_tree, walk

EXPECTED = {  # (action, actor): {source: target}; everything else is refused
    ('verifikasi', STAFF): {'baru': 'terverifikasi'},
    # from menunggu_informasi only when paused before verification (the checks below pause from 'diproses')
    ('tolak', STAFF): {'baru': 'ditolak'},
    ('minta_informasi', STAFF): dict.fromkeys(('baru', 'terverifikasi', 'diproses', 'dibuka_kembali'),
                                              'menunggu_informasi'),
    ('lengkapi_informasi', COMPLAINANT): {'menunggu_informasi': 'diproses'},
    ('lanjutkan', STAFF): {'menunggu_informasi': 'diproses'},
    ('proses', STAFF): {'terverifikasi': 'diproses', 'dibuka_kembali': 'diproses'},
    ('tindak_lanjut', STAFF): {'diproses': 'ditindaklanjuti'},
    ('terima', COMPLAINANT): {'ditindaklanjuti': 'selesai'},
    ('bantah', COMPLAINANT): {'ditindaklanjuti': 'dibuka_kembali'},
    ('tutup_otomatis', SYSTEM): {'ditindaklanjuti': 'selesai'},
}


def test_the_table_holds_exactly_the_expected_transitions():
    assert set(workflow.STATES) == {'baru', 'terverifikasi', 'ditolak', 'diproses', 'menunggu_informasi',
                                    'ditindaklanjuti', 'dibuka_kembali', 'selesai'}
    assert {(t.action, t.actor) for t in workflow.TRANSITIONS.values()} == set(EXPECTED)


@pytest.mark.parametrize('action,actor', sorted(EXPECTED))
def test_every_state_is_allowed_or_refused_as_the_table_says(action, actor):
    for state in workflow.STATES:
        target = EXPECTED[(action, actor)].get(state)
        if target is None:
            with pytest.raises(WorkflowError, match='tidak diizinkan'):
                check(state, action, actor, note='x', resume_status='diproses')
        else:
            assert check(state, action, actor, note='x', resume_status='diproses')[1] == target


def test_the_wrong_actor_is_refused():
    with pytest.raises(WorkflowError, match='tidak dapat dilakukan oleh pengadu'):
        check('baru', 'verifikasi', COMPLAINANT)
    with pytest.raises(WorkflowError, match='oleh staf'):
        check('ditindaklanjuti', 'terima', STAFF)


def test_a_note_is_required_where_the_table_says_so():
    for action in ('tolak', 'minta_informasi', 'tindak_lanjut'):
        t = workflow.TRANSITIONS[action]
        with pytest.raises(WorkflowError, match='memerlukan keterangan'):
            check(t.sources[0], action, t.actor, note='  ')


def test_resuming_returns_to_the_state_before_the_pause():
    assert check('menunggu_informasi', 'lanjutkan', STAFF, resume_status='baru')[1] == 'baru'
    with pytest.raises(WorkflowError):
        check('menunggu_informasi', 'lanjutkan', STAFF, resume_status=None)


def test_unknown_actions_are_refused():
    with pytest.raises(WorkflowError, match='tidak dikenal'):
        check('baru', 'hapus', STAFF)


def test_a_transition_records_actor_time_note_visibility_and_an_audit_row(app):
    t = make_tree()
    c, _ = make_complaint(t['kanwil'])
    event = services.transition(c, 'verifikasi', actor_kind=STAFF, user=t['p_kanwil'], unit_id=t['kota'].id,
                                officer_id=t['p_kota'].id, note='Mohon segera.', today=date(2026, 3, 3))
    assert (event.actor_id, event.public, event.from_status, event.to_status) == \
        (t['p_kanwil'].id, True, 'baru', 'terverifikasi')
    assert event.at is not None and 'Kemenag Kota Uji' in event.note and 'Mohon segera.' in event.note
    assert c.handling_unit_id == t['kota'].id and c.officer_id == t['p_kota'].id
    assert c.followup_due == date(2026, 3, 10) and c.next_due == date(2026, 3, 10)
    audit = select(AuditEvent).where(AuditEvent.action == 'pengaduan.verifikasi')
    assert services.db.session.scalars(audit).one().object_id == str(c.id)


def test_a_disallowed_transition_is_refused_and_changes_nothing(app):
    t = make_tree()
    c, _ = make_complaint(t['kanwil'])
    with pytest.raises(WorkflowError, match='tidak diizinkan pada status "Diterima"'):
        services.transition(c, 'tindak_lanjut', actor_kind=STAFF, user=t['p_kanwil'], note='x')
    services.db.session.rollback()
    assert c.status == 'baru'


def test_only_the_receiving_unit_verifies(app):
    t = make_tree()
    c, _ = make_complaint(t['kota'])
    with pytest.raises(WorkflowError, match='Anda tidak berwenang'):
        services.transition(c, 'verifikasi', actor_kind=STAFF, user=t['p_seluma'], unit_id=t['seluma'].id)
    c2, _ = make_complaint(t['kanwil'])
    walk(c2, ['verifikasi'], t['p_kanwil'], date(2026, 3, 3), unit=t['kota'])
    walk(c2, ['minta_informasi'], t['p_kota'], date(2026, 3, 3))
    for user in (t['p_kota'], t['p_kanwil']):  # verified: no one may reject it any more, not even the receiving unit
        with pytest.raises(WorkflowError, match='informasi diminta pada status'):
            services.transition(c2, 'tolak', actor_kind=STAFF, user=user, note='x')


def test_waiting_for_information_pauses_the_clock(app):
    t = make_tree()
    c, _ = make_complaint(t['kanwil'], today=date(2026, 3, 2))
    assert c.verify_due == date(2026, 3, 5)
    walk(c, ['minta_informasi'], t['p_kanwil'], date(2026, 3, 3))
    assert c.next_due is None and c.paused_on == date(2026, 3, 3)
    services.transition(c, 'lengkapi_informasi', actor_kind=COMPLAINANT, note='Tanggal 1 Maret jam 9.',
                        today=date(2026, 3, 10))
    # paused Tue 3 to Tue 10 March: 5 HK; two HK (4, 5 March) were left, now 11 and 12 March
    assert c.status == 'baru' and c.verify_due == date(2026, 3, 12) and c.final_due == date(2026, 5, 8)
    public = [e for e in c.events if e.public]
    assert public[-1].actor_kind == COMPLAINANT and public[-1].unit_id is None


def test_the_whole_path_with_a_contest_and_a_second_follow_up(app):
    t = make_tree()
    c, _ = make_complaint(t['kanwil'], today=date(2026, 3, 2))
    walk(c, ['verifikasi'], t['p_kanwil'], date(2026, 3, 3), unit=t['kota'])
    walk(c, ['proses', 'tindak_lanjut'], t['p_kota'], date(2026, 3, 5))
    assert c.autoclose_on == date(2026, 3, 20)  # 10 HK after Thursday 5 March (19 March is Nyepi)
    walk(c, ['bantah'], None, date(2026, 3, 6))
    assert c.status == 'dibuka_kembali' and c.autoclose_on is None and c.followup_due == date(2026, 3, 13)
    walk(c, ['proses', 'tindak_lanjut'], t['p_kota'], date(2026, 3, 9))
    walk(c, ['terima'], None, date(2026, 3, 10))
    assert c.status == 'selesai' and c.closed_on == date(2026, 3, 10) and c.days_to_close == 8
    kinds = [e.action for e in services.db.session.scalars(select(ComplaintEvent).order_by(ComplaintEvent.id))]
    assert kinds == ['diajukan', 'verifikasi', 'proses', 'tindak_lanjut', 'bantah', 'proses', 'tindak_lanjut',
                     'terima']


def test_rating_only_once_and_only_when_closed(app):
    t = make_tree()
    c, _ = make_complaint(t['kanwil'])
    with pytest.raises(WorkflowError, match='setelah pengaduan ditutup'):
        services.rate(c, 5, '')
    walk(c, ['tolak'], t['p_kanwil'], date(2026, 3, 3))
    services.rate(c, 4, 'Jelas alasannya.')
    with pytest.raises(WorkflowError, match='sudah diberikan'):
        services.rate(c, 5, '')
    with pytest.raises(Exception, match='1 sampai 5'):
        c.rating = None
        services.rate(c, 9, '')


def test_a_late_verification_stays_late_after_a_pause(app):
    from pengaduan import queries
    t = make_tree()
    c, _ = make_complaint(t['kota'], today=date(2026, 3, 2))
    assert c.verify_due == date(2026, 3, 5)
    walk(c, ['verifikasi'], t['p_kota'], date(2026, 3, 10))  # late: due 5 March
    assert c.followup_due == date(2026, 3, 17)
    walk(c, ['minta_informasi'], t['p_kota'], date(2026, 3, 10))
    walk(c, ['lanjutkan'], t['p_kota'], date(2026, 4, 10))
    cal = services.calendar()
    assert c.status == 'terverifikasi' and c.paused_on is None and c.resume_status is None
    assert c.verify_due == date(2026, 3, 5)  # the verification was made before the pause: not moved
    # the follow-up clock was running: moved by the HK of the pause; the 60 days by its calendar days
    assert c.followup_due == cal.add_working_days(date(2026, 3, 17),
                                                  cal.working_days_between(date(2026, 3, 10), date(2026, 4, 10)))
    assert c.final_due == date(2026, 5, 1) + (date(2026, 4, 10) - date(2026, 3, 10))
    m = queries.monitoring(None, None, None, today=date(2026, 4, 10))
    assert m['verified_within_3hk'] == {'count': 0, 'of': 1, 'share': 0.0}


def test_rejection_from_a_pause_only_when_it_began_before_verification():
    assert check('menunggu_informasi', 'tolak', STAFF, note='x', resume_status='baru')[1] == 'ditolak'
    for before in ('terverifikasi', 'diproses', 'dibuka_kembali'):
        with pytest.raises(WorkflowError, match='informasi diminta pada status'):
            check('menunggu_informasi', 'tolak', STAFF, note='x', resume_status=before)
        assert 'tolak' not in [t.action for t in workflow.allowed('menunggu_informasi', STAFF, before)]
    assert 'tolak' in [t.action for t in workflow.allowed('menunggu_informasi', STAFF, 'baru')]


def test_a_rejection_during_a_pause_ends_the_pause(app):
    t = make_tree()
    c, _ = make_complaint(t['kota'], today=date(2026, 3, 2))
    walk(c, ['minta_informasi'], t['p_kota'], date(2026, 3, 3))
    walk(c, ['tolak'], t['p_kota'], date(2026, 3, 10))
    assert c.status == 'ditolak' and c.paused_on is None and c.resume_status is None
    # the verification clock stood still from 3 to 10 March (5 HK): the rejection on the 10th is in time
    assert c.verify_due == date(2026, 3, 12) and c.verified_on == date(2026, 3, 10) and c.next_due is None


@pytest.mark.parametrize(('reason', 'note', 'referral', 'expected'), [
    ('tidak jelas', ' Kronologi tidak ada. ', '', 'Alasan: tidak jelas. Kronologi tidak ada.'),
    ('duplikat', '', None, 'Alasan: duplikat.'),
    ('di luar kewenangan', 'Soal tanah.', ' BPN Kota ',
     'Alasan: di luar kewenangan. Soal tanah. Silakan menghubungi: BPN Kota.'),
])
def test_rejection_note(reason, note, referral, expected):
    assert workflow.rejection_note(reason, note, referral) == expected


@pytest.mark.parametrize(('reason', 'referral'), [('', ''), (None, 'x'), ('lain', 'x'), ('di luar kewenangan', ' ')])
def test_rejection_note_refuses_a_missing_reason_or_referral(reason, referral):
    with pytest.raises(WorkflowError):
        workflow.rejection_note(reason, 'catatan', referral)
