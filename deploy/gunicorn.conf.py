"""Gunicorn settings for production: workers from the CPU count, no access log (the app logs requests itself,
as JSON, without IP address or user agent on the WBS routes)."""
import gc
import multiprocessing
import os

bind = os.environ.get('GUNICORN_BIND', '127.0.0.1:8000')
workers = int(os.environ.get('GUNICORN_WORKERS') or multiprocessing.cpu_count() * 2 + 1)
threads = int(os.environ.get('GUNICORN_THREADS', '1'))
worker_class = 'sync' if threads == 1 else 'gthread'
timeout = int(os.environ.get('GUNICORN_TIMEOUT', '60'))
graceful_timeout = 30
keepalive = 5
max_requests = 5000  # a worker is replaced now and then, so a slow leak can never grow without bound
max_requests_jitter = 500
# The app is imported once, in the master, and each worker is a fork of it: replacing a worker costs a fork instead
# of importing the app again (about 1.4 s of CPU, taken from the requests being served), and the workers share
# the loaded code's memory. New code therefore needs a restart (`systemctl restart portal`), not a reload.
preload_app = True
accesslog = None  # never log client addresses here; see portal/logs.py
errorlog = '-'
loglevel = os.environ.get('GUNICORN_LOGLEVEL', 'info')
forwarded_allow_ips = os.environ.get('FORWARDED_ALLOW_IPS', '127.0.0.1')
raw_env = ['PORTAL_LOG_REQUESTS=1']
# gunicorn 25.1+ opens a control socket (for `gunicornc`) in $XDG_RUNTIME_DIR or ~/.gunicorn/; under systemd the
# portal user has neither (ProtectHome=true), which logged "Control server error: Permission denied" at every
# start. Nothing here uses it; older gunicorn ignores the unknown name.
control_socket_disable = True
wsgi_app = 'portal.wsgi:app'


def pre_fork(server, worker):
    """The loaded app's objects go to the collector's permanent generation before each fork (Python's advice for
    forking servers, `gc.freeze`): a worker's collections never write to them, so their pages stay shared. Measured
    with 4 workers after 1,600 page views: 30 MB private memory per worker instead of 51 MB."""
    gc.freeze()


def post_fork(server, worker):
    """A worker must not reuse the master's database connections: SQLAlchemy's advice for forked processes (the
    pool forgets them without closing them under the master's feet). Redis clients reconnect after a fork by
    themselves."""
    app = server.app.wsgi()
    db = getattr(app, 'extensions', {}).get('sqlalchemy')  # None for another app served with these settings
    if db is not None:
        with app.app_context():
            for engine in db.engines.values():
                engine.dispose(close=False)
