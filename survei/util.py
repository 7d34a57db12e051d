"""Small helpers that need the app: the office's today, the public survey URL, signed values for the form."""
import time

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from portal.i18n import office_today
from portal.ids import parse_id


def local_today():
    """Today in the office's time zone (WIB for Bengkulu), the default date of service."""
    return office_today()


def survey_path(unit_slug, layanan_slug):
    """The path printed on posters; it never changes once printed."""
    return f'/survei/{unit_slug}/{layanan_slug}'


def survey_url(unit_slug, layanan_slug):
    """PUBLIC_BASE_URL plus the survey path: what the QR encodes."""
    return current_app.config['PUBLIC_BASE_URL'].rstrip('/') + survey_path(unit_slug, layanan_slug)


def _serializer(salt):
    return URLSafeSerializer(current_app.config['SECRET_KEY'], salt=salt)


def sign_opened(now=None):
    """A signed timestamp for the form: when the citizen opened it."""
    return _serializer('survei-opened').dumps(round(now if now is not None else time.time(), 3))


def seconds_since_opened(value, now=None):
    """Seconds since the signed opening time, or None when it is missing or forged."""
    try:
        opened = float(_serializer('survei-opened').loads(value or ''))
    except (BadSignature, TypeError, ValueError):
        return None
    return (now if now is not None else time.time()) - opened


def read_done_cookie(value, today):
    """Layanan ids this browser answered today, from the signed cookie (older days are forgotten)."""
    try:
        data = _serializer('survei-done').loads(value or '')
    except (BadSignature, TypeError, ValueError):
        return set()
    if not isinstance(data, dict) or data.get('d') != today.isoformat():
        return set()
    return {parse_id(i) for i in data.get('l', [])} - {None}


def done_cookie_value(layanan_ids, today):
    """The signed cookie value recording the layanan answered today."""
    return _serializer('survei-done').dumps({'d': today.isoformat(), 'l': sorted(layanan_ids)})
