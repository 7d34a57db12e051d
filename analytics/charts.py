"""Server-rendered SVG charts: pure functions from plain numbers to SVG markup (no Flask, no JavaScript).

Every chart carries role="img" with a <title> and a <desc> that states its values, and uses presentation attributes
(fill, stroke) rather than style attributes, so it passes the CSP, prints, and renders the same in WeasyPrint. Pages
show a data table beside each chart.
"""
from markupsafe import Markup, escape

from portal.markers import N_

from .ikm import BOUNDS_INDEX, BOUNDS_KONVERSI

# One colour per mutu (A good ... D bad), readable on white and in greyscale print.
MUTU_FILL = {'A': '#1e6b2f', 'B': '#4f9a5b', 'C': '#c58a00', 'D': '#b3261e', None: '#9aa39a'}
AXIS = '#5b6470'
BOUND = '#1b1f24'


def _num(value, places):
    return f'{value:.{places}f}'


def _places(bound):
    """The decimals a bound is written with (Decimal('2.60') -> 2)."""
    return -bound.as_tuple().exponent


def _open(uid, width, height, title, desc, css, size=12):
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {css}" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" role="img" aria-labelledby="{uid}-t {uid}-d" '
            f'font-family="DejaVu Sans, system-ui, sans-serif" font-size="{size}">'
            f'<title id="{uid}-t">{escape(title)}</title><desc id="{uid}-d">{escape(desc)}</desc>')


# The words a chart writes itself: Bahasa Indonesia by default (the reports); a page passes words_in(gettext).
WORDS = {'no_data': N_('tidak ada data'), 'bounds': N_('Batas mutu'), 'empty': N_('Belum ada data.'),
         'month': N_('bulan')}


def words_in(gettext):
    """WORDS in the language of `gettext` (a page's gettext function)."""
    return {key: gettext(text) for key, text in WORDS.items()}


def nrr_bars(items, *, uid='nrr', title='NRR per unsur', words=None, fmt=None):
    """Horizontal bars of NRR (1-4 scale) per unsur with the mutu bounds (C 2.60, B 3.0644, A 3.5324) drawn.

    items: [(code, name, value float or None, mutu letter or None)]; fmt(value, places) writes a number (a page passes
    its locale's, analytics.display.number; default: a dot). Sized for a phone: 340 units wide with 14-unit text, so
    the text is about 12 px or more where the chart is about 310 px wide (a 360 px screen)."""
    fmt = fmt or _num
    left, right, top, row = 34, 268, 50, 28
    width, height = 340, top + row * len(items) + 28
    span = right - left

    def x(v):
        return left + (min(max(v, 1.0), 4.0) - 1.0) / 3.0 * span

    say = {**WORDS, **(words or {})}
    desc = '; '.join(f'{code.upper()} {name}: ' + (say['no_data'] if v is None else f'{fmt(v, 4)} ({m})')
                     for code, name, v, m in items)
    desc += f'. {say["bounds"]}: ' + ', '.join(f'{letter} ≥ {fmt(bound, _places(bound))}'
                                              for bound, letter in BOUNDS_INDEX) + '.'
    out = [_open(uid, width, height, title, desc, 'chart-nrr', size=14)]
    for tick in (1, 2, 3, 4):
        tx = x(tick)
        out.append(f'<line x1="{tx:.1f}" y1="{top - 4}" x2="{tx:.1f}" y2="{height - 24}" stroke="#d7dbd3"/>'
                   f'<text x="{tx:.1f}" y="{height - 8}" text-anchor="middle" fill="{AXIS}" font-size="13">'
                   f'{tick}</text>')
    labels = []
    for i, (code, _name, value, mutu) in enumerate(items):
        y = top + i * row
        out.append(f'<text x="4" y="{y + 19}" fill="{BOUND}" font-weight="bold">{escape(code.upper())}</text>')
        if value is None:
            labels.append(f'<text x="{left + 4}" y="{y + 19}" fill="{AXIS}">{escape(say["no_data"])}</text>')
            continue
        w = x(value) - left
        out.append(f'<rect x="{left}" y="{y + 4}" width="{w:.1f}" height="{row - 8}" rx="2" '
                   f'fill="{MUTU_FILL.get(mutu, MUTU_FILL[None])}" class="bar mutu-{escape(mutu or "x")}"/>')
        # The value on a white plate, so the dashed bound lines never cross its digits.
        labels.append(f'<rect x="{x(value) + 3:.1f}" y="{y + 5}" width="68" height="19" fill="#ffffff" '
                      f'fill-opacity="0.9"/><text x="{x(value) + 6:.1f}" y="{y + 19}" fill="{BOUND}">'
                      f'{escape(fmt(value, 4))} {escape(mutu or "")}</text>')
    # The three bounds sit close together: C's label left of its line, A's right of it, B's above both.
    place = {'A': ('start', 3, 0), 'B': ('middle', 0, 15), 'C': ('end', -3, 0)}
    for bound, letter in BOUNDS_INDEX:
        bx = x(float(bound))
        anchor, dx, up = place[letter]
        ly = top - 9 - up
        out.append(f'<line x1="{bx:.1f}" y1="{ly + 3}" x2="{bx:.1f}" y2="{height - 24}" stroke="{BOUND}" '
                   f'stroke-width="1.5" stroke-dasharray="5 3" class="bound"/>'
                   f'<text x="{bx + dx:.1f}" y="{ly}" text-anchor="{anchor}" fill="{BOUND}" font-size="13">'
                   f'{letter} ≥ {escape(fmt(bound, _places(bound)))}</text>')
    out += labels
    out.append('</svg>')
    # every text and label above went through escape(); numbers are formatted
    return Markup(''.join(out))  # noqa: S704  # nosec B704


def trend(points, *, uid='tren', title='IKM (konversi) per bulan', words=None, fmt=None):
    """A line of the konversi (25-100) per month with the mutu bounds (C 65.00, B 76.61, A 88.31) drawn.

    points: [(label 'YYYY-MM', konversi float or None, respondents)]; fmt as for nrr_bars. Sized for a phone like
    nrr_bars: 340 units wide with 13-unit text (about 12 px where the chart is 318 px wide, on a 360 px screen).
    With many months the values alternate above and below their points, so neighbours never overlap."""
    fmt = fmt or _num
    width, height, left, right, top, bottom = 340, 246, 32, 320, 26, 200
    values = [v for _, v, _ in points if v is not None]
    low = min([60.0] + [float(int(v // 10) * 10) for v in values])
    high = 100.0

    def y(v):
        return bottom - (v - low) / (high - low) * (bottom - top)

    step = (right - left) / max(len(points) - 1, 1)
    stagger = len(points) > 1 and step < 44  # a value label ('91,48': 2 decimals, as domain.md 2 prints the
    # konversi) is about 38 units wide

    def x(i):
        return left + (i * step if len(points) > 1 else (right - left) / 2)

    say = {**WORDS, **(words or {})}
    desc = '; '.join(f'{label}: ' + (say['no_data'] if v is None else f'{fmt(v, 2)} (n={n})')
                     for label, v, n in points) or say['empty']
    desc += f'. {say["bounds"]}: ' + ', '.join(f'{letter} ≥ {fmt(bound, _places(bound))}'
                                              for bound, letter in BOUNDS_KONVERSI) + '.'
    out = [_open(uid, width, height, title, desc, 'chart-trend', size=14)]
    tick = low
    while tick <= high:
        out.append(f'<line x1="{left}" y1="{y(tick):.1f}" x2="{right}" y2="{y(tick):.1f}" stroke="#e6e9e3"/>'
                   f'<text x="{left - 4}" y="{y(tick) + 5:.1f}" text-anchor="end" fill="{AXIS}" font-size="13">'
                   f'{int(tick)}</text>')
        tick += 10
    for bound, letter in BOUNDS_KONVERSI:
        b = float(bound)
        if b >= low:
            out.append(f'<line x1="{left}" y1="{y(b):.1f}" x2="{right}" y2="{y(b):.1f}" stroke="{BOUND}" '
                       f'stroke-dasharray="5 3" class="bound"/>'
                       f'<text x="{right + 4}" y="{y(b) + 5:.1f}" fill="{BOUND}" font-size="13">{letter}</text>')
    coords = [(x(i), y(v)) for i, (_, v, _) in enumerate(points) if v is not None]
    if len(coords) > 1:
        path = ' '.join(f'{cx:.1f},{cy:.1f}' for cx, cy in coords)
        out.append(f'<polyline points="{path}" fill="none" stroke="#0b6b3a" stroke-width="2.5"/>')
    for i, (label, v, n) in enumerate(points):
        lx = x(i)
        out.append(f'<text x="{lx:.1f}" y="{bottom + 20}" text-anchor="middle" fill="{AXIS}" font-size="13">'
                   f'{escape(label[5:] if len(label) == 7 else label)}</text>')
        if v is not None:
            vy = y(v) - 9
            if stagger and i % 2 and y(v) + 20 <= bottom - 2:
                vy = y(v) + 20  # below the point; kept above the month labels
            out.append(f'<circle cx="{lx:.1f}" cy="{y(v):.1f}" r="4" fill="#0b6b3a"><title>{escape(label)}: '
                       f'{escape(fmt(v, 2))} (n={n})</title></circle>'
                       # on a white plate, so the dashed bound lines never cross its digits
                       f'<rect x="{lx - 21:.1f}" y="{vy - 11:.1f}" width="42" height="14" fill="#ffffff" '
                       f'fill-opacity="0.85"/>'
                       f'<text x="{lx:.1f}" y="{vy:.1f}" text-anchor="middle" fill="{BOUND}" font-size="13">'
                       f'{escape(fmt(v, 2))}</text>')
    if points and len(points[0][0]) == 7:
        out.append(f'<text x="{left}" y="{height - 4}" fill="{AXIS}" font-size="13">{escape(say["month"])} '
                   f'({escape(points[0][0][:4])}'
                   f'{"–" + escape(points[-1][0][:4]) if points[-1][0][:4] != points[0][0][:4] else ""})</text>')
    out.append('</svg>')
    # every text and label above went through escape(); numbers are formatted
    return Markup(''.join(out))  # noqa: S704  # nosec B704
