"""Statistics beyond the regulation (labelled so in reports, domain.md section 2): t intervals and Mann-Whitney U.

Pure functions on aggregates (no Flask): a confidence interval from n, sum and sum of squares; a Mann-Whitney U test
from two frequency tables {value: count}, so neither needs the raw rows.
"""
import math
from dataclasses import dataclass

CONFIDENCE = 0.95
ALPHA = 0.05  # significance level for the two-period comparison


@dataclass(frozen=True)
class Interval:
    """A mean, its standard error and a confidence interval (same scale as the input)."""

    n: int
    mean: float
    sd: float
    se: float
    low: float
    high: float
    fpc: float  # finite-population correction applied (1.0 when the population is unknown)

    def half_width(self):
        """Half the interval's width."""
        return (self.high - self.low) / 2


def t_interval(n, total, total_sq, population=None, confidence=CONFIDENCE):
    """Student-t interval of a mean from n, sum x and sum x^2, with the finite-population correction sqrt((N-n)/(N-1))
    when the population N is known (and N > n); None for fewer than 2 observations."""
    n = int(n or 0)
    if n < 2:
        return None
    mean = total / n
    var = max((total_sq - n * mean * mean) / (n - 1), 0.0)  # clamp float noise when all values are equal
    sd = math.sqrt(var)
    fpc = 1.0
    if population is not None and population > 1:
        fpc = math.sqrt(max(population - n, 0) / (population - 1)) if population > n else 0.0
    se = sd / math.sqrt(n) * fpc
    from scipy import stats as sps  # scipy takes ~0.5 s to import: only the pages and reports that compute pay it
    h = float(sps.t.ppf(1 - (1 - confidence) / 2, n - 1)) * se
    return Interval(n, mean, sd, se, mean - h, mean + h, fpc)


@dataclass(frozen=True)
class MannWhitney:
    """A two-sided Mann-Whitney U test: U of the first sample, z, p, and whether p < 0.05."""

    n1: int
    n2: int
    u: float
    z: float
    p: float
    significant: bool


def mann_whitney(freq_a, freq_b, alpha=ALPHA):
    """Two-sided Mann-Whitney U from frequency tables {value: count}: midranks, tie correction and continuity
    correction, the normal approximation (as scipy.stats.mannwhitneyu(method='asymptotic')). None if a side is empty."""
    n1 = sum(freq_a.values())
    n2 = sum(freq_b.values())
    if n1 == 0 or n2 == 0:
        return None
    values = sorted(set(freq_a) | set(freq_b))
    rank_a = 0.0
    below = 0
    tie_term = 0.0
    for v in values:
        a, b = freq_a.get(v, 0), freq_b.get(v, 0)
        t = a + b
        midrank = below + (t + 1) / 2
        rank_a += a * midrank
        tie_term += t ** 3 - t
        below += t
    n = n1 + n2
    u1 = rank_a - n1 * (n1 + 1) / 2
    mu = n1 * n2 / 2
    var = n1 * n2 / 12 * ((n + 1) - tie_term / (n * (n - 1))) if n > 1 else 0.0
    if var <= 0:  # every value tied: no evidence of a difference
        return MannWhitney(n1, n2, u1, 0.0, 1.0, False)
    big_u = max(u1, n1 * n2 - u1)
    z = (big_u - mu - 0.5) / math.sqrt(var)
    from scipy import stats as sps
    p = min(1.0, 2 * float(sps.norm.sf(z)))
    return MannWhitney(n1, n2, u1, z, p, p < alpha)
