"""Factories for the survei tests: a layanan ready for surveys, a filled-in answer set, a response row."""
import re
import time
from datetime import date

from portal.extensions import db
from survei import services
from survei.models import Response
from survei.util import sign_opened
from tests.factories import make_layanan, make_unit

TOKEN_RE = re.compile(r'name="token" value="([^"]+)"')
OPENED_RE = re.compile(r'name="opened" value="([^"]+)"')
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
VERSI_RE = re.compile(r'name="versi" value="([^"]+)"')


def make_survey(unit=None, **kw):
    """A unit and one of its layanan, with the default questionnaires seeded."""
    unit = unit or make_unit()
    layanan = make_layanan(unit, **kw)
    services.ensure_questionnaires()
    db.session.commit()
    return unit, layanan


def form_url(unit, layanan):
    """The survey URL of a layanan (the path on the QR)."""
    return f'/survei/{unit.slug}/{layanan.slug}'


def answers(score=4, ipak=True, **overrides):
    """A complete, valid submission (the 9 unsur, the 5 IPAK items, the profile)."""
    data = {f'u{i}': str(score) for i in range(1, 10)}
    if ipak:
        data.update({f'ipak{i}': str(score) for i in range(1, 6)})
    data.update({'gender': 'P', 'age': '34', 'education': 'SMA', 'occupation': 'Wiraswasta',
                 'service_date': date.today().isoformat(), 'saran': ''})
    data.update({k: str(v) for k, v in overrides.items()})
    return data


def open_form(client, unit, layanan, seconds_ago=60):
    """GET the form; returns the hidden fields a browser would send back, opened `seconds_ago` seconds earlier."""
    html = client.get(form_url(unit, layanan)).get_data(as_text=True)
    return {'csrf_token': CSRF_RE.search(html).group(1), 'token': TOKEN_RE.search(html).group(1),
            'versi': VERSI_RE.search(html).group(1), 'opened': sign_opened(time.time() - seconds_ago)}


def submit(client, unit, layanan, seconds_ago=60, hidden=None, **overrides):
    """Open the form and send a complete answer set; returns the HTTP response."""
    hidden = hidden or open_form(client, unit, layanan, seconds_ago)
    return client.post(form_url(unit, layanan), data={**hidden, **answers(**overrides)})


def make_response(unit, layanan=None, service_date=None, **kw):
    """A committed response row (source online, all unsur 4 unless given)."""
    values = {f'u{i}': 4 for i in range(1, 10)}
    values.update(kw)
    r = Response(unit_id=unit.id, layanan_id=layanan.id if layanan else None,
                 service_date=service_date or date.today(), **values)
    db.session.add(r)
    db.session.commit()
    return r
