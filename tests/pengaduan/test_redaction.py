"""pengaduan.redaction: the identity a complaint's own fields name, screened out of its free text (plain functions)."""
from pengaduan.redaction import MARK, patterns, redact


def _screen(text, **identity):
    return redact(text, patterns(**identity))


def test_the_full_name_in_any_case_and_spacing():
    assert _screen('Saya BUDI   santoso melapor.', name='Budi Santoso') == (f'Saya {MARK} melapor.', 1)


def test_each_capitalised_word_of_the_complainants_name_but_not_the_same_word_in_a_sentence():
    text, n = _screen('Pak Budi datang; Indah menunggu. Suasana tidak indah. Budiman lain orang.', name='Indah Budi')
    assert text == f'Pak {MARK} datang; {MARK} menunggu. Suasana tidak indah. Budiman lain orang.' and n == 2


def test_the_reported_person_only_as_the_whole_phrase():
    text, _ = _screen('Petugas loket legalisir meminta uang; petugas lain tidak.', terlapor='Petugas loket legalisir')
    assert text == f'{MARK} meminta uang; petugas lain tidak.'


def test_the_phone_however_it_is_written():
    text, n = _screen('0812-3456-7890 / 0812 3456 7890 / +62 812-3456-7890 / 6281234567890 / 081234567891 / '
                      '1081234567890', phone='+62 812 3456 7890')
    assert text == f'{MARK} / {MARK} / {MARK} / {MARK} / 081234567891 / 1081234567890' and n == 4


def test_the_email_in_any_case_but_not_a_longer_address():
    text, n = _screen('Kirim ke Budi@Contoh.ID atau xbudi@contoh.id.', email='budi@contoh.id')
    assert text == f'Kirim ke {MARK} atau xbudi@contoh.id.' and n == 1


def test_short_or_empty_identity_screens_nothing():
    assert patterns(name='Al', email='  ', phone='1234', terlapor='') == []
    assert _screen('Al datang.', name='Al') == ('Al datang.', 0)
    assert redact(None, patterns(name='Budi')) == (None, 0)


def test_a_name_with_regex_characters_is_taken_literally():
    assert _screen('Dari A.B. (Budi)+ dan ABxB', name='A.B. (Budi)+') == (f'Dari {MARK} dan ABxB', 1)


def test_a_name_screened_word_by_word_leaves_one_mark():
    assert _screen('Saya Siti Warga melapor.', name='Ani Siti Warga') == (f'Saya {MARK} melapor.', 2)
