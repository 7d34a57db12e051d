"""Security headers on every response; stricter ones on pages that ask for them (the WBS)."""
from flask import current_app, g, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError

from .errors import render_error

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


def no_trace():
    """Mark the current request as one that must leave no trace: no-store, no referrer (WBS routes call it)."""
    g.no_trace = True


def register_security_headers(app):
    """Add CSP, nosniff, referrer and framing headers to every response; refuse NUL bytes in requests."""

    def refuse_nul():
        if has_nul(request):
            return render_error(400, _l('Alamat atau formulir memuat karakter yang tidak sah (NUL). '
                                        'Periksa kembali isian lalu kirim ulang.'))
        return None

    # first of the app's before_request functions: nothing may reach the database with a NUL (PostgreSQL refuses it)
    app.before_request_funcs.setdefault(None, []).insert(0, refuse_nul)
    app.before_request(check_origin)

    @app.after_request
    def headers(response):
        h = response.headers
        h.setdefault('Content-Security-Policy', CSP)
        h.setdefault('X-Content-Type-Options', 'nosniff')
        h.setdefault('X-Frame-Options', 'DENY')
        h.setdefault('Cross-Origin-Opener-Policy', 'same-origin')
        h.setdefault('Permissions-Policy', 'camera=(), microphone=(), geolocation=()')
        if g.get('no_trace'):
            h['Referrer-Policy'] = 'no-referrer'
            h['Cache-Control'] = 'no-store'
        else:
            h.setdefault('Referrer-Policy', 'same-origin')
        if app.config.get('SESSION_COOKIE_SECURE'):
            h.setdefault('Strict-Transport-Security', 'max-age=31536000')
        return response


def local_path(target, default):
    """`target` when it is a path on this site, else `default`: no open redirect through ?next=.

    Refused: anything with a control character, whitespace or a backslash (browsers drop tabs and newlines, so
    '/%09/evil' would become '//evil'), and anything not starting with one '/' then a character other than '/' or a
    backslash.
    """
    if not target or not isinstance(target, str) or not target.startswith('/') or target[1:2] in ('/', '\\'):
        return default
    if any(c == '\\' or c.isspace() or not c.isprintable() for c in target):
        return default
    return target


def has_nul(req):
    """True when the request's path, query string values or form values hold a NUL byte (PostgreSQL refuses them)."""
    if '\x00' in req.path:
        return True
    if any('\x00' in k or '\x00' in v for k, v in req.args.items(multi=True)):
        return True
    if req.method in ('POST', 'PUT', 'PATCH', 'DELETE') and req.mimetype in (
            'application/x-www-form-urlencoded', 'multipart/form-data'):
        return any('\x00' in k or '\x00' in v for k, v in req.form.items(multi=True))
    return False


def check_origin():
    """Refuse a form posted from another site over HTTPS, as far as the browser says where it comes from.

    Stands in for Flask-WTF's strict Referer check (WTF_CSRF_SSL_STRICT, off): a POST over HTTPS whose Referer names
    another origin, or whose Origin does, is refused like a bad CSRF token. A browser sends neither (or `Origin:
    null`) from a page with Referrer-Policy: no-referrer, the WBS and tracking pages: then the CSRF token and the
    SameSite session cookie decide, as they do for every POST.
    """
    if request.method in ('GET', 'HEAD', 'OPTIONS', 'TRACE') or not request.is_secure:
        return None
    if not current_app.config.get('WTF_CSRF_ENABLED', True):
        return None
    here = f'https://{request.host}'
    origin = request.headers.get('Origin')
    referrer = request.headers.get('Referer')
    if origin and origin != 'null' and origin != here:
        raise CSRFError('Origin tidak cocok.')
    if referrer and not (referrer == here or referrer.startswith(here + '/')):
        raise CSRFError('Referer tidak cocok.')
    return None
