"""The tracking code is the complainant's only key (the database keeps its SHA-256): the request log shows the
tracking routes with the code masked, whatever the method, the outcome or the way it was typed."""
import json
import logging
from datetime import date

from portal.logs import JsonFormatter
from tests.factories import csrf_token, once_token
from tests.pengaduan.factories import make_complaint, make_tree, walk


class Lines(logging.Handler):
    """The request log's lines, rendered by its own JSON formatter."""

    def __init__(self):
        super().__init__(logging.INFO)
        self.setFormatter(JsonFormatter())
        self.lines = []

    def emit(self, record):
        self.lines.append(self.format(record))


def _logged(app, monkeypatch):
    monkeypatch.setitem(app.config, 'LOG_REQUESTS', True)
    logger = logging.getLogger('portal.request')
    handler = Lines()
    monkeypatch.setattr(logger, 'level', logging.INFO)
    logger.addHandler(handler)
    return logger, handler


def test_the_tracking_code_never_reaches_the_request_log(app, client, monkeypatch):
    t = make_tree()
    complaint, code = make_complaint(t['kota'])
    walk(complaint, ['verifikasi', 'proses', 'tindak_lanjut'], t['p_kota'], date(2026, 3, 3))
    token = csrf_token(client, '/pengaduan/lacak')
    display = f'{code[:4]}-{code[4:8]}-{code[8:]}'
    logger, handler = _logged(app, monkeypatch)
    try:
        assert client.get(f'/pengaduan/lacak/{code}').status_code == 200
        assert client.get(f'/pengaduan/lacak/{display.lower()}').status_code == 200
        page = client.post('/pengaduan/lacak', data={'kode': code, 'csrf_token': token})
        assert page.status_code == 200
        r = client.post('/pengaduan/lacak/tindakan', data={
            'kode': code, 'aksi': 'terima', 'csrf_token': token,
            'sekali': once_token(page.get_data(as_text=True), '/pengaduan/lacak/tindakan')})
        assert r.status_code == 302 and code in r.headers['Location']  # the bookmarkable tracking link
        assert client.get(r.headers['Location']).status_code == 200
        assert client.post(f'/pengaduan/lacak/{code}', data={'csrf_token': token}).status_code == 405
        assert client.get(f'/pengaduan/lacak/{code}/').status_code == 404
        assert client.get('/pengaduan/lacak/ABCDEFGHJKMN').status_code == 404
    finally:
        logger.removeHandler(handler)
    lines = [json.loads(line) for line in handler.lines]
    assert len(lines) == 8
    for secret in (code, code.lower(), display, display.lower()):
        assert not any(secret in line for line in handler.lines), secret
    assert not any('ABCDEFGHJKMN' in line for line in handler.lines)
    paths = [(line['method'], line['path'], line['status']) for line in lines]
    assert paths == [('GET', '/pengaduan/lacak/****', 200), ('GET', '/pengaduan/lacak/****', 200),
                     ('POST', '/pengaduan/lacak', 200), ('POST', '/pengaduan/lacak/tindakan', 302),
                     ('GET', '/pengaduan/lacak/****', 200), ('POST', '/pengaduan/lacak/****', 405),
                     ('GET', '/pengaduan/lacak/****', 404), ('GET', '/pengaduan/lacak/****', 404)]
    # the tracking views are no-trace, as before: neither address nor user agent
    assert not any('ip' in line or 'ua' in line for line in lines[:5] + lines[7:])


def test_other_paths_are_logged_as_they_are(app, client, monkeypatch):
    t = make_tree()
    logger, handler = _logged(app, monkeypatch)
    try:
        client.get(f'/unit/{t["kota"].slug}')
        client.get('/pengaduan/baru?unit=x')
    finally:
        logger.removeHandler(handler)
    assert [json.loads(line)['path'] for line in handler.lines] == [f'/unit/{t["kota"].slug}', '/pengaduan/baru']
