"""The one module through which dashboards, reports and the CLI read every figure.

Every aggregate is computed in SQL (one GROUP BY pass over the unit subtree and the period, never the rows in Python);
the rules in ikm.py / perception.py / stats.py then turn sums and counts into figures. The same statements run on
SQLite and PostgreSQL. Arguments shared by most functions:

- unit_id: the unit (None = every unit); subtree=True includes its descendants (domain.md 1: figures roll up);
- start, end: inclusive dates on Response.service_date (None = open);
- layanan_id: restrict to one layanan.
Only counted responses enter any figure (a flagged response stays out until an admin includes it).
"""
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from itertools import groupby

from sqlalchemy import Float, case, cast, extract, func, or_, select

from portal.extensions import db
from portal.models import Layanan, Unit, subtree_ids
from survei.models import ItemAnswer, QuestionItem, Questionnaire, Response, ServiceUserCount
from survei.rules import EDUCATION, OCCUPATION

from . import ikm as rules
from . import perception, stats

UNSUR = rules.UNSUR
AGE_BANDS = ('< 20', '20-29', '30-39', '40-49', '50-59', '60+')
NOT_GIVEN = 'tidak diisi'
BREAKDOWNS = ('gender', 'age', 'education', 'occupation', 'layanan', 'unit')
GENDER_LABELS = {'L': 'Laki-laki', 'P': 'Perempuan'}
# the order of a breakdown's groups where it is not alphabetical: survei.rules' code lists, the survey form's order
ORDERED = {'age': AGE_BANDS, 'education': EDUCATION, 'occupation': OCCUPATION}


# ---------------------------------------------------------------- building blocks
def _float(value):
    return None if value is None else float(value)


def default_weight():
    """The office's weight convention: config IKM_WEIGHT ('1/9' by default)."""
    from flask import current_app, has_app_context
    return rules.parse_weight(current_app.config.get('IKM_WEIGHT') if has_app_context() else None)


def year_bounds(year):
    """(1 January, 31 December) of a year."""
    return date(int(year), 1, 1), date(int(year), 12, 31)


def unit_ids(unit_id, subtree=True):
    """The unit ids a scope covers, as a sorted list (every unit when unit_id is None)."""
    if unit_id is None:
        return sorted(db.session.scalars(select(Unit.id)))
    return sorted(subtree_ids(unit_id)) if subtree else [unit_id]


def _unit_clause(column, unit_id, subtree):
    """The unit filter: the subtree's ids as a list (read first, so PostgreSQL may plan a parallel scan, which a
    recursive CTE inside the statement forbids), or nothing at all when the subtree is the whole tree."""
    if not subtree:
        return column == unit_id
    ids = subtree_ids(unit_id)
    if len(ids) == db.session.scalar(select(func.count()).select_from(Unit)):
        return None
    return column.in_(sorted(ids))


def _filters(unit_id, start, end, layanan_id=None, subtree=True):
    where = [Response.counted.is_(True)]
    if unit_id is not None:
        clause = _unit_clause(Response.unit_id, unit_id, subtree)
        if clause is not None:
            where.append(clause)
    if start is not None:
        where.append(Response.service_date >= start)
    if end is not None:
        where.append(Response.service_date <= end)
    if layanan_id is not None:
        where.append(Response.layanan_id == layanan_id)
    return where


def _cols(src):
    return [getattr(src, u) for u in UNSUR]


def _any_answered(src):
    return or_(*(c.isnot(None) for c in _cols(src)))


def _row_sum(src):
    return sum((func.coalesce(c, 0) for c in _cols(src)), start=0)


def _row_answered(src):
    return sum((case((c.isnot(None), 1), else_=0) for c in _cols(src)), start=0)


def _aggregates(src):
    """n, per unsur sum and count, and sum / sum of squares of each respondent's mean score (for the t interval)."""
    # Both operands float: SQLAlchemy would otherwise cast the divisor to NUMERIC, a slow division on PostgreSQL.
    mean = cast(_row_sum(src), Float) / cast(_row_answered(src), Float)
    cols = [func.count().label('n')]
    for c in _cols(src):
        cols += [func.sum(c), func.count(c)]
    return cols + [func.sum(mean).label('m_sum'), func.sum(mean * mean).label('m_sq')]


@dataclass(frozen=True)
class Pool:
    """The SQL aggregates of one pool of responses."""

    sums: rules.UnsurSums
    m_sum: float = 0.0
    m_sq: float = 0.0

    def __add__(self, other):
        return Pool(self.sums + other.sums, self.m_sum + other.m_sum, self.m_sq + other.m_sq)


def _pool(row, offset=0):
    vals = list(row)[offset:]
    if not vals or not vals[0]:
        return Pool(rules.UnsurSums.empty())
    totals = tuple(int(vals[1 + 2 * i] or 0) for i in range(9))
    answered = tuple(int(vals[2 + 2 * i] or 0) for i in range(9))
    return Pool(rules.UnsurSums(int(vals[0]), totals, answered), float(vals[19] or 0), float(vals[20] or 0))


def pool(unit_id=None, start=None, end=None, *, layanan_id=None, subtree=True):
    """The raw aggregates (n, sums and counts per unsur, respondent-mean moments) of a scope: one SQL statement."""
    q = select(*_aggregates(Response)).where(*_filters(unit_id, start, end, layanan_id, subtree),
                                             _any_answered(Response))
    return _pool(db.session.execute(q).one())


def grouped_pools(key, unit_id=None, start=None, end=None, *, layanan_id=None, subtree=True):
    """{key value: Pool} for a SQL key expression on Response, in one GROUP BY (through a subquery, so the key may
    hold literals and still group the same way on PostgreSQL)."""
    inner = select(key.label('k'), *_cols(Response)).where(
        *_filters(unit_id, start, end, layanan_id, subtree), _any_answered(Response)).subquery()
    q = select(inner.c.k, *_aggregates(inner.c)).group_by(inner.c.k)
    return {row[0]: _pool(row, 1) for row in db.session.execute(q)}


# ---------------------------------------------------------------- population and sample adequacy
@dataclass(frozen=True)
class SampleCheck:
    """Krejcie-Morgan adequacy: the population N (entered, or given), S required, n reached, and whether n >= S."""

    population: int | None
    required: int | None
    n: int
    adequate: bool | None
    source: str | None  # 'data' (ServiceUserCount), 'given' (an argument) or None (unknown)


def population_total(unit_id=None, start=None, end=None, *, layanan_id=None, subtree=True):
    """N = service users entered (ServiceUserCount) for the scope's layanan, periods lying inside [start, end];
    None when nothing was entered, or only zeros (a population of 0 is no population: ikm.known_population)."""
    q = select(func.sum(ServiceUserCount.count), func.count()).join(Layanan,
                                                                     Layanan.id == ServiceUserCount.layanan_id)
    if unit_id is not None:
        clause = _unit_clause(Layanan.unit_id, unit_id, subtree)
        if clause is not None:
            q = q.where(clause)
    if layanan_id is not None:
        q = q.where(ServiceUserCount.layanan_id == layanan_id)
    if start is not None:
        q = q.where(ServiceUserCount.period_start >= start)
    if end is not None:
        q = q.where(ServiceUserCount.period_end <= end)
    total, rows = db.session.execute(q).one()
    return rules.known_population(total) if rows else None


@dataclass(frozen=True)
class PopulationCoverage:
    """What the population N of a scope and period leaves out (population_total counts only periods lying inside the
    report's period), for a note beside the sample adequacy; each a tuple of plain values:
    - outside: (layanan, first day, last day, count) of entered periods that cross the report's first or last day;
    - missing: layanan with counted responses in the period but no service users entered for any part of it (N
      leaves them out, so it is too small, and so is the sample it asks for);
    - partial: (layanan, days covered, days in the period) of layanan whose entered periods cover only part of it."""

    outside: tuple = ()
    missing: tuple = ()
    partial: tuple = ()

    def __bool__(self):
        return bool(self.outside or self.missing or self.partial)


def population_coverage(unit_id=None, start=None, end=None, *, layanan_id=None, subtree=True):
    """The PopulationCoverage of a scope and period: three small queries (entered periods that touch the period, and
    whether each layanan without one inside it has a counted response there, through its (layanan, date) index)."""
    scope = []
    if unit_id is not None:
        clause = _unit_clause(Layanan.unit_id, unit_id, subtree)
        if clause is not None:
            scope.append(clause)
    if layanan_id is not None:
        scope.append(Layanan.id == layanan_id)
    q = select(Layanan.id, Layanan.name, Unit.name, ServiceUserCount.period_start, ServiceUserCount.period_end,
               ServiceUserCount.count).join(ServiceUserCount, ServiceUserCount.layanan_id == Layanan.id) \
        .join(Unit, Unit.id == Layanan.unit_id).where(*scope)
    if start is not None:
        q = q.where(ServiceUserCount.period_end >= start)
    if end is not None:
        q = q.where(ServiceUserCount.period_start <= end)
    answered = select(Response.id).where(Response.layanan_id == Layanan.id, *_filters(None, start, end)).exists()
    rows = db.session.execute(q.order_by(Layanan.name, Unit.name, ServiceUserCount.period_start)).all()
    entered = {row[0] for row in rows}
    without = [Layanan.id.notin_(sorted(entered))] if entered else []  # those with an entry are in outside or partial
    bare = db.session.execute(select(Layanan.name, Unit.name).join(Unit, Unit.id == Layanan.unit_id)
                              .where(*scope, *without, answered).order_by(Layanan.name, Unit.name)).all()
    several = len({row[2] for row in rows} | {row[1] for row in bare}) > 1  # name the unit beside the layanan

    def label(name, unit_name):
        return layanan_label(name, unit_name) if several else name

    inside, outside = {}, []
    for lid, name, unit_name, first, last, count in rows:
        if (start is None or first >= start) and (end is None or last <= end):
            inside.setdefault(lid, (label(name, unit_name), []))[1].append((first, last))
        else:
            outside.append((label(name, unit_name), first, last, count))
    missing = [label(name, unit_name) for name, unit_name in bare]
    partial = []
    if start is not None and end is not None:
        days = (end - start).days + 1
        for name, spans in inside.values():
            covered = rules.days_covered(spans, start, end)
            if covered < days:
                partial.append((name, covered, days))
    return PopulationCoverage(tuple(outside), tuple(missing), tuple(partial))


def sample_check(n, population_n, source):
    """Compare n with the Krejcie-Morgan sample size of population_n (0 or less counts as not entered)."""
    population_n = rules.known_population(population_n)
    required = rules.sample_size(population_n)
    return SampleCheck(population_n, required, int(n), None if required is None else n >= required,
                       source if population_n is not None else None)


# ---------------------------------------------------------------- the IKM
@dataclass(frozen=True)
class IkmSummary:
    """The IKM of a scope with its statistics: result (ikm.IkmResult), interval (stats.Interval on the respondent-mean
    1-4 scale or None), ci95 (low, high on the 25-100 scale, centred on the konversi), ci95_ikm (same on 1-4),
    sample (SampleCheck), lowest (the three lowest UnsurScore)."""

    result: rules.IkmResult
    interval: stats.Interval | None
    ci95: tuple | None
    ci95_ikm: tuple | None
    sample: SampleCheck
    lowest: tuple = field(default=())

    def as_dict(self):
        """Plain JSON-ready values (numbers as displayed: 1-4 scale at 4 decimals, 25-100 at 2)."""
        r = self.result
        f = _float
        return {
            'n': r.n, 'weight': r.weight,
            'nrr': {u.code: f(u.nrr_display) for u in r.unsur},
            'mutu_unsur': {u.code: u.mutu for u in r.unsur},
            'answered': {u.code: u.answered for u in r.unsur},
            'ikm': f(r.ikm_display), 'konversi': f(r.konversi_display), 'mutu': r.mutu, 'mutu_label': r.mutu_label,
            'ci95': None if self.ci95 is None else [round(self.ci95[0], 2), round(self.ci95[1], 2)],
            'ci95_ikm': None if self.ci95_ikm is None else [round(self.ci95_ikm[0], 4), round(self.ci95_ikm[1], 4)],
            'population': self.sample.population, 'population_source': self.sample.source,
            'sample_required': self.sample.required, 'sample_adequate': self.sample.adequate,
            'lowest': [u.code for u in self.lowest], 'missing': list(r.missing),
        }


def summarize(p, weight=None, population_n=None, population_source=None):
    """An IkmSummary from a Pool: the IKM by the rules, a t interval on respondent means (finite-population corrected
    when N is known), scaled to the weight convention (x 9w) and centred on the published konversi."""
    weight = rules.parse_weight(weight or default_weight())
    population_n = rules.known_population(population_n)
    result = rules.compute(p.sums, weight)
    interval = stats.t_interval(p.sums.n, p.m_sum, p.m_sq, population_n)
    ci = ci_ikm = None
    if interval is not None and result.ikm is not None:
        h = interval.half_width() * float(9 * rules.WEIGHTS[weight])
        centre = float(result.ikm)
        ci_ikm = (centre - h, centre + h)
        ci = (ci_ikm[0] * rules.KONVERSI_FACTOR, ci_ikm[1] * rules.KONVERSI_FACTOR)
    return IkmSummary(result, interval, ci, ci_ikm, sample_check(p.sums.n, population_n, population_source),
                      tuple(result.lowest(3)))


def ikm_summary(unit_id=None, start=None, end=None, *, layanan_id=None, subtree=True, weight=None, population=None):
    """The IKM of a scope (NRR, IKM, konversi, mutu, CI95, sample adequacy, three lowest unsur). `population` overrides
    the entered ServiceUserCount total."""
    p = pool(unit_id, start, end, layanan_id=layanan_id, subtree=subtree)
    source = 'given'
    if population is None:
        population = population_total(unit_id, start, end, layanan_id=layanan_id, subtree=subtree)
        source = 'data'
    return summarize(p, weight, population, source)


def lowest_unsur(unit_id=None, start=None, end=None, *, k=3, **kw):
    """The k lowest unsur (ikm.UnsurScore, lowest first): improvement priorities."""
    return pool_result(unit_id, start, end, **kw).lowest(k)


def pool_result(unit_id=None, start=None, end=None, *, layanan_id=None, subtree=True, weight=None):
    """Just the ikm.IkmResult of a scope (no statistics)."""
    return rules.compute(pool(unit_id, start, end, layanan_id=layanan_id, subtree=subtree).sums,
                         weight or default_weight())


# ---------------------------------------------------------------- breakdowns and trend
def _age_band():
    a = Response.age
    return case((a.is_(None), NOT_GIVEN), (a < 20, AGE_BANDS[0]), (a < 30, AGE_BANDS[1]), (a < 40, AGE_BANDS[2]),
                (a < 50, AGE_BANDS[3]), (a < 60, AGE_BANDS[4]), else_=AGE_BANDS[5])


def layanan_label(name, unit_name):
    """A layanan named with its unit, as the dashboard's layanan filter lists it: 'Legalisir Ijazah (Kantor A)'."""
    return f'{name} ({unit_name})'


def _labels(by, keys, with_unit=False):
    if by == 'layanan':
        ids = [k for k in keys if k is not None]
        rows = db.session.execute(select(Layanan.id, Layanan.name, Unit.name).join(Unit, Unit.id == Layanan.unit_id)
                                  .where(Layanan.id.in_(ids))).all()
        names = {i: layanan_label(name, uname) if with_unit else name for i, name, uname in rows}
        return {k: names.get(k, NOT_GIVEN) for k in keys}
    if by == 'unit':
        ids = [k for k in keys if k is not None]
        names = dict(db.session.execute(select(Unit.id, Unit.name).where(Unit.id.in_(ids))).all())
        return {k: names.get(k, str(k)) for k in keys}
    if by == 'gender':
        return {k: GENDER_LABELS.get(k, NOT_GIVEN) for k in keys}
    return {k: NOT_GIVEN if k is None else str(k) for k in keys}


@dataclass(frozen=True)
class Row:
    """One line of a breakdown or trend: its key, its label and its IkmSummary."""

    key: object
    label: str
    summary: IkmSummary


def breakdown(by, unit_id=None, start=None, end=None, *, layanan_id=None, subtree=True, weight=None):
    """The IKM per group: by = gender | age | education | occupation | layanan | unit (the responding unit itself).
    Returns [Row], in the group's natural order (age bands and education ascending, occupation as the survey form
    lists it, others by label; "tidak diisi" last). Per layanan, each label names
    the layanan's unit too ('Legalisir Ijazah (Kantor A)') when the scope spans more than one unit: units of a subtree
    offer layanan of the same name."""
    keys = {'gender': Response.gender, 'age': _age_band(), 'education': Response.education,
            'occupation': Response.occupation, 'layanan': Response.layanan_id, 'unit': Response.unit_id}
    if by not in keys:
        raise ValueError(f'breakdown tidak dikenal: {by}')
    pools = grouped_pools(keys[by], unit_id, start, end, layanan_id=layanan_id, subtree=subtree)
    labels = _labels(by, list(pools), with_unit=by == 'layanan' and len(unit_ids(unit_id, subtree)) > 1)
    rows = [Row(k, labels[k], summarize(p, weight)) for k, p in pools.items()]
    if by in ORDERED:  # an ordinal scale (age, education) or the form's list (occupation: "Lainnya" last)
        order = {code: i for i, code in enumerate(ORDERED[by])}
        return sorted(rows, key=lambda r: (r.key is None, order.get(r.key, len(order)), r.label))
    return sorted(rows, key=lambda r: (r.key is None, r.label))


def layanan_by_unit(rows, first=None):
    """A layanan breakdown ([Row] keyed by layanan id) grouped by the layanan's unit: [(unit name, [(layanan name,
    Row)])], the unit named `first` first, then units and layanan by name (rows without a layanan last, under
    NOT_GIVEN)."""
    ids = [r.key for r in rows if r.key is not None]
    names = {i: (name, uname) for i, name, uname in db.session.execute(
        select(Layanan.id, Layanan.name, Unit.name).join(Unit, Unit.id == Layanan.unit_id).where(Layanan.id.in_(ids)))}
    groups = {}
    for row in rows:
        name, uname = names.get(row.key, (NOT_GIVEN, NOT_GIVEN))
        groups.setdefault(uname, []).append((name, row))
    return [(uname, sorted(items, key=lambda item: item[0]))
            for uname, items in sorted(groups.items(), key=lambda g: (g[0] != first, g[0] == NOT_GIVEN, g[0]))]


def children(unit_id, start=None, end=None, *, weight=None):
    """The IKM of each direct child unit with its own subtree (rolled up): [Row] by unit name, each summarised
    exactly as ikm_summary summarises the unit itself (its entered population: required sample, adequacy and the
    finite-population correction of the CI)."""
    kids = db.session.execute(select(Unit.id, Unit.name).where(Unit.parent_id == unit_id).order_by(Unit.name)).all()
    return [Row(k, name, ikm_summary(k, start, end, weight=weight)) for k, name in kids]


def per_unit(unit_id, start=None, end=None, *, weight=None):
    """The unit's own office (its own respondents, subtree=False) then each direct child rolled up ([Row], the first
    one's key is unit_id), so the rows' respondents add up to the unit's rolled-up total; [] for a unit without
    children (the one row would repeat the total)."""
    kids = children(unit_id, start, end, weight=weight)
    if not kids:
        return []
    name = db.session.scalar(select(Unit.name).where(Unit.id == unit_id))
    return [Row(unit_id, name, ikm_summary(unit_id, start, end, subtree=False, weight=weight)), *kids]


def monthly_trend(unit_id=None, start=None, end=None, *, layanan_id=None, subtree=True, weight=None):
    """The IKM per calendar month: [Row] with key 'YYYY-MM', in time order (months without responses absent)."""
    key = extract('year', Response.service_date) * 100 + extract('month', Response.service_date)
    pools = grouped_pools(key, unit_id, start, end, layanan_id=layanan_id, subtree=subtree)
    out = []
    for k in sorted(pools, key=int):
        label = f'{int(k) // 100:04d}-{int(k) % 100:02d}'
        out.append(Row(label, label, summarize(pools[k], weight)))
    return out


# ---------------------------------------------------------------- two periods
@dataclass(frozen=True)
class Comparison:
    """Two periods of one scope: their summaries, the change in konversi, and the Mann-Whitney U test on respondents'
    mean scores (stats.MannWhitney or None)."""

    a: IkmSummary
    b: IkmSummary
    delta_konversi: float | None
    test: stats.MannWhitney | None

    def unsur_changes(self):
        """Per unsur: (UnsurScore of a, UnsurScore of b, NRR of b minus NRR of a as displayed, or None)."""
        pairs = zip(self.a.result.unsur, self.b.result.unsur, strict=True)  # both list the nine unsur in order
        return [(ua, ub, None if ua.nrr_display is None or ub.nrr_display is None
                 else ub.nrr_display - ua.nrr_display) for ua, ub in pairs]


def respondent_means(unit_id=None, start=None, end=None, *, layanan_id=None, subtree=True):
    """The frequency table {respondent mean score (Fraction): respondents}, from a GROUP BY on (sum, answered)."""
    inner = select(_row_sum(Response).label('s'), _row_answered(Response).label('a')).where(
        *_filters(unit_id, start, end, layanan_id, subtree), _any_answered(Response)).subquery()
    q = select(inner.c.s, inner.c.a, func.count()).group_by(inner.c.s, inner.c.a)
    freq = {}
    for s, a, count in db.session.execute(q):
        key = Fraction(int(s), int(a))
        freq[key] = freq.get(key, 0) + int(count)
    return freq


def compare_periods(unit_id, period_a, period_b, *, layanan_id=None, subtree=True, weight=None):
    """Compare two periods ((start, end) each): konversi change and whether it is significant (p < 0.05)."""
    kw = {'layanan_id': layanan_id, 'subtree': subtree}
    a = ikm_summary(unit_id, *period_a, weight=weight, **kw)
    b = ikm_summary(unit_id, *period_b, weight=weight, **kw)
    test = stats.mann_whitney(respondent_means(unit_id, *period_a, **kw), respondent_means(unit_id, *period_b, **kw))
    ka, kb = a.result.konversi_display, b.result.konversi_display
    return Comparison(a, b, None if ka is None or kb is None else float(kb - ka), test)


def summary_compared(unit_id, period, other, *, layanan_id=None, subtree=True):
    """The IkmSummary of `period` and its Comparison with `other` (`a` = other, `b` = period), or None when other is
    None; both periods have .start and .end. The summary is computed once (it is the comparison's `b`)."""
    kw = {'layanan_id': layanan_id, 'subtree': subtree}
    if other is None:
        return ikm_summary(unit_id, period.start, period.end, **kw), None
    compared = compare_periods(unit_id, (other.start, other.end), (period.start, period.end), **kw)
    return compared.b, compared


# ---------------------------------------------------------------- IPKP and IPAK
@dataclass(frozen=True)
class PerceptionSummary:
    """An IPKP or IPAK with its statistics: result (perception.PerceptionResult), names {code: item name}, interval
    on respondent means, ci95 (index scale, centred on the index) and ci95_points (LKE points), and how many of its
    respondents answered it through the IKM's u1..u9 (an IPKP questionnaire that uses the IKM answers)."""

    result: perception.PerceptionResult
    names: dict
    interval: stats.Interval | None
    ci95: tuple | None
    ci95_points: tuple | None
    from_ikm_answers: int = 0

    def as_dict(self):
        """Plain JSON-ready values."""
        r = self.result
        f = _float
        return {'kind': r.kind, 'n': r.n, 'index': f(r.index_display), 'points': f(r.points_display),
                'items': {c: {'name': self.names.get(c, c), 'mean': None if m is None else round(float(m), 4),
                              'answered': a} for c, (_, a, m) in r.items.items()},
                'ci95': None if self.ci95 is None else [round(v, 4) for v in self.ci95],
                'ci95_points': None if self.ci95_points is None else [round(v, 2) for v in self.ci95_points]}


def _perception_column(kind):
    """The response's questionnaire column of an IPKP or IPAK."""
    if kind not in ('ipkp', 'ipak'):
        raise ValueError(kind)
    return Response.ipkp_questionnaire_id if kind == 'ipkp' else Response.ipak_questionnaire_id


def _ikm_answered_ipkp(where, *columns):
    """`columns` over the responses in `where` whose IPKP questionnaire uses the IKM answers (u1..u9) and that
    answered at least one of them: the IPKP's respondents who answered it through the IKM. perception_summary sums
    them and perception_answers lists them, through this one statement, so the two cannot count different rows."""
    return (select(*columns).join(Questionnaire, Questionnaire.id == Response.ipkp_questionnaire_id)
            .where(Questionnaire.uses_ikm_answers.is_(True), *where, _any_answered(Response)))


def _item_answers(kind, where, *columns):
    """The item answers of a kind (response id, score, item code, name and position, then `columns`) of the responses
    in `where` that have that kind's questionnaire, from questionnaires that ask their own items (not the IKM's): the
    other half shared by perception_summary and perception_answers."""
    qcol = _perception_column(kind)
    return (select(ItemAnswer.response_id, ItemAnswer.score, QuestionItem.code, QuestionItem.name,
                   QuestionItem.position, *columns)
            .join(QuestionItem, QuestionItem.id == ItemAnswer.item_id)
            .join(Questionnaire, Questionnaire.id == QuestionItem.questionnaire_id)
            .join(Response, Response.id == ItemAnswer.response_id)
            .where(Questionnaire.kind == kind, Questionnaire.uses_ikm_answers.is_(False), qcol.isnot(None), *where))


def perception_summary(kind, unit_id=None, start=None, end=None, *, layanan_id=None, subtree=True, population=None):
    """IPKP (kind='ipkp') or IPAK ('ipak') of a scope: item means in SQL, index = mean of item means, LKE points.

    IPKP answers come from u1..u9 for responses whose IPKP questionnaire has uses_ikm_answers, and from item answers
    otherwise; items pool across questionnaire versions by their code, which names one question in every version
    (survei.questionnaires.assign_codes; revision 0011 recoded the versions saved before).
    """
    _perception_column(kind)  # a ValueError for anything but 'ipkp' and 'ipak'
    where = _filters(unit_id, start, end, layanan_id, subtree)
    item_sums, names, n, m_sum, m_sq = {}, {}, 0, 0.0, 0.0
    from_ikm = 0
    if kind == 'ipkp':
        p = _pool(db.session.execute(_ikm_answered_ipkp(where, *_aggregates(Response))).one())
        n, m_sum, m_sq = p.sums.n, p.m_sum, p.m_sq
        from_ikm = n
        for code, t, a in zip(UNSUR, p.sums.totals, p.sums.answered, strict=True):
            if a:
                item_sums[code] = (t, a)
                names[code] = rules.UNSUR_NAMES[code]
    base = _item_answers(kind, where).subquery()
    q = (select(base.c.code, func.min(base.c.name), func.min(base.c.position), func.sum(base.c.score),
                func.count(base.c.score)).group_by(base.c.code).order_by(func.min(base.c.position), base.c.code))
    for code, name, _, t, a in db.session.execute(q):
        t0, a0 = item_sums.get(code, (0, 0))
        item_sums[code] = (t0 + int(t), a0 + int(a))
        names.setdefault(code, name)
    # a code is one question in every version (survei.questionnaires.assign_codes); its short name may have been
    # edited since: the latest version's name
    for code, name in db.session.execute(
            select(QuestionItem.code, QuestionItem.name).join(Questionnaire)
            .where(Questionnaire.kind == kind, QuestionItem.code.in_(sorted(item_sums)))
            .order_by(Questionnaire.version)):
        if code in names and code not in UNSUR:
            names[code] = name
    per = select(base.c.response_id, (cast(func.sum(base.c.score), Float) / func.count(base.c.score)).label('m')
                 ).group_by(base.c.response_id).subquery()
    cnt, s, sq = db.session.execute(select(func.count(), func.sum(per.c.m), func.sum(per.c.m * per.c.m))).one()
    n, m_sum, m_sq = n + int(cnt or 0), m_sum + float(s or 0), m_sq + float(sq or 0)
    result = perception.compute(kind, n, item_sums)
    interval = stats.t_interval(n, m_sum, m_sq, population)
    ci = pts = None
    if interval is not None and result.index is not None:
        h, centre = interval.half_width(), float(result.index)
        ci = (centre - h, centre + h)
        pts = tuple(float(perception.lke_points(Fraction(v))) for v in ci)
    return PerceptionSummary(result, names, interval, ci, pts, from_ikm)


# ---------------------------------------------------------------- komponen hasil
@dataclass(frozen=True)
class Hasil:
    """The ZI komponen hasil of a unit and year: the IPAK and IPKP summaries, the admin's input (HasilInput or None),
    the graded lines (perception.HasilLine), and whether the IPAK/IPKP include the units below (subtree) or are the
    unit's own respondents only (ZI evaluates the satker itself)."""

    unit_id: int
    year: int
    ipak: PerceptionSummary
    ipkp: PerceptionSummary
    entered: object
    lines: list
    subtree: bool = True

    @property
    def verdict(self):
        """perception.Verdict: WBK / WBBM met (every requirement of domain.md 3's table), what is missing, the hasil
        subtotal."""
        return perception.verdict(self.lines)

    def as_dict(self):
        """Plain JSON-ready values."""
        f = _float
        v = self.verdict
        return {'unit_id': self.unit_id, 'year': self.year, 'subtree': self.subtree,
                'hasil_subtotal': f(v.subtotal), 'hasil_max': f(perception.HASIL_MAX),
                'memenuhi_wbk': v.wbk, 'memenuhi_wbbm': v.wbbm,
                'ipak': self.ipak.as_dict(), 'ipkp': self.ipkp.as_dict(),
                'lines': [{'key': x.key, 'label': x.label, 'value': f(x.value), 'max': f(x.max_points),
                           'wbk': f(x.wbk), 'wbbm': f(x.wbbm), 'wbk_status': x.word(x.memenuhi_wbk),
                           'wbbm_status': x.word(x.memenuhi_wbbm)} for x in self.lines]}


def hasil_input(unit_id, year):
    """The admin's komponen hasil input for a unit and year, or None."""
    from .models import HasilInput
    return db.session.scalar(select(HasilInput).where(HasilInput.unit_id == unit_id, HasilInput.year == int(year)))


def komponen_hasil(unit_id, year, *, subtree=True):
    """IPAK and IPKP of the unit over the year (with its subtree, or the unit alone when subtree=False), with the
    entered capaian kinerja, pengungkit and TLHP (the unit's own), each line against WBK and WBBM."""
    start, end = year_bounds(year)
    ipak = perception_summary('ipak', unit_id, start, end, subtree=subtree)
    ipkp = perception_summary('ipkp', unit_id, start, end, subtree=subtree)
    entered = hasil_input(unit_id, year)
    lines = perception.komponen_hasil(
        ipak_points=ipak.result.points_display, ipkp_points=ipkp.result.points_display,
        capaian_kinerja=getattr(entered, 'capaian_kinerja', None), pengungkit=getattr(entered, 'pengungkit', None),
        tlhp_percent=getattr(entered, 'tlhp_percent', None))
    return Hasil(unit_id, int(year), ipak, ipkp, entered, lines, bool(subtree))


# ---------------------------------------------------------------- other parts' figures
def complaints(unit_id=None, start=None, end=None, *, subtree=True):
    """Complaint monitoring figures from pengaduan.queries.monitoring(unit_ids, start, end); None if not installed."""
    try:
        from pengaduan.queries import monitoring
    except ImportError:
        return None
    return monitoring(unit_ids(unit_id, subtree), start, end)


def complaint_tables(figures):
    """The counts of complaints() as rows, for the dashboard and the workbook alike: 'kind' and 'category' as
    (key, label, count) for every kind and category of the complaint form, in its order (0 where none); 'status' the
    same for the states that have complaints only, in the workflow's order; a stored key the part no longer knows
    comes after them, labelled with the key; 'unit' as (unit id, unit name, count) per handling unit, most complaints
    first, then by name. Labels are the pengaduan part's N_ texts (Indonesian; `|tr` translates them). Also
    'rating_max', the top of the complainant's rating scale (1 to it)."""
    from pengaduan.models import CATEGORIES, KINDS, RATING_MAX
    from pengaduan.workflow import STATES

    def rows(counts, labels, every=True):
        known = [(key, label, int(counts.get(key, 0))) for key, label in labels.items() if every or key in counts]
        return known + [(key, key, int(n)) for key, n in sorted(counts.items()) if key not in labels]

    by_unit = figures['by_unit']
    names = dict(db.session.execute(select(Unit.id, Unit.name).where(Unit.id.in_(sorted(by_unit)))).all()
                 ) if by_unit else {}
    units = sorted(((uid, names.get(uid, f'#{uid}'), int(n)) for uid, n in by_unit.items()),
                   key=lambda row: (-row[2], row[1]))
    return {'status': rows(figures['by_status'], STATES, every=False), 'kind': rows(figures['by_kind'], KINDS),
            'category': rows(figures['by_category'], CATEGORIES), 'unit': units, 'rating_max': RATING_MAX}


# WBS figures are shown for the whole office over a month or more only: per unit or per day, a count of 1 tells the
# unit's head (who may be the person reported) that a report about them came in, and on which day (domain.md 5).
WBS_MIN_DAYS = 28


def wbs_counts_shown(unit_is_root, subtree, start, end):
    """True when WBS counts may be shown for this choice: the root unit with everything below it, over at least
    WBS_MIN_DAYS days."""
    return bool(unit_is_root and subtree and (end - start).days + 1 >= WBS_MIN_DAYS)


def wbs_counts(unit_id=None, start=None, end=None, *, subtree=True):
    """WBS counts by status and category (never content) from wbs.queries.counts(unit_ids, start, end); None if the
    WBS part is not installed."""
    try:
        from wbs.queries import counts
    except ImportError:
        return None
    return counts(unit_ids(unit_id, subtree), start, end)


# ---------------------------------------------------------------- report rows (saran, raw responses)
SARAN_LIMIT = 1000  # the PDF lists this many saran, newest first; the XLSX (sheet Respons) holds every one


def _saran_filters(unit_id, start, end, layanan_id, subtree):
    return [*_filters(unit_id, start, end, layanan_id, subtree), Response.saran.isnot(None), Response.saran != '']


def saran(unit_id=None, start=None, end=None, *, layanan_id=None, subtree=True, limit=None):
    """The saran respondents wrote in a scope: [(service_date, layanan name or None, text, unit name)], newest
    first, at most `limit` (default SARAN_LIMIT) of them (saran_count says how many there are)."""
    limit = SARAN_LIMIT if limit is None else limit
    q = (select(Response.service_date, Layanan.name, Response.saran, Unit.name)
         .join(Unit, Unit.id == Response.unit_id)
         .outerjoin(Layanan, Layanan.id == Response.layanan_id)
         .where(*_saran_filters(unit_id, start, end, layanan_id, subtree))
         .order_by(Response.service_date.desc(), Response.id.desc()).limit(limit))
    return [tuple(r) for r in db.session.execute(q)]


def saran_count(unit_id=None, start=None, end=None, *, layanan_id=None, subtree=True):
    """How many saran respondents wrote in a scope (all of them, whatever saran() lists)."""
    return db.session.scalar(select(func.count()).select_from(Response)
                             .where(*_saran_filters(unit_id, start, end, layanan_id, subtree)))


RAW_COLUMNS = ('id', 'tanggal', 'unit', 'layanan', 'jenis_kelamin', 'umur', 'pendidikan', 'pekerjaan', *UNSUR, 'saran')


def raw_responses(unit_id=None, start=None, end=None, *, layanan_id=None, subtree=True):
    """The counted responses of a scope, one tuple per respondent in RAW_COLUMNS order, by date (streamed)."""
    q = (select(Response.id, Response.service_date, Unit.name, Layanan.name, Response.gender, Response.age,
                Response.education, Response.occupation, *_cols(Response), Response.saran)
         .join(Unit, Unit.id == Response.unit_id).outerjoin(Layanan, Layanan.id == Response.layanan_id)
         .where(*_filters(unit_id, start, end, layanan_id, subtree), _any_answered(Response))
         .order_by(Response.service_date, Response.id))
    for row in db.session.execute(q.execution_options(yield_per=2000)):
        yield tuple(row)


PERCEPTION_ANSWER_COLUMNS = ('id', 'tanggal', 'unit', 'layanan')  # then one column per item code


def perception_answers(kind, unit_id=None, start=None, end=None, *, layanan_id=None, subtree=True):
    """The answers behind an IPKP or IPAK (perception_summary): one tuple (id, service date, unit name, layanan name or
    None, {item code: score}) per respondent it counts, streamed. The ZI evaluators recompute the index from them:
    each item's mean is the sum of its scores over the respondents who answered it.

    The rows come through the same statements as perception_summary's sums (_ikm_answered_ipkp, _item_answers, with
    the same _filters), so they hold exactly the answers it counted. An IPKP answered through the IKM has the
    response's u1..u9; those respondents come first (by date), then those who answered its own items (by date)."""
    _perception_column(kind)
    where = _filters(unit_id, start, end, layanan_id, subtree)
    names = (Response.id, Response.service_date, Unit.name, Layanan.name)

    def named(q):
        return q.join(Unit, Unit.id == Response.unit_id).outerjoin(Layanan, Layanan.id == Response.layanan_id)

    if kind == 'ipkp':
        q = named(_ikm_answered_ipkp(where, *names, *_cols(Response))).order_by(Response.service_date, Response.id)
        for row in db.session.execute(q.execution_options(yield_per=2000)):
            scores = {code: score for code, score in zip(UNSUR, row[4:], strict=True) if score is not None}
            yield (*row[:4], scores)
    q = named(_item_answers(kind, where, *names)).order_by(Response.service_date, Response.id, QuestionItem.position)
    rows = db.session.execute(q.execution_options(yield_per=2000))
    # ordered by response: its answers are consecutive rows (response_id, score, code, name, position, *names)
    for _, answers in groupby(rows, key=lambda row: row[0]):
        answers = list(answers)
        yield (*answers[0][5:], {row[2]: row[1] for row in answers})
