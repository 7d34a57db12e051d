"""Helpers every part's views share."""
from dataclasses import dataclass

from flask import abort, flash, redirect, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from werkzeug.exceptions import BadRequest

from . import addresses, audit, once
from .extensions import db
from .i18n import error_text
from .models import OnceClaim, Unit, utcnow
from .operations import ValidationError

# What a form that stores once (portal.once) answers
ONCE_REPLAYED = _l('Sudah tersimpan; kiriman ulang tidak disimpan lagi.')
ONCE_MISSING = _l('Formulir ini tidak dapat diproses: penanda kirimannya tidak ada atau rusak, misalnya karena halaman '
                  'dibuka sebelum aplikasi diperbarui. Muat ulang halaman, lalu kirim lagi.')
ONCE_STALE = _l('Formulir ini dibuka lebih dari %(days)s hari yang lalu, jadi tidak dapat dipastikan belum pernah '
                'terkirim. Periksa isian Anda, lalu kirim sekali lagi.', days=once.KEEP_DAYS)


def confirmed():
    """True when a destructive step's confirmation box was ticked (name="yakin" value="1": the delete_form macro in
    templates/macros/forms.html, and the dashboard's withdraw form)."""
    return request.form.get('yakin') == '1'


def form_error(form):
    """The first of a refused form's messages, after its field's label ("Keterangan: Isian paling banyak 5000
    karakter."), to show beside what was typed; None when the form has none."""
    for name, messages in form.errors.items():
        if messages:
            field = form._fields.get(name)
            label = field.label.text if field is not None and field.label.text else ''
            return f'{label}: {messages[0]}' if label else str(messages[0])
    return None


def audit_export(action, object_type, fmt, rows):
    """Record and commit who took which rows out of the portal, in which format and with which filter (UU 27/2022: a
    record of the processing): the complaint and survey-response exports."""
    audit.record(action, object_type=object_type, details={
        'format': fmt, 'rows': rows, 'filter': {k: v[:100] for k, v in request.args.items()}})
    db.session.commit()


def commit_or_flash(call, success, errors=(ValidationError,)):
    """Run a service call: commit and flash `success`, or roll back and flash the error's message. True on success.

    The one place where a view turns a domain error into a message, so a request commits once or not at all.
    """
    try:
        call()
    except errors as exc:
        db.session.rollback()
        flash(error_text(exc), 'error')
        return False
    db.session.commit()
    flash(success, 'success')
    return True


def active_unit_or_404(slug, moved_to):
    """The active unit whose slug this is. A unit's old slug (portal.addresses: printed or shared before a rename)
    redirects (302, as the old slug may become current again) to `moved_to(current slug)`; anything else is a 404."""
    unit = db.session.scalar(select(Unit).where(Unit.slug == slug, Unit.active.is_(True)))
    if unit is not None:
        return unit
    former = addresses.unit_by_alias(slug)
    if former is None or not former.active:
        abort(404)
    abort(redirect(moved_to(former.slug), code=302))


def shown_status(refused=400):
    """The status of a form page: 200 on a GET, `refused` when a POST comes back to it. A form that is taken
    redirects (post-redirect-get), so a POST answered with the form again is a refused one: a 4xx, as the rule for
    bad input asks, with the form's messages on the page."""
    return refused if request.method == 'POST' else 200


# ---------------------------------------------------------------- forms that store once (portal.once)
def once_token():
    """A fresh once token for a form rendered now (the template global behind the once_field macro)."""
    return once.new_token(utcnow().date())


@dataclass(frozen=True)
class PostedOnce:
    """The once token a form was posted with. `stale`: the form is older than portal.once.KEEP_DAYS, so it is shown
    again (ONCE_STALE, what was typed kept) rather than taken."""

    token: str
    stale: bool

    def claim(self, purpose, table=OnceClaim):
        """Claim the token in this request's transaction (portal.once.claim): False for a replay, which must store
        nothing and answer with replayed(). The view writes after a True and commits once."""
        return once.claim(db.session, table, purpose, self.token, utcnow().date())


def posted_once():
    """The once token of the posted form. Missing or malformed (a page rendered before this check existed, or a
    forged request): a 400 whose page says to reload."""
    token = request.form.get(once.FIELD, '')
    found = once.state(token, utcnow().date())
    if found is None:
        exc = BadRequest(str(ONCE_MISSING))
        exc.show_to_user = True
        raise exc
    return PostedOnce(token, found == once.STALE)


def replayed(target):
    """The answer to a replayed form: where its first POST went, with ONCE_REPLAYED."""
    flash(str(ONCE_REPLAYED), 'warning')  # as the WBS says a report sent twice was not sent again
    return redirect(target)
