"""Every figure through analytics.queries on a real database (SQLite, or PostgreSQL with TEST_DATABASE_URL),
against values computed by hand from the same rows."""
import math
import statistics
from datetime import date
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from scipy import stats as sps

from analytics import queries
from tests.factories import make_layanan, make_unit

from .factories import (
    WORKED_TOTALS,
    answer_items,
    make_population,
    make_questionnaire,
    make_response,
    make_responses,
    worked_rows,
)

YEAR = (date(2026, 1, 1), date(2026, 12, 31))


@pytest.fixture
def tree(db):
    """Kanwil > Kantor Kemenag > KUA, plus a sibling Kantor; one layanan at the Kantor."""
    root = make_unit('Kanwil Uji', 'kanwil-uji', kind='kanwil')
    kan = make_unit('Kantor Uji', 'kantor-uji', parent=root)
    kua = make_unit('KUA Uji', 'kua-uji', kind='kua', parent=kan)
    other = make_unit('Kantor Lain', 'kantor-lain', parent=root)
    return {'root': root, 'kan': kan, 'kua': kua, 'other': other, 'lay': make_layanan(kan, 'Legalisir', 'legalisir')}


def _means(rows):
    return [statistics.mean([s for s in r if s is not None]) for r in rows]


def test_worked_case_through_sql_across_the_subtree(tree):
    rows = worked_rows()
    make_responses(tree['kan'], rows[:20], layanan=tree['lay'])
    make_responses(tree['kua'], rows[20:])  # pooled with its parent: the KUA sits under the Kantor
    s = queries.ikm_summary(tree['root'].id, *YEAR)
    r = s.result
    assert r.n == 29
    assert tuple(u.total for u in r.unsur) == WORKED_TOTALS
    assert r.ikm == Fraction(955, 261) and str(r.konversi_display) == '91.48' and r.mutu == 'A'
    # The t interval on per-respondent means, by hand (complete answers: centre = mean of means = IKM).
    m = _means(rows)
    half = sps.t.ppf(0.975, 28) * statistics.stdev(m) / math.sqrt(29)
    assert s.interval.mean == pytest.approx(statistics.mean(m))
    assert s.ci95 == (pytest.approx((955 / 261 - half) * 25), pytest.approx((955 / 261 + half) * 25))
    assert s.ci95[0] < 91.48 < s.ci95[1]
    assert [u.code for u in s.lowest] == ['u3', 'u2', 'u5']
    d = s.as_dict()
    assert d['nrr']['u1'] == 3.6207 and d['konversi'] == 91.48 and d['ikm'] == 3.659 and d['weight'] == '1/9'
    assert d['population'] is None and d['sample_required'] is None


@pytest.mark.parametrize(('weight', 'konversi'), [('0.111', '91.38'), ('0.11', '90.56')])
def test_weights_through_sql_and_interval_scales_with_the_weight(tree, weight, konversi):
    make_responses(tree['kan'], worked_rows())
    base = queries.ikm_summary(tree['kan'].id, *YEAR, weight='1/9')
    s = queries.ikm_summary(tree['kan'].id, *YEAR, weight=weight)
    assert str(s.result.konversi_display) == konversi and s.result.weight == weight
    w = float(Fraction(weight)) * 9
    assert s.ci95[1] - s.ci95[0] == pytest.approx((base.ci95[1] - base.ci95[0]) * w)
    assert s.ci95[0] < float(konversi) < s.ci95[1]


def test_config_sets_the_default_weight(app, tree):
    make_responses(tree['kan'], worked_rows())
    app.config['IKM_WEIGHT'] = '0.11'
    try:
        assert str(queries.ikm_summary(tree['kan'].id).result.konversi_display) == '90.56'
    finally:
        app.config['IKM_WEIGHT'] = '1/9'


def test_scope_period_counted_and_layanan_filters(tree):
    make_response(tree['kan'], [4] * 9, layanan=tree['lay'])
    make_response(tree['kua'], [2] * 9)
    make_response(tree['other'], [1] * 9)
    make_response(tree['kan'], [1] * 9, counted=False)  # flagged: never counted
    make_response(tree['kan'], [1] * 9, day=date(2025, 12, 31))  # outside the period
    make_response(tree['kan'], [None] * 9)  # answered nothing: not a respondent
    q = queries.pool_result
    assert q(tree['kan'].id, *YEAR).ikm == 3 and q(tree['kan'].id, *YEAR).n == 2
    assert q(tree['kan'].id, *YEAR, subtree=False).ikm == 4
    assert q(tree['root'].id, *YEAR).ikm == Fraction(7, 3)
    assert q(None, *YEAR).n == 3
    assert q(tree['kan'].id, *YEAR, layanan_id=tree['lay'].id).n == 1
    assert q(tree['kan'].id).n == 3  # no period: every date
    assert q(tree['kan'].id, date(2026, 7, 15), date(2026, 7, 15)).n == 2  # inclusive bounds


def test_unanswered_unsur_and_the_interval_on_partial_answers(tree):
    rows = [[4, 4, 4, 4, 4, 4, 4, 4, None], [3, 3, 3, 3, 3, 3, 3, 3, 3], [2, 3, 4, 3, 2, 3, 4, 3, 2]]
    make_responses(tree['kan'], rows)
    s = queries.ikm_summary(tree['kan'].id)
    r = s.result
    assert r.nrr['u9'] == Fraction(5, 2) and r.unsur[8].answered == 2 and r.nrr['u1'] == 3
    expected_ikm = (sum(Fraction(sum(c[i] for c in rows), 3) for i in range(8)) + Fraction(5, 2)) / 9
    assert r.ikm == expected_ikm
    m = _means(rows)  # 4, 3, 26/9
    assert s.interval.mean == pytest.approx(statistics.mean(m))
    half = sps.t.ppf(0.975, 2) * statistics.stdev(m) / math.sqrt(3)
    assert s.ci95_ikm == (pytest.approx(float(expected_ikm) - half), pytest.approx(float(expected_ikm) + half))
    make_response(tree['other'], [4, 4, 4, 4, 4, 4, 4, 4, None])
    assert queries.pool_result(tree['other'].id).missing == ('u9',)


def test_population_sample_adequacy_and_finite_population_correction(tree):
    rows = worked_rows()
    make_responses(tree['kan'], rows, layanan=tree['lay'])
    make_population(tree['lay'], 30)
    make_population(tree['lay'], 1000, date(2025, 1, 1), date(2025, 12, 31))  # another year: not counted
    s = queries.ikm_summary(tree['root'].id, *YEAR)
    assert (s.sample.population, s.sample.required, s.sample.adequate, s.sample.source) == (30, 28, True, 'data')
    m = _means(rows)
    fpc = math.sqrt((30 - 29) / (30 - 1))
    half = sps.t.ppf(0.975, 28) * statistics.stdev(m) / math.sqrt(29) * fpc
    assert s.ci95_ikm[1] - s.ci95_ikm[0] == pytest.approx(2 * half)
    given = queries.ikm_summary(tree['root'].id, *YEAR, population=300)
    assert (given.sample.required, given.sample.adequate, given.sample.source) == (169, False, 'given')
    assert queries.population_total(tree['other'].id, *YEAR) is None
    assert queries.population_total(None) == 1030


def test_a_population_of_zero_counts_as_not_entered(tree):
    # the service-user form accepts 0; Krejcie-Morgan would then ask for 0 respondents and pass an empty survey
    make_population(tree['lay'], 0)
    assert queries.population_total(tree['root'].id, *YEAR) is None
    for s in (queries.ikm_summary(tree['root'].id, *YEAR), queries.ikm_summary(tree['root'].id, *YEAR, population=0)):
        assert s.result.n == 0
        assert (s.sample.population, s.sample.required, s.sample.adequate, s.sample.source) == (None, None, None, None)
    make_responses(tree['kan'], worked_rows(), layanan=tree['lay'])
    make_population(tree['lay'], 30, date(2026, 7, 1), date(2026, 7, 31))  # a real count beside the 0 still counts
    s = queries.ikm_summary(tree['root'].id, *YEAR)
    assert (s.sample.population, s.sample.required, s.sample.adequate) == (30, 28, True)


def test_breakdowns(tree):
    lay2 = make_layanan(tree['kua'], 'Duplikat Buku Nikah', 'duplikat')
    make_response(tree['kan'], [4] * 9, gender='L', age=19, education='SMA', occupation='PNS', layanan=tree['lay'])
    make_response(tree['kan'], [3] * 9, gender='P', age=20, education='S1', occupation='PNS', layanan=tree['lay'])
    make_response(tree['kua'], [2] * 9, gender='P', age=65, education='S1', occupation='Wiraswasta', layanan=lay2)
    make_response(tree['kua'], [1] * 9, gender=None, age=None, layanan=None)

    def view(by):
        return {row.label: (row.summary.result.n, row.summary.result.ikm) for row in
                queries.breakdown(by, tree['kan'].id, *YEAR)}

    assert view('gender') == {'Laki-laki': (1, 4), 'Perempuan': (2, Fraction(5, 2)), 'tidak diisi': (1, 1)}
    ages = queries.breakdown('age', tree['kan'].id, *YEAR)
    assert [(r.label, r.summary.result.ikm) for r in ages] == [('< 20', 4), ('20-29', 3), ('60+', 2),
                                                               ('tidak diisi', 1)]
    assert view('education') == {'S1': (2, Fraction(5, 2)), 'SMA': (1, 4), 'tidak diisi': (1, 1)}
    assert view('occupation') == {'PNS': (2, Fraction(7, 2)), 'Wiraswasta': (1, 2), 'tidak diisi': (1, 1)}
    # Kantor Uji with its KUA spans two units: each layanan is named with its unit (as the layanan filter lists it)
    assert view('layanan') == {'Legalisir (Kantor Uji)': (2, Fraction(7, 2)), 'Duplikat Buku Nikah (KUA Uji)': (1, 2),
                               'tidak diisi': (1, 1)}
    assert view('unit') == {'Kantor Uji': (2, Fraction(7, 2)), 'KUA Uji': (2, Fraction(3, 2))}
    kids = queries.children(tree['root'].id, *YEAR)
    assert [(r.label, r.summary.result.n) for r in kids] == [('Kantor Lain', 0), ('Kantor Uji', 4)]
    with pytest.raises(ValueError):
        queries.breakdown('hobby', tree['kan'].id)


def test_monthly_trend(tree):
    make_response(tree['kan'], [4] * 9, day=date(2026, 1, 31))
    make_response(tree['kan'], [2] * 9, day=date(2026, 1, 1))
    make_response(tree['kua'], [3] * 9, day=date(2026, 3, 15))
    make_response(tree['kan'], [1] * 9, day=date(2025, 12, 31))
    trend = queries.monthly_trend(tree['kan'].id, *YEAR)
    assert [(r.key, r.summary.result.n, r.summary.result.ikm) for r in trend] == [('2026-01', 2, 3),
                                                                                   ('2026-03', 1, 3)]
    assert str(trend[0].summary.result.konversi_display) == '75.00' and trend[0].summary.result.mutu == 'C'


def test_compare_periods_against_scipy_on_the_raw_means(tree):
    first = [[4] * 9, [3] * 9, [3, 3, 3, 3, 3, 3, 3, 3, 4], [2] * 9, [3] * 9, [3, 4, 3, 4, 3, 4, 3, 4, 3]]
    second = [[4] * 9, [4] * 9, [4, 4, 4, 4, 4, 4, 4, 4, 3], [3] * 9, [4] * 9, [4] * 9, [4, 4, 3, 4, None, 4, 4, 4, 4]]
    make_responses(tree['kan'], first, day=date(2026, 2, 1))
    make_responses(tree['kua'], second, day=date(2026, 8, 1))
    c = queries.compare_periods(tree['kan'].id, (date(2026, 1, 1), date(2026, 6, 30)),
                                (date(2026, 7, 1), date(2026, 12, 31)))
    ref = sps.mannwhitneyu(np.array(_means(first), dtype=float), np.array(_means(second), dtype=float),
                           alternative='two-sided', method='asymptotic')
    assert c.test.p == pytest.approx(float(ref.pvalue)) and c.test.u == pytest.approx(float(ref.statistic))
    assert c.test.significant == (ref.pvalue < 0.05)
    assert c.a.result.n == 6 and c.b.result.n == 7
    assert c.delta_konversi == pytest.approx(float(c.b.result.konversi_display - c.a.result.konversi_display))
    freq = queries.respondent_means(tree['kan'].id, date(2026, 7, 1), date(2026, 12, 31))
    assert freq == {Fraction(4): 3, Fraction(35, 9): 1, Fraction(3): 1, Fraction(31, 8): 1} | {Fraction(4): 4}


def test_ipkp_from_ikm_answers_and_from_items_and_ipak(tree):
    ipkp_ikm = make_questionnaire('ipkp', [f'u{i}' for i in range(1, 10)], uses_ikm_answers=True)
    ipak = make_questionnaire('ipak', ['ipak1', 'ipak2', 'ipak3', 'ipak4', 'ipak5'])
    r1 = make_response(tree['kan'], [4, 4, 4, 4, 4, 4, 4, 4, 3], ipkp_questionnaire_id=ipkp_ikm.id,
                       ipak_questionnaire_id=ipak.id)
    r2 = make_response(tree['kua'], [3] * 9, ipkp_questionnaire_id=ipkp_ikm.id, ipak_questionnaire_id=ipak.id)
    make_response(tree['kan'], [1] * 9)  # answered the IKM only: in no perception index
    r4 = make_response(tree['kan'], [2] * 9, ipak_questionnaire_id=ipak.id, counted=False)
    answer_items(r1, ipak, [4, 4, 3, 4, 4])
    answer_items(r2, ipak, [4, 2, 3, None, 4])
    answer_items(r4, ipak, [1, 1, 1, 1, 1])  # flagged: out
    ipkp = queries.perception_summary('ipkp', tree['kan'].id, *YEAR)
    assert ipkp.result.n == 2
    expected = (Fraction(7, 2) * 8 + 3) / 9  # item means 3.5 x 8 and u9 (3+3)/2 = 3
    assert ipkp.result.index == expected and ipkp.result.points == expected / 4 * Fraction(35, 2)
    ak = queries.perception_summary('ipak', tree['kan'].id, *YEAR)
    means = [Fraction(8, 2), Fraction(6, 2), Fraction(6, 2), Fraction(4, 1), Fraction(8, 2)]
    assert ak.result.n == 2 and ak.result.index == sum(means) / 5  # 3.6: the WBK/WBBM line
    assert str(ak.result.points_display) == '15.75'
    per = [Fraction(19, 5), Fraction(13, 4)]
    half = sps.t.ppf(0.975, 1) * statistics.stdev([float(v) for v in per]) / math.sqrt(2)
    assert ak.ci95 == (pytest.approx(3.6 - half), pytest.approx(3.6 + half))
    assert list(ak.as_dict()['items']) == ['ipak1', 'ipak2', 'ipak3', 'ipak4', 'ipak5']
    with pytest.raises(ValueError):
        queries.perception_summary('ikm', tree['kan'].id)


def test_ipkp_custom_items_pool_with_ikm_answers_by_code(tree):
    custom = make_questionnaire('ipkp', ['p1', 'p2'])
    r = make_response(tree['kan'], [4] * 9, ipkp_questionnaire_id=custom.id)
    answer_items(r, custom, [2, 3])
    res = queries.perception_summary('ipkp', tree['kan'].id).result
    assert res.n == 1 and res.index == Fraction(5, 2) and set(res.items) == {'p1', 'p2'}


def test_komponen_hasil_with_inputs(tree, db):
    from analytics.models import HasilInput
    ipak = make_questionnaire('ipak', ['a', 'b'])
    ipkp = make_questionnaire('ipkp', [f'u{i}' for i in range(1, 10)], uses_ikm_answers=True)
    r = make_response(tree['kan'], [4, 4, 4, 4, 4, 3, 3, 3, 3], ipak_questionnaire_id=ipak.id,
                      ipkp_questionnaire_id=ipkp.id)
    answer_items(r, ipak, [4, 3])  # index 3.5 -> 15.3125 points -> 15.31
    db.session.add(HasilInput(unit_id=tree['kan'].id, year=2026, capaian_kinerja=Decimal('4.00'),
                              pengungkit=Decimal('50.5'), tlhp_percent=Decimal('100')))
    db.session.commit()
    h = queries.komponen_hasil(tree['kan'].id, 2026)
    lines = {x.key: x for x in h.lines}
    assert lines['ipak'].value == Decimal('15.31') and not lines['ipak'].memenuhi_wbk
    assert lines['ipkp'].value == Decimal('15.56')  # (5 x 4 + 4 x 3) / 9 / 4 x 17.5 = 15.5556
    assert lines['ipkp'].memenuhi_wbk and not lines['ipkp'].memenuhi_wbbm
    assert lines['bersih_akuntabel'].value == Decimal('19.31') and lines['bersih_akuntabel'].memenuhi_wbk
    assert lines['total'].value == Decimal('85.37') and lines['total'].memenuhi_wbbm
    assert lines['tlhp'].memenuhi_wbbm and lines['pengungkit'].memenuhi_wbbm
    d = h.as_dict()
    assert d['lines'][0]['wbk_status'] == 'belum memenuhi' and d['ipak']['index'] == 3.5
    empty = queries.komponen_hasil(tree['other'].id, 2026)
    assert empty.entered is None and all(not x.memenuhi_wbk for x in empty.lines)


def test_other_parts_figures_are_delegated_with_the_subtree_ids(tree, monkeypatch):
    import sys
    import types
    seen = []
    fake_p = types.ModuleType('pengaduan.queries')
    fake_p.monitoring = lambda ids, start, end: seen.append(('p', ids, start, end)) or {'total': 0}
    fake_w = types.ModuleType('wbs.queries')
    fake_w.counts = lambda ids, start, end: seen.append(('w', ids, start, end)) or {'by_status': {}}
    monkeypatch.setitem(sys.modules, 'pengaduan.queries', fake_p)
    monkeypatch.setitem(sys.modules, 'wbs.queries', fake_w)
    ids = sorted([tree['kan'].id, tree['kua'].id])
    assert queries.complaints(tree['kan'].id, *YEAR) == {'total': 0}
    assert queries.wbs_counts(tree['kan'].id, *YEAR, subtree=False) == {'by_status': {}}
    assert seen == [('p', ids, *YEAR), ('w', [tree['kan'].id], *YEAR)]
    monkeypatch.setitem(sys.modules, 'wbs.queries', None)  # a part not installed: None, not an error
    assert queries.wbs_counts(tree['kan'].id) is None


@pytest.mark.parametrize(('module', 'func', 'prefix'), [('pengaduan.queries', 'complaints', 'pengaduan'),
                                                        ('wbs.queries', 'wbs_counts', 'wbs')])
def test_real_delegates_when_present(tree, db, module, func, prefix):
    if not any(t.startswith(prefix) for t in db.metadata.tables):
        pytest.skip(f'{prefix} part not registered yet')
    pytest.importorskip(module)
    assert isinstance(getattr(queries, func)(tree['kan'].id, *YEAR), dict)
    assert queries.unit_ids(tree['kan'].id) == sorted([tree['kan'].id, tree['kua'].id])
    assert queries.unit_ids(tree['kan'].id, subtree=False) == [tree['kan'].id]


def test_ipak_pools_each_question_across_versions_not_each_position(db):
    """An admin drops the first IPAK item (Percaloan) mid-year. Version 1's answers to Percaloan and version 2's to
    the other four items stay separate items: index (1 + 4 x 4) / 5 = 3.40, 14.88 points, short of the WBK line. By
    position, version 2's first item (Pungutan liar) would have pooled with Percaloan: 3.70, 16.19 points, 'memenuhi'
    on a false reading (found by a conformance audit)."""
    from survei import services as survei_services
    from tests.factories import make_user
    survei_services.ensure_questionnaires()
    unit = make_unit('Kantor Versi', 'kantor-versi')
    v1 = survei_services.current('ipak')
    keep = [{k: getattr(i, k) for k in ('name', 'question', 'label1', 'label2', 'label3', 'label4')}
            for i in v1.items[1:]]
    keep[0]['name'] = 'Pungli'  # a new short name: the same question, named as version 2 names it
    v2 = survei_services.new_version('ipak', keep, False, make_user('superadmin'))
    db.session.commit()
    for _ in range(10):
        answer_items(make_response(unit, [4] * 9, day=date(2026, 3, 1), ipak_questionnaire_id=v1.id), v1,
                     [1, 4, 4, 4, 4])
        answer_items(make_response(unit, [4] * 9, day=date(2026, 9, 1), ipak_questionnaire_id=v2.id), v2,
                     [4, 4, 4, 4])
    s = queries.perception_summary('ipak', unit.id, date(2026, 1, 1), date(2026, 12, 31))
    assert s.result.index == Fraction(17, 5) and len(s.result.items) == 5
    assert s.names['ipak1'] == v1.items[0].name and s.result.items['ipak1'][1] == 10  # Percaloan: 10 answers
    assert s.names['ipak2'] == 'Pungli' and s.result.items['ipak2'][1] == 20
    line = {x.key: x for x in queries.komponen_hasil(unit.id, 2026).lines}['ipak']
    assert line.value == Decimal('14.88') and not line.memenuhi_wbk
