"""Reports built in the background: queued by the request, built by a job, fetched by their owner only."""
import contextvars
import io
import os
import re
from datetime import date, timedelta

import pytest
import redis
from pypdf import PdfReader
from sqlalchemy import select

from portal.extensions import db
from portal.generated import GeneratedFile, purge_job, request_file
from portal.models import utcnow
from tests.analytics.factories import make_responses, worked_rows
from tests.factories import login_as, make_unit, make_user, post_form


@pytest.fixture
def unit(db):
    root = make_unit('Kanwil Uji', 'kanwil-uji', kind='kanwil')
    a = make_unit('Kantor A', 'kantor-a', parent=root)
    make_responses(a, worked_rows(), day=date(2026, 7, 15))
    return a


REDIS_URL = os.environ.get('TEST_REDIS_URL', 'redis://127.0.0.1:6379/15')  # .ci/run: one per run

def _queue_report(client, unit):
    response = post_form(client, f'/staf/analitik/laporan.pdf?unit={unit.id}&periode=2026-T3', {},
                         form_url=f'/staf/analitik/dasbor?unit={unit.id}&periode=2026-T3')
    assert response.status_code == 303
    return response.headers['Location']


def test_the_report_pdf_is_built_in_the_background_for_its_owner(app, client, unit):
    login_as(client, 'admin_unit', unit)
    status_url = _queue_report(client, unit)
    assert re.fullmatch(r'/staf/unduhan/[0-9a-f]{32}', status_url)
    page = client.get(status_url).get_data(as_text=True)  # the test app runs jobs right after the commit
    assert 'Berkas sudah siap.' in page and 'http-equiv="refresh"' not in page
    pdf = client.get(status_url + '/berkas')
    assert pdf.mimetype == 'application/pdf' and 'attachment' in pdf.headers['Content-Disposition']
    text = ' '.join(' '.join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages).split())
    assert 'Laporan Hasil Survei Kepuasan Masyarakat' in text and ('91,48' in text or '91.48' in text)
    other = app.test_client()
    login_as(other, 'admin_unit', unit)
    assert other.get(status_url).status_code == 404  # another user's file, even in the same unit
    assert other.get(status_url + '/berkas').status_code == 404


def test_a_report_outside_the_users_scope_is_not_queued(client, unit):
    outsider = make_unit('Kantor B', 'kantor-b')
    login_as(client, 'admin_unit', outsider)
    response = post_form(client, f'/staf/analitik/laporan.pdf?unit={unit.id}&periode=2026', {},
                         form_url='/staf/sandi')
    assert response.status_code == 404
    assert db.session.scalar(select(GeneratedFile)) is None


def test_a_failing_build_is_recorded_and_old_files_are_purged(app, client, unit):
    user = make_user('admin_unit', unit)
    row = request_file(user, 'analytics.reports.pdf_job', [unit.id, None, 'bukan-periode', True], 'Uji', 'x.pdf')
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(GeneratedFile, row.id).status == 'gagal'
    login_as(client, user)
    assert 'gagal dibuat' in client.get(f'/staf/unduhan/{row.token}').get_data(as_text=True)
    db.session.get(GeneratedFile, row.id).created_at = utcnow() - timedelta(days=2)
    db.session.commit()
    assert purge_job() == 1
    db.session.commit()
    assert db.session.scalar(select(GeneratedFile)) is None


def test_the_report_waits_on_the_rq_queue_until_a_worker_builds_it(app, client, unit):
    from rq import Queue, SimpleWorker

    from portal.jobs import QUEUE_NAME
    connection = redis.Redis.from_url(REDIS_URL)
    try:
        connection.flushdb()
    except redis.RedisError:
        pytest.skip('needs Redis on 127.0.0.1:6379')
    login_as(client, 'admin_unit', unit)
    saved = {k: app.config.get(k) for k in ('REDIS_URL', 'JOBS_INLINE')}
    app.config.update(REDIS_URL=REDIS_URL, JOBS_INLINE=False)
    try:
        status_url = _queue_report(client, unit)
        page = client.get(status_url).get_data(as_text=True)
        assert 'sedang disiapkan' in page and 'http-equiv="refresh" content="2"' in page
        assert 'pekerja antrean mungkin tidak berjalan' not in page
        row = db.session.scalar(select(GeneratedFile))
        row.created_at = utcnow() - timedelta(seconds=61)  # no worker took it for a minute
        db.session.commit()
        page = client.get(status_url).get_data(as_text=True)
        assert 'pekerja antrean mungkin tidak berjalan' in page and 'http-equiv="refresh"' in page

        def worker():  # the worker's own context and session, as in the `flask worker` process, which commits
            with app.app_context():
                SimpleWorker([Queue(QUEUE_NAME, connection=connection)], connection=connection).work(burst=True)
                db.session.commit()
        contextvars.Context().run(worker)
        assert 'Berkas sudah siap.' in client.get(status_url).get_data(as_text=True)
        assert client.get(status_url + '/berkas').data.startswith(b'%PDF')
    finally:
        app.config.update(saved)
        connection.flushdb()
