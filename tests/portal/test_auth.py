"""Staff sign-in: success, failure, lockout, logout, password change, cookie flags, CSRF."""
from datetime import timedelta

from portal.models import AuditEvent, User, utcnow
from tests.factories import PASSWORD, csrf_token, login_as, make_user, post_form


def _login(client, email, password):
    return client.post('/staf/masuk', data={'email': email, 'password': password, 'csrf_token': csrf_token(client)})


def test_login_and_logout(client, db):
    user = make_user('admin_unit')
    response = _login(client, user.email.upper(), PASSWORD)
    assert response.status_code == 302 and response.headers['Location'] == '/staf/'
    assert client.get('/staf/').status_code == 200
    db.session.refresh(user)
    assert user.last_login_at is not None
    cookie = response.headers['Set-Cookie']
    assert 'HttpOnly' in cookie and 'SameSite=Lax' in cookie
    response = post_form(client, '/staf/keluar', {}, form_url='/staf/')
    assert response.status_code == 302
    assert client.get('/staf/').status_code == 302  # back to the login page
    actions = [e.action for e in db.session.query(AuditEvent).order_by(AuditEvent.id)]
    assert actions == ['login', 'logout']


def test_wrong_password_is_refused_without_saying_which_part(client):
    user = make_user()
    for email, password in ((user.email, 'salah-sandi-123'), ('tidak-ada@uji.kemenag.go.id', PASSWORD)):
        response = _login(client, email, password)
        assert response.status_code == 401
        assert 'Email atau kata sandi salah.' in response.get_data(as_text=True)


def test_lockout_after_repeated_failures(app, client, db):
    user = make_user()
    answers = [_login(client, user.email, 'salah-sandi-123') for _ in range(app.config['LOGIN_MAX_FAILURES'])]
    assert all(a.status_code == 401 for a in answers)
    assert all('kata sandi salah' in a.get_data(as_text=True) for a in answers[:-1])
    assert 'dikunci sementara' in answers[-1].get_data(as_text=True)  # the attempt that locks says so
    response = _login(client, user.email, PASSWORD)  # even the right password is refused while locked
    assert response.status_code == 401 and 'dikunci sementara' in response.get_data(as_text=True)
    db.session.refresh(user)
    user.locked_until = utcnow() - timedelta(seconds=1)  # the lockout has passed
    db.session.commit()
    assert _login(client, user.email, PASSWORD).status_code == 302


def test_login_is_throttled_per_address(client):
    user = make_user()
    codes = [_login(client, user.email + 'x', 'salah').status_code for _ in range(11)]
    assert codes[:10] == [401] * 10 and codes[10] == 429
    refused = _login(client, user.email + 'x', 'salah')  # the page says how long to wait: the minute's window
    wait = int(refused.headers['Retry-After'])
    assert refused.status_code == 429 and 1 <= wait <= 61  # the window, rounded up
    assert f'Coba lagi dalam {wait} detik' in refused.get_data(as_text=True)


def test_signing_in_does_not_count_toward_the_address_limit(app):
    """An office behind one address: sixty staff sign in within the hour (the hourly limit is 50), and a colleague
    who mistypes still has the address's ten failed attempts a minute."""
    users = [make_user(email=f'pegawai{i}@uji.test') for i in range(60)]
    for user in users:
        assert _login(app.test_client(), user.email, PASSWORD).status_code == 302
    typo = app.test_client()
    assert [_login(typo, users[0].email, 'salah').status_code for _ in range(3)] == [401] * 3


def test_password_change_ends_other_sessions(app, client, db):
    user = login_as(client, 'pimpinan')
    other = app.test_client()
    login_as(other, user)
    response = post_form(client, '/staf/sandi', {'current': PASSWORD, 'new': 'sandi-baru-2026!',
                                                 'confirm': 'sandi-baru-2026!'})
    assert response.status_code == 302
    assert client.get('/staf/').status_code == 200  # this browser stays in
    assert other.get('/staf/').status_code == 302  # the other session ended
    assert _login(app.test_client(), user.email, 'sandi-baru-2026!').status_code == 302


def test_password_change_refuses_a_wrong_current_password(client, db):
    user = login_as(client, 'pimpinan')
    html = post_form(client, '/staf/sandi', {'current': 'bukan-ini-123', 'new': 'sandi-baru-2026!',
                                             'confirm': 'sandi-baru-2026!'}).get_data(as_text=True)
    assert 'Kata sandi saat ini salah.' in html
    assert db.session.get(User, user.id).session_version == 0


def test_forms_without_csrf_token_are_refused(client):
    user = make_user()
    response = client.post('/staf/masuk', data={'email': user.email, 'password': PASSWORD})
    assert response.status_code == 400 and 'token keamanan' in response.get_data(as_text=True)
    response = client.post('/staf/masuk', data={'email': user.email, 'password': PASSWORD, 'csrf_token': 'palsu'})
    assert response.status_code == 400


def test_inactive_user_cannot_sign_in(client):
    user = make_user(active=False)
    assert _login(client, user.email, PASSWORD).status_code == 401


def test_login_never_redirects_off_site(client):
    user = make_user()
    for target in ('//jahat.test/x', '/\\jahat.test', 'https://jahat.test'):
        c = client.application.test_client()
        response = c.post('/staf/masuk?next=' + target, data={'email': user.email, 'password': PASSWORD,
                                                               'csrf_token': csrf_token(c)})
        assert response.status_code == 302 and response.headers['Location'] == '/staf/'
