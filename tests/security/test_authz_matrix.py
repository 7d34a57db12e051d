"""The authorisation matrix: every staff route (every rule under /staf, read from app.url_map) x every role x own
unit (A) or another unit (B) -> the expected status.

The world (tests/security/world.py): a Kanwil with Kantor Kemenag A and B, a layanan, a survey response, a complaint
with an attachment, a WBS report with a file, komponen hasil input and an RTL action in each, users of every role
bound to A. Routes with ids get A's object ('own') or B's ('other'); the analytics pages take the unit as ?unit=.
The tim_wbs user also unlocks the WBS area (password + TOTP). POSTs carry a valid CSRF token and an empty form, so
what is measured is the authorisation, not the form; an empty POST to an edit page saves the object with its
checkboxes unticked (HTML semantics), so the writes run after the reads.

Expected codes: 'login' (302 to /staf/masuk?next=...), 200, 302 (the view's own redirect), 400 (the view refuses
the empty form: it got past the authorisation), 403, 404 (out of scope: never say it exists).
A case where the code is clearly wrong stays at its intended value and is listed in WRONG (xfail strict).
"""
import pytest

from tests.factories import csrf_token, login_as
from tests.security.world import ROLES, build_world
from tests.wbs.factories import unlock

MANAGERS = ('superadmin', 'admin_unit')
FIGURES = ('superadmin', 'admin_unit', 'pimpinan')
HANDLERS = ('superadmin', 'admin_unit', 'petugas_pengaduan')
READERS = HANDLERS + ('pimpinan',)
STAFF = ('superadmin', 'admin_unit', 'petugas_pengaduan', 'tim_wbs', 'pimpinan')
WBS = ('tim_wbs',)
SAVED_OR_SHOWN = (400, 302)  # an empty edit form: saved (302) or refused, shown again with its errors (400)
REFUSED = 400  # an empty form posted: shown again with its errors (portal.views_util.shown_status)
NO_ONCE = 400  # a form that stores once (portal.once) posted without its token: refused, once authorised
Q = '?unit={unit}'


class Rule:
    """Who passes: `roles` get `ok`; with `scoped` (default: the path names an object), a unit-bound role (not the
    superadmin) gets 404 for B's object. `deny_other`: what a role outside `roles` gets for B's object when the view
    checks the scope before the role (404 says no more than 403), per role."""

    def __init__(self, roles, ok=200, scoped=True, anon='login', deny_other=None):
        self.roles, self.ok, self.scoped, self.anon, self.deny_other = roles, ok, scoped, anon, deny_other or {}

    def expect(self, role, scope, path=''):
        if role == 'anonymous':
            return self.anon
        if role not in self.roles:
            return self.deny_other.get(role, 403) if scope == 'other' else 403
        if '{' not in path:
            return self.ok
        if scope == 'other' and self.scoped and role != 'superadmin':
            return 404
        return self.ok


# (rule, method) -> (path template filled from the world's 'own'/'other' objects, Rule)
SPEC = {
    # portal
    ('/staf/masuk', 'GET'): ('/staf/masuk', Rule(STAFF, anon=200)),
    ('/staf/masuk', 'POST'): ('/staf/masuk', Rule(STAFF, ok=400, anon=400)),
    ('/staf/keluar', 'POST'): ('/staf/keluar', Rule(STAFF, 302)),
    ('/staf/sandi', 'GET'): ('/staf/sandi', Rule(STAFF)),
    ('/staf/sandi', 'POST'): ('/staf/sandi', Rule(STAFF, REFUSED)),
    ('/staf/', 'GET'): ('/staf/', Rule(STAFF)),
    ('/staf/unit', 'GET'): ('/staf/unit', Rule(MANAGERS)),
    ('/staf/unit/baru', 'GET'): ('/staf/unit/baru', Rule(MANAGERS)),
    ('/staf/unit/baru', 'POST'): ('/staf/unit/baru', Rule(MANAGERS, REFUSED)),
    ('/staf/unit/<int:unit_id>', 'GET'): ('/staf/unit/{unit}', Rule(MANAGERS)),
    ('/staf/unit/<int:unit_id>', 'POST'): ('/staf/unit/{unit}', Rule(MANAGERS, SAVED_OR_SHOWN)),
    ('/staf/layanan', 'GET'): ('/staf/layanan', Rule(MANAGERS)),
    ('/staf/layanan/baru', 'GET'): ('/staf/layanan/baru', Rule(MANAGERS)),
    ('/staf/layanan/baru', 'POST'): ('/staf/layanan/baru', Rule(MANAGERS, REFUSED)),
    ('/staf/layanan/<int:layanan_id>', 'GET'): ('/staf/layanan/{layanan}', Rule(MANAGERS)),
    ('/staf/layanan/<int:layanan_id>', 'POST'): ('/staf/layanan/{layanan}', Rule(MANAGERS, 302)),
    ('/staf/pengguna', 'GET'): ('/staf/pengguna', Rule(MANAGERS)),
    ('/staf/pengguna/baru', 'GET'): ('/staf/pengguna/baru', Rule(MANAGERS)),
    ('/staf/pengguna/baru', 'POST'): ('/staf/pengguna/baru', Rule(MANAGERS, REFUSED)),
    ('/staf/pengguna/<int:user_id>', 'GET'): ('/staf/pengguna/{user}', Rule(MANAGERS)),
    ('/staf/pengguna/<int:user_id>', 'POST'): ('/staf/pengguna/{user}', Rule(MANAGERS, 302)),
    ('/staf/audit', 'GET'): ('/staf/audit', Rule(('superadmin',))),
    # survei
    ('/staf/survei/', 'GET'): ('/staf/survei/', Rule(FIGURES)),
    ('/staf/survei/ditandai', 'GET'): ('/staf/survei/ditandai', Rule(MANAGERS)),
    ('/staf/survei/respons/<int:response_id>', 'GET'): ('/staf/survei/respons/{response}', Rule(FIGURES)),
    ('/staf/survei/respons/<int:response_id>/tinjau', 'POST'): ('/staf/survei/respons/{response}/tinjau',
                                                                Rule(MANAGERS, 400)),  # no decision posted
    ('/staf/survei/ekspor.<fmt>', 'GET'): ('/staf/survei/ekspor.csv', Rule(FIGURES)),
    ('/staf/survei/layanan', 'GET'): ('/staf/survei/layanan', Rule(MANAGERS)),
    ('/staf/survei/layanan/<int:layanan_id>/pengaturan', 'POST'): ('/staf/survei/layanan/{layanan}/pengaturan',
                                                                   Rule(MANAGERS, 302)),
    ('/staf/survei/layanan/<int:layanan_id>/qr.<fmt>', 'GET'): ('/staf/survei/layanan/{layanan}/qr.png',
                                                                Rule(MANAGERS)),
    ('/staf/survei/layanan/<int:layanan_id>/poster.pdf', 'GET'): ('/staf/survei/layanan/{layanan}/poster.pdf',
                                                                  Rule(MANAGERS)),
    ('/staf/survei/unit/<int:unit_id>/poster.pdf', 'GET'): ('/staf/survei/unit/{unit}/poster.pdf', Rule(MANAGERS)),
    ('/staf/survei/pengguna-layanan', 'GET'): ('/staf/survei/pengguna-layanan', Rule(MANAGERS)),
    ('/staf/survei/pengguna-layanan', 'POST'): ('/staf/survei/pengguna-layanan', Rule(MANAGERS, REFUSED)),
    ('/staf/survei/pengguna-layanan/<int:count_id>/hapus', 'POST'): (
        '/staf/survei/pengguna-layanan/{users_count}/hapus', Rule(MANAGERS, 302)),
    ('/staf/survei/impor', 'GET'): ('/staf/survei/impor', Rule(MANAGERS)),
    ('/staf/survei/impor', 'POST'): ('/staf/survei/impor', Rule(MANAGERS, ok=400)),
    ('/staf/survei/kuesioner', 'GET'): ('/staf/survei/kuesioner', Rule(('superadmin',))),
    ('/staf/survei/kuesioner/<kind>', 'GET'): ('/staf/survei/kuesioner/ipkp', Rule(('superadmin',))),
    ('/staf/survei/kuesioner/<kind>', 'POST'): ('/staf/survei/kuesioner/ipkp', Rule(('superadmin',), 422)),  # empty
    # pengaduan
    ('/staf/pengaduan/', 'GET'): ('/staf/pengaduan/', Rule(READERS)),
    ('/staf/pengaduan/ekspor.<fmt>', 'GET'): ('/staf/pengaduan/ekspor.csv', Rule(READERS)),
    ('/staf/pengaduan/<int:complaint_id>', 'GET'): ('/staf/pengaduan/{complaint}', Rule(READERS)),
    ('/staf/pengaduan/<int:complaint_id>/transisi', 'POST'): ('/staf/pengaduan/{complaint}/transisi',
                                                              Rule(HANDLERS, NO_ONCE)),
    ('/staf/pengaduan/<int:complaint_id>/catatan', 'POST'): ('/staf/pengaduan/{complaint}/catatan',
                                                             Rule(HANDLERS, NO_ONCE)),
    ('/staf/pengaduan/<int:complaint_id>/petugas', 'POST'): ('/staf/pengaduan/{complaint}/petugas',
                                                             Rule(HANDLERS, 302)),
    ('/staf/pengaduan/<int:complaint_id>/lampiran/<int:attachment_id>', 'GET'): (
        '/staf/pengaduan/{complaint}/lampiran/{attachment}', Rule(READERS)),
    ('/staf/pengaduan/cuti-bersama', 'GET'): ('/staf/pengaduan/cuti-bersama', Rule(('superadmin',))),
    ('/staf/pengaduan/cuti-bersama', 'POST'): ('/staf/pengaduan/cuti-bersama', Rule(('superadmin',), REFUSED)),
    ('/staf/pengaduan/cuti-bersama/<int:item_id>/hapus', 'POST'): ('/staf/pengaduan/cuti-bersama/{cuti}/hapus',
                                                                   Rule(('superadmin',), 302)),
    # wbs (the team is office-wide: a member reads reports about any unit)
    ('/staf/wbs/', 'GET'): ('/staf/wbs/', Rule(WBS, scoped=False)),
    ('/staf/wbs/laporan/<int:report_id>', 'GET'): ('/staf/wbs/laporan/{report}', Rule(WBS, scoped=False)),
    ('/staf/wbs/laporan/<int:report_id>/berkas/<int:file_id>', 'GET'): (
        '/staf/wbs/laporan/{report}/berkas/{wbs_file}', Rule(WBS, scoped=False)),
    ('/staf/wbs/laporan/<int:report_id>/status', 'POST'): ('/staf/wbs/laporan/{report}/status',
                                                           Rule(WBS, 302, scoped=False)),
    ('/staf/wbs/laporan/<int:report_id>/<any(pesan, catatan):kind>', 'POST'): (
        '/staf/wbs/laporan/{report}/catatan', Rule(WBS, NO_ONCE, scoped=False)),
    ('/staf/wbs/laporan/<int:report_id>/<any(bagikan, kecualikan):action>', 'POST'): (
        '/staf/wbs/laporan/{report}/bagikan', Rule(WBS, 302, scoped=False)),
    ('/staf/wbs/laporan/<int:report_id>/batalkan-pengecualian', 'POST'): (  # the empty form: refused, shown again
        '/staf/wbs/laporan/{report}/batalkan-pengecualian', Rule(WBS, REFUSED, scoped=False)),
    ('/staf/wbs/kunci', 'POST'): ('/staf/wbs/kunci', Rule(WBS, 302, scoped=False)),
    ('/staf/wbs/anggota/<int:member_id>/terima', 'POST'): (  # the empty form: "tick to confirm", nothing changes
        '/staf/wbs/anggota/{wbs_member}/terima', Rule(WBS, 302, scoped=False)),
    ('/staf/wbs/siapkan', 'GET'): ('/staf/wbs/siapkan', Rule(WBS, 302, scoped=False)),
    ('/staf/wbs/siapkan', 'POST'): ('/staf/wbs/siapkan', Rule(WBS, 302, scoped=False)),
    ('/staf/wbs/buka', 'GET'): ('/staf/wbs/buka', Rule(WBS, scoped=False)),
    ('/staf/wbs/buka', 'POST'): ('/staf/wbs/buka', Rule(WBS, 401, scoped=False)),  # the empty form: refused
    ('/staf/wbs/pulihkan', 'GET'): ('/staf/wbs/pulihkan', Rule(WBS, scoped=False)),
    ('/staf/wbs/pulihkan', 'POST'): ('/staf/wbs/pulihkan', Rule(WBS, 401, scoped=False)),
    ('/staf/wbs/verifikasi', 'GET'): ('/staf/wbs/verifikasi', Rule(WBS, scoped=False)),
    ('/staf/wbs/verifikasi', 'POST'): ('/staf/wbs/verifikasi', Rule(WBS, scoped=False)),
    # analytics (the unit is a query argument)
    ('/staf/analitik/', 'GET'): ('/staf/analitik/' + Q, Rule(FIGURES, 302, scoped=False)),
    ('/staf/analitik/dasbor', 'GET'): ('/staf/analitik/dasbor' + Q, Rule(FIGURES)),
    ('/staf/analitik/hasil', 'GET'): ('/staf/analitik/hasil' + Q, Rule(FIGURES)),
    ('/staf/analitik/hasil/isian', 'GET'): ('/staf/analitik/hasil/isian' + Q, Rule(MANAGERS)),
    ('/staf/analitik/hasil/isian', 'POST'): ('/staf/analitik/hasil/isian' + Q, Rule(MANAGERS, 302)),
    ('/staf/analitik/hasil.pdf', 'GET'): ('/staf/analitik/hasil.pdf' + Q, Rule(FIGURES)),
    ('/staf/analitik/hasil.xlsx', 'GET'): ('/staf/analitik/hasil.xlsx' + Q, Rule(FIGURES)),
    ('/staf/analitik/terbitkan', 'POST'): ('/staf/analitik/terbitkan' + Q, Rule(MANAGERS, 302)),
    ('/staf/analitik/tarik', 'POST'): ('/staf/analitik/tarik' + Q, Rule(MANAGERS, 302)),
    ('/staf/analitik/ringkasan.csv', 'GET'): ('/staf/analitik/ringkasan.csv' + Q, Rule(FIGURES)),
    ('/staf/analitik/laporan.pdf', 'GET'): ('/staf/analitik/laporan.pdf' + Q, Rule(FIGURES)),
    ('/staf/analitik/laporan.pdf', 'POST'): ('/staf/analitik/laporan.pdf' + Q, Rule(FIGURES, 303)),
    # a file built in the background: only its owner sees it; nobody here owns this token
    ('/staf/unduhan/<token>', 'GET'): ('/staf/unduhan/' + '0' * 32, Rule(STAFF, 404, scoped=False)),
    ('/staf/unduhan/<token>/berkas', 'GET'): ('/staf/unduhan/' + '0' * 32 + '/berkas', Rule(STAFF, 404, scoped=False)),
    ('/staf/analitik/laporan.xlsx', 'GET'): ('/staf/analitik/laporan.xlsx' + Q, Rule(FIGURES)),
    ('/staf/analitik/rtl', 'GET'): ('/staf/analitik/rtl' + Q, Rule(FIGURES)),
    ('/staf/analitik/rtl', 'POST'): ('/staf/analitik/rtl' + Q, Rule(MANAGERS, NO_ONCE,
                                                                           deny_other={'pimpinan': 404})),
    ('/staf/analitik/rtl/<int:action_id>', 'POST'): ('/staf/analitik/rtl/{rtl}', Rule(MANAGERS, 302)),
    ('/staf/analitik/rtl/<int:action_id>/hapus', 'POST'): ('/staf/analitik/rtl/{rtl}/hapus', Rule(MANAGERS, 302)),
}

# (rule, method, role, scope) -> why the code is wrong. Each is also run alone as a strict xfail.
WRONG = {}

SCOPES = ('own', 'other')
COOKIE = 'portal_session'


def staff_rules(app):
    """(rule, method) of every route under /staf."""
    out = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith('/staf'):
            out |= {(rule.rule, m) for m in rule.methods - {'HEAD', 'OPTIONS'}}
    return out


def test_every_staff_route_is_in_the_matrix(app):
    missing = sorted(staff_rules(app) - set(SPEC))
    stale = sorted(set(SPEC) - staff_rules(app))
    assert not missing, f'staff routes without an entry in SPEC: {missing}'
    assert not stale, f'SPEC entries for routes that no longer exist: {stale}'


def _signed_in(app, world, role):
    client = app.test_client()
    if role == 'tim_wbs':
        unlock(client, world['member'])
    elif role != 'anonymous':
        login_as(client, world['users'][role])
    return client


def _status(client, response):
    code = response.status_code
    if code == 302 and '/staf/masuk?next=' in response.headers.get('Location', ''):
        return 'login'
    return code


def _matches(got, expected):
    return got in expected if isinstance(expected, tuple) else got == expected


def _check(client, world, key, scope, token):
    path, _rule = SPEC[key]
    url = path.format(**world[scope])
    saved = client.get_cookie(COOKIE)
    response = client.post(url, data={'csrf_token': token}) if key[1] == 'POST' else client.get(url)
    if saved is not None:  # undo sign-outs and locks: each case starts from the same session
        client.set_cookie(COOKIE, saved.value)
    return _status(client, response)


@pytest.mark.parametrize('role', ROLES)
def test_matrix(app, role):
    world = build_world()
    client = _signed_in(app, world, role)
    token = csrf_token(client, '/staf/masuk')
    wrong = []
    for key in sorted(SPEC, key=lambda k: (k[1] == 'POST', k)):  # reads first, then the writes
        for scope in SCOPES:
            if (*key, role, scope) in WRONG:
                continue
            expected = SPEC[key][1].expect(role, scope, SPEC[key][0])
            got = _check(client, world, key, scope, token)
            if not _matches(got, expected):
                wrong.append(f'{key[1]} {key[0]} [{scope}]: expected {expected}, got {got}')
    assert not wrong, f'{role}:\n' + '\n'.join(wrong)


@pytest.mark.parametrize('case', [pytest.param(k, id=' '.join(k), marks=pytest.mark.xfail(strict=True, reason=why))
                                  for k, why in WRONG.items()])
def test_known_wrong(app, case):
    rule, method, role, scope = case
    world = build_world()
    client = _signed_in(app, world, role)
    token = csrf_token(client, '/staf/masuk')
    assert _matches(_check(client, world, (rule, method), scope, token),
                    SPEC[(rule, method)][1].expect(role, scope, SPEC[(rule, method)][0]))


LISTS = {'admin_unit': ('/staf/unit', '/staf/layanan', '/staf/pengguna', '/staf/survei/', '/staf/survei/ditandai',
                        '/staf/survei/ekspor.csv', '/staf/survei/layanan', '/staf/survei/pengguna-layanan',
                        '/staf/pengaduan/', '/staf/pengaduan/ekspor.csv', '/staf/analitik/rtl'),
         'pimpinan': ('/staf/survei/', '/staf/survei/ekspor.csv', '/staf/pengaduan/', '/staf/pengaduan/ekspor.csv'),
         'petugas_pengaduan': ('/staf/pengaduan/', '/staf/pengaduan/ekspor.csv')}
B_MARKERS = ('Layanan B', 'Antrean lama B', 'Saran B', 'Sasaran B', 'Perbaiki B')


@pytest.mark.parametrize('role', sorted(LISTS))
def test_lists_and_exports_hold_only_the_own_unit(app, role):
    """Lists and exports of a unit-bound role never show B's objects, even when asked for B (?unit=B)."""
    world = build_world()
    client = _signed_in(app, world, role)
    for path in LISTS[role]:
        for query in ('', f'?unit={world["other"]["unit"]}'):
            response = client.get(path + query)
            body = response.get_data(as_text=True)
            assert response.status_code in (200, 404), (path + query, response.status_code)
            leaked = [m for m in B_MARKERS if m in body]
            assert not leaked, f'{path}{query} shows {leaked}'
