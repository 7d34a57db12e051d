"""Security headers on every response; stricter ones on pages that ask for them (the WBS)."""
from flask import g

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


def no_trace():
    """Mark the current request as one that must leave no trace: no-store, no referrer (WBS routes call it)."""
    g.no_trace = True


def register_security_headers(app):
    """Add CSP, nosniff, referrer and framing headers to every response."""

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
    """`target` when it is a path on this site, else `default`: no open redirect through ?next= (// or /\\ hosts)."""
    if not target or not target.startswith('/') or target[1:2] in ('/', '\\') or any(c in target for c in '\r\n'):
        return default
    return target
