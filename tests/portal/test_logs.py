"""Request logs: JSON lines with address and user agent; no line at all for the WBS reporter's routes but a server
error, and none of those with an address or user agent."""
import json

from portal import create_app


def test_request_log_lines_leave_out_ip_and_user_agent_on_wbs(tmp_path, capsys):
    app = create_app({'SECRET_KEY': 'x', 'DATABASE_URL': f'sqlite:///{tmp_path}/l.db', 'LOG_REQUESTS': True})
    client = app.test_client()
    env = {'REMOTE_ADDR': '203.0.113.77'}
    headers = {'User-Agent': 'PonselMurah/1.0', 'X-Forwarded-For': '198.51.100.9'}
    client.get('/healthz', environ_base=env, headers=headers)
    client.get('/wbs', environ_base=env, headers=headers)
    client.get('/wbs/masuk', environ_base=env, headers=headers)
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith('{')]
    by_path = {line['path']: line for line in lines}
    assert by_path['/healthz']['ip'] == '198.51.100.9' and by_path['/healthz']['ua'] == 'PonselMurah/1.0'
    assert '/wbs' not in by_path and '/wbs/masuk' not in by_path
    assert {'method', 'path', 'status', 'ms'} <= set(by_path['/healthz'])


def test_a_server_error_on_the_wbs_is_logged_without_address_and_an_anonymous_filing_likewise(tmp_path, caplog,
                                                                                            monkeypatch):
    import logging
    app = create_app({'SECRET_KEY': 'x', 'DATABASE_URL': f'sqlite:///{tmp_path}/l.db', 'LOG_REQUESTS': True,
                      'WTF_CSRF_ENABLED': False})
    from portal.extensions import db
    with app.app_context():
        db.create_all()
    request_log = logging.getLogger('portal.request')  # its handler may write to an earlier test's stdout
    monkeypatch.setattr(request_log, 'handlers', [*request_log.handlers, caplog.handler])

    @app.route('/wbs/uji-galat')
    def broken():
        raise RuntimeError('uji')

    client = app.test_client()
    headers = {'User-Agent': 'PonselMurah/1.0', 'X-Forwarded-For': '198.51.100.9'}
    assert client.get('/wbs/uji-galat', headers=headers).status_code == 500
    client.post('/pengaduan/baru', data={'privacy': 'anonim', 'website': 'robot'}, headers=headers)
    client.post('/pengaduan/baru', data={'privacy': 'biasa', 'website': 'robot'}, headers=headers)
    requests = [r.fields for r in caplog.records if r.name == 'portal.request']
    wbs = [line for line in requests if line['path'] == '/wbs/uji-galat']  # (a handler may see a record twice)
    assert wbs and all(line['status'] == 500 and 'ip' not in line and 'ua' not in line for line in wbs)
    filings = [line for line in requests if line['path'] == '/pengaduan/baru']
    assert {line.get('ip') for line in filings} == {None, '198.51.100.9'}  # the anonymous filing, the ordinary one
    assert all('ua' not in line for line in filings if 'ip' not in line)
