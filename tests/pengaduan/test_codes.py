"""Tracking codes: short, no look-alikes, a check symbol, at least 50 bits of randomness."""
import math

from pengaduan import codes


def test_a_new_code_is_twelve_symbols_from_the_crockford_alphabet_with_a_valid_check():
    code = codes.new_code()
    assert len(code) == 12
    assert set(code) <= set(codes.ALPHABET)
    assert not set('ILOU') & set(code)
    assert codes.normalize(code) == code


def test_randomness_is_at_least_50_bits():
    assert codes.RANDOM_SYMBOLS * math.log2(len(codes.ALPHABET)) >= 50
    assert len({codes.new_code() for _ in range(2000)}) == 2000


def test_typing_is_forgiven_case_dashes_spaces_and_look_alikes():
    body = '0123456789A'
    code = body + codes.check_symbol(body)
    typed = codes.display(code).lower().replace('0', 'o').replace('1', 'l')
    assert codes.normalize(' ' + typed + ' ') == code


def test_every_single_symbol_typo_is_caught_by_the_check():
    code = codes.new_code()
    for i in range(len(code)):
        for c in codes.ALPHABET:
            if c != code[i]:
                assert codes.normalize(code[:i] + c + code[i + 1:]) is None


def test_every_adjacent_swap_is_caught_except_luhns_blind_spot():
    # Luhn mod 32 misses exactly one swap, 0 <-> Z (as mod 10 misses 09 <-> 90): checked for every pair of
    # symbols at every position, so the test never depends on which code `new_code` happened to draw
    missed = set()
    for i in range(codes.RANDOM_SYMBOLS):
        for a in codes.ALPHABET:
            for b in codes.ALPHABET:
                body = ('23456789ABCDE' * 2)[:codes.RANDOM_SYMBOLS]
                body = body[:i] + a + (b if i + 1 < codes.RANDOM_SYMBOLS else '') + body[i + 2:]
                code = body + codes.check_symbol(body)
                if code[i] != code[i + 1] and codes.normalize(code[:i] + code[i + 1] + code[i] + code[i + 2:]):
                    missed.add(frozenset((code[i], code[i + 1])))
    assert missed == {frozenset('0Z')}


def test_wrong_length_and_foreign_symbols_are_invalid():
    assert codes.normalize('') is None
    assert codes.normalize('ABC') is None
    assert codes.normalize('ABCD-EFGH-JK*!') is None


def test_the_database_keeps_only_a_digest():
    code = codes.new_code()
    assert codes.digest(code) != code and len(codes.digest(code)) == 64
