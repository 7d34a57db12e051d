"""Ids, page numbers, counts and dates as typed in a URL, a form, a file or a command, read without surprises (no
Flask import).

A forged `?unit=²` ('²'.isdigit() is True, int('²') fails) or a 25-digit id must give a 4xx or be ignored, never
a 500 from Python or from the database driver; a date is YYYY-MM-DD and nothing else.
"""
import re
from datetime import date

# PostgreSQL's `integer`, the type of every id column: a larger number names no row, and sqlite3 refuses to bind it.
ID_MAX = 2 ** 31 - 1


def db_int(value):
    """A whole number from 0 to ID_MAX written in ASCII digits; ValueError otherwise. Suits `coerce=` of a WTForms
    field and `type=` of `request.args.get`, which both turn the ValueError into "not given"."""
    text = str(value).strip()
    if not text or len(text) > 10 or not text.isascii() or not text.isdigit():
        raise ValueError(f'not an id: {text[:20]!r}')
    number = int(text)
    if number > ID_MAX:
        raise ValueError(f'not an id: {text!r}')
    return number


def parse_id(value, default=None):
    """db_int, or `default` when the value is not one."""
    try:
        return db_int(value)
    except (TypeError, ValueError):
        return default


# The earliest date a record of this portal may carry (a survey answer, a service-user period, a cuti bersama day): the
# analytics name no period before 2000 (analytics.periods.FIRST_YEAR), and a typed 0001-01-01 is a slip of the keyboard.
EARLIEST = date(2000, 1, 1)

ISO_DATE_RE = re.compile(r'[0-9]{4}-[0-9]{2}-[0-9]{2}')


def parse_iso_date(value):
    """A date written YYYY-MM-DD; ValueError otherwise (date.fromisoformat alone also takes '2026-W48-5')."""
    value = (value or '').strip()
    if ISO_DATE_RE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:  # 2026-13-01, 2026-02-30
            pass
    raise ValueError('tanggal harus berformat YYYY-MM-DD')
