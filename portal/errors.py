"""Error pages in Bahasa Indonesia; JSON for clients that ask for it."""
import math
import time

from flask import g, make_response, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from .extensions import db, limiter, login_manager

MESSAGES = {
    400: (_l('Permintaan tidak valid'),
          _l('Formulir atau alamat yang dikirim tidak dapat diproses. Muat ulang halaman lalu coba lagi.')),
    403: (_l('Akses ditolak'), _l('Anda tidak memiliki hak untuk membuka halaman ini.')),
    404: (_l('Halaman tidak ditemukan'), _l('Alamat yang Anda buka tidak ada atau sudah tidak tersedia.')),
    405: (_l('Metode tidak diizinkan'), _l('Halaman ini tidak menerima permintaan seperti itu.')),
    413: (_l('Berkas terlalu besar'),
          _l('Ukuran kiriman melebihi batas. Perkecil atau kurangi lampiran lalu kirim ulang.')),
    429: (_l('Terlalu banyak permintaan'),
          _l('Anda mengirim terlalu banyak permintaan dalam waktu singkat. Tunggu sebentar lalu coba lagi.')),
    500: (_l('Terjadi kesalahan'), _l('Maaf, terjadi kesalahan pada sistem. Silakan coba beberapa saat lagi.')),
    503: (_l('Layanan sedang terganggu'),
          _l('Data layanan sedang tidak dapat dihubungi. Muat ulang halaman ini dalam beberapa saat.')),
}
NOT_STORED = _l('Data layanan sedang tidak dapat dihubungi, sehingga isian yang baru Anda kirim mungkin belum '
                'tersimpan. Kembali ke formulir, tunggu sebentar, lalu kirim ulang.')
RETRY_AFTER = 30  # seconds, on a 503: a database restart or failover usually takes less


def render_error(code, detail=None):
    """The error page for `code`, with an optional more precise message."""
    title, message = MESSAGES.get(code, MESSAGES[500] if code >= 500 else MESSAGES[400])
    if request.accept_mimetypes.best == 'application/json':
        return {'error': str(title), 'message': str(detail or message)}, code
    return render_template('errors/error.html', code=code, title=title, message=detail or message), code


def too_many_requests():
    """The 429 page, saying how long to wait (the breached limit's window: a minute, or up to an hour), with
    Retry-After."""
    try:
        current = limiter.current_limit
        wait = max(1, math.ceil(current.reset_at - time.time())) if current is not None else None
    except Exception:  # noqa: BLE001 - the page must render whatever the limiter's state
        wait = None
    if wait is None:
        return render_error(429)
    if wait > 90:
        detail = _l('Terlalu banyak permintaan dari alamat ini dalam waktu singkat. Coba lagi dalam %(m)s menit.',
                    m=math.ceil(wait / 60))
    else:
        detail = _l('Terlalu banyak permintaan dari alamat ini dalam waktu singkat. Coba lagi dalam %(s)s detik.',
                    s=wait)
    response = make_response(render_error(429, detail))
    response.headers['Retry-After'] = str(wait)
    return response


def register_errorhandlers(app):
    """Route every HTTP error, CSRF failure and unexpected exception to a page in Bahasa Indonesia."""

    @app.errorhandler(CSRFError)
    def csrf_error(exc):
        if app.config.get('SESSION_COOKIE_SECURE') and not request.is_secure:
            # the cookie holding the token is Secure (PUBLIC_BASE_URL is https://): a browser never sends it back
            # over http://, so every form fails here; say so to whoever tries the server at its http:// address
            return render_error(400, _l('Formulir tidak dapat diproses: halaman ini dibuka lewat http://, sedangkan '
                                        'PUBLIC_BASE_URL memakai https://, sehingga peramban tidak mengirim cookie '
                                        'sesi. Buka alamat https:// portal ini.'))
        return render_error(400, _l('Formulir kedaluwarsa atau tidak sah (token keamanan tidak cocok). '
                                    'Muat ulang halaman lalu kirim kembali.'))

    @app.errorhandler(HTTPException)
    def http_error(exc):
        if exc.code is None or exc.code < 400:
            return exc
        if exc.code == 429:
            return too_many_requests()
        detail = exc.description if getattr(exc, 'show_to_user', False) else None
        return render_error(exc.code, detail)

    @app.errorhandler(OperationalError)
    def database_away(exc):
        # the database did not answer (down, restarting, out of connections, locked past the timeout): a passing
        # state, not a bug, so 503 with Retry-After rather than 500; the log still gets the details
        db.session.rollback()
        app.logger.error('database unavailable on %s: %s', request.path, type(exc.orig or exc).__name__)
        # the page is rendered as for a visitor: asking the database who is signed in would fail again
        g._login_user = login_manager.anonymous_user()
        response = make_response(render_error(503, NOT_STORED if request.method == 'POST' else None))
        response.headers['Retry-After'] = str(RETRY_AFTER)
        return response

    @app.errorhandler(Exception)
    def unexpected(exc):
        db.session.rollback()
        app.logger.exception('unhandled error on %s', request.path)
        return render_error(500)
