"""Language choice: Bahasa Indonesia unless the visitor chose English (the `lang` cookie or ?lang=)."""
from flask import current_app, request
from werkzeug.exceptions import HTTPException

from .markers import Text

SWITCH_FIELD = 'bahasa'  # the name of a form's language button (templates/base.html, `lang_form`)


def switching_language():
    """The language a form's language button asked for, or None.

    On a page with a form a citizen may have started filling in, the language switch is a button of that form
    (`lang_form` in templates/base.html): it posts what was entered with `bahasa=<code>`, and the view shows the same
    form again in that language, everything kept, nothing stored and no error shown.
    """
    if request.method != 'POST' or request.mimetype not in ('application/x-www-form-urlencoded',
                                                            'multipart/form-data'):
        return None
    try:
        code = request.form.get(SWITCH_FIELD)
    except HTTPException:  # a form too large to read: its error page is shown in the usual language
        return None
    return code if code in current_app.config['LANGUAGES'] else None


def select_locale():
    """The locale for this request: a form's language button, ?lang=, then the cookie, then Bahasa Indonesia."""
    languages = current_app.config['LANGUAGES']
    for candidate in (switching_language(), request.args.get('lang'), request.cookies.get('lang')):
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


def remember_switched_language(response):
    """After a form's language button: keep the choice in the `lang` cookie, as the language link does (not on the
    WBS pages, which set no cookie before a receipt login and carry the choice in the address)."""
    from .logs import is_no_trace_path
    code = switching_language()
    if code and not is_no_trace_path(request.path):
        remember_language(response, code)
    return response


def remember_language(response, code):
    """Keep a visitor's language choice in the `lang` cookie for a year (the language link and a form's button)."""
    response.set_cookie('lang', code, max_age=365 * 86400, samesite='Lax', httponly=True,
                        secure=current_app.config['SESSION_COOKIE_SECURE'])
