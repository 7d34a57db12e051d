"""Configuration in layers: defaults, instance/config.py, environment variables, then the caller's overrides."""
import os
import secrets
from pathlib import Path

# Environment variables read as-is (name -> config key); PORTAL_<KEY> also overrides any key.
ENV_KEYS = ('SECRET_KEY', 'DATABASE_URL', 'PUBLIC_BASE_URL', 'REDIS_URL', 'MAIL_SERVER', 'MAIL_PORT', 'MAIL_USERNAME',
            'MAIL_PASSWORD', 'MAIL_USE_TLS', 'MAIL_USE_SSL', 'MAIL_DEFAULT_SENDER', 'OFFICE_NAME', 'UPLOAD_FOLDER')
INT_KEYS = {'MAIL_PORT', 'MAX_CONTENT_LENGTH', 'LOGIN_MAX_FAILURES', 'LOGIN_LOCKOUT_MINUTES', 'WBS_RETENTION_DAYS',
            'MAIL_INLINE_TIMEOUT'}
BOOL_KEYS = {'MAIL_USE_TLS', 'MAIL_USE_SSL', 'SESSION_COOKIE_SECURE', 'JOBS_INLINE', 'LOG_REQUESTS', 'PROXY_FIX'}


class Defaults:
    """Settings that hold for a fresh clone: SQLite in instance/, no Redis, no SMTP."""

    OFFICE_NAME = 'Kanwil Kementerian Agama Provinsi Bengkulu'
    PUBLIC_BASE_URL = 'http://localhost:5000'
    SQLALCHEMY_TRACK_MODIFICATIONS = False
    MAX_CONTENT_LENGTH = 20 * 1024 * 1024  # 3 attachments of 5 MB plus the form
    UPLOAD_MAX_BYTES = 5 * 1024 * 1024
    UPLOAD_MAX_PIXELS = 40_000_000  # decompression-bomb guard
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = 'Lax'
    SESSION_COOKIE_SECURE = None  # None: derived from PUBLIC_BASE_URL (https -> Secure)
    SESSION_COOKIE_NAME = 'portal_session'
    PERMANENT_SESSION_LIFETIME = 8 * 3600
    REMEMBER_COOKIE_HTTPONLY = True
    WTF_CSRF_TIME_LIMIT = None  # the token lives with the session; a citizen may take a while on a slow phone
    # Flask-WTF's HTTPS check wants a same-site Referer on every POST, but the WBS and complaint-tracking pages send
    # Referrer-Policy: no-referrer (their addresses may carry a code), so their browsers send none. The portal checks
    # the Referer and Origin a browser does send instead (portal.security.check_origin).
    WTF_CSRF_SSL_STRICT = False
    BABEL_DEFAULT_LOCALE = 'id'
    BABEL_DEFAULT_TIMEZONE = 'Asia/Jakarta'
    LANGUAGES = ('id', 'en')
    RATELIMIT_STORAGE_URI = 'memory://'
    RATELIMIT_HEADERS_ENABLED = False
    RATELIMIT_ENABLED = True
    LOGIN_MAX_FAILURES = 5
    LOGIN_LOCKOUT_MINUTES = 15
    REDIS_URL = None
    MAIL_SERVER = None
    MAIL_PORT = 25
    MAIL_USE_TLS = False
    MAIL_USE_SSL = False
    MAIL_USERNAME = None
    MAIL_PASSWORD = None
    MAIL_DEFAULT_SENDER = 'no-reply@localhost'
    JOBS_INLINE = False  # True: jobs run inline even when REDIS_URL is set (the tests)
    WBS_RETENTION_DAYS = 365
    LOG_REQUESTS = False  # JSON request lines on stdout (gunicorn.conf.py turns them on)
    PROXY_FIX = True  # trust one reverse proxy's X-Forwarded-For/Proto/Host (nginx); off when serving directly


def _coerce(key, value):
    if key in INT_KEYS:
        return int(value)
    if key in BOOL_KEYS:
        return str(value).lower() in ('1', 'true', 'yes', 'on')
    return value


def from_environment(environ=None):
    """The settings the environment gives: the plain names of ENV_KEYS and any PORTAL_<KEY>."""
    environ = os.environ if environ is None else environ
    out = {key: _coerce(key, environ[key]) for key in ENV_KEYS if environ.get(key)}
    for name, value in environ.items():
        if name.startswith('PORTAL_') and len(name) > 7:
            out[name[7:]] = _coerce(name[7:], value)
    return out


def instance_secret(instance_path):
    """The SECRET_KEY kept in instance/secret_key, generated on first run (never a hard-coded value)."""
    path = Path(instance_path) / 'secret_key'
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, 'w') as f:
            f.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


def finalize(config, instance_path):
    """Derive what depends on other settings: database URI, secret, rate-limit storage, cookie security."""
    url = config.get('DATABASE_URL') or config.get('SQLALCHEMY_DATABASE_URI')
    if not url:
        url = 'sqlite:///' + os.path.join(instance_path, 'app.db')
    if url.startswith('postgres://'):
        url = 'postgresql://' + url[len('postgres://'):]
    if url.startswith('postgresql://'):
        url = 'postgresql+psycopg://' + url[len('postgresql://'):]
    config['SQLALCHEMY_DATABASE_URI'] = url
    if url.startswith('sqlite'):
        config.setdefault('SQLALCHEMY_ENGINE_OPTIONS', {'connect_args': {'timeout': 30}})
    else:
        config.setdefault('SQLALCHEMY_ENGINE_OPTIONS', {'pool_pre_ping': True})
    if not config.get('SECRET_KEY'):
        config['SECRET_KEY'] = instance_secret(instance_path)
    if config.get('REDIS_URL') and config.get('RATELIMIT_STORAGE_URI') == 'memory://':
        config['RATELIMIT_STORAGE_URI'] = config['REDIS_URL']
    if config.get('SESSION_COOKIE_SECURE') is None:
        config['SESSION_COOKIE_SECURE'] = str(config.get('PUBLIC_BASE_URL', '')).startswith('https://')
    config['REMEMBER_COOKIE_SECURE'] = config['SESSION_COOKIE_SECURE']
    config.setdefault('UPLOAD_FOLDER', None)
    if not config['UPLOAD_FOLDER']:
        config['UPLOAD_FOLDER'] = os.path.join(instance_path, 'uploads')
    config['PUBLIC_BASE_URL'] = str(config['PUBLIC_BASE_URL']).rstrip('/')
