"""Two app servers behind one load balancer behave as one: shared rate limits and shared idempotency."""
import re

import httpx

from tests.factories import make_user

TOKEN_RE = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def _login_attempt(client, base, email):
    page = client.get(base + '/staf/masuk')
    token = TOKEN_RE.search(page.text).group(1)
    return client.post(base + '/staf/masuk', data={'email': email, 'password': 'salah-sandi-1', 'csrf_token': token})


def test_rate_limit_holds_across_both_instances(two_instances):
    a, b = two_instances
    user = make_user()
    with httpx.Client() as client:  # one browser whose requests the balancer spreads over both servers
        codes = [_login_attempt(client, (a, b)[i % 2], user.email).status_code for i in range(11)]
    assert codes[:10] == [401] * 10, codes
    assert codes[10] == 429  # the 11th attempt in a minute is refused, whichever server counts it


def test_a_session_made_on_one_instance_is_valid_on_the_other(two_instances):
    a, b = two_instances
    with httpx.Client() as client:
        page = client.get(a + '/staf/masuk')
        token = TOKEN_RE.search(page.text).group(1)
        user = make_user()
        response = client.post(b + '/staf/masuk', data={'email': user.email, 'password': 'sandi-uji-12345',
                                                        'csrf_token': token})
        assert response.status_code == 302
        assert client.get(a + '/staf/').status_code == 200


def test_an_idempotency_token_used_on_one_instance_is_honoured_on_the_other(two_instances, db):
    import sys
    from pathlib import Path

    from sqlalchemy import func, select

    from survei.models import Response
    from survei.services import ensure_questionnaires
    from tests.factories import make_layanan, make_unit
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / 'bench'))
    from formfill import fill

    a, b = two_instances
    ensure_questionnaires()
    unit = make_unit('Kemenag Dua Server', 'kemenag-dua-server')
    make_layanan(unit, 'Legalisir Ijazah', 'legalisir-ijazah')
    db.session.commit()
    path = '/survei/kemenag-dua-server/legalisir-ijazah'
    with httpx.Client() as first:
        page = first.get(a + path)
        action, data = fill(page.text)
        cookies = dict(first.cookies)
        response = first.post(a + action, data=data)
    assert response.status_code in (302, 303), response.text[:300]
    # the phone never saw that answer (the network dropped it) and retries through the other server
    with httpx.Client(cookies=cookies) as retry:
        again = retry.post(b + action, data=data)
    assert again.status_code in (302, 303) and again.headers['Location'].endswith('/terima-kasih')
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Response.id)).where(Response.token == data['token'])) == 1
