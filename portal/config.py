"""Configuration in layers: defaults, instance/config.py, environment variables, then the caller's overrides."""
import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import Flask

# Environment variables read as-is (name -> config key); PORTAL_<KEY> also overrides any key.
ENV_KEYS = ('SECRET_KEY', 'DATABASE_URL', 'PUBLIC_BASE_URL', 'REDIS_URL', 'MAIL_SERVER', 'MAIL_PORT', 'MAIL_USERNAME',
            'MAIL_PASSWORD', 'MAIL_USE_TLS', 'MAIL_USE_SSL', 'MAIL_DEFAULT_SENDER', 'OFFICE_NAME', 'UPLOAD_FOLDER')
INT_KEYS = {'MAIL_PORT', 'MAX_CONTENT_LENGTH', 'LOGIN_MAX_FAILURES', 'LOGIN_LOCKOUT_MINUTES', 'WBS_RETENTION_DAYS',
            'MAIL_INLINE_TIMEOUT'}
BOOL_KEYS = {'MAIL_USE_TLS', 'MAIL_USE_SSL', 'SESSION_COOKIE_SECURE', 'JOBS_INLINE', 'LOG_REQUESTS', 'PROXY_FIX'}
OPTIONAL_INT = 'optional int'  # a whole number, or empty / "none" for None
# Settings whose default is not in Defaults (the parts set theirs with setdefault, after the environment is read) or is
# None there: the type an environment value is read as. Any other key takes the type of its default in Defaults or in
# Flask's own defaults; a key found nowhere is kept as the text given.
KEY_TYPES = {
    'SURVEI_BURST_MAX': int, 'WBS_ARGON2_OPS': int, 'WBS_ARGON2_MEM': int, 'WBS_REPORTER_ACCESS_DAYS': int,
    'WBS_REPORTER_IDLE_MINUTES': int, 'WBS_MEMBER_IDLE_MINUTES': int, 'WBS_RECEIPT_HOLD_MINUTES': int,
    'WBS_FAIL_DELAY': float, 'WTF_CSRF_ENABLED': bool, 'WTF_CSRF_TIME_LIMIT': OPTIONAL_INT, 'DEBUG': bool,
    'SEND_FILE_MAX_AGE_DEFAULT': OPTIONAL_INT, 'PENGADUAN_RETENTION_DAYS': OPTIONAL_INT,
}
TRUE_WORDS = ('1', 'true', 'ya', 'yes', 'on')
FALSE_WORDS = ('0', 'false', 'tidak', 'no', 'off', '')  # empty: off, as it always was
EXPECTED = {
    bool: 'ya atau tidak: 1/0, true/false, ya/tidak, yes/no, on/off',
    int: 'bilangan bulat, misalnya 3600',
    float: 'bilangan, misalnya 1.5 (titik sebagai pemisah desimal)',
    timedelta: 'lama dalam detik, misalnya 3600',
    OPTIONAL_INT: 'bilangan bulat, atau kosong untuk tanpa batas',
    tuple: 'daftar dipisahkan koma, misalnya id,en',
}


class ConfigError(SystemExit):
    """A setting from the environment that cannot be read. A SystemExit, so that `flask`, gunicorn and the worker stop
    with the message alone (it names the variable and what it should hold), not a traceback."""


class Defaults:
    """Settings that hold for a fresh clone: SQLite in instance/, no Redis, no SMTP."""

    OFFICE_NAME = 'Kanwil Kementerian Agama Provinsi Bengkulu'
    AGENCY_NAME = 'Kementerian Agama'  # the ministry or government the office belongs to: above a report's title
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
    # Redis away: the same limits, counted in each process's memory until it answers again (portal.redisconn)
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    LOGIN_MAX_FAILURES = 5
    LOGIN_LOCKOUT_MINUTES = 15
    REDIS_URL = None
    REDIS_TIMEOUT = 2.0  # seconds to connect to Redis and for each answer, before a request goes on without it
    MAIL_SERVER = None
    MAIL_PORT = 25
    MAIL_USE_TLS = False
    MAIL_USE_SSL = False
    MAIL_USERNAME = None
    MAIL_PASSWORD = None
    MAIL_DEFAULT_SENDER = 'no-reply@localhost'
    JOBS_INLINE = False  # True: jobs run inline even when REDIS_URL is set (the tests)
    WBS_RETENTION_DAYS = 365
    PENGADUAN_RETENTION_DAYS = None  # the office's records schedule sets it (pengaduan.services.forget_personal_data)
    LOG_REQUESTS = False  # JSON request lines on stdout (gunicorn.conf.py turns them on)
    PROXY_FIX = True  # trust one reverse proxy's X-Forwarded-For/Proto/Host (nginx); off when serving directly


def setting_type(key):
    """The type an environment value for `key` is read as (see KEY_TYPES); None: not settable from the environment."""
    if key in KEY_TYPES:
        return KEY_TYPES[key]
    if key in BOOL_KEYS:
        return bool
    if key in INT_KEYS:
        return int
    default = getattr(Defaults, key, None)
    if default is None:
        default = Flask.default_config.get(key)
    if default is None or isinstance(default, str):
        return str
    for kind in (bool, int, float, timedelta, tuple):  # bool first: True is an int too
        if isinstance(default, kind):
            return kind
    if isinstance(default, list):
        return tuple
    return None  # a dict or another structure: instance/config.py only


def _convert(kind, value):
    text = value.strip()
    if kind is bool:
        if text.lower() in TRUE_WORDS:
            return True
        if text.lower() in FALSE_WORDS:
            return False
        raise ValueError(text)
    if kind is OPTIONAL_INT:
        return None if text.lower() in ('', 'none') else int(text)
    if kind is int:
        return int(text)
    if kind is float:
        return float(text)
    if kind is timedelta:
        return timedelta(seconds=float(text))
    return tuple(part.strip() for part in text.split(',') if part.strip())


def _coerce(key, value, variable):
    """The environment's text for setting `key` (read from `variable`) as the setting's type; ConfigError if it is not
    one."""
    kind = setting_type(key)
    if kind is str:
        return value
    if kind is None:
        raise ConfigError(f'Pengaturan {variable} tidak dapat diberikan lewat variabel lingkungan; '
                          f'atur {key} di instance/config.py.')
    try:
        return _convert(kind, value)
    except (ValueError, OverflowError):
        shown = value if len(value) <= 40 else value[:40] + '...'
        raise ConfigError(f'Pengaturan tidak sah: {variable}={shown!r}; {key} harus {EXPECTED[kind]}. '
                          'Perbaiki variabel lingkungan itu (misalnya di /etc/portal/portal.env).') from None


def from_environment(environ=None):
    """The settings the environment gives: the plain names of ENV_KEYS and any PORTAL_<KEY>, each read as the type of
    its setting (ConfigError for a value that is not one)."""
    environ = os.environ if environ is None else environ
    out = {key: _coerce(key, environ[key], key) for key in ENV_KEYS if environ.get(key)}
    for name, value in environ.items():
        if name.startswith('PORTAL_') and len(name) > 7:
            out[name[7:]] = _coerce(name[7:], value, name)
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
    if str(config.get('RATELIMIT_STORAGE_URI', '')).startswith(('redis://', 'rediss://', 'redis+')):
        # without a timeout, a Redis whose packets are dropped would hold each limited request for minutes
        options = dict(config.get('RATELIMIT_STORAGE_OPTIONS') or {})
        for key in ('socket_connect_timeout', 'socket_timeout'):
            options.setdefault(key, float(config.get('REDIS_TIMEOUT') or 2.0))
        config['RATELIMIT_STORAGE_OPTIONS'] = options
    if config.get('SESSION_COOKIE_SECURE') is None:
        config['SESSION_COOKIE_SECURE'] = str(config.get('PUBLIC_BASE_URL', '')).startswith('https://')
    config['REMEMBER_COOKIE_SECURE'] = config['SESSION_COOKIE_SECURE']
    config.setdefault('UPLOAD_FOLDER', None)
    if not config['UPLOAD_FOLDER']:
        config['UPLOAD_FOLDER'] = os.path.join(instance_path, 'uploads')
    config['PUBLIC_BASE_URL'] = str(config['PUBLIC_BASE_URL']).rstrip('/')
    _check_address_and_zone(config)
    _check_retention(config)


# A complaint's personal data may be removed no sooner than this many days after closing (pengaduan.services): a
# shorter period, most likely a typo, would take away the contact of complainants who may still answer or rate.
RETENTION_MIN_DAYS = 30


def _check_retention(config):
    """Stop at start on a PENGADUAN_RETENTION_DAYS under RETENTION_MIN_DAYS rather than remove contacts too soon."""
    days = config.get('PENGADUAN_RETENTION_DAYS')
    if days is not None and days < RETENTION_MIN_DAYS:
        raise ConfigError(f'Pengaturan tidak sah: PENGADUAN_RETENTION_DAYS={days}; paling sedikit '
                          f'{RETENTION_MIN_DAYS} hari setelah pengaduan ditutup, atau kosong bila kantor belum '
                          'menetapkan masa retensi.')


def _check_address_and_zone(config):
    """Stop at start on two settings every QR code, email and date depends on, rather than print a poster or send a
    link that goes nowhere, or fail on the first date shown."""
    base = config['PUBLIC_BASE_URL']
    parts = urlsplit(base)
    if parts.scheme not in ('http', 'https') or not parts.netloc:
        raise ConfigError(f'Pengaturan tidak sah: PUBLIC_BASE_URL={base!r}; tulis alamat lengkap dengan https://, '
                          'misalnya https://layanan.kantor-anda.go.id.')
    zone = config.get('BABEL_DEFAULT_TIMEZONE') or 'UTC'
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f'Pengaturan tidak sah: BABEL_DEFAULT_TIMEZONE={zone!r}; tulis zona waktu IANA: '
                          'Asia/Jakarta (WIB), Asia/Makassar (WITA) atau Asia/Jayapura (WIT).') from None
