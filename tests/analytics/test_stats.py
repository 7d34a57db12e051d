"""t intervals from sums (against scipy on the raw values) and Mann-Whitney U from frequency tables (against
scipy.stats.mannwhitneyu on the reconstructed samples)."""
import math
import statistics

import numpy as np
import pytest
from scipy import stats as sps

from analytics import stats

VALUES = [3.0, 3.5, 4.0, 2.5, 3.25, 3.75, 4.0, 3.0]


def test_t_interval_matches_scipy():
    iv = stats.t_interval(len(VALUES), sum(VALUES), sum(v * v for v in VALUES))
    low, high = sps.t.interval(0.95, len(VALUES) - 1, loc=statistics.mean(VALUES), scale=sps.sem(VALUES))
    assert iv.mean == pytest.approx(statistics.mean(VALUES))
    assert iv.sd == pytest.approx(statistics.stdev(VALUES))
    assert (iv.low, iv.high) == (pytest.approx(low), pytest.approx(high))
    assert iv.fpc == 1.0


def test_finite_population_correction():
    n, N = len(VALUES), 20
    iv = stats.t_interval(n, sum(VALUES), sum(v * v for v in VALUES), population=N)
    fpc = math.sqrt((N - n) / (N - 1))
    assert iv.fpc == pytest.approx(fpc)
    assert iv.se == pytest.approx(statistics.stdev(VALUES) / math.sqrt(n) * fpc)
    assert stats.t_interval(n, sum(VALUES), sum(v * v for v in VALUES), population=n).half_width() == 0


def test_t_interval_needs_two():
    assert stats.t_interval(1, 3.0, 9.0) is None
    same = stats.t_interval(3, 9.0, 27.0)
    assert same.low == same.high == 3.0


@pytest.mark.parametrize(('a', 'b'), [
    ({1: 3, 2: 5, 3.5: 7, 4: 2}, {2: 4, 3: 6, 4: 9}),
    ({3: 40, 4: 10}, {3: 10, 3.5: 5, 4: 35}),
    ({2.25: 1, 3: 1}, {3: 2, 4: 3}),
])
def test_mann_whitney_matches_scipy(a, b):
    got = stats.mann_whitney(a, b)
    x = np.repeat(list(a), list(a.values()))
    y = np.repeat(list(b), list(b.values()))
    ref = sps.mannwhitneyu(x, y, alternative='two-sided', method='asymptotic')
    assert got.u == pytest.approx(float(ref.statistic))
    assert got.p == pytest.approx(float(ref.pvalue))
    assert got.significant == (ref.pvalue < 0.05)


def test_mann_whitney_edge_cases():
    assert stats.mann_whitney({}, {3: 1}) is None
    tied = stats.mann_whitney({3: 5}, {3: 4})
    assert tied.p == 1.0 and not tied.significant
