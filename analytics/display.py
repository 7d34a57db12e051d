"""Figures and labels as a page shows them, in the visitor's language (template globals, see analytics.init_app).

Numbers are printed with the page's locale (Flask-Babel: "91,48" on the Indonesian page, "91.48" on the English one)
at the places the regulation's display uses: the 1-4 scale at 4 decimals, the 25-100 scale at 2 (ikm.PLACES_*),
rounded half up first (ikm.round_half_up) so the printed digits are the displayed value that was graded. Labels kept in
Bahasa Indonesia (a period's, a mutu's, also in a published snapshot) are shown through the catalogue from their key.
"""
from decimal import Decimal

from flask import current_app
from flask_babel import format_decimal, gettext

from portal.clock import local_today
from portal.i18n import translate

from . import periods
from .ikm import MUTU_LABELS, round_half_up

DASH = '—'


def number(value, places=2):
    """A figure in the page's locale with `places` decimals (half up; None: a Decimal's own, '17.5' -> '17,5'); None
    as a dash."""
    if value is None:
        return DASH
    if places is None:
        places = max(0, -value.as_tuple().exponent) if isinstance(value, Decimal) else 2
    pattern = '#,##0' + ('.' + '0' * places if places else '')
    return format_decimal(round_half_up(value, places), format=pattern)


def percent_value(share, places=1):
    """A share (0-1) as the percentage printed (rounded half up to `places`), a Decimal; None stays None."""
    return None if share is None else round_half_up(Decimal(repr(float(share))) * 100, places)


def percent(share, places=1):
    """A share (0-1) as a percentage in the page's locale: '75,0%'; None as a dash."""
    if share is None:
        return DASH
    return number(percent_value(share, places), places) + '%'


def signed(value, places=2):
    """A change with its sign, in the page's locale: '+1,23', '−0,50' (a minus sign), '0,00' when it rounds to zero;
    None as a dash."""
    if value is None:
        return DASH
    shown = round_half_up(value, places)
    sign = '+' if shown > 0 else '−' if shown < 0 else ''
    return sign + number(abs(shown), places)


def p_value(p, places=4):
    """A test's p in the page's locale at `places` decimals, or '< 0,0001' when it would print as zero."""
    if p is None:
        return DASH
    floor = Decimal(1).scaleb(-places)
    if round_half_up(p, places) < floor:
        return '< ' + number(floor, places)
    return number(p, places)


def weight(key):
    """A weight convention as printed: '1/9' as it is, '0.111' as '0,111' on the Indonesian page."""
    if key is None or '/' in str(key):
        return key
    return format_decimal(Decimal(str(key)), format='0.0##')


def period_label(key, stored=None):
    """A period's name in the visitor's language, from its key ('2026-T3': 'Triwulan III 2026' / 'Quarter III 2026');
    `stored` (a published period's Indonesian label) only for a key that no longer parses."""
    return translate(periods.label(key, stored))


def mutu_label(letter, stored=None):
    """The kinerja word of a mutu letter in the visitor's language ('Sangat baik' / 'Very good'); `stored` through the
    catalogue for an unknown letter; None as a dash."""
    if letter in MUTU_LABELS:
        return gettext(MUTU_LABELS[letter])
    return translate(stored) if stored else DASH


def snapshot_until(row):
    """The office's date a published snapshot (analytics.models.Published) was taken when that was before its
    period ended (its figures then run only to that day: "data s.d."), else None."""
    taken = local_today(current_app.config.get('BABEL_DEFAULT_TIMEZONE'), row.published_at)
    try:
        end = periods.parse(row.period_key).end
    except ValueError:
        return None
    return taken if taken < end else None


def register(app):
    """Make these the templates' `fig_number`, `fig_percent`, `fig_signed`, `fig_p`, `fig_weight`, `period_label`,
    `mutu_label` and `snapshot_until`."""
    app.add_template_global(number, 'fig_number')
    app.add_template_global(percent, 'fig_percent')
    app.add_template_global(signed, 'fig_signed')
    app.add_template_global(p_value, 'fig_p')
    app.add_template_global(weight, 'fig_weight')
    app.add_template_global(period_label, 'period_label')
    app.add_template_global(mutu_label, 'mutu_label')
    app.add_template_global(snapshot_until, 'snapshot_until')
