"""Jobs without Redis run inline, right after the commit that queued them; a failed one is logged, never raised."""
import logging

from portal.jobs import enqueue
from portal.mail import send_mail


def _without_redis(app, monkeypatch):
    monkeypatch.setitem(app.config, 'REDIS_URL', None)
    monkeypatch.setitem(app.config, 'JOBS_INLINE', False)


def test_without_redis_a_queued_email_goes_out_when_the_commit_returns(app, db, smtp, monkeypatch):
    _without_redis(app, monkeypatch)
    with app.app_context():
        assert send_mail('warga@example.org', 'Pengaduan diterima', 'Kode pelacakan Anda: ABCD.')
        assert smtp.messages == []  # nothing before the commit
        db.session.commit()
        assert [m['To'] for m in smtp.messages] == ['warga@example.org']


def test_a_rolled_back_transaction_sends_nothing_even_when_a_later_one_commits(app, db, smtp, monkeypatch):
    _without_redis(app, monkeypatch)
    from portal.models import Unit
    with app.app_context():
        db.session.add(Unit(name='Tidak jadi', slug='tidak-jadi', kind='kankemenag'))
        db.session.flush()
        send_mail('warga@example.org', 'Tidak jadi', 'Isi.')
        db.session.rollback()
        db.session.commit()
        assert db.session.query(Unit).filter_by(slug='tidak-jadi').count() == 0
    assert smtp.messages == []


def test_a_failing_inline_job_is_logged_and_the_commit_stands(app, db, monkeypatch, caplog):
    _without_redis(app, monkeypatch)
    from tests.factories import make_unit
    with app.app_context(), caplog.at_level(logging.ERROR):
        unit = make_unit(name='Kantor Uji Tugas')  # committed by the factory
        enqueue('portal.jobs.no_such_job')
        db.session.commit()  # does not raise
        assert db.session.get(type(unit), unit.id).name == 'Kantor Uji Tugas'
    assert any('job portal.jobs.no_such_job failed' in r.getMessage() for r in caplog.records)
