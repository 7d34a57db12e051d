"""Property-based fuzzing (hypothesis) of every public form: arbitrary text, Unicode, huge strings, missing fields and
wrong types, forged ids ('²', 25 digits) and text fields sent as file parts never give a 500, and a rejected
submission stores nothing (rows counted before and after).

Derandomised so CI is reproducible.
"""
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.extensions import limiter
from tests.factories import csrf_token, fresh_once, make_unit, make_user
from tests.security.world import counts
from tests.survei.factories import form_url, make_survey, open_form
from tests.wbs.factories import CSRF, wbs_csrf

FUZZ = settings(max_examples=30, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
VALUES = st.one_of(st.text(max_size=40), st.text(alphabet=st.characters(codec='utf-8'), max_size=300),
                   st.integers(min_value=-10 ** 20, max_value=10 ** 20).map(str),
                   st.sampled_from(['', ' ', '0', '-1', 'y', 'on', '2026-02-30', '9999-12-31', 'null', '[]', '{}',
                                    'x' * 6000, 'é' * 20000, '\x00', '<script>alert(1)</script>', '²', '٣',
                                    '9' * 25]),
                   st.binary(max_size=64).map(lambda content: (io.BytesIO(content), 'isian.txt')))


def fields(names):
    return st.dictionaries(st.sampled_from(names), VALUES, max_size=len(names))


def _ok(response, stored_before, ok_codes):
    assert response.status_code != 500
    if response.status_code not in ok_codes:
        assert counts() == stored_before, response.status_code


SURVEY = [f'u{i}' for i in range(1, 10)] + [f'ipak{i}' for i in range(1, 6)] + [
    'gender', 'age', 'education', 'occupation', 'service_date', 'saran', 'website', 'token', 'opened', 'versi']


def test_survey_form(app):
    unit, layanan = make_survey()
    client = app.test_client()
    hidden = open_form(client, unit, layanan)

    @FUZZ
    @given(fields(SURVEY))
    def prop(data):
        limiter.reset()
        client.delete_cookie('survei_selesai', path='/survei/')
        before = counts()
        response = client.post(form_url(unit, layanan), data={'csrf_token': hidden['csrf_token'],
                                                               'versi': hidden['versi'], **data})
        _ok(response, before, (303,))
    prop()


COMPLAINT = ['kind', 'category', 'unit', 'layanan', 'title', 'text', 'place', 'event_date', 'terlapor', 'privacy',
             'name', 'email', 'phone', 'consent', 'website']


def test_complaint_form(app):
    unit = make_unit()
    client = app.test_client()
    token = csrf_token(client, '/pengaduan/baru')
    base = {'kind': 'pengaduan', 'category': 'waktu', 'unit': str(unit.id), 'title': 'Antrean lama sekali',
            'text': 'Saya menunggu tiga jam di loket tanpa kepastian.', 'privacy': 'anonim', 'consent': 'y'}

    @FUZZ
    @given(st.booleans(), fields(COMPLAINT))
    def prop(from_base, data):
        limiter.reset()
        before = counts()
        response = client.post('/pengaduan/baru', data={'csrf_token': token, **(base if from_base else {}), **data})
        _ok(response, before, (302,))
    prop()


def test_tracking_forms(app):
    client = app.test_client()
    token = csrf_token(client, '/pengaduan/lacak')

    @FUZZ
    @given(fields(['kode']), fields(['kode', 'aksi', 'note', 'rating', 'sekali']))
    def prop(track, action):
        limiter.reset()
        before = counts()
        _ok(client.post('/pengaduan/lacak', data={'csrf_token': token, **track}), before, ())
        _ok(client.post('/pengaduan/lacak/tindakan', data={'csrf_token': token, 'sekali': fresh_once(), **action}),
            before, ())
    prop()


WBS = ['kategori', 'apa', 'terlapor_nama', 'terlapor_jabatan', 'terlapor_unit', 'terlapor_unit_lain', 'kapan',
       'dimana', 'bagaimana', 'kerugian', 'sertakan_identitas', 'identitas_nama', 'identitas_kontak', 'aksi']


def test_wbs_report_both_steps(app):
    make_unit()
    client = app.test_client()
    token = wbs_csrf(client)
    base = {'kategori': 'gratifikasi', 'apa': 'a', 'terlapor_nama': 'b', 'kapan': 'c', 'dimana': 'd',
            'bagaimana': 'e'}

    @FUZZ
    @given(st.booleans(), fields(WBS), st.sampled_from(['tinjau', 'kirim', 'ubah', None]))
    def prop(from_base, data, step):
        limiter.reset()
        before = counts()
        payload = {'wbs_csrf': token, 'sekali': fresh_once(), **(base if from_base else {}), **data}
        if step:
            payload['aksi'] = step
        response = client.post('/wbs/lapor', data=payload)
        assert response.status_code != 500
        if response.status_code != 303:  # a report is filed only by a send that goes on to the receipt page
            assert counts() == before
    prop()


def test_wbs_masuk(app):
    client = app.test_client()
    token = wbs_csrf(client, '/wbs/masuk')

    @FUZZ
    @given(fields(['tanda_terima']))
    def prop(data):
        limiter.reset()
        before = counts()
        response = client.post('/wbs/masuk', data={'wbs_csrf': token, **data})
        _ok(response, before, ())
        assert 'wbs_sesi=' not in ''.join(response.headers.getlist('Set-Cookie')).replace('wbs_sesi=;', '')
    prop()


def test_wbs_reporter_message_form(app):
    from portal.extensions import db
    from tests.security.world import WBS_ANSWERS
    from wbs import services
    _r, receipt, _k = services.submit_report(dict(WBS_ANSWERS), 'gratifikasi', None, [])
    db.session.commit()
    client = app.test_client()
    assert client.post('/wbs/masuk', data={'tanda_terima': receipt,
                                           'wbs_csrf': wbs_csrf(client, '/wbs/masuk')}).status_code == 302
    token = CSRF.search(client.get('/wbs/laporan').get_data(as_text=True)).group(1)

    @FUZZ
    @given(fields(['pesan', 'sekali']))
    def prop(data):
        limiter.reset()
        before = counts()
        _ok(client.post('/wbs/laporan', data={'wbs_csrf': token, 'sekali': fresh_once(), **data}), before, (303,))
    prop()


def test_staff_login(app):
    user = make_user('admin_unit')
    client = app.test_client()
    token = csrf_token(client)

    @FUZZ
    @given(fields(['email', 'password', 'next']))
    def prop(data):
        limiter.reset()
        if data.get('email') == user.email:
            data['email'] = 'x' + user.email
        response = client.post('/staf/masuk', data={'csrf_token': token, **data})
        assert response.status_code in (200, 401, 400)
    prop()
