"""Helpers every part's views share."""
from flask import flash

from .extensions import db
from .i18n import error_text
from .operations import ValidationError


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
