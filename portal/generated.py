"""Files built in the background (PDF reports): requested by a staff user, built by a job, fetched when ready.

A report that takes seconds to render never holds a web worker: the request queues a job (RQ with REDIS_URL, a thread
otherwise) and answers at once with a page that refreshes itself until the file is ready.
"""
import importlib
import secrets
from datetime import datetime, timedelta

from flask import Blueprint, Response, abort, current_app, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import Mapped, mapped_column

from . import audit
from .extensions import db
from .jobs import enqueue
from .models import utcnow
from .uploads import store_for

bp = Blueprint('generated', __name__, url_prefix='/staf/unduhan')
KEEP = timedelta(days=1)
LONG_WAIT = timedelta(minutes=1)  # a report builds in seconds: still queued after this, no worker may be taking it


class GeneratedFile(db.Model):
    """One requested file: who asked, which job builds it, its state and where the bytes are."""

    __tablename__ = 'generated_file'
    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(32), unique=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey('user.id'), index=True)
    title: Mapped[str] = mapped_column(String(200))
    filename: Mapped[str] = mapped_column(String(200))
    mime: Mapped[str] = mapped_column(String(100))
    job: Mapped[str] = mapped_column(String(200))
    args: Mapped[list] = mapped_column(db.JSON)
    status: Mapped[str] = mapped_column(String(10), default='antre')  # antre | proses | siap | gagal
    store_key: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]


def request_file(user, job, args, title, filename, mime='application/pdf'):
    """Queue `job(*args) -> bytes` to build a file for `user`; returns the row (its token names the status page)."""
    row = GeneratedFile(token=secrets.token_hex(16), owner_id=user.id, title=title, filename=filename, mime=mime,
                        job=job, args=list(args))
    db.session.add(row)
    db.session.flush()
    audit.record('file.requested', row, details={'job': job, 'args': list(args)})
    enqueue('portal.generated.build', row.id)
    return row


def build(file_id):
    """The job: run the builder inside a request context for PUBLIC_BASE_URL and store the bytes (or the failure)."""
    row = db.session.get(GeneratedFile, file_id)
    if row is None or row.status != 'antre':
        return
    module, _, name = row.job.rpartition('.')
    try:
        builder = getattr(importlib.import_module(module), name)
        with current_app.test_request_context(base_url=current_app.config['PUBLIC_BASE_URL']):
            data = builder(*row.args)
        row.store_key = store_for(current_app, 'generated').save(data)
        row.status = 'siap'
    except Exception:  # noqa: BLE001 - a failed build is recorded for the user, never lost silently
        db.session.rollback()
        row = db.session.get(GeneratedFile, file_id)
        current_app.logger.exception('building %s failed', row.job)
        row.status = 'gagal'
    row.finished_at = utcnow()


def purge_job():
    """Delete generated files older than a day (a daily task)."""
    old = db.session.scalars(select(GeneratedFile).where(GeneratedFile.created_at < utcnow() - KEEP)).all()
    store = store_for(current_app, 'generated')
    for row in old:
        if row.store_key:
            store.delete(row.store_key)
        db.session.delete(row)
    return len(old)


def _own_or_404(token):
    row = db.session.scalar(select(GeneratedFile).where(GeneratedFile.token == token))
    if row is None or row.owner_id != current_user.id:
        abort(404)
    return row


@bp.route('/<token>')
@login_required
def status(token):
    """The file's state; refreshes itself until the file is ready."""
    row = _own_or_404(token)
    waiting_long = row.status == 'antre' and utcnow() - row.created_at > LONG_WAIT
    return render_template('portal/generated.html', row=row, waiting_long=waiting_long)


@bp.route('/<token>/berkas')
@login_required
def download(token):
    """The finished file, to its owner only."""
    row = _own_or_404(token)
    if row.status != 'siap':
        return redirect(url_for('generated.status', token=token))
    data = store_for(current_app, 'generated').load(row.store_key)
    audit.record('file.downloaded', row)
    db.session.commit()
    response = Response(data, mimetype=row.mime)
    response.headers['Content-Disposition'] = f'attachment; filename="{row.filename}"'
    response.headers['Cache-Control'] = 'private, no-store'
    return response
