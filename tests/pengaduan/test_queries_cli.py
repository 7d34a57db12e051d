"""The monitoring figures for analytics/, and the daily commands close-stale and remind (emails to unit heads)."""
from datetime import date

from pengaduan import queries
from pengaduan.models import Complaint
from portal.extensions import db
from tests.pengaduan.factories import make_complaint, make_tree, walk


def _scenario(t):
    a, _ = make_complaint(t['kanwil'], today=date(2026, 3, 2), kind='aspirasi')
    walk(a, ['verifikasi'], t['p_kanwil'], date(2026, 3, 4), unit=t['kota'])  # in time (due 5 March)
    walk(a, ['proses', 'tindak_lanjut'], t['p_kota'], date(2026, 3, 10))  # due 11 March: in time
    walk(a, ['terima'], None, date(2026, 3, 12))  # closed after 10 days
    a.rating = 4
    b, _ = make_complaint(t['kota'], today=date(2026, 3, 2))
    walk(b, ['verifikasi'], t['p_kota'], date(2026, 3, 9))  # late (due 5 March)
    walk(b, ['proses', 'tindak_lanjut'], t['p_kota'], date(2026, 3, 30))  # late (due 16 March)
    walk(b, ['terima'], None, date(2026, 3, 31))  # 29 days
    b.rating = 2
    c, _ = make_complaint(t['seluma'], today=date(2026, 3, 2), category='biaya')  # never touched: overdue
    db.session.commit()
    return a, b, c


def test_monitoring_figures(app):
    t = make_tree()
    _scenario(t)
    m = queries.monitoring(None, None, None, today=date(2026, 4, 1))
    assert m['total'] == 3
    assert m['by_status'] == {'selesai': 2, 'baru': 1}
    assert m['by_kind'] == {'aspirasi': 1, 'pengaduan': 2}
    assert m['by_category']['biaya'] == 1
    assert m['by_unit'] == {t['kota'].id: 2, t['seluma'].id: 1}
    # c, never verified, missed its 3 HK already (due 5 March): it counts against the share before anyone acts
    assert m['verified_within_3hk'] == {'count': 1, 'of': 3, 'share': 1 / 3}
    assert m['followed_up_within_5hk'] == {'count': 1, 'of': 2, 'share': 0.5}
    assert m['median_days_to_close'] == 19.5
    assert m['closed_within_60_days'] == {'count': 2, 'of': 2, 'share': 1.0}  # c's 60 days run until 1 May
    later = queries.monitoring(None, None, None, today=date(2026, 6, 1))
    assert later['closed_within_60_days'] == {'count': 2, 'of': 3, 'share': 2 / 3}
    assert m['satisfaction'] == {'mean': 3.0, 'count': 2}
    assert m['overdue'] == 1


def test_a_contested_follow_up_keeps_its_rounds_deadlines(app):
    """domain.md section 4: followed up within 5 HK of the disposition. A complaint counts on time only if every
    round was: the complainant contesting a late follow-up does not make it on time, and a new round owed past its
    deadline is missed even though an earlier round was sent."""
    t = make_tree()
    late, _ = make_complaint(t['kota'], today=date(2026, 3, 2))
    walk(late, ['verifikasi', 'proses'], t['p_kota'], date(2026, 3, 3))  # follow-up due 10 March
    walk(late, ['tindak_lanjut'], t['p_kota'], date(2026, 3, 12))  # late
    assert queries.monitoring(None, today=date(2026, 3, 13))['followed_up_within_5hk'] == {
        'count': 0, 'of': 1, 'share': 0.0}
    walk(late, ['bantah'], None, date(2026, 3, 13))  # a new round, due 23 March (19 March Nyepi, 21-22 Idul Fitri)
    walk(late, ['proses', 'tindak_lanjut'], t['p_kota'], date(2026, 3, 16))  # on time; the first round was not
    assert late.followup_late and late.followup_due == date(2026, 3, 23)
    assert queries.monitoring(None, today=date(2026, 3, 17))['followed_up_within_5hk'] == {
        'count': 0, 'of': 1, 'share': 0.0}

    on_time, _ = make_complaint(t['kota'], today=date(2026, 4, 1))
    walk(on_time, ['verifikasi', 'proses'], t['p_kota'], date(2026, 4, 1))  # due 9 April (3 April is Good Friday)
    walk(on_time, ['tindak_lanjut'], t['p_kota'], date(2026, 4, 7))
    walk(on_time, ['bantah'], None, date(2026, 4, 8))  # a new round due 15 April
    assert not on_time.followup_late
    figure = queries.monitoring(None, today=date(2026, 4, 15))['followed_up_within_5hk']
    assert figure == {'count': 1, 'of': 2, 'share': 0.5}  # the new round is still in time: on time so far
    figure = queries.monitoring(None, today=date(2026, 4, 16))['followed_up_within_5hk']
    assert figure == {'count': 0, 'of': 2, 'share': 0.0}  # the new round missed its deadline


def test_a_follow_up_owed_past_its_deadline_counts_as_missed(app):
    t = make_tree()
    d, _ = make_complaint(t['kota'], today=date(2026, 3, 2))
    walk(d, ['verifikasi', 'proses'], t['p_kota'], date(2026, 3, 3))  # follow-up due 10 March, never sent
    assert queries.monitoring(None, today=date(2026, 3, 10))['followed_up_within_5hk']['of'] == 0  # still in time
    assert queries.monitoring(None, today=date(2026, 3, 11))['followed_up_within_5hk'] == {'count': 0, 'of': 1,
                                                                                          'share': 0.0}


def test_monitoring_by_unit_set_and_dates(app):
    t = make_tree()
    _scenario(t)
    m = queries.monitoring({t['seluma'].id}, date(2026, 3, 1), date(2026, 3, 31), today=date(2026, 4, 1))
    assert m['total'] == 1 and m['overdue'] == 1 and m['median_days_to_close'] is None
    assert m['verified_within_3hk'] == {'count': 0, 'of': 1, 'share': 0.0}  # overdue and still unverified
    assert m['satisfaction'] == {'mean': None, 'count': 0}
    assert queries.monitoring({t['seluma'].id}, today=date(2026, 3, 5))['verified_within_3hk']['share'] is None
    assert queries.monitoring(None, date(2027, 1, 1), None)['total'] == 0


def test_close_stale_closes_after_10_hk_without_reply(app, runner, smtp):
    t = make_tree()
    c, _ = make_complaint(t['kota'], layanan=t['layanan'], email='warga@warga.id')
    walk(c, ['verifikasi'], t['p_kota'], date(2026, 3, 3))
    walk(c, ['proses', 'tindak_lanjut'], t['p_kota'], date(2026, 3, 5))
    assert c.autoclose_on == date(2026, 3, 20)
    assert 'ditutup otomatis' in runner.invoke(args=['pengaduan', 'close-stale', '--today', '2026-03-20']).output
    db.session.expire_all()
    assert db.session.get(Complaint, c.id).status == 'ditindaklanjuti'
    result = runner.invoke(args=['pengaduan', 'close-stale', '--today', '2026-03-23'])
    assert '1 pengaduan ditutup otomatis' in result.output
    db.session.expire_all()
    c = db.session.get(Complaint, c.id)
    assert c.status == 'selesai' and c.events[-1].actor_kind == 'sistem'
    invite = [m for m in smtp.to('warga@warga.id') if 'bagaimana' in m['Subject']]
    assert '/survei/' + t['kota'].slug + '/legalisir-ijazah' in smtp.body(invite[0])


def test_remind_emails_each_unit_head_its_overdue_list(app, runner, smtp):
    t = make_tree()
    make_complaint(t['kota'], today=date(2026, 3, 2), title='Terlambat di Kota')
    make_complaint(t['seluma'], today=date(2026, 3, 2), title='Terlambat di Seluma')
    make_complaint(t['seluma'], today=date(2099, 3, 2), title='Masih dalam tenggat')
    result = runner.invoke(args=['pengaduan', 'remind', '--today', '2026-03-10'])
    assert '2 email pengingat' in result.output
    [kota] = smtp.to('kepala.kota@uji.test')
    [seluma] = smtp.to('kepala.seluma@uji.test')
    assert 'Terlambat di Kota' in smtp.body(kota) and 'Seluma' not in smtp.body(kota)
    assert 'Terlambat di Seluma' in smtp.body(seluma) and 'Masih dalam tenggat' not in smtp.body(seluma)


def test_cuti_and_deadline_commands(app, runner):
    assert 'verifikasi: 2026-03-23' in runner.invoke(args=['pengaduan', 'deadline', '2026-03-17']).output
    for day in ('2026-03-18', '2026-03-20', '2026-03-23', '2026-03-24'):
        runner.invoke(args=['pengaduan', 'cuti-add', day, 'Cuti bersama Idul Fitri'])
    assert 'verifikasi: 2026-03-27' in runner.invoke(args=['pengaduan', 'deadline', '2026-03-17']).output


def test_demo_seeder_makes_a_dozen_complaints_in_various_states(app):
    from pengaduan.demo import seed
    from portal.demo import seed_units, seed_users
    root = seed_units()
    seed_users(root)
    seed(root)
    db.session.commit()
    states = {c.status for c in db.session.query(Complaint)}
    assert db.session.query(Complaint).count() == 12 and len(states) >= 6


def test_commands_refuse_a_bad_date_with_a_usage_error_in_indonesian(app, runner):
    from pengaduan.models import CutiBersama
    for args in (['pengaduan', 'deadline', 'kemarin'], ['pengaduan', 'cuti-add', '2026-13-01', 'x'],
                 ['pengaduan', 'cuti-add', '2026-02-30', 'x'], ['pengaduan', 'close-stale', '--today', '17-03-2026'],
                 ['pengaduan', 'remind', '--today', '20260317']):
        result = runner.invoke(args=args)
        assert result.exit_code == 2, (args, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert 'bukan tanggal yang sah' in result.output and 'YYYY-MM-DD' in result.output
        assert 'Traceback' not in result.output
    assert db.session.query(CutiBersama).count() == 0
    result = runner.invoke(args=['pengaduan', 'deadline', '2026-03-17'])
    assert result.exit_code == 0 and 'verifikasi: 2026-03-23' in result.output
    result = runner.invoke(args=['pengaduan', 'cuti-add', '2026-03-20', 'Cuti bersama Idul Fitri'])
    assert result.exit_code == 0 and 'Cuti bersama 2026-03-20 ditambahkan.' in result.output


def test_the_last_day_to_answer_is_the_day_shown_to_the_complainant(app, client):
    """The tracking page says 'Tanggapi paling lambat <autoclose_on>': on that day the complaint is still open,
    the day after it closes (it used to say 'sebelum', one day short of the truth)."""
    from pengaduan.services import close_stale
    t = make_tree()
    c, code = make_complaint(t['kota'], today=date(2026, 3, 2))
    walk(c, ['verifikasi', 'proses', 'tindak_lanjut'], t['p_kota'], date(2026, 3, 3))
    last = c.autoclose_on
    page = client.get(f'/pengaduan/lacak/{code}').get_data(as_text=True)
    assert 'Tanggapi paling lambat' in page and f'{last.day} Maret 2026' in page
    assert close_stale(today=last) == 0
    assert close_stale(today=date.fromordinal(last.toordinal() + 1)) == 1


def test_a_day_already_off_is_refused_and_a_cuti_day_can_be_removed(app, runner):
    from pengaduan.models import CutiBersama
    saturday = runner.invoke(args=['pengaduan', 'cuti-add', '2026-03-21', 'Sabtu'])
    assert saturday.exit_code == 1 and '2026-03-21 sudah bukan hari kerja (Hari Raya Idul Fitri)' in saturday.output
    sunday = runner.invoke(args=['pengaduan', 'cuti-add', '2026-03-29', 'Minggu'])
    assert sunday.exit_code == 1 and '2026-03-29 sudah bukan hari kerja (akhir pekan)' in sunday.output
    new_year = runner.invoke(args=['pengaduan', 'cuti-add', '2026-01-01', 'Tahun baru'])
    assert new_year.exit_code == 1 and 'sudah bukan hari kerja' in new_year.output
    assert runner.invoke(args=['pengaduan', 'cuti-add', '2026-03-23', 'Cuti bersama']).exit_code == 0
    removed = runner.invoke(args=['pengaduan', 'cuti-remove', '2026-03-23'])
    assert removed.exit_code == 0 and 'Cuti bersama 2026-03-23 dihapus.' in removed.output
    assert db.session.query(CutiBersama).count() == 0
    missing = runner.invoke(args=['pengaduan', 'cuti-remove', '2026-03-23'])
    assert missing.exit_code == 1 and 'tidak terdaftar' in missing.output
