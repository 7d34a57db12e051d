"""The survey's rules with plain values: answers, profile labels, service date, suspicion flags."""
from datetime import date, timedelta

import pytest

from survei import rules

TODAY = date(2026, 11, 26)
CODES = [f'u{i}' for i in range(1, 10)]


def _form(**kw):
    data = dict.fromkeys(CODES, '3')
    data.update(gender='L', age='40', education='S2', occupation='Lainnya', service_date=TODAY.isoformat())
    data.update(kw)
    return data


def test_a_complete_submission_is_valid():
    values, errors = rules.validate_submission(_form(saran='  Bagus  '), CODES, TODAY)
    assert errors == {}
    assert values['answers'] == dict.fromkeys(CODES, 3)
    assert values['saran'] == 'Bagus' and values['gender'] == 'L' and values['age'] == 40


@pytest.mark.parametrize('bad', ['', '0', '5', 'x', '3.5'])
def test_every_required_answer_is_checked(bad):
    _values, errors = rules.validate_submission(_form(u4=bad), CODES, TODAY)
    assert errors == {'u4': 'Pilih salah satu jawaban.'}


def test_profile_and_date_errors_are_in_bahasa_indonesia():
    _v, errors = rules.validate_submission(_form(gender='', age='7', education='TK', occupation='',
                                                 service_date=(TODAY + timedelta(days=1)).isoformat()), CODES, TODAY)
    assert errors == {'gender': 'Pilih jenis kelamin.', 'age': 'Umur harus angka 10 sampai 110.',
                      'education': 'Pilih pendidikan terakhir.', 'occupation': 'Pilih pekerjaan.',
                      'service_date': 'Tanggal layanan tidak boleh setelah hari ini.'}


def test_service_date_may_not_be_a_season_old():
    old = (TODAY - timedelta(days=rules.SERVICE_DATE_MAX_AGE_DAYS + 1)).isoformat()
    _v, errors = rules.validate_submission(_form(service_date=old), CODES, TODAY)
    assert 'paling lama 90 hari' in errors['service_date']


def test_saran_is_optional_and_bounded():
    assert rules.validate_submission(_form(), CODES, TODAY)[0]['saran'] is None
    assert 'saran' in rules.validate_submission(_form(saran='x' * 2001), CODES, TODAY)[1]


@pytest.mark.parametrize('value,code', [('P', 'P'), ('p', 'P'), ('Perempuan', 'P'), ('PEREMPUAN', 'P'),
                                        ('L', 'L'), ('laki-laki', 'L'), ('Laki laki', 'L'), ('', None)])
def test_gender_codes_and_labels_case_insensitive(value, code):
    assert rules.parse_gender(value) == code


def test_profile_labels_case_insensitive_with_aliases():
    assert rules.parse_education('sma') == 'SMA' and rules.parse_education('S1') == 'D4/S1'
    assert rules.parse_occupation('WIRASWASTA') == 'Wiraswasta' and rules.parse_occupation('pns') == 'PNS/TNI/POLRI'
    with pytest.raises(ValueError):
        rules.parse_education('Taman kanak-kanak')
    with pytest.raises(ValueError):
        rules.parse_gender('X')


def test_fast_submission_is_flagged_slow_one_is_not():
    assert rules.flag_reasons(9.9, 0, False) == ('cepat',)
    assert rules.flag_reasons(10.0, 0, False) == ()
    assert rules.flag_reasons(None, 0, False) == ('tanpa-waktu',)


def test_burst_and_honeypot_flag():
    assert rules.flag_reasons(60, rules.BURST_MAX - 1, False) == ()
    assert rules.flag_reasons(60, rules.BURST_MAX, False) == ('beruntun',)
    assert rules.flag_reasons(60, 0, True) == ('honeypot',)


def test_identical_answers_alone_never_flag():
    # flag_reasons does not even take the answers: a citizen ticking "Sangat baik" 14 times is just satisfied.
    values, errors = rules.validate_submission(_form(**dict.fromkeys(CODES, '4')), CODES, TODAY)
    assert not errors and set(values['answers'].values()) == {4}
    assert rules.flag_reasons(45, 0, False) == ()


def test_low_answers_offer_a_complaint():
    assert rules.any_low([4, 4, 2, None]) and rules.any_low([1])
    assert not rules.any_low([3, 4, None])
