"""Every WBK and WBBM threshold of the ZI komponen hasil, at its bound and one hundredth below.

The numbers are domain.md section 3's table (PermenPANRB 90/2021 jo 5/2024, LKE komponen hasil) and the seed's TLHP
indicator, written here rather than read from analytics.perception.THRESHOLDS, so a moved bound fails a test.
"""
from decimal import Decimal

import pytest

from analytics import perception

D = Decimal
STEP = D('0.01')  # lines are graded on their 2-decimal display: one hundredth below a bound is the nearest miss

# (line, WBK bound, WBBM bound, source)
BOUNDS = [
    ('total', D('75'), D('85'), 'PermenPANRB 90/2021 jo 5/2024: nilai total'),
    ('pengungkit', D('40'), D('48'), 'PermenPANRB 90/2021 jo 5/2024: komponen pengungkit'),
    ('bersih_akuntabel', D('18.25'), D('19.50'), 'PermenPANRB 90/2021 jo 5/2024: birokrasi bersih dan akuntabel'),
    ('ipak', D('15.75'), D('15.75'), 'PermenPANRB 90/2021 jo 5/2024: IPAK, indeks 3.60'),
    ('capaian_kinerja', D('2.50'), D('3.75'), 'PermenPANRB 90/2021 jo 5/2024: capaian kinerja'),
    ('ipkp', D('14.00'), D('15.75'), 'PermenPANRB 90/2021 jo 5/2024: IPKP, indeks 3.20 / 3.60'),
    ('tlhp', D('100'), D('100'), "the seed's indicator: TLHP completion must be 100%"),
]
CASES = [pytest.param(key, predicate, bound, id=f'{key}-{predicate}-{bound}')
         for key, wbk, wbbm, _source in BOUNDS for predicate, bound in (('wbk', wbk), ('wbbm', wbbm))]


def _inputs(key, value):
    """komponen_hasil arguments whose line `key` comes out as exactly `value` (sums built from fixed parts)."""
    if key == 'bersih_akuntabel':  # IPAK + capaian kinerja
        return {'ipak_points': value - D('2.00'), 'capaian_kinerja': D('2.00')}
    if key == 'total':  # pengungkit + IPAK + capaian kinerja + IPKP
        return {'pengungkit': value - D('33.00'), 'ipak_points': D('15.00'), 'capaian_kinerja': D('3.00'),
                'ipkp_points': D('15.00')}
    arg = {'ipak': 'ipak_points', 'ipkp': 'ipkp_points', 'tlhp': 'tlhp_percent'}.get(key, key)
    return {arg: value}


def _status(key, predicate, value):
    line = next(x for x in perception.komponen_hasil(**_inputs(key, value)) if x.key == key)
    assert line.value == value
    return line.word(getattr(line, f'memenuhi_{predicate}'))


@pytest.mark.parametrize(('key', 'predicate', 'bound'), CASES)
def test_a_value_at_the_bound_meets_it(key, predicate, bound):
    assert _status(key, predicate, bound) == 'memenuhi'


@pytest.mark.parametrize(('key', 'predicate', 'bound'), CASES)
def test_a_value_one_hundredth_below_the_bound_does_not(key, predicate, bound):
    assert _status(key, predicate, bound - STEP) == 'belum memenuhi'


def test_every_line_of_the_table_is_covered():
    assert {key for key, *_ in BOUNDS} == set(perception.ORDER)


@pytest.mark.parametrize(('index', 'points'), [(D('3.60'), D('15.75')), (D('3.20'), D('14.00'))])
def test_the_index_equivalents_in_the_table_give_the_point_bounds(index, points):
    # domain.md 3: IPAK/IPKP points (index 3.60) >= 15.75, IPKP WBK points >= 14.00 (index 3.20); index/4 x 17.5
    assert perception.lke_points(index) == points


def test_lke_points_are_graded_as_the_lke_records_them():
    # the thresholds are on the points, at 2 decimals: an IPAK index of 3.5999 is 15.7496 points, recorded and graded
    # as 15.75 (memenuhi); 3.5988 is 15.7448 points, recorded as 15.74 (belum memenuhi)
    met = perception.compute('ipak', 10_000, {'ipak1': (35999, 10_000)})
    assert str(met.index_display) == '3.5999' and str(met.points_display) == '15.75'
    assert _status('ipak', 'wbbm', met.points_display) == 'memenuhi'
    missed = perception.compute('ipak', 10_000, {'ipak1': (35988, 10_000)})
    assert str(missed.points_display) == '15.74' and _status('ipak', 'wbbm', missed.points_display) == 'belum memenuhi'


def test_the_lke_maxima_are_the_domains():
    """domain.md 3: bersih dan akuntabel 22.5 = IPAK 17.5 + capaian kinerja 5; pelayanan publik prima (IPKP) 17.5;
    komponen hasil 40; pengungkit 60 of 100."""
    lines = {x.key: x.max_points for x in perception.komponen_hasil()}
    assert (lines['ipak'], lines['capaian_kinerja'], lines['bersih_akuntabel']) == (D('17.5'), D('5'), D('22.5'))
    assert lines['ipkp'] == D('17.5') and lines['pengungkit'] == D('60') and lines['total'] == D('100')
    assert perception.HASIL_MAX == D('40') == lines['bersih_akuntabel'] + lines['ipkp']
