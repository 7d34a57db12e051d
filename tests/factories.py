"""Factories every part's tests reuse: units, layanan, staff users, signing in through the real form, and counting
the SQL a block sends."""
import html as html_lib
import itertools
import re
import socket
from contextlib import contextmanager
from functools import lru_cache

from sqlalchemy import event

from portal import once
from portal.extensions import db
from portal.models import Layanan, Unit, User, utcnow
from portal.passwords import hash_password

PASSWORD = 'sandi-uji-12345'
_seq = itertools.count(1)
CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')
ONCE = 'sekali'  # portal.once.FIELD
ONCE_RE = re.compile(r'name="sekali" value="([^"]+)"')
FORM_RE = re.compile(r'<form\b[^>]*\baction="([^"]*)"[^>]*>(.*?)</form>', re.S)


@lru_cache(maxsize=1)
def _password_hash():
    return hash_password(PASSWORD)


def make_unit(name=None, slug=None, kind='kankemenag', parent=None, **kw):
    """A committed unit."""
    n = next(_seq)
    unit = Unit(name=name or f'Unit Uji {n}', slug=slug or f'unit-uji-{n}', kind=kind, parent=parent,
                active=kw.pop('active', True), **kw)
    db.session.add(unit)
    db.session.commit()
    return unit


def make_layanan(unit, name=None, slug=None, **kw):
    """A committed layanan of `unit`."""
    n = next(_seq)
    item = Layanan(unit=unit, name=name or f'Layanan Uji {n}', slug=slug or f'layanan-{n}',
                   active=kw.pop('active', True), **kw)
    db.session.add(item)
    db.session.commit()
    return item


def make_user(role='superadmin', unit=None, email=None, **kw):
    """A committed staff user whose password is PASSWORD."""
    n = next(_seq)
    user = User(name=kw.pop('name', f'Petugas {n}'), email=email or f'user{n}@uji.kemenag.go.id', role=role, unit=unit,
                password_hash=_password_hash(), active=kw.pop('active', True), **kw)
    db.session.add(user)
    db.session.commit()
    return user


def csrf_token(client, url='/staf/masuk'):
    """The CSRF token of the client's session, read from a page that has a form."""
    return _csrf_in(client.get(url).get_data(as_text=True), url)


def _csrf_in(page, url):
    match = CSRF_RE.search(page)
    assert match, f'no csrf_token on {url}'
    return match.group(1) or match.group(2)


def once_token(page, action):
    """The once token (portal.once) of the first form on `page` (HTML) that posts to `action` (compared without
    its query), or None when no such form carries one."""
    path = action.split('?')[0]
    for target, body in FORM_RE.findall(page):
        if html_lib.unescape(target).split('?')[0] == path:
            match = ONCE_RE.search(body)
            if match:
                return match.group(1)
    return None


def fresh_once():
    """A once token as a form rendered today carries (one the page no longer offers, opened in an older tab)."""
    return once.new_token(utcnow().date())


def page_once(client, url, action=None):
    """The once token of the form posting to `action` (default: url) on the page at `url`, as a browser has it."""
    token = once_token(client.get(url).get_data(as_text=True), action or url)
    assert token, f'no once token for {action or url} on {url}'
    return token


def login_as(client, user_or_role='superadmin', unit=None, password=PASSWORD):
    """Sign in through the real login form; creates a user of that role when given a role name. Returns the user."""
    user = make_user(user_or_role, unit) if isinstance(user_or_role, str) else user_or_role
    response = client.post('/staf/masuk', data={'email': user.email, 'password': password,
                                                'csrf_token': csrf_token(client)})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return user


def post_form(client, url, data, form_url=None, **kw):
    """POST a form as a browser would: with the CSRF token of the page at form_url (default: url) and, when that
    page's form posting to `url` carries one, its once token (portal.once)."""
    data = dict(data)
    if 'csrf_token' not in data or ONCE not in data:
        page = client.get(form_url or url).get_data(as_text=True)
        data.setdefault('csrf_token', _csrf_in(page, form_url or url))
        token = once_token(page, url)
        if token:
            data.setdefault(ONCE, token)
    return client.post(url, data=data, **kw)


def free_port():
    """A TCP port on 127.0.0.1 nobody listens on right now (for servers the tests start)."""
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


@contextmanager
def statements():
    """Count the SQL statements sent while the block runs."""
    seen = []
    listener = lambda *args: seen.append(args[2])  # noqa: E731 - (conn, cursor, statement, ...)
    event.listen(db.engine, 'before_cursor_execute', listener)
    try:
        yield seen
    finally:
        event.remove(db.engine, 'before_cursor_execute', listener)
