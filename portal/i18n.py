"""Language choice: Bahasa Indonesia unless the visitor chose English (the `lang` cookie or ?lang=)."""
from flask import current_app, request


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


def office_today():
    """Today in the office's configured time zone (BABEL_DEFAULT_TIMEZONE)."""
    from .clock import local_today
    return local_today(current_app.config.get('BABEL_DEFAULT_TIMEZONE'))
