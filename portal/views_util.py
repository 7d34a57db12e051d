"""Helpers every part's views share."""
from flask import abort, flash, redirect, request
from sqlalchemy import select

from . import addresses
from .extensions import db
from .i18n import error_text
from .models import Unit
from .operations import ValidationError


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
