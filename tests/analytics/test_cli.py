"""The command line contract: `flask analytics ikm` (JSON and table) and `flask analytics hasil`."""
import json
from datetime import date
from decimal import Decimal

import pytest

from tests.factories import make_layanan, make_unit

from .factories import answer_items, make_population, make_questionnaire, make_response, make_responses, worked_rows


@pytest.fixture
def worked(db):
    """The worked case of domain.md section 2 under a Kantor below the Kanwil, dated July 2026."""
    root = make_unit('Kanwil Uji', 'kanwil-uji', kind='kanwil')
    kan = make_unit('Kantor Uji', 'kankemenag-uji', parent=root)
    lay = make_layanan(kan, 'Legalisir Ijazah', 'legalisir-ijazah')
    make_responses(kan, worked_rows(), layanan=lay, gender='P', age=41)
    return {'root': root, 'kan': kan, 'lay': lay}


def _json(runner, *args):
    result = runner.invoke(args=['analytics', 'ikm', *args, '--json'])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.mark.parametrize(('weight', 'konversi'), [('1/9', 91.48), ('0.111', 91.38), ('0.11', 90.56)])
def test_ikm_json_reproduces_the_worked_case(runner, worked, weight, konversi):
    got = _json(runner, '--unit', 'kanwil-uji', '--weight', weight)
    assert got['n'] == 29 and got['konversi'] == konversi and got['mutu'] == 'A' and got['weight'] == weight
    assert got['nrr'] == {'u1': 3.6207, 'u2': 3.4828, 'u3': 3.4483, 'u4': 4.0, 'u5': 3.5172, 'u6': 3.6207,
                          'u7': 3.6552, 'u8': 3.6207, 'u9': 3.9655}
    assert len(got['ci95']) == 2 and got['ci95'][0] < konversi < got['ci95'][1]
    assert got['sample_required'] is None


def test_ikm_json_default_weight_period_and_population(runner, worked):
    got = _json(runner, '--unit', 'kanwil-uji')
    assert got['weight'] == '1/9' and got['ikm'] == 3.659 and got['lowest'] == ['u3', 'u2', 'u5']
    assert _json(runner, '--unit', 'kanwil-uji', '--population', '300')['sample_required'] == 169
    got = _json(runner, '--unit', 'kanwil-uji', '--population', '30')
    assert got['sample_required'] == 28 and got['sample_adequate'] is True
    assert _json(runner, '--unit', 'kanwil-uji', '--from', '2026-07-16')['n'] == 0
    assert _json(runner, '--unit', 'kanwil-uji', '--from', '2026-07-15', '--to', '2026-07-15')['n'] == 29
    assert _json(runner, '--unit', 'kanwil-uji', '--unit-only')['n'] == 0
    assert _json(runner, '--unit', 'kankemenag-uji', '--layanan', 'legalisir-ijazah')['n'] == 29
    make_population(worked['lay'], 100, date(2026, 7, 1), date(2026, 7, 31))
    got = _json(runner, '--unit', 'kanwil-uji', '--from', '2026-07-01', '--to', '2026-07-31')
    assert (got['population'], got['sample_required'], got['sample_adequate']) == (100, 80, False)


def test_ikm_empty_scope_prints_no_index(runner, worked):
    got = _json(runner, '--unit', 'kanwil-uji', '--to', '2026-01-01')
    assert got['n'] == 0 and got['ikm'] is None and got['konversi'] is None and got['ci95'] is None
    result = runner.invoke(args=['analytics', 'ikm', '--unit', 'kanwil-uji', '--to', '2026-01-01'])
    assert result.exit_code == 0 and 'tidak dapat dihitung' in result.output


def test_ikm_table_in_bahasa_indonesia(runner, worked):
    result = runner.invoke(args=['analytics', 'ikm', '--unit', 'kanwil-uji', '--weight', '0.111'])
    assert result.exit_code == 0, result.output
    out = result.output
    assert 'Responden       : 29' in out and 'Nilai konversi (25-100): 91,38' in out
    assert 'U1 Persyaratan' in out and '3,6207' in out and 'Mutu pelayanan       : A (Sangat baik)' in out
    assert 'Selang kepercayaan 95%' in out and 'populasi belum diisi' in out


def test_ikm_errors(runner, worked):
    assert runner.invoke(args=['analytics', 'ikm', '--unit', 'tidak-ada']).exit_code != 0
    assert runner.invoke(args=['analytics', 'ikm', '--unit', 'kanwil-uji', '--weight', '0.2']).exit_code != 0
    bad = runner.invoke(args=['analytics', 'ikm', '--unit', 'kanwil-uji', '--from', '2026-12-01', '--to', '2026-01-01'])
    assert bad.exit_code != 0 and 'sebelum' in bad.output


def test_hasil_json_and_table(runner, worked, db):
    from analytics.models import HasilInput
    ipak = make_questionnaire('ipak', ['a', 'b', 'c', 'd', 'e'])
    r = make_response(worked['kan'], [4] * 9, ipak_questionnaire_id=ipak.id, day=date(2026, 3, 1))
    answer_items(r, ipak, [4, 4, 3, 3, 4])  # index 3.6 -> 15.75 points
    db.session.add(HasilInput(unit_id=worked['root'].id, year=2026, capaian_kinerja=Decimal('2.5'),
                              pengungkit=Decimal('40'), tlhp_percent=Decimal('90')))
    db.session.commit()
    result = runner.invoke(args=['analytics', 'hasil', '--unit', 'kanwil-uji', '--year', '2026', '--json'])
    assert result.exit_code == 0, result.output
    got = {x['key']: x for x in json.loads(result.output)['lines']}
    assert got['ipak']['value'] == 15.75 and got['ipak']['wbbm_status'] == 'memenuhi'
    assert got['capaian_kinerja']['wbk_status'] == 'memenuhi' and got['capaian_kinerja']['wbbm_status'] == \
        'belum memenuhi'
    assert got['ipkp']['value'] is None and got['ipkp']['wbk_status'] == 'belum memenuhi'
    assert got['tlhp']['wbk_status'] == 'belum memenuhi' and got['bersih_akuntabel']['value'] == 18.25
    table = runner.invoke(args=['analytics', 'hasil', '--unit', 'kanwil-uji', '--year', '2026'])
    assert table.exit_code == 0 and 'belum memenuhi' in table.output and '15,75' in table.output
    other = runner.invoke(args=['analytics', 'hasil', '--unit', 'kankemenag-uji', '--year', '2025'])
    assert 'belum diisi' in other.output
