"""Security headers on every GET route without arguments and on a sample with arguments, the WBS no-trace headers,
the session cookie flags (Secure when PUBLIC_BASE_URL is https), and the login lockout seen from another client.

The lockout itself (five failures lock the account) is tests/portal/test_auth.py::test_lockout_after_repeated_failures;
here: once locked, the correct password from a different browser is refused too.
"""
import pytest

import tests.conftest as base
from portal import create_app
from portal.extensions import db
from tests.factories import CSRF_RE, PASSWORD, csrf_token, login_as, make_user
from tests.security.world import build_world
from tests.wbs.factories import unlock, wbs_csrf

HTTPS = 'https://layanan.kemenag.test'


def _plain_get_routes(app):
    return sorted(r.rule for r in app.url_map.iter_rules() if 'GET' in r.methods and not r.arguments)


def check_headers(response, path):
    h = response.headers
    csp = h.get('Content-Security-Policy', '')
    assert csp, path
    assert 'unsafe-inline' not in csp and 'unsafe-eval' not in csp, (path, csp)
    assert "frame-ancestors 'none'" in csp, path
    assert "script-src 'self'" in csp and "object-src 'none'" in csp, path
    assert h.get('X-Content-Type-Options') == 'nosniff', path
    assert h.get('X-Frame-Options') == 'DENY', path
    assert h.get('Referrer-Policy') in ('same-origin', 'no-referrer', 'strict-origin-when-cross-origin'), path
    if path.startswith('/wbs'):
        assert h.get('Referrer-Policy') == 'no-referrer', path
        assert 'no-store' in h.get('Cache-Control', ''), path
    assert response.status_code != 500, path


def test_headers_on_every_get_route_without_arguments(app):
    routes = _plain_get_routes(app)
    assert len(routes) > 30
    world = build_world()
    anonymous = app.test_client()
    admin = app.test_client()
    login_as(admin, world['users']['superadmin'])
    for path in routes:
        for client in (anonymous, admin):
            check_headers(client.get(path), path)


def test_headers_on_routes_with_arguments(app):
    world = build_world()
    own = world['own']
    client = app.test_client()
    paths = [f'/unit/{own["unit_slug"]}', f'/survei/{own["unit_slug"]}/{own["layanan_slug"]}',
             f'/survei/{own["unit_slug"]}/{own["layanan_slug"]}/terima-kasih', f'/pengaduan/lacak/{own["code"]}',
             '/pengaduan/lacak/TIDAKADA0000', '/hasil/tidak-ada/2026', '/static/css/app.css', '/bahasa/en',
             '/unit/tidak-ada', '/survei/tidak/ada', f'/staf/pengaduan/{own["complaint"]}']
    for path in paths:
        response = client.get(path)
        check_headers(response, path)
        response.close()
    login_as(client, world['users']['superadmin'])
    for path in (f'/staf/pengaduan/{own["complaint"]}', f'/staf/survei/respons/{own["response"]}',
                 f'/staf/unit/{own["unit"]}', f'/staf/layanan/{own["layanan"]}',
                 f'/staf/pengaduan/{own["complaint"]}/lampiran/{own["attachment"]}', '/staf/wbs/'):
        check_headers(client.get(path), path)
    member = app.test_client()
    unlock(member, world['member'])
    for path in ('/staf/wbs/', f'/staf/wbs/laporan/{own["report"]}', '/staf/wbs/verifikasi',
                 f'/staf/wbs/laporan/{own["report"]}/berkas/{own["wbs_file"]}'):
        response = member.get(path)
        assert response.status_code == 200, path
        check_headers(response, path)
        assert response.headers['Referrer-Policy'] == 'no-referrer' and response.headers['Cache-Control'] == 'no-store'


@pytest.mark.parametrize('path', ['/wbs', '/wbs/lapor', '/wbs/masuk', '/wbs/laporan', '/wbs/laporan/bukti',
                                  '/pengaduan/lacak', '/pengaduan/terkirim'])
def test_no_trace_pages(app, path):
    response = app.test_client().get(path)
    assert response.headers['Referrer-Policy'] == 'no-referrer'
    assert response.headers['Cache-Control'] == 'no-store'


def _cookie_header(response, name):
    return next(c for c in response.headers.getlist('Set-Cookie') if c.startswith(name + '='))


def test_session_cookie_flags_over_http(app):
    client = app.test_client()
    user = make_user('superadmin')
    response = client.post('/staf/masuk', data={'email': user.email, 'password': PASSWORD,
                                                'csrf_token': csrf_token(client)})
    cookie = _cookie_header(response, app.config['SESSION_COOKIE_NAME']).lower()
    assert 'httponly' in cookie and 'samesite=lax' in cookie
    assert 'secure' not in cookie  # http://: a Secure cookie would never come back
    wbs = _cookie_header(app.test_client().get('/wbs/lapor'), 'wbs_csrf').lower()
    assert 'httponly' in wbs and 'samesite=strict' in wbs and 'path=/wbs' in wbs


def test_cookies_are_secure_behind_https(tmp_path_factory):
    folder = tmp_path_factory.mktemp('https')
    cfg = base.test_config(tmp_path_factory, PUBLIC_BASE_URL=HTTPS,
                           DATABASE_URL=f'sqlite:///{folder}/https.db')
    app = create_app(cfg)
    with app.app_context():
        db.create_all()
        user = make_user('superadmin')
        client = app.test_client()
        page = client.get('/staf/masuk', base_url=HTTPS)
        assert page.headers.get('Strict-Transport-Security', '').startswith('max-age=')
        match = CSRF_RE.search(page.get_data(as_text=True))
        token = match.group(1) or match.group(2)
        response = client.post('/staf/masuk', data={'email': user.email, 'password': PASSWORD, 'csrf_token': token},
                               base_url=HTTPS, headers={'Referer': HTTPS + '/staf/masuk'})
        assert response.status_code == 302
        cookie = _cookie_header(response, app.config['SESSION_COOKIE_NAME']).lower()
        assert 'secure' in cookie and 'httponly' in cookie and 'samesite=lax' in cookie
        wbs = app.test_client().get('/wbs/lapor', base_url=HTTPS)
        assert 'secure' in _cookie_header(wbs, 'wbs_csrf').lower()
        db.session.remove()
        db.engine.dispose()


def test_lockout_blocks_the_right_password_from_another_client(app):
    user = make_user('admin_unit')
    attacker = app.test_client()
    token = csrf_token(attacker)
    for _ in range(app.config['LOGIN_MAX_FAILURES']):
        wrong = attacker.post('/staf/masuk', data={'email': user.email, 'password': 'salah-salah-salah',
                                                   'csrf_token': token})
        assert wrong.status_code == 401
    owner = app.test_client()
    response = owner.post('/staf/masuk', data={'email': user.email, 'password': PASSWORD,
                                               'csrf_token': csrf_token(owner)})
    assert response.status_code == 401
    assert 'dikunci sementara' in response.get_data(as_text=True)
    assert owner.get('/staf/').status_code == 302  # not signed in


def test_wbs_cookie_is_not_the_session_cookie(app):
    """The public WBS pages never set the portal session cookie (no link between a reporter and a staff session)."""
    client = app.test_client()
    token = wbs_csrf(client, '/wbs/masuk')
    response = client.post('/wbs/masuk', data={'tanda_terima': '1' * 16, 'wbs_csrf': token})
    names = [c.split('=')[0] for c in response.headers.getlist('Set-Cookie')]
    assert app.config['SESSION_COOKIE_NAME'] not in names
