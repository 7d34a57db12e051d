"""Language choice: Bahasa Indonesia unless the visitor chose English (the `lang` cookie or ?lang=)."""
from flask import current_app, request

from .markers import Text


def select_locale():
    """The locale for this request: ?lang=, then the cookie, then Bahasa Indonesia."""
    languages = current_app.config['LANGUAGES']
    for candidate in (request.args.get('lang'), request.cookies.get('lang')):
        if candidate in languages:
            return candidate
    return current_app.config['BABEL_DEFAULT_LOCALE']


def choices(labels, blank=None):
    """Form choices from a {value: label} dict of N_-marked labels, translated when rendered (with a blank first)."""
    from flask_babel import lazy_gettext
    out = [('', lazy_gettext(blank))] if blank else []
    return out + [(value, lazy_gettext(label)) for value, label in labels.items()]


def translate(text):
    """The `tr` template filter: in the visitor's language, a text marked with N_ (values included), or a stored text
    that was seeded from one (a default questionnaire's wording: an edited text has no translation and shows as
    written); anything else as it is. A stored text is looked up, never %-formatted."""
    from flask_babel import gettext
    if isinstance(text, Text):  # its values are translated too when they are N_ texts (a state, an action's label)
        values = {key: translate(value) if isinstance(value, Text) else value for key, value in text.values.items()}
        return gettext(text.msgid, **values) if values else gettext(text.msgid)
    if isinstance(text, str) and text:  # '' would fetch the catalogue's header
        return gettext(text)
    return text


def error_text(exc):
    """An exception's message for the visitor: translated when a plain module raised it with an N_ text."""
    reason = exc.args[0] if exc.args else None
    return translate(reason) if isinstance(reason, Text) else str(exc)


def office_today():
    """Today in the office's configured time zone (BABEL_DEFAULT_TIMEZONE)."""
    from .clock import local_today
    return local_today(current_app.config.get('BABEL_DEFAULT_TIMEZONE'))
