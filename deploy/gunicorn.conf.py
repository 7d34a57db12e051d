"""Gunicorn settings for production: workers from the CPU count, no access log (the app logs requests itself,
as JSON, without IP address or user agent on the WBS routes)."""
import multiprocessing
import os

bind = os.environ.get('GUNICORN_BIND', '127.0.0.1:8000')
workers = int(os.environ.get('GUNICORN_WORKERS') or multiprocessing.cpu_count() * 2 + 1)
threads = int(os.environ.get('GUNICORN_THREADS', '1'))
worker_class = 'sync' if threads == 1 else 'gthread'
timeout = int(os.environ.get('GUNICORN_TIMEOUT', '60'))
graceful_timeout = 30
keepalive = 5
max_requests = 5000
max_requests_jitter = 500
accesslog = None  # never log client addresses here; see portal/logs.py
errorlog = '-'
loglevel = os.environ.get('GUNICORN_LOGLEVEL', 'info')
forwarded_allow_ips = os.environ.get('FORWARDED_ALLOW_IPS', '127.0.0.1')
raw_env = ['PORTAL_LOG_REQUESTS=1']
wsgi_app = 'portal.wsgi:app'
