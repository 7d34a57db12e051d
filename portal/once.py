"""Forms that store once: each rendered form carries a fresh token, and its POST claims the token in the transaction
of the write it guards.

A form that adds a row each time it is posted (an internal note, a message, an RTL action) would store the same thing
twice when it is posted twice: a double click, the browser's "resend", a retry after an answer lost on a slow
network, a replayed request. The CSRF token cannot tell these apart: it is the same for every form of a session. So
each render of such a form makes a token (new_token); the POST inserts the token's digest into a claim table whose
key is that digest, in the same transaction as the write (claim). A second POST of the same form finds the digest
taken and stores nothing; two at the same moment are told apart by the unique key: one inserts, the other's INSERT
fails inside a savepoint, which is rolled back alone, and it answers as a replay.

What a claim table keeps: the token's SHA-256 digest (the token itself lives only in the page) and the UTC day of the
claim, for the daily purge. No user, no object, no address, no time of day: nothing that ties a claim to a report or
to who sent it. The WBS reporter's forms claim in a table of their own (wbs_once_claim): in a shared table, the order
of the rows would place a reporter's post among staff actions whose time the audit log keeps; there it sits among
reporters' posts only, an order their messages and files already show (docs/wbs.md, "What it protects").

A token carries the day its form was made. Claims are purged a few days after they were made (purge, a daily task),
so a form older than KEEP_DAYS could no longer be told from its own replay: such a form is refused (shown again, as
typed where the page allows, to be sent once more) rather than taken.

No Flask here: the views' side is portal.views_util (posted_once, replayed) and the macro once_field in
templates/macros/forms.html.
"""
import hashlib
import re
import secrets
from datetime import date, timedelta

from sqlalchemy import Date, String, delete, insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

KEEP_DAYS = 2  # a form is taken this many days after the day it was made; its claim is kept a day longer
FIELD = 'sekali'  # the name of the hidden field
FRESH, STALE = 'fresh', 'stale'
_TOKEN = re.compile(r'([0-9]{8})\.[A-Za-z0-9_-]{32}')  # ASCII digits only: it is hashed as ASCII


class ClaimColumns:
    """The columns of a claim table (portal.models.OnceClaim, wbs.models.WbsOnceClaim)."""

    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    day: Mapped[date] = mapped_column(Date, index=True)


def new_token(today):
    """A fresh token for a form rendered on `today` (a UTC date): the day, a dot, 32 random URL-safe characters."""
    return f'{today:%Y%m%d}.{secrets.token_urlsafe(24)}'


def state(token, today):
    """FRESH for a token new_token made from KEEP_DAYS before `today` up to tomorrow (servers' clocks may differ by
    a day's edge), STALE for one made earlier, None for anything else (missing, malformed, an impossible day)."""
    match = _TOKEN.fullmatch(token) if isinstance(token, str) else None
    if match is None:
        return None
    text = match.group(1)
    try:
        made = date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None
    if made > today + timedelta(days=1):
        return None
    return FRESH if made >= today - timedelta(days=KEEP_DAYS) else STALE


def digest(purpose, token):
    """What a claim table keeps of a token: SHA-256 of the purpose (e.g. 'pengaduan.catatan') and the token."""
    return hashlib.sha256(f'{purpose}:{token}'.encode('ascii')).hexdigest()


def claim(session, table, purpose, token, today):
    """Claim `token` for `purpose` in the session's transaction: True when claimed now, False when it was claimed
    before (a replay: nothing is written, and the transaction goes on unharmed). The caller writes after a True and
    commits once, so the claim and the write are stored together or not at all."""
    session.flush()  # the session's own pending rows first: their errors are not a replay
    _begin(session)
    try:
        with session.begin_nested():
            session.execute(insert(table).values(digest=digest(purpose, token), day=today))
    except IntegrityError:
        return False
    return True


def _begin(session):
    """Make sure the transaction has begun before the savepoint. Python's sqlite3 begins one only before an INSERT,
    UPDATE or DELETE; a SAVEPOINT outside a transaction would begin one of its own, and releasing that savepoint would
    commit the claim alone, before the write it guards. (PostgreSQL's driver begins on the first statement.)"""
    conn = session.connection()
    if conn.dialect.name == 'sqlite' and not conn.connection.dbapi_connection.in_transaction:
        conn.exec_driver_sql('BEGIN')


def purge(session, table, today):
    """Delete the claims made more than KEEP_DAYS + 1 days before `today`; returns how many. The day more than a
    form is taken covers a claim made on a server whose clock is a day's edge behind the one that made the form."""
    cutoff = today - timedelta(days=KEEP_DAYS + 1)
    return session.execute(delete(table).where(table.day < cutoff)).rowcount


def purge_job():
    """The daily task the portal registers: purge portal.models.OnceClaim (the WBS purges its own table)."""
    from .extensions import db  # here, not at the top: the core above stays free of Flask
    from .models import OnceClaim, utcnow
    return purge(db.session, OnceClaim, utcnow().date())
