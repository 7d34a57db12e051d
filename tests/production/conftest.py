"""Two app instances (gunicorn, different ports) sharing one PostgreSQL and one Redis."""
import contextlib
import os
import subprocess
import sys
import time

import httpx
import pytest
import redis

from tests.factories import free_port

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
REDIS_URL = os.environ.get('TEST_REDIS_URL', 'redis://127.0.0.1:6379/15')


def _wait(url, proc, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f'gunicorn exited: {proc.stdout.read().decode()[-2000:]}')
        try:
            if httpx.get(url + '/healthz', timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise RuntimeError(f'{url} did not start')


@contextlib.contextmanager
def gunicorn_servers(count, env):
    """Base URLs of `count` gunicorn instances (deploy/gunicorn.conf.py) with `env`, each on its own port; stopped
    when the block ends."""
    procs, urls = [], []
    try:
        for _ in range(count):
            port = free_port()
            procs.append(subprocess.Popen([sys.executable, '-m', 'gunicorn', '-c', 'deploy/gunicorn.conf.py',
                                           '--bind', f'127.0.0.1:{port}'], cwd=ROOT, env=env,
                                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT))
            urls.append(f'http://127.0.0.1:{port}')
        for u, p in zip(urls, procs, strict=True):
            _wait(u, p)
        yield urls
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()
            p.stdout.close()


@pytest.fixture
def two_instances(app, tmp_path):
    """Base URLs of two gunicorn instances on the test PostgreSQL database and a shared Redis."""
    url = os.environ.get('TEST_DATABASE_URL', '')
    if not url.startswith('postgres'):
        pytest.skip('needs PostgreSQL (TEST_DATABASE_URL)')
    try:
        redis.Redis.from_url(REDIS_URL).flushdb()
    except redis.RedisError:
        pytest.skip('needs Redis on 127.0.0.1:6379')
    env = dict(os.environ, DATABASE_URL=url, REDIS_URL=REDIS_URL, SECRET_KEY='gemeinsam-kunci-uji',
               PUBLIC_BASE_URL='http://layanan.test', PORTAL_INSTANCE_PATH=str(tmp_path / 'instance'),
               GUNICORN_WORKERS='2', PORTAL_LOG_REQUESTS='0')
    try:
        with gunicorn_servers(2, env) as urls:
            yield urls
    finally:
        redis.Redis.from_url(REDIS_URL).flushdb()
