"""The only cookies the public WBS pages set: SameSite=Strict, HttpOnly, path /wbs, gone when the browser closes.

- `wbs_csrf`: a random value; forms carry HMAC(server subkey, value) and the view compares (a signed double-submit
  token). Nothing about it is kept on the server, and the Flask session cookie is never touched on /wbs.
- `wbs_sesi` (after a receipt login or right after sending): {report id, report private key, last activity, and
  "filed here" after sending} encrypted with SecretBox under a server subkey. It ends after WBS_REPORTER_IDLE_MINUTES
  of inactivity (checked on the time inside it).
- `wbs_tanda` (right after sending only): {report id, receipt, time sent} encrypted with SecretBox under its own server
  subkey, so the receipt page survives a reload or a language switch. Refused (and deleted) WBS_RECEIPT_HOLD_MINUTES
  after sending, or as soon as the reporter says the receipt is written down. The server never keeps the receipt: a
  form sent again from this browser before its answer came gets it again from the cookie and the form's once token
  (wbs.receipt.receipt_for_form).
"""
import base64
import hashlib
import hmac
import secrets
import time

from flask import abort, current_app, g, request
from nacl.public import PrivateKey

from portal.extensions import db

from . import services
from .models import WbsReport

CSRF_COOKIE = 'wbs_csrf'
SESSION_COOKIE = 'wbs_sesi'
RECEIPT_COOKIE = 'wbs_tanda'
FIELD = 'wbs_csrf'


def _b64(data):
    return base64.urlsafe_b64encode(data).decode().rstrip('=')


def _unb64(text):
    return base64.urlsafe_b64decode(text + '=' * (-len(text) % 4))


def _sign(value):
    return hmac.new(services.server_key('csrf'), value.encode(), hashlib.sha256).hexdigest()


def csrf_token():
    """The form token for this browser's CSRF cookie (a new cookie is set when there is none)."""
    value = g.get('wbs_new_csrf') or request.cookies.get(CSRF_COOKIE, '')
    if len(value) != 43:
        value = g.wbs_new_csrf = secrets.token_urlsafe(32)
    return _sign(value)


def csrf_valid():
    """True when the posted token matches the CSRF cookie."""
    value = request.cookies.get(CSRF_COOKIE, '')
    token = request.form.get(FIELD, '')
    # compared as bytes: compare_digest refuses str with non-ASCII characters (a forged field), which is only a mismatch
    return len(value) == 43 and hmac.compare_digest(_sign(value).encode(), token.encode('utf-8', 'replace'))


def browser_secret():
    """The value of this browser's CSRF cookie, once csrf_valid(): a secret only this browser holds (HttpOnly, gone
    when it closes, replaced after each sending)."""
    return request.cookies.get(CSRF_COOKIE, '')


def check_csrf():
    """Abort with 400 unless the posted token matches the CSRF cookie."""
    if not csrf_valid():
        abort(400)


def rotate_csrf():
    """A new CSRF cookie: the previous page's forms (a reloaded 'send') no longer validate."""
    g.wbs_new_csrf = secrets.token_urlsafe(32)


def start_reporter_session(report, private, filed=False):
    """Remember the opened report for this browser until it is idle too long (`filed`: it was sent from here)."""
    g.wbs_session = {'r': report.id, 'k': bytes(private).hex()}
    if filed:
        g.wbs_session['f'] = 1


def end_reporter_session():
    """Forget the opened report (sign out), and the receipt if it is still held."""
    g.wbs_session = None
    g.wbs_end = True
    forget_receipt()


def hold_receipt(report, receipt):
    """Keep the receipt just issued in this browser's own cookie, encrypted, for the receipt page (PRG)."""
    g.wbs_receipt = {'r': report.id, 'n': receipt, 't': int(time.time())}


def forget_receipt():
    """Drop the held receipt (the reporter wrote it down, signed out, or its time is up)."""
    g.wbs_receipt = None
    g.wbs_receipt_end = True


def held_receipt():
    """(report, receipt digits) while this browser holds the receipt it was just given, else None."""
    raw = request.cookies.get(RECEIPT_COOKIE)
    if not raw or g.get('wbs_receipt_end'):
        return None
    try:
        data = services.session_open('receipt-hold', _unb64(raw))
    except ValueError:
        data = None
    hold = 60 * int(current_app.config.get('WBS_RECEIPT_HOLD_MINUTES', 30))
    age = time.time() - data.get('t', 0) if isinstance(data, dict) else None
    report = db.session.get(WbsReport, data['r']) if age is not None and 0 <= age <= hold else None
    if report is None:
        forget_receipt()
        return None
    return report, data['n']


def just_filed():
    """True when this browser sent a report moments ago: its receipt is held, or its session began with sending."""
    if held_receipt() is not None:
        return True
    found = reporter()
    return found is not None and bool(g.wbs_session.get('f'))


def reporter():
    """(report, private key) of this browser's reporter session, or None when absent, expired or invalid."""
    raw = request.cookies.get(SESSION_COOKIE)
    if not raw:
        return None
    try:
        data = services.session_open('reporter-session', _unb64(raw))
    except ValueError:
        data = None
    idle = 60 * int(current_app.config.get('WBS_REPORTER_IDLE_MINUTES', 15))
    if not data or time.time() - data.get('t', 0) > idle:
        g.wbs_end = True
        return None
    report = db.session.get(WbsReport, data['r'])
    if report is None or not services.reporter_may_enter(report):
        g.wbs_end = True
        return None
    g.wbs_session = {'r': data['r'], 'k': data['k']}
    if data.get('f'):
        g.wbs_session['f'] = 1
    return report, PrivateKey(bytes.fromhex(data['k']))


def apply(response):
    """Set, refresh or clear the WBS cookies on the response."""
    secure = bool(current_app.config.get('SESSION_COOKIE_SECURE'))
    opts = {'httponly': True, 'samesite': 'Strict', 'secure': secure, 'path': '/wbs'}
    if g.get('wbs_new_csrf'):
        response.set_cookie(CSRF_COOKIE, g.wbs_new_csrf, **opts)
    if g.get('wbs_session'):
        blob = services.session_blob('reporter-session', dict(g.wbs_session, t=int(time.time())))
        response.set_cookie(SESSION_COOKIE, _b64(blob), **opts)
    elif g.get('wbs_end'):
        response.delete_cookie(SESSION_COOKIE, path='/wbs', secure=secure, httponly=True, samesite='Strict')
    if g.get('wbs_receipt'):  # set once, never refreshed: the time inside is the time the report was sent
        blob = services.session_blob('receipt-hold', g.wbs_receipt)
        response.set_cookie(RECEIPT_COOKIE, _b64(blob), **opts)
    elif g.get('wbs_receipt_end') and request.cookies.get(RECEIPT_COOKIE):
        response.delete_cookie(RECEIPT_COOKIE, path='/wbs', secure=secure, httponly=True, samesite='Strict')
    return response
