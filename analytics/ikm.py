"""The IKM of PermenPANRB 14/2017, computed exactly: NRR per unsur, IKM (1-4), konversi (25-100), mutu, sample size.

Pure functions on plain values (no Flask): the query layer feeds them SQL sums and counts. Every value is kept as an
exact Fraction until it is displayed; display rounds half up, and a grade is always read from the displayed value so a
printed number and its letter agree (domain.md section 2, "Decision").
"""
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from portal.markers import N_

UNSUR = tuple(f'u{i}' for i in range(1, 10))
UNSUR_NAMES = {
    'u1': 'Persyaratan', 'u2': 'Sistem, mekanisme dan prosedur', 'u3': 'Waktu penyelesaian', 'u4': 'Biaya/tarif',
    'u5': 'Produk spesifikasi jenis pelayanan', 'u6': 'Kompetensi pelaksana', 'u7': 'Perilaku pelaksana',
    'u8': 'Sarana dan prasarana', 'u9': 'Penanganan pengaduan, saran dan masukan',
}
# PermenPANRB 14/2017: bobot nilai rata-rata tertimbang = 1/jumlah unsur = 1/9, printed there as "0,11". The default is
# exactly 1/9 (a perfect survey scores 100); 0.111 and 0.11 reproduce offices' earlier spreadsheets (domain.md 2).
WEIGHTS = {'1/9': Fraction(1, 9), '0.111': Fraction(111, 1000), '0.11': Fraction(11, 100)}
DEFAULT_WEIGHT = '1/9'
# PermenPANRB 14/2017 (lampiran, tabel nilai persepsi): konversi = IKM x 25.
KONVERSI_FACTOR = 25
# Mutu pelayanan bounds (lower, inclusive) on the 25-100 scale and on the 1-4 scale (PermenPANRB 14/2017).
BOUNDS_KONVERSI = ((Decimal('88.31'), 'A'), (Decimal('76.61'), 'B'), (Decimal('65.00'), 'C'))
BOUNDS_INDEX = ((Decimal('3.5324'), 'A'), (Decimal('3.0644'), 'B'), (Decimal('2.60'), 'C'))
# The kinerja word of each mutu: message ids (a page shows them through the catalogue, `mutu_label` in
# analytics.display), stored in Bahasa Indonesia in a published snapshot and in the reports.
MUTU_LABELS = {'A': N_('Sangat baik'), 'B': N_('Baik'), 'C': N_('Kurang baik'), 'D': N_('Tidak baik')}
# Display places: the 25-100 scale at 2 decimals (domain.md); the 1-4 scale at 4 decimals, as the worked case prints
# NRR and IKM and as its bounds (3.5324, 3.0644) are written: at 2 decimals 3.53 could not be placed against 3.5324.
PLACES_KONVERSI = 2
PLACES_INDEX = 4


def parse_weight(value):
    """The weight key ('1/9', '0.111', '0.11') for a setting; ValueError for anything else."""
    key = str(value or DEFAULT_WEIGHT).strip().replace(',', '.')
    if key not in WEIGHTS:
        raise ValueError(f'bobot tidak dikenal: {value!r} (pilih 1/9, 0.111 atau 0.11)')
    return key


def round_half_up(value, places=2):
    """A Decimal rounded half up (0.125 -> 0.13), exact for Fractions; None stays None."""
    if value is None:
        return None
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, Decimal):
        return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    value = Fraction(value)
    scaled = value * 10 ** places
    whole = (scaled.numerator * 2 + scaled.denominator) // (2 * scaled.denominator)  # floor(x + 1/2)
    return (Decimal(whole) / Decimal(10 ** places)).quantize(Decimal(1).scaleb(-places))


def _grade(displayed, bounds):
    if displayed is None:
        return None
    for bound, letter in bounds:
        if displayed >= bound:
            return letter
    return 'D'


def mutu_konversi(value):
    """Mutu (A-D) of a konversi value, graded on its 2-decimal display (PermenPANRB 14/2017 bounds 88.31/76.61/65)."""
    return _grade(round_half_up(value, PLACES_KONVERSI), BOUNDS_KONVERSI)


def mutu_index(value):
    """Mutu (A-D) of a value on the 1-4 scale, graded on its 4-decimal display (bounds 3.5324/3.0644/2.60)."""
    return _grade(round_half_up(value, PLACES_INDEX), BOUNDS_INDEX)


@dataclass(frozen=True)
class UnsurSums:
    """What the database returns for a pool of responses: respondents, and per unsur the score total and answers."""

    n: int
    totals: tuple
    answered: tuple

    def __add__(self, other):
        """Pooling: responses of several units or periods are added, never their indices averaged (domain.md 2)."""
        return UnsurSums(self.n + other.n, tuple(a + b for a, b in zip(self.totals, other.totals, strict=True)),
                         tuple(a + b for a, b in zip(self.answered, other.answered, strict=True)))

    @classmethod
    def empty(cls):
        """No responses."""
        return cls(0, (0,) * 9, (0,) * 9)


@dataclass(frozen=True)
class UnsurScore:
    """One unsur: its total, how many answered it, NRR (exact), NRR shown at 4 decimals and its mutu."""

    code: str
    name: str
    total: int
    answered: int
    nrr: Fraction | None
    nrr_display: Decimal | None
    mutu: str | None


@dataclass(frozen=True)
class IkmResult:
    """The IKM of one pool of responses under one weight convention."""

    n: int
    weight: str
    unsur: tuple
    ikm: Fraction | None
    konversi: Fraction | None
    ikm_display: Decimal | None
    konversi_display: Decimal | None
    mutu: str | None
    mutu_label: str | None
    missing: tuple = field(default=())  # unsur nobody answered: no IKM can be computed

    @property
    def nrr(self):
        """NRR by unsur code (exact Fractions, None when unanswered)."""
        return {u.code: u.nrr for u in self.unsur}

    def lowest(self, k=3):
        """The k lowest unsur (improvement priorities; ties by unsur order)."""
        scored = [u for u in self.unsur if u.nrr is not None]
        return sorted(scored, key=lambda u: (u.nrr, UNSUR.index(u.code)))[:k]


def nrr(total, answered):
    """NRR = sum of the unsur's scores / respondents who answered it (PermenPANRB 14/2017); None if nobody did."""
    return Fraction(total, answered) if answered else None


def compute(sums, weight=DEFAULT_WEIGHT):
    """The IKM of a pool: NRR per unsur, IKM = sum NRR x weight, konversi = IKM x 25, mutu from the konversi display.

    An unsur nobody answered has no NRR; the IKM then is None (the regulation weighs every unsur asked, and the form
    asks all nine), and `missing` names it.
    """
    key = parse_weight(weight)
    w = WEIGHTS[key]
    unsur = []
    for code, total, answered in zip(UNSUR, sums.totals, sums.answered, strict=True):
        value = nrr(total, answered)
        unsur.append(UnsurScore(code, UNSUR_NAMES[code], int(total or 0), int(answered or 0), value,
                                round_half_up(value, PLACES_INDEX), mutu_index(value)))
    missing = tuple(u.code for u in unsur if u.nrr is None)
    if missing:
        ikm = konversi = None
    else:
        ikm = sum((u.nrr * w for u in unsur), Fraction(0))
        konversi = ikm * KONVERSI_FACTOR
    mutu = mutu_konversi(konversi)
    return IkmResult(n=int(sums.n), weight=key, unsur=tuple(unsur), ikm=ikm, konversi=konversi,
                     ikm_display=round_half_up(ikm, PLACES_INDEX),
                     konversi_display=round_half_up(konversi, PLACES_KONVERSI), mutu=mutu,
                     mutu_label=MUTU_LABELS.get(mutu), missing=missing)


def known_population(population):
    """N as the sample rules use it: None when not entered, and also for 0 or less (nobody was counted, so nothing
    can be judged adequate: a population of 0 would ask for a sample of 0 and pass any survey, even an empty one)."""
    if population is None:
        return None
    n = int(population)
    return n if n > 0 else None


def days_covered(periods, start, end):
    """How many days of [start, end] (dates, both included) the periods [(first day, last day), ...] cover together,
    a day covered twice counted once: whether the service users entered for a report's period span all of it."""
    spans = sorted((max(a, start), min(b, end)) for a, b in periods if a <= end and b >= start and a <= b)
    total, reach = 0, None
    for a, b in spans:  # by first day: each span adds only the days after the furthest one counted so far
        if reach is not None:
            a = max(a, reach + timedelta(days=1))
        if a <= b:
            total += (b - a).days + 1
            reach = b
    return total


def sample_size(population):
    """Krejcie & Morgan (cited by PermenPANRB 14/2017): S = 3.841·N·0.25 / (0.0025·(N-1) + 3.841·0.25), half up;
    None when the population is unknown (None, or 0 or less: see known_population)."""
    n = known_population(population)
    if n is None:
        return None
    chi2 = Fraction(3841, 1000)  # chi-square, 1 df, 95%
    p = Fraction(1, 4)  # P(1-P) with P = 0.5
    d2 = Fraction(25, 10000)  # margin of error 5%, squared
    s = chi2 * n * p / (d2 * (n - 1) + chi2 * p)
    return int(round_half_up(s, 0))
