"""Background jobs: the daily tasks through `flask --app portal daily`, and emails through a real RQ queue."""
from datetime import date

from sqlalchemy import select

from pengaduan.models import Complaint
from portal.extensions import db
from portal.jobs import dispatch_now
from tests.pengaduan.factories import make_complaint, make_tree, walk


def test_daily_runs_every_registered_task(runner):
    t = make_tree()
    c, _ = make_complaint(t['kota'], layanan=t['layanan'], email='warga@warga.id', today=date(2026, 3, 2))
    walk(c, ['verifikasi'], t['p_kota'], date(2026, 3, 3))
    walk(c, ['proses', 'tindak_lanjut'], t['p_kota'], date(2026, 3, 5))
    result = runner.invoke(args=['daily'])
    assert result.exit_code == 0, result.output
    for task in ('pengaduan.jobs.close_stale_job', 'pengaduan.jobs.remind_job', 'pengaduan.jobs.retention_job',
                 'wbs.services.purge_job'):
        assert f'{task}: selesai' in result.output
    db.session.expire_all()
    assert db.session.scalar(select(Complaint.status).where(Complaint.id == c.id)) == 'selesai'


def test_emails_go_through_a_real_rq_queue_when_redis_is_set(app, smtp, redis_queue):
    from rq import SimpleWorker
    job = dispatch_now('portal.mail.deliver', 'kepala@kemenag.go.id', 'Uji antrean', 'Isi surat uji.')
    assert smtp.messages == []  # queued, not sent by the request
    assert redis_queue.count == 1 and job.get_status() == 'queued'
    SimpleWorker([redis_queue], connection=redis_queue.connection).work(burst=True)
    assert job.get_status(refresh=True) == 'finished'
    assert [m['Subject'] for m in smtp.to('kepala@kemenag.go.id')] == ['Uji antrean']
