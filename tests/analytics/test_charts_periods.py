"""Pure pieces of the dashboards: SVG charts with text alternatives and no style attributes; period keys."""
import re
from datetime import date

import pytest

from analytics import charts, periods


def test_nrr_chart_draws_bounds_and_says_its_values():
    svg = str(charts.nrr_bars([('u1', 'Persyaratan', 3.6207, 'A'), ('u2', 'Prosedur <x>', 2.5, 'D'),
                               ('u3', 'Waktu', None, None)], uid='c1'))
    assert svg.startswith('<svg') and 'role="img"' in svg and 'aria-labelledby="c1-t c1-d"' in svg
    assert '<title id="c1-t">NRR per unsur</title>' in svg
    assert 'U1 Persyaratan: 3.6207 (A); U2 Prosedur &lt;x&gt;: 2.5000 (D); U3 Waktu: tidak ada data' in svg
    for bound in ('A ≥ 3.5324', 'B ≥ 3.0644', 'C ≥ 2.60'):
        assert bound in svg
    assert svg.count('class="bound"') == 3 and 'style=' not in svg and '<script' not in svg


def test_nrr_chart_reads_on_a_phone_and_in_the_pages_number_format():
    items = [(f'u{i}', 'Unsur', 3.5 + i / 100, 'B') for i in range(1, 10)]
    svg = str(charts.nrr_bars(items, uid='p', fmt=lambda v, places: f'{v:.{places}f}'.replace('.', ',')))
    width = float(re.search(r'viewBox="0 0 ([\d.]+) ', svg).group(1))
    sizes = [float(size) for size in re.findall(r'font-size="([\d.]+)"', svg)]
    # a 360 px screen leaves the chart 318 px (a 14 px page margin, analytics.css's 6 px padding and 1 px border):
    # every text in it is at least 12 px there
    assert sizes and min(sizes) * 318 / width >= 12
    assert '3,5100 B</text>' in svg and 'A ≥ 3,5324' in svg and 'C ≥ 2,60' in svg and 'U1 Unsur: 3,5100 (B)' in svg
    drawn = re.sub(r'<[^>]+>', ' ', svg.split('</desc>')[1])
    assert not re.search(r'\d\.\d', drawn)  # every number drawn goes through fmt


def test_trend_chart():
    svg = str(charts.trend([('2026-01', 80.5, 12), ('2026-02', None, 0), ('2026-03', 91.25, 20)], uid='t'))
    assert '2026-01: 80.50 (n=12); 2026-02: tidak ada data; 2026-03: 91.25 (n=20)' in svg
    assert svg.count('<circle') == 2 and svg.count('class="bound"') == 3 and 'style=' not in svg
    assert 'Belum ada data.' in str(charts.trend([]))
    svg = str(charts.trend([('2026-01', 80.5, 12)], fmt=lambda v, places: f'{v:.{places}f}'.replace('.', ','),
                           words={'month': 'month'}))
    assert '2026-01: 80,50 (n=12)' in svg and 'A ≥ 88,31' in svg and '>80,50</text>' in svg and '>month (2026)<' in svg


@pytest.mark.parametrize('key,start,end,label', [
    ('2026', date(2026, 1, 1), date(2026, 12, 31), 'Tahun 2026'),
    ('2026-T1', date(2026, 1, 1), date(2026, 3, 31), 'Triwulan I 2026'),
    ('2026-T4', date(2026, 10, 1), date(2026, 12, 31), 'Triwulan IV 2026'),
    ('2024-S1', date(2024, 1, 1), date(2024, 6, 30), 'Semester I 2024'),
    ('2026-S2', date(2026, 7, 1), date(2026, 12, 31), 'Semester II 2026'),
    ('2026-02-03_2026-03-04', date(2026, 2, 3), date(2026, 3, 4), '3 Februari 2026 s.d. 4 Maret 2026'),
])
def test_period_keys(key, start, end, label):
    p = periods.parse(key)
    assert (p.start, p.end, p.label, p.key) == (start, end, label, key)


@pytest.mark.parametrize('key', ['', '26', '2026-T5', '2026-S3', '1999', '2026-03-04_2026-02-03', '2026-X1'])
def test_bad_period_keys(key):
    with pytest.raises(ValueError):
        periods.parse(key)
