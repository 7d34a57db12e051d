"""Nothing identifies the reporter: no cookie but the CSRF one, no IP or user agent anywhere, no plaintext at rest."""
import io
import logging
import os
import random
import subprocess  # nosec B404 - pg_dump of the test database
from pathlib import Path

from PIL import Image
from sqlalchemy.engine import make_url

from portal.uploads import inspect
from tests.wbs.factories import ANSWERS, file_report, make_member, reporter_hidden, wbs_csrf
from wbs import crypto
from wbs.models import WbsReport

IP_DIRECT, IP_FORWARDED, AGENT = '203.0.113.77', '198.51.100.23', 'PonselRahasia/9.1 (Android; Xiaomi)'


def database_bytes(app):
    """The whole database as bytes: the SQLite file, or a pg_dump of PostgreSQL."""
    url = make_url(app.config['SQLALCHEMY_DATABASE_URI'])
    if url.get_backend_name() == 'sqlite':
        return Path(url.database).read_bytes()
    libpq = url.set(drivername='postgresql').render_as_string(hide_password=False)
    return subprocess.run(['pg_dump', '--data-only', libpq], check=True, capture_output=True).stdout  # nosec B603 B607


def upload_bytes(app):
    """Every file under the upload folder, names included."""
    out = b''
    for root, _dirs, files in os.walk(app.config['UPLOAD_FOLDER']):
        for name in files:
            out += name.encode() + (Path(root) / name).read_bytes()
    return out


def _forms(text):
    """The text as it may sit in a dump: raw, UTF-8 hex (PostgreSQL bytea) and UTF-16."""
    raw = text.encode() if isinstance(text, str) else text
    return [raw, raw.hex().encode(), raw.hex().upper().encode()] + (
        [text.encode('utf-16-le')] if isinstance(text, str) else [])


def _noise_png():
    rng = random.Random(7)
    img = Image.new('RGB', (64, 64))
    img.putdata([(rng.randrange(256), rng.randrange(256), rng.randrange(256)) for _ in range(64 * 64)])
    out = io.BytesIO()
    img.save(out, 'PNG')
    return out.getvalue()


def test_before_a_receipt_login_the_only_cookie_is_the_strict_session_only_csrf_cookie(client):
    cookies = []
    for url in ('/wbs', '/wbs/lapor', '/wbs/masuk'):
        cookies += client.get(url).headers.getlist('Set-Cookie')
    token = wbs_csrf(client)
    cookies += client.post('/wbs/lapor', data=dict(ANSWERS, wbs_csrf=token, aksi='tinjau')).headers.getlist(
        'Set-Cookie')
    cookies += client.post('/wbs/masuk', data={'tanda_terima': '1111 2222 3333 4444', 'wbs_csrf': wbs_csrf(
        client, '/wbs/masuk')}).headers.getlist('Set-Cookie')
    assert len(cookies) == 1, cookies
    cookie = cookies[0]
    assert cookie.startswith('wbs_csrf=') and 'SameSite=Strict' in cookie and 'HttpOnly' in cookie
    assert 'Expires' not in cookie and 'Max-Age' not in cookie and 'Path=/wbs' in cookie
    assert client.get_cookie('portal_session') is None


def test_pages_load_nothing_from_another_site(client):
    for url in ('/wbs', '/wbs/lapor', '/wbs/masuk'):
        html = client.get(url).get_data(as_text=True)
        assert 'http://' not in html.replace('http://layanan.test', '') and 'https://' not in html
        assert '<script' not in html and 'style="' not in html


def test_the_database_and_uploads_hold_no_marker_no_file_and_no_file_name(app, client, db):
    make_member()
    marker = 'PENANDA-RAHASIA-7f3a9c'
    original = _noise_png()
    cleaned = inspect('x.png', original).data
    name = 'nama-berkas-rahasia-51c2.png'
    _, receipt = file_report(client, answers={'apa': f'Uraian {marker}', 'bagaimana': f'Modus {marker}',
                                              'sertakan_identitas': 'y', 'identitas_nama': 'Identitas-Asli-Pelapor'},
                             files=[(name, original)])
    assert client.post('/wbs/laporan', data={'pesan': f'Pesan {marker}', **reporter_hidden(client)}).status_code == 303
    assert db.session.query(WbsReport).count() == 1
    db.session.remove()
    stored = database_bytes(app) + upload_bytes(app)
    assert len(upload_bytes(app)) > len(cleaned)  # the (sealed) file is there ...
    for secret in (marker, name, 'nama-berkas-rahasia', 'Identitas-Asli-Pelapor', receipt, 'Pak Fulan'):
        for form in _forms(secret):
            assert form not in stored, secret
    for blob in (original, cleaned, original[200:264], cleaned[len(cleaned) // 2:len(cleaned) // 2 + 48]):
        assert blob not in stored and blob.hex().encode() not in stored  # ... but not its bytes
    # The stored key material does not include the receipt key either (only its Argon2id verifier half).
    report = db.session.scalar(db.select(WbsReport))
    _, key = crypto.receipt_secrets(receipt, report.receipt_salt, crypto.Params(report.receipt_ops,
                                                                                report.receipt_mem))
    assert bytes(key) not in stored and bytes(key).hex().encode() not in stored


def test_a_report_from_a_known_address_and_browser_leaves_neither_in_the_database_or_logs(app, client, db, caplog,
                                                                                          capsys, monkeypatch):
    monkeypatch.setitem(app.config, 'LOG_REQUESTS', True)
    caplog.set_level(logging.DEBUG)
    request_log = logging.getLogger('portal.request')  # may not propagate once another app configured it
    monkeypatch.setattr(request_log, 'handlers', [*request_log.handlers, caplog.handler])
    monkeypatch.setattr(request_log, 'level', logging.DEBUG)
    for logger in logging.Logger.manager.loggerDict.values():  # alembic's fileConfig (migration tests) disables them
        if isinstance(logger, logging.Logger) and logger.disabled:
            monkeypatch.setattr(logger, 'disabled', False)
    env = {'REMOTE_ADDR': IP_DIRECT}
    headers = {'User-Agent': AGENT, 'X-Forwarded-For': IP_FORWARDED}
    make_member()
    client.get('/', headers={'X-Forwarded-For': '192.0.2.50'})  # a page outside the WBS: logged, with its address
    _, receipt = file_report(client, environ_base=env, headers=headers)
    client.get('/wbs/laporan', environ_base=env, headers=headers)
    for _ in range(7):  # wrong receipts until the rate limit answers 429 (the limiter logs its key)
        last = client.post('/wbs/masuk', data={'tanda_terima': '0000 0000 0000 0001', 'wbs_csrf': wbs_csrf(
            client, '/wbs/masuk')}, environ_base=env, headers=headers)
    assert last.status_code == 429
    db.session.remove()
    stored = database_bytes(app) + upload_bytes(app)
    captured = capsys.readouterr()
    wbs_lines = [r for r in caplog.records if r.name == 'portal.request' and r.fields['path'].startswith('/wbs')]
    home_line = next(r for r in caplog.records if r.name == 'portal.request' and r.fields['path'] == '/')
    assert home_line.fields['ip'] == '192.0.2.50'  # request logging was on
    assert wbs_lines == []  # not even the time of a reporter's request: it would line up with the home page's
    logged = '\n'.join(f'{r.getMessage()} {r.__dict__!r}' for r in caplog.records) + captured.out + captured.err
    for secret in (IP_DIRECT, IP_FORWARDED, AGENT, 'PonselRahasia', '203.0.113', '198.51.100'):
        for form in _forms(secret):
            assert form not in stored, secret
        assert secret not in logged, secret


def test_a_wrong_receipt_and_an_unknown_report_answer_alike(app, client, db):
    _, receipt = file_report(app.test_client())
    report = db.session.scalar(db.select(WbsReport))
    wrong = f'{(int(receipt) + 1) % 10 ** 16:016d}'
    from wbs.services import server_key
    report.lookup_tag = crypto.lookup_tag(server_key('lookup'), wrong)  # the wrong receipt hits this report's bucket
    db.session.commit()
    unknown = '9999888877776666'
    assert crypto.lookup_tag(server_key('lookup'), unknown) != report.lookup_tag
    token = wbs_csrf(client, '/wbs/masuk')
    answers = [client.post('/wbs/masuk', data={'tanda_terima': typed, 'wbs_csrf': token})
               for typed in (wrong, unknown, '12345')]
    assert {a.status_code for a in answers} == {401}
    assert len({a.get_data() for a in answers}) == 1
    assert len({tuple(sorted(a.headers.items())) for a in answers}) == 1
    assert 'Nomor tanda terima tidak cocok' in answers[0].get_data(as_text=True)


def test_wrong_receipts_are_slowed(app, client, monkeypatch):
    import time as time_module
    slept = []
    monkeypatch.setattr(time_module, 'sleep', slept.append)
    monkeypatch.setitem(app.config, 'WBS_FAIL_DELAY', 1.5)
    client.post('/wbs/masuk', data={'tanda_terima': '1' * 16, 'wbs_csrf': wbs_csrf(client, '/wbs/masuk')})
    assert slept == [1.5]


def test_the_development_server_access_log_drops_wbs_lines():
    from wbs import NoWbsAccessLog
    record = logging.LogRecord('werkzeug', logging.INFO, __file__, 1, '%s - - [x] "%s" 200 -',
                               (IP_DIRECT, 'GET /wbs/lapor HTTP/1.1'), None)
    assert not NoWbsAccessLog().filter(record)
    record.args = (IP_DIRECT, '\x1b[32mPOST /wbs/masuk HTTP/1.1\x1b[0m')
    assert not NoWbsAccessLog().filter(record)
    record.args = (IP_DIRECT, 'GET /staf/masuk HTTP/1.1')
    assert NoWbsAccessLog().filter(record)
