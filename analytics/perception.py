"""IPKP and IPAK (PermenPANRB 90/2021 jo 5/2024): index = mean of item means, LKE points, and the komponen hasil.

Pure functions on plain values (no Flask). Points are graded on their 2-decimal display, as the IKM is.
"""
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from portal.markers import N_

from .ikm import round_half_up

# PermenPANRB 90/2021 jo 5/2024, LKE komponen hasil: IPAK weighs 17.5 points, IPKP 17.5; points = index / 4 x 17.5.
LKE_WEIGHT = Fraction(35, 2)
SCALE_MAX = 4
PLACES_POINTS = 2
PLACES_INDEX = 4

# PermenPANRB 90/2021 jo 5/2024: thresholds for the WBK and WBBM predicates (domain.md section 3), lower and inclusive.
THRESHOLDS = {
    'total': (Decimal('75'), Decimal('85')),
    'pengungkit': (Decimal('40'), Decimal('48')),
    'bersih_akuntabel': (Decimal('18.25'), Decimal('19.50')),
    'ipak': (Decimal('15.75'), Decimal('15.75')),  # index 3.60
    'capaian_kinerja': (Decimal('2.50'), Decimal('3.75')),
    'ipkp': (Decimal('14.00'), Decimal('15.75')),  # index 3.20 for WBK, 3.60 for WBBM
    'tlhp': (Decimal('100'), Decimal('100')),  # the seed's indicator: TLHP completion must be 100%
}
LINE_LABELS = {
    'ipak': N_('Indeks Persepsi Anti Korupsi (IPAK), nilai LKE'),
    'ipkp': N_('Indeks Persepsi Kualitas Pelayanan (IPKP), nilai LKE'),
    'capaian_kinerja': N_('Capaian kinerja'),
    'bersih_akuntabel': N_('Birokrasi bersih dan akuntabel (IPAK + capaian kinerja)'),
    'pengungkit': N_('Komponen pengungkit'),
    'total': N_('Nilai total (pengungkit + hasil)'),
    'tlhp': N_('Penyelesaian TLHP (%)'),
}
MAX_POINTS = {'ipak': Decimal('17.5'), 'ipkp': Decimal('17.5'), 'capaian_kinerja': Decimal('5'),
              'bersih_akuntabel': Decimal('22.5'), 'pengungkit': Decimal('60'), 'total': Decimal('100'),
              'tlhp': Decimal('100')}
ORDER = ('ipak', 'capaian_kinerja', 'bersih_akuntabel', 'ipkp', 'pengungkit', 'total', 'tlhp')
# The requirements of domain.md 3's table: a predicate is met only when every one of them is. TLHP completion is the
# seed's own indicator, shown beside them, not one of the table's requirements.
REQUIREMENTS = ('total', 'pengungkit', 'bersih_akuntabel', 'ipak', 'capaian_kinerja', 'ipkp')
HASIL_MAX = Decimal('40')  # komponen hasil: bersih dan akuntabel 22.5 + pelayanan publik prima 17.5


@dataclass(frozen=True)
class PerceptionResult:
    """An IPKP or IPAK: respondents, item means by code, the index (1-4), its LKE points."""

    kind: str
    n: int
    items: dict  # code -> (total, answered, mean Fraction | None)
    index: Fraction | None
    index_display: Decimal | None
    points: Fraction | None
    points_display: Decimal | None


def lke_points(index):
    """LKE points = index / 4 x 17.5 (PermenPANRB 90/2021 jo 5/2024); None stays None."""
    return None if index is None else Fraction(index) / SCALE_MAX * LKE_WEIGHT


def compute(kind, n, item_sums):
    """Index = mean of item means over items anyone answered; `item_sums` maps code -> (total, answered)."""
    items = {code: (int(t), int(a), Fraction(int(t), int(a)) if a else None) for code, (t, a) in item_sums.items()}
    means = [m for _, _, m in items.values() if m is not None]
    index = sum(means, Fraction(0)) / len(means) if means else None
    points = lke_points(index)
    return PerceptionResult(kind, int(n), items, index, round_half_up(index, PLACES_INDEX), points,
                            round_half_up(points, PLACES_POINTS))


@dataclass(frozen=True)
class HasilLine:
    """One line of the komponen hasil: the displayed value against both thresholds."""

    key: str
    label: str
    value: Decimal | None
    max_points: Decimal
    wbk: Decimal
    wbbm: Decimal
    memenuhi_wbk: bool
    memenuhi_wbbm: bool

    @staticmethod
    def word(ok):
        """The plain word a report prints."""
        return N_('memenuhi') if ok else N_('belum memenuhi')


def _dec(value):
    return None if value is None else round_half_up(Fraction(value) if not isinstance(value, Decimal) else value, 2)


def komponen_hasil(ipak_points=None, ipkp_points=None, capaian_kinerja=None, pengungkit=None, tlhp_percent=None):
    """The lines of the komponen hasil, each graded on its 2-decimal display; a missing value is "belum memenuhi".

    Sums (bersih dan akuntabel, total) are taken from the displayed parts, so a printed sum equals the printed parts.
    """
    values = {'ipak': _dec(ipak_points), 'ipkp': _dec(ipkp_points), 'capaian_kinerja': _dec(capaian_kinerja),
              'pengungkit': _dec(pengungkit), 'tlhp': _dec(tlhp_percent)}
    ba = (values['ipak'], values['capaian_kinerja'])
    values['bersih_akuntabel'] = None if None in ba else ba[0] + ba[1]
    parts = (values['pengungkit'], values['bersih_akuntabel'], values['ipkp'])
    values['total'] = None if None in parts else sum(parts)
    lines = []
    for key in ORDER:
        value = values[key]
        wbk, wbbm = THRESHOLDS[key]
        lines.append(HasilLine(key, LINE_LABELS[key], value, MAX_POINTS[key], wbk, wbbm,
                               value is not None and value >= wbk, value is not None and value >= wbbm))
    return lines


@dataclass(frozen=True)
class Verdict:
    """Whether the komponen hasil meets WBK and WBBM (every requirement of the table), the requirements it misses
    for each (line keys, in ORDER), and the hasil subtotal (IPAK + capaian kinerja + IPKP, of 40; None when a part
    is missing)."""

    wbk: bool
    wbbm: bool
    missing_wbk: tuple
    missing_wbbm: tuple
    subtotal: Decimal | None


def verdict(lines):
    """The Verdict of komponen_hasil's lines: a predicate holds only if every REQUIREMENTS line meets it."""
    by_key = {x.key: x for x in lines}
    need = [by_key[k] for k in ORDER if k in REQUIREMENTS]
    miss_wbk = tuple(x.key for x in need if not x.memenuhi_wbk)
    miss_wbbm = tuple(x.key for x in need if not x.memenuhi_wbbm)
    parts = (by_key['bersih_akuntabel'].value, by_key['ipkp'].value)
    return Verdict(not miss_wbk, not miss_wbbm, miss_wbk, miss_wbbm, None if None in parts else parts[0] + parts[1])
