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


CODE = 'DC78-Q7WF-EQS0'


def test_a_queued_job_is_described_by_its_task_name_only(app, db, smtp, redis_queue):
    with app.app_context():
        send_mail('warga@example.org', f'Pengaduan diterima: {CODE}', f'Yth. Warga, kode pelacakan Anda {CODE}.')
        db.session.commit()
    [job] = redis_queue.get_jobs()
    assert job.description == 'portal.mail.deliver'
    assert 'warga@example.org' not in job.description and CODE not in job.description
    assert job.args[:2] == ('portal.mail.deliver', 'warga@example.org')  # the job itself still has its arguments


def test_the_worker_command_logs_no_job_arguments(app, db, smtp, redis_queue, runner, monkeypatch, caplog):
    import rq
    from rq import SimpleWorker
    seen = {}

    class BurstWorker(SimpleWorker):  # the command's worker, in this process and stopping once the queue is empty
        def __init__(self, *args, **kwargs):
            seen.update(kwargs)
            super().__init__(*args, **kwargs)

        def work(self, **kwargs):
            return super().work(burst=True, **kwargs)
    monkeypatch.setattr(rq, 'Worker', BurstWorker)
    with app.app_context():
        send_mail('warga@example.org', f'Pengaduan diterima: {CODE}', f'Yth. Warga, kode pelacakan Anda {CODE}.')
        db.session.commit()
    with caplog.at_level(logging.DEBUG, logger='rq'):
        result = runner.invoke(args=['worker'])
    assert result.exit_code == 0, result.output
    assert seen.get('log_job_description') is False
    assert [m['To'] for m in smtp.messages] == ['warga@example.org']  # the job ran
    logged = '\n'.join(r.getMessage() for r in caplog.records if r.name.startswith('rq')) + result.output
    assert 'Successfully completed job' in logged  # what the worker logs for each job, without its description
    assert 'warga@example.org' not in logged and CODE not in logged


def test_the_worker_command_runs_a_retry_once_it_is_due(app, db, smtp, redis_queue, runner, monkeypatch):
    """A job that failed is put back on the queue by RQ's scheduler when its retry is due (portal.jobs._retry);
    a worker without the scheduler would leave it waiting forever."""
    from datetime import UTC, datetime, timedelta

    import rq
    from rq import SimpleWorker

    from portal.jobs import run_job

    class BurstWorker(SimpleWorker):
        def work(self, **kwargs):
            return super().work(burst=True, **kwargs)
    monkeypatch.setattr(rq, 'Worker', BurstWorker)
    # where RQ puts a failed job until its retry interval has passed
    redis_queue.enqueue_at(datetime.now(UTC) - timedelta(seconds=1), run_job, 'portal.mail.deliver',
                           'warga@example.org', 'Pengaduan diterima', 'Kode pelacakan Anda: ABCD.')
    assert redis_queue.count == 0 and len(redis_queue.scheduled_job_registry) == 1
    result = runner.invoke(args=['worker'])
    assert result.exit_code == 0, result.output
    assert [m['To'] for m in smtp.messages] == ['warga@example.org']
    assert len(redis_queue.scheduled_job_registry) == 0


def test_healthz_and_the_superadmin_hear_of_a_queue_that_no_worker_takes(app, client, db, redis_queue):
    from datetime import timedelta

    from rq import Worker
    from rq.utils import now

    from portal.jobs import STUCK_SECONDS, run_job
    from tests.factories import login_as
    body = client.get('/healthz').json
    assert body == {'status': 'degraded', 'database': 'ok', 'redis': 'ok',
                    'queue': {'workers': 0, 'queued': 0, 'oldest_seconds': None}}
    login_as(client, 'superadmin')
    home = client.get('/staf/').get_data(as_text=True)
    assert 'Pekerja antrean tidak berjalan' in home and 'portal-worker' in home
    officer = app.test_client()
    login_as(officer, 'petugas_pengaduan')
    assert 'Pekerja antrean' not in officer.get('/staf/').get_data(as_text=True)

    worker = Worker([redis_queue], connection=redis_queue.connection, name='pekerja-uji')
    worker.register_birth()  # a live worker, as `flask worker` registers itself
    try:
        assert client.get('/healthz').json['status'] == 'ok'
        assert 'Pekerja antrean' not in client.get('/staf/').get_data(as_text=True)
        job = redis_queue.enqueue_call(run_job, args=('portal.mail.deliver', 'warga@example.org', 'S', 'B'),
                                       description='portal.mail.deliver')
        assert client.get('/healthz').json['queue']['queued'] == 1
        job.enqueued_at = now() - timedelta(seconds=STUCK_SECONDS + 60)  # a worker alive but not taking jobs
        job.save()
        body = client.get('/healthz').json
        assert body['status'] == 'degraded' and body['queue']['oldest_seconds'] > STUCK_SECONDS
        assert 'Antrean tersendat' in client.get('/staf/').get_data(as_text=True)
    finally:
        worker.register_death()


def test_the_superadmin_hears_when_redis_does_not_answer(app, client, db, monkeypatch):
    from tests.factories import free_port, login_as
    monkeypatch.setitem(app.config, 'REDIS_URL', f'redis://127.0.0.1:{free_port()}/0')  # nothing listens there
    monkeypatch.setitem(app.config, 'REDIS_TIMEOUT', 0.5)
    login_as(client, 'superadmin')
    home = client.get('/staf/').get_data(as_text=True)
    assert 'Redis tidak terjangkau' in home and 'Pekerja antrean' not in home
    assert client.get('/healthz').json == {'status': 'degraded', 'database': 'ok', 'redis': 'unreachable'}


def test_a_queued_job_is_kept_a_week_once_it_has_failed_for_good(app, db, redis_queue):
    # its arguments hold an email's address and body: RQ's default keeps a failed job a year
    from portal.jobs import FAILURE_TTL, queue_job
    with app.app_context():
        job = queue_job('portal.mail.deliver', 'warga@example.org', 'Subjek', 'Isi')
    assert job is not None and job.failure_ttl == FAILURE_TTL == 7 * 86400
