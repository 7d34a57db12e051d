"""Over HTTPS, forms posted from pages that send no Referer (Referrer-Policy: no-referrer: complaint tracking, the
WBS) still work, and a form posted from another site is refused by its Referer or Origin."""
import re

from portal import create_app
from portal.extensions import db
from tests import conftest as base
from tests.factories import make_unit
from tests.pengaduan.factories import make_complaint

HTTPS = 'https://layanan.kemenag.test'


def _https_app(tmp_path_factory):
    folder = tmp_path_factory.mktemp('https-forms')
    return create_app(base.test_config(tmp_path_factory, PUBLIC_BASE_URL=HTTPS,
                                       DATABASE_URL=f'sqlite:///{folder}/https.db'))


def test_tracking_over_https_without_a_referer(tmp_path_factory):
    app = _https_app(tmp_path_factory)
    with app.app_context():
        db.create_all()
        _complaint, code = make_complaint(make_unit())
        client = app.test_client()
        page = client.get('/pengaduan/lacak', base_url=HTTPS)
        assert page.headers['Referrer-Policy'] == 'no-referrer'  # so the browser's POST carries no Referer
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.get_data(as_text=True)).group(1)

        def post(**headers):
            return client.post('/pengaduan/lacak', data={'kode': code, 'csrf_token': token}, base_url=HTTPS,
                               headers=headers)

        assert post().status_code == 200
        assert post(Origin='null').status_code == 200  # what a browser sends under no-referrer
        assert post(Origin=HTTPS, Referer=HTTPS + '/pengaduan/lacak').status_code == 200
        refused = post(Referer='https://jahat.example/form')
        assert refused.status_code == 400 and 'token keamanan' in refused.get_data(as_text=True)
        assert post(Origin='https://jahat.example').status_code == 400
        assert post(Origin='http://layanan.kemenag.test').status_code == 400  # the same host over plain http
        db.session.remove()
        db.engine.dispose()


def test_a_form_posted_over_http_to_an_https_portal_says_why_it_fails(tmp_path_factory):
    # trying gunicorn at http://host:8000 with an https:// PUBLIC_BASE_URL: the Secure session cookie never comes back,
    # and the page used to blame an expired form
    app = _https_app(tmp_path_factory)
    with app.app_context():
        db.create_all()
        client = app.test_client()
        page = client.get('/staf/masuk', base_url='http://layanan.kemenag.test')
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.get_data(as_text=True)).group(1)
        client._cookies.clear()  # what the browser does with a Secure cookie over http://
        refused = client.post('/staf/masuk', data={'csrf_token': token, 'email': 'a@b.test', 'password': 'x'},
                              base_url='http://layanan.kemenag.test')
        assert refused.status_code == 400 and 'dibuka lewat http://' in refused.get_data(as_text=True)
        over_https = app.test_client()
        over_https.get('/staf/masuk', base_url=HTTPS)
        stale = over_https.post('/staf/masuk', data={'csrf_token': 'salah', 'email': 'a@b.test', 'password': 'x'},
                                base_url=HTTPS, headers={'Origin': HTTPS})
        assert stale.status_code == 400 and 'token keamanan tidak cocok' in stale.get_data(as_text=True)
