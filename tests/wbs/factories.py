"""WBS factories: team members with key pairs, TOTP codes, a reporter's filed report, a signed-in WBS session."""
import io
import re
import time

import pyotp
from PIL import Image

from portal.extensions import db
from tests.factories import PASSWORD, login_as, make_user, once_token
from wbs import services
from wbs.models import WbsMember

CSRF = re.compile(r'name="wbs_csrf" value="([0-9a-f]+)"')
RECEIPT = re.compile(r'id="tanda-terima">([\d ]+)<')
ANSWERS = {'kategori': 'gratifikasi', 'apa': 'Penerimaan hadiah', 'terlapor_nama': 'Pak Fulan',
           'terlapor_jabatan': 'Kepala Seksi', 'terlapor_unit': '0', 'terlapor_unit_lain': '', 'kapan': 'Maret 2026',
           'dimana': 'Ruang rapat', 'bagaimana': 'Amplop diserahkan setelah rapat', 'kerugian': ''}


def make_member(name=None, admitted=True):
    """A tim_wbs user whose WBS key pair exists (wrapped under tests.factories.PASSWORD), let into the team unless
    `admitted` is False (a new account waiting for a member's admit)."""
    user = make_user('tim_wbs', name=name or 'Anggota WBS')
    member = services.start_setup(user)
    mk = services.crypto.new_member_keys(PASSWORD, services.params())
    member.public_key, member.pw_wrapped, member.pw_salt = mk.public_key, mk.pw_wrapped, mk.pw_salt
    member.pw_ops, member.pw_mem, member.recovery_wrapped = services.params().ops, services.params().mem, \
        mk.recovery_wrapped
    member.admitted_on = services.today() if admitted else None
    db.session.commit()
    member.recovery_text = services.crypto.format_recovery_key(mk.recovery_key)
    return member


def totp_code(member_id):
    """A TOTP code the member has not used yet (the next step when the current one is spent)."""
    db.session.expire_all()
    member = db.session.get(WbsMember, member_id)
    totp = pyotp.TOTP(services.totp_secret(member))
    step = int(time.time()) // totp.interval
    return totp.generate_otp(step if member.totp_last_step < step else step + 1)


def unlock(client, member):
    """Sign in as the member and unlock the WBS area with password + TOTP."""
    login_as(client, member.user)
    page = client.get('/staf/wbs/buka').get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post('/staf/wbs/buka', data={'csrf_token': token, 'password': PASSWORD,
                                                    'code': totp_code(member.id)})
    assert response.status_code == 302, response.get_data(as_text=True)[:800]
    return response


def wbs_csrf(client, url='/wbs/lapor'):
    """The public WBS form token (sets the wbs_csrf cookie on first call)."""
    return CSRF.search(client.get(url).get_data(as_text=True)).group(1)


def reporter_hidden(client):
    """The hidden fields of the reporter's message form, as the page at /wbs/laporan has them: the CSRF token and
    the once token (portal.once)."""
    page = client.get('/wbs/laporan').get_data(as_text=True)
    return {'wbs_csrf': CSRF.search(page).group(1), 'sekali': once_token(page, '/wbs/laporan')}


def png_bytes(text='bukti'):
    """A small PNG with a text chunk (metadata the upload cleaner must drop)."""
    from PIL import PngImagePlugin
    info = PngImagePlugin.PngInfo()
    info.add_text('Comment', text)
    out = io.BytesIO()
    Image.new('RGB', (40, 30), (200, 30, 30)).save(out, 'PNG', pnginfo=info)
    return out.getvalue()


def file_report(client, answers=None, files=(), **kw):
    """File a report through the two-step form; returns (the receipt page it is sent on to, receipt digits)."""
    data = dict(ANSWERS, **(answers or {}))
    token = wbs_csrf(client)
    review = client.post('/wbs/lapor', data=dict(data, wbs_csrf=token, aksi='tinjau'), **kw)
    assert review.status_code == 200, review.get_data(as_text=True)[:1500]
    page = review.get_data(as_text=True)
    payload = dict(data, wbs_csrf=CSRF.search(page).group(1), aksi='kirim', sekali=once_token(page, '/wbs/lapor'))
    payload['lampiran'] = [(io.BytesIO(content), name) for name, content in files]
    sent = client.post('/wbs/lapor', data=payload, content_type='multipart/form-data', **kw)
    assert sent.status_code == 303, sent.get_data(as_text=True)[:1500]
    assert sent.headers['Location'].startswith('/wbs/tanda-terima'), sent.headers['Location']
    response = client.get(sent.headers['Location'], **kw)
    assert response.status_code == 200, response.get_data(as_text=True)[:1500]
    return response, RECEIPT.search(response.get_data(as_text=True)).group(1).replace(' ', '')
