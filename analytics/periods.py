"""Report periods as data: a year, a triwulan, a semester or a date range, named by a short key (no Flask).

Keys: '2026' (year), '2026-T1'..'2026-T4' (triwulan), '2026-S1'/'2026-S2' (semester), '2026-01-05_2026-03-10' (dates).
"""
import re
from dataclasses import dataclass
from datetime import date, timedelta

from portal.ids import parse_iso_date
from portal.markers import N_

MONTHS = (N_('Januari'), N_('Februari'), N_('Maret'), N_('April'), N_('Mei'), N_('Juni'), N_('Juli'), N_('Agustus'),
          N_('September'), N_('Oktober'), N_('November'), N_('Desember'))
ROMAN = ('I', 'II', 'III', 'IV')
KINDS = {'tahun': 'Tahun', 'triwulan': 'Triwulan', 'semester': 'Semester', 'rentang': 'Rentang tanggal'}
FIRST_YEAR, LAST_YEAR = 2000, 2100  # the years a period key, a custom range or a komponen hasil year may name
_KEY = re.compile(r'^([0-9]{4})(?:-([TS])([1-4]))?$')  # ASCII digits only: \d also takes '٢٠٢٦'
_RANGE = re.compile(r'^([0-9]{4}-[0-9]{2}-[0-9]{2})_([0-9]{4}-[0-9]{2}-[0-9]{2})$')


@dataclass(frozen=True)
class Period:
    """A period: its kind, first and last day (inclusive), key and label. The label reads in Bahasa Indonesia and is
    an N_ text, so a page shows it in the visitor's language with `|tr` (portal.i18n.translate); a stored label
    (a published period's) is shown from its key instead: `label(key)`."""

    kind: str
    start: date
    end: date
    key: str
    label: str


def _month_end(year, month):
    return (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)


def fmt_date(d):
    """'5 Maret 2026' (an N_ text: 'March 5 2026' through `|tr` on an English page)."""
    return N_('%(day)s %(month)s %(year)s', day=d.day, month=MONTHS[d.month - 1], year=d.year)


def year(y):
    """The calendar year y."""
    return Period('tahun', date(y, 1, 1), date(y, 12, 31), str(y), N_('Tahun %(year)s', year=y))


def triwulan(y, q):
    """Triwulan q (1-4) of year y."""
    return Period('triwulan', date(y, 3 * q - 2, 1), _month_end(y, 3 * q), f'{y}-T{q}',
                  N_('Triwulan %(n)s %(year)s', n=ROMAN[q - 1], year=y))


def semester(y, s):
    """Semester s (1-2) of year y."""
    return Period('semester', date(y, 6 * s - 5, 1), _month_end(y, 6 * s), f'{y}-S{s}',
                  N_('Semester %(n)s %(year)s', n=ROMAN[s - 1], year=y))


def dates(start, end):
    """An inclusive date range (start <= end)."""
    if end < start:
        raise ValueError('tanggal akhir sebelum tanggal awal')
    return Period('rentang', start, end, f'{start.isoformat()}_{end.isoformat()}',
                  N_('%(start)s s.d. %(end)s', start=fmt_date(start), end=fmt_date(end)))


def custom(start, end):
    """The Period of a custom range as typed in ?dari=&sampai=: two dates YYYY-MM-DD (nothing else: not '20260101',
    '2026-W01-1' or other digits than 0-9), both within FIRST_YEAR..LAST_YEAR, the first not after the last. A
    ValueError whose message is an N_ text for the visitor otherwise (the same bounds as a key: parse)."""
    start, end = (start or '').strip(), (end or '').strip()
    if not start or not end:
        raise ValueError(N_('Rentang tanggal memerlukan tanggal awal (dari) dan tanggal akhir (sampai).'))
    try:
        first, last = parse_iso_date(start), parse_iso_date(end)
    except ValueError:
        raise ValueError(N_('Tanggal awal dan akhir harus tanggal yang ada, ditulis YYYY-MM-DD (misalnya '
                            '2026-01-31).')) from None
    if not (FIRST_YEAR <= first.year <= LAST_YEAR and FIRST_YEAR <= last.year <= LAST_YEAR):
        raise ValueError(N_('Rentang tanggal harus berada di antara tahun %(first)s dan %(last)s.', first=FIRST_YEAR,
                            last=LAST_YEAR))
    if last < first:
        raise ValueError(N_('Tanggal akhir (sampai) tidak boleh sebelum tanggal awal (dari).'))
    return dates(first, last)


def parse(key):
    """The Period of a key; ValueError when the key is malformed or out of range (years 2000-2100)."""
    key = (key or '').strip()
    m = _RANGE.match(key)
    if m:
        start, end = date.fromisoformat(m.group(1)), date.fromisoformat(m.group(2))
        if not (FIRST_YEAR <= start.year <= LAST_YEAR and FIRST_YEAR <= end.year <= LAST_YEAR):
            raise ValueError(key)
        return dates(start, end)
    m = _KEY.match(key)
    if not m:
        raise ValueError(f'periode tidak dikenal: {key!r}')
    y = int(m.group(1))
    if not FIRST_YEAR <= y <= LAST_YEAR:
        raise ValueError(key)
    if m.group(2) is None:
        return year(y)
    n = int(m.group(3))
    if m.group(2) == 'S':
        if n > 2:
            raise ValueError(key)
        return semester(y, n)
    return triwulan(y, n)


def previous(p):
    """The period just before `p`, of the same kind and length: the year before a year, the semester or triwulan
    before (across the new year), and for a date range the as many days just before it. None when it would start
    before FIRST_YEAR."""
    if p.kind == 'tahun':
        y = p.start.year - 1
        return year(y) if y >= FIRST_YEAR else None
    if p.kind in ('semester', 'triwulan'):
        per_year = 2 if p.kind == 'semester' else 4
        n = (p.start.month - 1) // (12 // per_year) + 1
        y, n = (p.start.year - 1, per_year) if n == 1 else (p.start.year, n - 1)
        if y < FIRST_YEAR:
            return None
        return semester(y, n) if p.kind == 'semester' else triwulan(y, n)
    end = p.start - timedelta(days=1)
    start = end - (p.end - p.start)
    return dates(start, end) if start.year >= FIRST_YEAR else None


def label(key, stored=None):
    """The label of a period key (an N_ text, see Period), or `stored` (else the key) when the key does not parse: a
    published period keeps its label in Bahasa Indonesia, and a page shows it from its key in the visitor's language."""
    try:
        return parse(key).label
    except ValueError:
        return stored or key


def choices(y):
    """The named periods of a year, for a select box: [(key, label)]."""
    out = [(str(y), year(y).label)]
    out += [(p.key, p.label) for p in (semester(y, 1), semester(y, 2))]
    out += [(p.key, p.label) for p in (triwulan(y, q) for q in range(1, 5))]
    return out


def choice_years(selected, this_year, back=2):
    """The years a period select box offers, newest first: this year and the `back` years before it, and the selected
    year with its neighbours (so any earlier year is a step or two away, without typing dates). Within
    FIRST_YEAR..LAST_YEAR; no year after this one unless it is selected."""
    years = set(range(this_year - back, this_year + 1)) | {selected - 1, selected}
    if selected < this_year:
        years.add(selected + 1)
    return sorted((y for y in years if FIRST_YEAR <= y <= LAST_YEAR), reverse=True)


def grouped_choices(selected, this_year, back=2):
    """[(year, choices(year))] for choice_years: a select box's option groups, one per year."""
    return [(y, choices(y)) for y in choice_years(selected, this_year, back)]
