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
