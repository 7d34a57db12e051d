"""Guessing the credentials citizens hold: complaint tracking codes and WBS receipts.

Tracking codes carry a Luhn mod 32 check symbol: a near-miss of a real code is refused before the database is asked;
a random well-formed code is simply not found; the lookups are rate-limited (429) and never answer 500.
A random 16-digit WBS receipt gets exactly the answer a wrong receipt for an existing report gets; rate-limited too.
"""
import random
import re
import secrets

import pytest

from pengaduan import codes
from portal.extensions import db
from tests.factories import csrf_token, make_unit
from tests.pengaduan.factories import make_complaint
from tests.security.world import WBS_ANSWERS
from tests.wbs.factories import CSRF, wbs_csrf
from wbs import services as wbs_services

TRACK_LIMIT = 20  # pengaduan.views: '20 per minute;120 per hour' shared by every tracking lookup
MASUK_LIMIT = 5  # wbs.views.masuk: '5 per minute' of failed receipts per (hashed) address


def _near_misses(code):
    """Every code one symbol away from `code` (a mistyped or guessed neighbour)."""
    out = []
    for i, char in enumerate(code):
        for other in codes.ALPHABET:
            if other != char:
                out.append(code[:i] + other + code[i + 1:])
    return out


def _track(client, code, token):
    return client.post('/pengaduan/lacak', data={'kode': code, 'csrf_token': token})


def test_near_misses_of_a_real_code_fail_the_check_symbol(app):
    unit = make_unit()
    _complaint, code = make_complaint(unit)
    misses = _near_misses(code)
    assert all(codes.normalize(m) is None for m in misses)  # every single-symbol change is caught
    client = app.test_client()
    token = csrf_token(client, '/pengaduan/lacak')
    for miss in random.Random(8).sample(misses, 10):
        response = _track(client, miss, token)
        assert response.status_code == 404
        assert 'salah ketik' in response.get_data(as_text=True)  # the check symbol, before any lookup
    # the swap of two neighbours is caught as well, but for Luhn's blind spot 0 <-> Z (tests/pengaduan/test_codes.py)
    swapped = code[1] + code[0] + code[2:]
    if swapped != code and {code[0], code[1]} != {'0', 'Z'}:
        assert codes.normalize(swapped) is None
    assert _track(client, code, token).status_code == 200


def test_random_well_formed_codes_are_not_found_and_the_lookups_are_rate_limited(app):
    unit = make_unit()
    make_complaint(unit)
    client = app.test_client()
    token = csrf_token(client, '/pengaduan/lacak')
    statuses = []
    for _ in range(TRACK_LIMIT + 5):
        guess = codes.new_code()
        response = _track(client, guess, token)
        statuses.append(response.status_code)
        if response.status_code == 404:
            assert 'Kode tidak ditemukan' in response.get_data(as_text=True)
    assert 500 not in statuses
    assert statuses[:TRACK_LIMIT] == [404] * TRACK_LIMIT
    assert set(statuses[TRACK_LIMIT:]) == {429}
    # the limit is shared with the GET form of the page and the complainant's actions
    assert client.get(f'/pengaduan/lacak/{codes.new_code()}').status_code == 429
    assert client.post('/pengaduan/lacak/tindakan', data={'csrf_token': token, 'kode': codes.new_code(),
                                                           'aksi': 'terima'}).status_code == 429


def test_odd_codes_never_answer_500(app):
    client = app.test_client()
    token = csrf_token(client, '/pengaduan/lacak')
    for odd in ('', ' ', '-' * 40, 'I' * 12, '0' * 12, 'ä' * 12, '\x00' * 12, 'A' * 41, '%00', '../../etc/passwd',
                "' OR 1=1 --", '😀' * 12):
        assert _track(client, odd, token).status_code in (200, 404, 400), odd
    for odd in ('0000-0000-000', '%2e%2e', 'Z' * 300, "'--"):
        assert client.get(f'/pengaduan/lacak/{odd}').status_code == 404, odd


def _masuk(client, receipt):
    return client.post('/wbs/masuk', data={'tanda_terima': receipt, 'wbs_csrf': wbs_csrf(client, '/wbs/masuk')})


def _normal(html):
    return CSRF.sub('', html)


def _report():
    unit = make_unit()
    _report, receipt, _key = wbs_services.submit_report(dict(WBS_ANSWERS), 'gratifikasi', unit.id, [])
    db.session.commit()
    return receipt


def test_a_random_receipt_gets_the_answer_of_a_wrong_one(app):
    receipt = _report()
    wrong = receipt[:-1] + str((int(receipt[-1]) + 1) % 10)  # the right report's lookup, a wrong receipt
    randoms = [f'{secrets.randbelow(10 ** 16):016d}' for _ in range(2)]
    bodies = []
    for guess in [wrong, *randoms]:
        client = app.test_client()
        response = _masuk(client, guess)
        assert response.status_code == 401
        assert 'wbs_sesi' not in response.headers.get('Set-Cookie', '')
        bodies.append(_normal(response.get_data(as_text=True)))
    assert bodies[0] == bodies[1] == bodies[2]
    assert _masuk(app.test_client(), receipt).status_code == 302


def test_receipt_guessing_is_rate_limited(app):
    _report()
    client = app.test_client()
    statuses = [_masuk(client, f'{secrets.randbelow(10 ** 16):016d}').status_code for _ in range(MASUK_LIMIT + 3)]
    assert 500 not in statuses
    assert statuses[:MASUK_LIMIT] == [401] * MASUK_LIMIT
    assert set(statuses[MASUK_LIMIT:]) == {429}


FULLWIDTH = '\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18\uff19\uff10\uff11\uff12\uff13\uff14\uff15\uff16'

@pytest.mark.parametrize('odd', ['', 'x' * 41, '\x00' * 16, '1234 5678 9012 345', "'; DROP TABLE x; --",
                                 FULLWIDTH, '\u0661' * 16])
def test_odd_receipts_never_answer_500(app, odd):
    response = _masuk(app.test_client(), odd)
    assert response.status_code == (400 if '\x00' in odd else 401)  # a NUL is refused before any lookup
    assert re.search(r'wbs_sesi=[^;]', response.headers.get('Set-Cookie', '')) is None
