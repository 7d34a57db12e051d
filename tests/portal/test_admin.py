"""Admin of units, layanan and users: scoped by role and unit subtree, every change audited."""
import re

from sqlalchemy import select

from portal.models import AuditEvent, Layanan, Unit, User
from tests.factories import login_as, make_layanan, make_unit, make_user, post_form


def _tree():
    root = make_unit('Kanwil', 'kanwil', 'kanwil')
    kaur = make_unit('Kemenag Kaur', 'kemenag-kaur', parent=root)
    kua = make_unit('KUA Kaur Selatan', 'kua-kaur-selatan', 'kua', parent=kaur)
    lebong = make_unit('Kemenag Lebong', 'kemenag-lebong', parent=root)
    return root, kaur, kua, lebong


def test_unit_admin_sees_only_its_subtree(client):
    root, kaur, kua, lebong = _tree()
    login_as(client, 'admin_unit', kaur)
    html = client.get('/staf/unit').get_data(as_text=True)
    assert 'Kemenag Kaur' in html and 'KUA Kaur Selatan' in html
    assert 'Kemenag Lebong' not in html and f'/staf/unit/{root.id}"' not in html
    assert client.get(f'/staf/unit/{kua.id}').status_code == 200
    assert client.get(f'/staf/unit/{lebong.id}').status_code == 404
    assert client.get(f'/staf/unit/{root.id}').status_code == 404
    other = make_layanan(lebong)
    assert client.get(f'/staf/layanan/{other.id}').status_code == 404
    outsider = make_user('petugas_pengaduan', lebong)
    assert client.get(f'/staf/pengguna/{outsider.id}').status_code == 404


def test_roles_without_admin_rights_get_403(client):
    _root, kaur, _kua, _lebong = _tree()
    for role in ('petugas_pengaduan', 'tim_wbs', 'pimpinan'):
        c = client.application.test_client()
        login_as(c, role, kaur)
        for url in ('/staf/unit', '/staf/layanan', '/staf/pengguna', '/staf/unit/baru'):
            assert c.get(url).status_code == 403, (role, url)


def test_anonymous_is_sent_to_login(client):
    response = client.get('/staf/unit')
    assert response.status_code == 302 and '/staf/masuk' in response.headers['Location']


def test_unit_admin_creates_a_kua_under_its_unit_and_it_is_audited(client, db):
    _root, kaur, _kua, lebong = _tree()
    admin = login_as(client, 'admin_unit', kaur)
    data = {'name': 'KUA Nasal', 'slug': 'kua-nasal', 'kind': 'kua', 'parent_id': kaur.id, 'active': 'y'}
    assert post_form(client, '/staf/unit/baru', data).status_code == 302
    unit = db.session.scalar(select(Unit).where(Unit.slug == 'kua-nasal'))
    assert unit.parent_id == kaur.id
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == 'unit.created'))
    assert event.actor_id == admin.id and event.object_id == str(unit.id)
    # another unit's subtree, or no parent at all, is refused
    html = post_form(client, '/staf/unit/baru', dict(data, slug='kua-lain', parent_id=lebong.id),
                     form_url='/staf/unit/baru').get_data(as_text=True)
    assert 'Pilihan tidak sah.' in html or 'cakupan' in html
    assert db.session.scalar(select(Unit).where(Unit.slug == 'kua-lain')) is None


def test_layanan_edit_and_audit(client, db):
    _root, kaur, _kua, _lebong = _tree()
    item = make_layanan(kaur, 'Legalisir', 'legalisir')
    login_as(client, 'admin_unit', kaur)
    data = {'unit_id': kaur.id, 'name': 'Legalisir Ijazah', 'slug': 'legalisir', 'waktu': '1 hari kerja',
            'biaya': 'Gratis', 'active': 'y'}
    assert post_form(client, f'/staf/layanan/{item.id}', data).status_code == 302
    db.session.refresh(item)
    assert (item.name, item.waktu) == ('Legalisir Ijazah', '1 hari kerja')
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == 'layanan.updated'))
    assert event.details['name'] == 'Legalisir Ijazah'
    assert db.session.scalar(select(Layanan).where(Layanan.slug == 'legalisir')).id == item.id


def test_unit_admin_cannot_create_a_superadmin(client, db):
    _root, kaur, _kua, _lebong = _tree()
    login_as(client, 'admin_unit', kaur)
    data = {'name': 'Baru', 'email': 'baru@uji.kemenag.go.id', 'role': 'superadmin', 'unit_id': kaur.id,
            'password': 'sandi-kuat-123', 'active': 'y'}
    post_form(client, '/staf/pengguna/baru', data)
    assert db.session.scalar(select(User).where(User.email == 'baru@uji.kemenag.go.id')) is None
    data['role'] = 'petugas_pengaduan'
    assert post_form(client, '/staf/pengguna/baru', data).status_code == 302
    created = db.session.scalar(select(User).where(User.email == 'baru@uji.kemenag.go.id'))
    assert created.role == 'petugas_pengaduan' and created.password_hash.startswith('$argon2id$')
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == 'user.created')) is not None


def test_audit_log_is_for_the_superadmin(client, db):
    _root, kaur, _kua, _lebong = _tree()
    login_as(client, 'superadmin')
    post_form(client, '/staf/unit/baru', {'name': 'KUA Audit', 'slug': 'kua-audit', 'kind': 'kua',
                                          'parent_id': kaur.id, 'active': 'y'})
    html = client.get('/staf/audit?aksi=unit.').get_data(as_text=True)
    assert 'unit.created' in html and 'kua-audit' in html and 'login' not in html.split('<tbody>')[1]
    # the filters offer what the log holds: each action, its part's prefix, the object types
    choices = html[html.index('<datalist id="aksi-pilihan">'):]
    assert '<option value="unit">' in choices and '<option value="unit.created">' in choices
    assert '<option value="unit">' in html[html.index('<datalist id="objek-pilihan">'):]
    other = client.application.test_client()
    login_as(other, 'admin_unit', kaur)
    assert other.get('/staf/audit').status_code == 403


def test_a_new_user_gets_no_role_and_no_unit_by_default(client, db):
    root, kaur, _kua, _lebong = _tree()
    login_as(client, 'superadmin')
    page = client.get('/staf/pengguna/baru').get_data(as_text=True)
    assert '<option selected value="">— pilih peran —</option>' in page or \
        re.search(r'<select id="role"[^>]*>\s*<option[^>]*value=""[^>]*>— pilih peran —', page)
    base = {'name': 'Petugas Baru', 'email': 'baru@uji.kemenag.go.id', 'password': 'sandi-uji-98765', 'active': 'y'}
    no_role = post_form(client, '/staf/pengguna/baru', dict(base, role='', unit_id=str(kaur.id)))
    assert no_role.status_code == 400 and 'Pilih peran pengguna ini.' in no_role.get_data(as_text=True)
    no_unit = post_form(client, '/staf/pengguna/baru', dict(base, role='petugas_pengaduan', unit_id=''))
    assert no_unit.status_code == 400 and 'Pilih unit pengguna ini' in no_unit.get_data(as_text=True)
    assert db.session.scalar(select(User).where(User.email == base['email'])) is None
    whole = post_form(client, '/staf/pengguna/baru', dict(base, role='pimpinan', unit_id='0'))  # chosen on purpose
    assert whole.status_code == 302
    created = db.session.scalar(select(User).where(User.email == base['email']))
    assert created.role == 'pimpinan' and created.unit_id is None
    # editing keeps the user's own role and unit selected, no blank choice
    edit = client.get(f'/staf/pengguna/{created.id}').get_data(as_text=True)
    assert '— pilih peran —' not in edit and '— pilih unit —' not in edit


def test_a_demo_account_can_be_edited(client, db):
    """The demo's .test addresses are special-use names that email_validator refuses by default."""
    login_as(client, 'superadmin')
    demo = make_user('pimpinan', email='pimpinan@demo.test')
    data = {'name': 'Pimpinan Demo', 'email': demo.email, 'role': 'pimpinan', 'unit_id': '0', 'active': 'y'}
    assert post_form(client, f'/staf/pengguna/{demo.id}', data).status_code == 302
    refused = post_form(client, f'/staf/pengguna/{demo.id}', dict(data, email='bukan-email'))
    assert refused.status_code == 400 and 'Alamat email tidak sah' in refused.get_data(as_text=True)


def test_the_new_user_form_asks_for_a_first_password_and_says_how_long(client):
    from tests.factories import login_as
    login_as(client, 'superadmin')
    new = client.get('/staf/pengguna/baru').get_data(as_text=True)
    assert 'Kata sandi awal' in new and 'Paling sedikit 10 karakter' in new and 'kosongkan bila' not in new
    user = client.get('/staf/pengguna').get_data(as_text=True)
    import re
    edit = re.search(r'href="(/staf/pengguna/\d+)"', user).group(1)
    assert 'kosongkan bila tidak diubah' in client.get(edit).get_data(as_text=True)
