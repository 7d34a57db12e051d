"""Redis goes away and comes back: a gunicorn server keeps serving citizens throughout.

A private redis-server (its own port, nothing on disk) is stopped and started again under a running gunicorn: while it
is away, a survey response and a complaint are still stored, the complaint's email still goes out (inline, to a real
SMTP server), the rate limits still hold (in the process's memory), and /healthz says "degraded"; once it is back,
the limits and the job queue are in Redis again.
"""
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
import redis
from sqlalchemy import func, select

from survei.models import Response
from survei.services import ensure_questionnaires
from tests.factories import free_port
from tests.pengaduan.factories import make_tree
from tests.production.conftest import gunicorn_servers

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / 'bench'))
from formfill import fill  # noqa: E402

CSRF_RE = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


class PrivateRedis:
    """A redis-server of the test's own, started and stopped at will on one port."""

    def __init__(self):
        self.port = free_port()
        self.url = f'redis://127.0.0.1:{self.port}/0'
        self.proc = None

    def start(self):
        self.proc = subprocess.Popen(['redis-server', '--port', str(self.port), '--bind', '127.0.0.1', '--save', '',
                                      '--appendonly', 'no'], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        client = redis.Redis.from_url(self.url)
        for _ in range(100):
            try:
                client.ping()
                return client
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError('redis-server did not start')

    def stop(self):
        self.proc.terminate()
        self.proc.wait(10)


@pytest.fixture
def private_redis():
    if not shutil.which('redis-server'):
        pytest.skip('needs redis-server')
    server = PrivateRedis()
    try:
        yield server
    finally:
        if server.proc and server.proc.poll() is None:
            server.stop()


def _limits_in(store):
    """True when Flask-Limiter has counted anything in this Redis."""
    return next(store.scan_iter(match='LIMITS*'), None) is not None


def _survey(base, path, address):
    with httpx.Client(base_url=base, headers={'X-Forwarded-For': address}) as browser:
        action, data = fill(browser.get(path).text)
        return browser.post(action or path, data=data).status_code


def _complaint(base, t, address):
    with httpx.Client(base_url=base, headers={'X-Forwarded-For': address}) as browser:
        token = CSRF_RE.search(browser.get('/pengaduan/baru').text).group(1)
        response = browser.post('/pengaduan/baru', data={
            'kind': 'pengaduan', 'category': 'waktu', 'unit': str(t['kota'].id), 'layanan': str(t['layanan'].id),
            'title': 'Antrean legalisir lama', 'text': 'Saya menunggu tiga jam di loket legalisir tanpa kepastian.',
            'place': 'PTSP Kota', 'event_date': '2026-01-05', 'privacy': 'biasa', 'name': 'Budi Warga',
            'email': 'budi@warga.id', 'phone': '', 'consent': 'y', 'website': '', 'csrf_token': token})
        assert response.status_code == 302, response.text[:2000]
        page = browser.get(response.headers['Location']).text
        return re.search(r'id="kode">([0-9A-Z-]+)<', page).group(1)


def _login_attempts(base, address, times):
    with httpx.Client(base_url=base, headers={'X-Forwarded-For': address}) as browser:
        token = CSRF_RE.search(browser.get('/staf/masuk').text).group(1)
        return [browser.post('/staf/masuk', data={'email': 'tidak.ada@uji.test', 'password': 'salah-sandi-1',
                                                  'csrf_token': token}).status_code for _ in range(times)]


def test_the_site_keeps_serving_while_redis_is_away_and_uses_it_again_once_back(app, db, smtp, private_redis,
                                                                                 tmp_path):
    store = private_redis.start()
    ensure_questionnaires()
    t = make_tree()
    db.session.commit()
    path = f'/survei/{t["kota"].slug}/legalisir-ijazah'
    env = dict(os.environ, DATABASE_URL=app.config['SQLALCHEMY_DATABASE_URI'], REDIS_URL=private_redis.url,
               SECRET_KEY='kunci-uji-redis', PUBLIC_BASE_URL='http://layanan.test',
               PORTAL_INSTANCE_PATH=str(tmp_path / 'instance'), GUNICORN_WORKERS='1', PORTAL_LOG_REQUESTS='0',
               MAIL_SERVER='127.0.0.1', MAIL_PORT=str(app.config['MAIL_PORT']), PORTAL_REDIS_TIMEOUT='0.5')
    with gunicorn_servers(1, env) as (base,):
        # Redis answers: the limits count there, the email waits in the queue (no worker runs in this test)
        health = httpx.get(base + '/healthz').json()
        assert health['redis'] == 'ok' and health['queue']['workers'] == 0  # degraded: no worker runs here
        assert _survey(base, path, '10.1.0.1') == 303
        assert _limits_in(store)
        _complaint(base, t, '10.1.0.2')
        assert store.llen('rq:queue:portal') == 1 and smtp.messages == []

        private_redis.stop()
        health = httpx.get(base + '/healthz')
        assert health.status_code == 200
        assert health.json() == {'status': 'degraded', 'database': 'ok', 'redis': 'unreachable'}
        assert _survey(base, path, '10.1.0.3') == 303  # stored: counted below
        code = _complaint(base, t, '10.1.0.4')
        [mail] = smtp.to('budi@warga.id')  # sent inline, right after the complaint's commit
        assert code in smtp.body(mail)
        # the same limit as with Redis (10 failed sign-ins a minute per address), counted in the process
        assert _login_attempts(base, '10.1.0.5', 11) == [401] * 10 + [429]

        store = private_redis.start()  # empty: it keeps nothing on disk
        assert httpx.get(base + '/healthz').json()['redis'] == 'ok'
        deadline = time.monotonic() + 40  # Flask-Limiter looks for its storage again after 1, 2, 4, ... seconds
        while not _limits_in(store) and time.monotonic() < deadline:
            assert _survey(base, path, f'10.2.0.{int(time.monotonic() * 10) % 250 + 1}') == 303
            time.sleep(0.5)
        assert _limits_in(store), 'the limits did not return to Redis'
        _complaint(base, t, '10.1.0.6')
        assert store.llen('rq:queue:portal') == 1  # queued again, not sent inline
        assert len(smtp.to('budi@warga.id')) == 1
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Response)) >= 3
