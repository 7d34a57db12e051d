"""The floor: the least a Flask app under the same gunicorn settings can do to take a survey submission.

GET /survei gives a page the size of the portal's survey form with a fresh token in it; POST /survei stores the
token and the nine answers in one row (SQLAlchemy Core on the same PostgreSQL, with the portal's pool settings) and
answers 303.

Two apps are served from here:
- `app`, the bare floor: nothing else. No session, CSRF check, rate limit, validation, burst count, request log or
  security headers. What the portal's survey costs beyond this row is what those cost.
- `guarded`, the same two views with the safeguards issue 8 asks of every public form, taken from the portal
  itself: the proxy's address (ProxyFix), Flask-WTF's CSRF check (its token in the signed session cookie),
  Flask-Limiter on Redis with the survey's limits per address, the JSON request log and the security headers. No
  survey rule: no validation of the answers, no burst count, no second insert, no language or login. What the
  portal's survey costs beyond this row is the survey's own work.
"""
import os
import secrets

from flask import Flask, redirect, request
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFProtect, generate_csrf
from sqlalchemy import Column, Integer, MetaData, SmallInteger, String, Table, create_engine, insert
from werkzeug.middleware.proxy_fix import ProxyFix

from portal.extensions import ViewLimiter
from portal.logs import register_request_logging
from portal.security import register_security_headers
from survei.rules import RATE_LIMIT

UNSUR = [f'u{i}' for i in range(1, 10)]
FORM_BYTES = 13_400  # about the portal's survey form

engine = create_engine(os.environ['DATABASE_URL'].replace('postgresql://', 'postgresql+psycopg://', 1),
                       pool_pre_ping=True)
metadata = MetaData()


def _table(name):
    return Table(name, metadata, Column('id', Integer, primary_key=True),
                 Column('token', String(64), nullable=False, unique=True),
                 *(Column(u, SmallInteger, nullable=False) for u in UNSUR))


responses, guarded_responses = _table('bench_floor_response'), _table('bench_floor_guarded_response')
metadata.create_all(engine)
engine.dispose()  # gunicorn forks the workers from this process: none may inherit its connection

_form = ('<!doctype html><html lang="id"><title>Survei</title><form method="post" action="/survei">'
         '<input type="hidden" name="token" value="{token}">{csrf}'
         + ''.join(f'<label><input type="radio" name="{u}" value="{v}"> {v}</label>' for u in UNSUR for v in '1234')
         + '<button>Kirim</button></form>')
PAGE = _form + '<p>' + 'x' * (FORM_BYTES - len(_form)) + '</p></html>'


def make(table, guarded):
    """The floor's two views storing into `table`; with `guarded`, behind the portal's safeguards."""
    flask_app = Flask(__name__)
    store = insert(table)
    page = PAGE.replace('{csrf}', '<input type="hidden" name="csrf_token" value="{csrf}">' if guarded else '')
    if guarded:
        flask_app.config.update(SECRET_KEY=os.environ['SECRET_KEY'], SESSION_COOKIE_HTTPONLY=True,
                                SESSION_COOKIE_SAMESITE='Lax', WTF_CSRF_TIME_LIMIT=None, LOG_REQUESTS=True,
                                RATELIMIT_STORAGE_URI=os.environ['REDIS_URL'], RATELIMIT_KEY_PREFIX='floor')
        flask_app.wsgi_app = ProxyFix(flask_app.wsgi_app, x_for=1, x_proto=1, x_host=1)
        CSRFProtect(flask_app)
        limiter = ViewLimiter(get_remote_address, app=flask_app)
        register_request_logging(flask_app)
        register_security_headers(flask_app)

    @flask_app.get('/survei')
    def form():
        """The form, with a fresh token (and, guarded, the session's CSRF token)."""
        html = page.replace('{token}', secrets.token_urlsafe(24))
        return html.replace('{csrf}', generate_csrf()) if guarded else html

    def submit():
        """One row, then the thank-you redirect."""
        row = {'token': request.form['token'], **{u: int(request.form[u]) for u in UNSUR}}
        with engine.begin() as conn:
            conn.execute(store, row)
        return redirect('/survei/terima-kasih', 303)

    if guarded:  # the survey's own limits, as the portal sets them
        submit = limiter.limit(RATE_LIMIT)(submit)
    flask_app.post('/survei')(submit)
    return flask_app


app = make(responses, guarded=False)
guarded = make(guarded_responses, guarded=True)
