"""The public pages: home, unit page, health check, language, errors and headers."""
from tests.factories import make_layanan, make_unit


def test_home_lists_every_active_unit(client):
    root = make_unit('Kanwil Uji', 'kanwil-uji', 'kanwil')
    make_unit('Kantor Kemenag Kaur', 'kemenag-kaur', parent=root)
    make_unit('Unit Lama', 'unit-lama', parent=root, active=False)
    html = client.get('/').get_data(as_text=True)
    assert 'href="/unit/kanwil-uji"' in html and 'href="/unit/kemenag-kaur"' in html
    assert 'unit-lama' not in html
    assert '<html lang="id">' in html


def test_unit_page_shows_standar_pelayanan_and_maklumat(client):
    unit = make_unit('Kantor Kemenag Seluma', 'kemenag-seluma', maklumat='Kami sanggup melayani sesuai standar.')
    make_layanan(unit, 'Legalisir Ijazah', 'legalisir-ijazah', persyaratan='Ijazah asli', waktu='1 hari kerja',
                 biaya='Gratis', produk='Ijazah terlegalisir', prosedur='Serahkan berkas di loket')
    html = client.get('/unit/kemenag-seluma').get_data(as_text=True)
    for text in ('Legalisir Ijazah', 'Ijazah asli', '1 hari kerja', 'Gratis', 'Ijazah terlegalisir',
                 'Serahkan berkas di loket', 'Kami sanggup melayani sesuai standar.', 'Maklumat pelayanan'):
        assert text in html


def test_unknown_or_inactive_unit_is_404_in_bahasa(client):
    make_unit(slug='tutup', active=False)
    for url in ('/unit/tidak-ada', '/unit/tutup'):
        response = client.get(url)
        assert response.status_code == 404
        assert 'Halaman tidak ditemukan' in response.get_data(as_text=True)


def test_healthz_answers_when_the_database_does(client):
    response = client.get('/healthz')
    assert response.status_code == 200 and response.json == {'status': 'ok', 'database': 'ok'}


def test_security_headers_on_pages(client):
    response = client.get('/')
    csp = response.headers['Content-Security-Policy']
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and 'unsafe-inline' not in csp
    assert response.headers['X-Content-Type-Options'] == 'nosniff'
    assert response.headers['Referrer-Policy'] == 'same-origin'
    assert response.headers['X-Frame-Options'] == 'DENY'


def test_english_is_available(client):
    response = client.get('/bahasa/en?next=/')
    assert response.status_code == 302 and response.headers['Location'] == '/'
    html = client.get('/').get_data(as_text=True)
    assert '<html lang="en">' in html and 'Public services and the Integrity Zone' in html
    assert client.get('/bahasa/en?next=//jahat.test').headers['Location'] == '/'  # no open redirect


def test_error_pages_are_in_bahasa(app, client):
    assert 'Metode tidak diizinkan' in client.post('/healthz').get_data(as_text=True)
    big = client.post('/staf/masuk', data={'x': 'a' * (app.config['MAX_CONTENT_LENGTH'] + 10)})
    assert big.status_code == 413 and 'Berkas terlalu besar' in big.get_data(as_text=True)


def test_unexpected_error_gives_500_page_and_json_when_asked(tmp_path):
    from portal import create_app
    app = create_app({'SECRET_KEY': 'x', 'DATABASE_URL': f'sqlite:///{tmp_path}/a.db', 'TESTING': False})

    def boom():
        raise RuntimeError('rusak')
    app.add_url_rule('/boom', view_func=boom)
    client = app.test_client()
    response = client.get('/boom')
    assert response.status_code == 500 and 'Terjadi kesalahan' in response.get_data(as_text=True)
    assert 'rusak' not in response.get_data(as_text=True)
    response = client.get('/tidak-ada', headers={'Accept': 'application/json'})
    assert response.status_code == 404 and response.json['error'] == 'Halaman tidak ditemukan'


def test_static_assets_are_local(client):
    html = client.get('/').get_data(as_text=True)
    assert 'http://' not in html.split('<body')[0] and 'https://' not in html.split('<body')[0]
    with client.get('/static/css/app.css') as response:
        assert response.status_code == 200 and b'box-sizing' in response.data


def test_language_switch_on_the_wbs_sets_no_cookie(client):
    response = client.get('/bahasa/en?next=/wbs/lapor')
    assert response.status_code == 302 and response.headers['Location'] == '/wbs/lapor?lang=en'
    assert 'Set-Cookie' not in response.headers


def test_unit_page_links_to_its_own_results_and_complaint_form(client):
    make_unit('Kantor Kemenag Kaur', 'kemenag-kaur')
    html = client.get('/unit/kemenag-kaur').get_data(as_text=True)
    assert 'href="/hasil/?unit=kemenag-kaur"' in html
    assert 'href="/pengaduan/baru?unit=kemenag-kaur"' in html


def test_no_open_redirect_through_next(client):
    for target in ('//jahat.test', '/\\jahat.test', 'https://jahat.test', 'javascript:alert(1)'):
        assert client.get('/bahasa/en', query_string={'next': target}).headers['Location'] == '/'


def test_a_database_that_does_not_answer_gets_a_503_in_bahasa_for_citizens_and_staff(client, tmp_path_factory,
                                                                                      tmp_path):
    """A database that cannot be reached (here: an SQLite file in a folder that does not exist) is a passing state:
    503 with Retry-After and a page that says what to do, never a bare 500, for a signed-in staff member too."""
    from portal import create_app
    from portal.extensions import db
    from tests.conftest import IsolatedClient
    from tests.conftest import test_config as config_for
    from tests.factories import csrf_token, login_as, make_user
    staff = make_user('superadmin')
    login_as(client, staff)
    token = csrf_token(client, '/pengaduan/baru')
    session_cookie = client.get_cookie('portal_session').value
    broken = create_app(config_for(tmp_path_factory, DATABASE_URL=f'sqlite:///{tmp_path}/tidak-ada/app.db'))
    broken.test_client_class = IsolatedClient
    try:
        citizen = broken.test_client()
        page = citizen.get('/pengaduan/baru')
        assert page.status_code == 503 and page.headers['Retry-After'] == '30'
        html = page.get_data(as_text=True)
        assert 'Layanan sedang terganggu' in html and 'Muat ulang halaman ini' in html
        assert citizen.get('/healthz').status_code == 503
        officer = broken.test_client()
        officer.set_cookie('portal_session', session_cookie)
        sent = officer.post('/pengaduan/baru', data={'title': 'Uji', 'csrf_token': token})
        assert sent.status_code == 503 and 'mungkin belum tersimpan' in sent.get_data(as_text=True)
        inbox = officer.get('/staf/pengaduan/')
        assert inbox.status_code == 503 and 'Layanan sedang terganggu' in inbox.get_data(as_text=True)
    finally:
        with broken.app_context():
            db.session.remove()
            db.engine.dispose()
