"""Background jobs: the daily tasks through `flask --app portal daily`, and emails through a real RQ queue."""
from datetime import date

import pytest
import redis
from sqlalchemy import select

from pengaduan.models import Complaint
from portal.extensions import db
from portal.jobs import QUEUE_NAME, dispatch_now
from tests.pengaduan.factories import make_complaint, make_tree, walk

REDIS_URL = 'redis://127.0.0.1:6379/15'


def test_daily_runs_every_registered_task(runner):
    t = make_tree()
    c, _ = make_complaint(t['kota'], layanan=t['layanan'], email='warga@warga.id', today=date(2026, 3, 2))
    walk(c, ['verifikasi'], t['p_kota'], date(2026, 3, 3))
    walk(c, ['proses', 'tindak_lanjut'], t['p_kota'], date(2026, 3, 5))
    result = runner.invoke(args=['daily'])
    assert result.exit_code == 0, result.output
    for task in ('pengaduan.jobs.close_stale_job', 'pengaduan.jobs.remind_job', 'wbs.services.purge_job'):
        assert f'{task}: selesai' in result.output
    db.session.expire_all()
    assert db.session.scalar(select(Complaint.status).where(Complaint.id == c.id)) == 'selesai'


def test_emails_go_through_a_real_rq_queue_when_redis_is_set(app, smtp):
    from rq import Queue, SimpleWorker
    connection = redis.Redis.from_url(REDIS_URL)
    try:
        connection.flushdb()
    except redis.RedisError:
        pytest.skip('needs Redis on 127.0.0.1:6379')
    saved = {k: app.config.get(k) for k in ('REDIS_URL', 'JOBS_INLINE')}
    app.config.update(REDIS_URL=REDIS_URL, JOBS_INLINE=False)
    try:
        job = dispatch_now('portal.mail.deliver', 'kepala@kemenag.go.id', 'Uji antrean', 'Isi surat uji.')
        assert smtp.messages == []  # queued, not sent by the request
        queue = Queue(QUEUE_NAME, connection=connection)
        assert queue.count == 1 and job.get_status() == 'queued'
        SimpleWorker([queue], connection=connection).work(burst=True)
        assert job.get_status(refresh=True) == 'finished'
        assert [m['Subject'] for m in smtp.to('kepala@kemenag.go.id')] == ['Uji antrean']
    finally:
        app.config.update(saved)
        connection.flushdb()
