"""Request logs: JSON lines with address and user agent, except on the WBS routes."""
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
    for path in ('/wbs', '/wbs/masuk'):
        line = by_path[path]
        assert 'ip' not in line and 'ua' not in line
        assert '203.0.113' not in json.dumps(line) and '198.51.100' not in json.dumps(line)
        assert 'PonselMurah' not in json.dumps(line)
    assert {'method', 'path', 'status', 'ms'} <= set(by_path['/healthz'])
