"""The floor: the least a Flask app under the same gunicorn settings can do to take a survey submission.

GET /survei gives a page the size of the portal's survey form with a fresh token in it; POST /survei stores the
token and the nine answers in one row (SQLAlchemy Core on the same PostgreSQL, with the portal's pool settings) and
answers 303. Nothing else: no session, CSRF check, rate limit, validation, burst count, idempotency, request log or
security headers. What the portal's survey costs beyond this row is what those cost.
"""
import os
import secrets

from flask import Flask, redirect, request
from sqlalchemy import Column, Integer, MetaData, SmallInteger, String, Table, create_engine, insert

UNSUR = [f'u{i}' for i in range(1, 10)]
FORM_BYTES = 13_400  # about the portal's survey form

engine = create_engine(os.environ['DATABASE_URL'].replace('postgresql://', 'postgresql+psycopg://', 1),
                       pool_pre_ping=True)
metadata = MetaData()
responses = Table('bench_floor_response', metadata, Column('id', Integer, primary_key=True),
                  Column('token', String(64), nullable=False, unique=True),
                  *(Column(u, SmallInteger, nullable=False) for u in UNSUR))
metadata.create_all(engine)
engine.dispose()  # gunicorn forks the workers from this process: none may inherit its connection

_form = ('<!doctype html><html lang="id"><title>Survei</title><form method="post" action="/survei">'
         '<input type="hidden" name="token" value="{token}">'
         + ''.join(f'<label><input type="radio" name="{u}" value="{v}"> {v}</label>' for u in UNSUR for v in '1234')
         + '<button>Kirim</button></form>')
PAGE = _form + '<p>' + 'x' * (FORM_BYTES - len(_form)) + '</p></html>'
STORE = insert(responses)

app = Flask(__name__)


@app.get('/survei')
def form():
    """The form, with a fresh token."""
    return PAGE.replace('{token}', secrets.token_urlsafe(24))


@app.post('/survei')
def submit():
    """One row, then the thank-you redirect."""
    row = {'token': request.form['token'], **{u: int(request.form[u]) for u in UNSUR}}
    with engine.begin() as conn:
        conn.execute(STORE, row)
    return redirect('/survei/terima-kasih', 303)
