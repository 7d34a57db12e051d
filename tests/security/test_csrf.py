"""CSRF: every route that accepts POST (read from app.url_map) refuses a POST without a token and one with a wrong
token with 400, for an anonymous visitor and a signed-in superadmin. Flask-WTF checks before the view runs, so
placeholder ids are enough. The public WBS routes use their own double-submit cookie (wbs_csrf): the same holds."""
import re

import pytest

from portal.extensions import db
from tests.factories import csrf_token, login_as
from tests.security.world import WBS_ANSWERS
from tests.wbs.factories import reporter_hidden, wbs_csrf
from wbs import services as wbs_services

CONVERTER = re.compile(r'<(?:(\w+)(?:\(([^)]*)\))?:)?(\w+)>')


def _fill(rule):
    def one(m):
        kind, args = m.group(1), m.group(2)
        if kind == 'int':
            return '1'
        if kind == 'any':
            return args.split(',')[0].strip()
        return {'fmt': 'csv', 'kind': 'ipkp'}.get(m.group(3), 'x')
    return CONVERTER.sub(one, rule)


def post_urls(app):
    """(url, is_wbs_public) for every rule that takes POST."""
    return sorted({(_fill(r.rule), r.rule.startswith('/wbs')) for r in app.url_map.iter_rules() if 'POST' in r.methods})


def test_the_url_map_has_post_routes(app):
    urls = [u for u, _w in post_urls(app)]
    assert len(urls) >= 30 and '/staf/masuk' in urls and '/wbs/lapor' in urls and '/pengaduan/baru' in urls


def _other_token(app, wbs):
    other = app.test_client()
    return wbs_csrf(other, '/wbs/masuk') if wbs else csrf_token(other, '/staf/masuk')


@pytest.mark.parametrize('who', ['anonymous', 'superadmin'])
def test_every_post_without_or_with_a_wrong_token_is_400(app, who):
    client = app.test_client()
    if who == 'superadmin':
        login_as(client, 'superadmin')
    wbs_csrf(client, '/wbs/masuk')  # this browser has its own WBS cookie; the wrong token belongs to another
    bad = []
    for url, wbs in post_urls(app):
        if url == '/wbs/laporan':
            continue  # needs a reporter session: below
        field = 'wbs_csrf' if wbs else 'csrf_token'
        for data in ({}, {field: 'x' * 40}, {field: _other_token(app, wbs)}):
            response = client.post(url, data=dict(data, aksi='tinjau', tanda_terima='1' * 16))
            if response.status_code != 400:
                bad.append(f'{url} {sorted(data)}: {response.status_code}')
    assert not bad, '\n'.join(bad)


def test_wbs_reporter_page_checks_its_token(app):
    _r, receipt, _k = wbs_services.submit_report(dict(WBS_ANSWERS), 'gratifikasi', None, [])
    db.session.commit()
    client = app.test_client()
    opened = client.post('/wbs/masuk', data={'tanda_terima': receipt, 'wbs_csrf': wbs_csrf(client, '/wbs/masuk')})
    assert opened.status_code == 302
    for data in ({}, {'wbs_csrf': 'x' * 64}, {'wbs_csrf': _other_token(app, True)}):
        assert client.post('/wbs/laporan', data=dict(data, pesan='Pesan uji')).status_code == 400
        assert client.post('/wbs/keluar', data=data).status_code == 400
    good = client.post('/wbs/laporan', data={'pesan': 'Pesan uji', **reporter_hidden(client)})
    assert good.status_code == 303


def test_wbs_token_without_its_cookie_is_400(app):
    """The double submit: a token copied into a browser that lacks the matching cookie is refused."""
    token = wbs_csrf(app.test_client(), '/wbs/lapor')
    client = app.test_client()
    assert client.post('/wbs/lapor', data=dict(WBS_ANSWERS, aksi='tinjau', wbs_csrf=token,
                                               terlapor_unit='0', kerugian='')).status_code == 400
