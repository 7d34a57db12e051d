"""Rules of the staff admin pages that guard against lock-out and self-promotion: nobody changes their own role or
deactivates themselves, an active superadmin always remains, only a superadmin gives or takes the tim_wbs role, and
a unit admin edits its own unit's details without moving it."""
from sqlalchemy import select

from portal.models import AuditEvent, Unit, User
from tests.factories import login_as, make_unit, make_user, post_form
from tests.portal.test_admin import _tree  # one tree for both files: Kanwil > Kaur > KUA, and Lebong


def _user_data(user, **over):
    data = {'name': user.name, 'email': user.email, 'role': user.role, 'unit_id': user.unit_id or 0, 'active': 'y'}
    data.update(over)
    return {k: v for k, v in data.items() if v is not None}


def _updates(db, user):
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == 'user.updated',
                                                       AuditEvent.object_id == str(user.id))).all()


# 1. own role, own account, last superadmin

def test_unit_admin_cannot_demote_or_deactivate_itself(client, db):
    _root, kaur, _kua, _lebong = _tree()
    admin = login_as(client, 'admin_unit', kaur)
    url = f'/staf/pengguna/{admin.id}'
    html = post_form(client, url, _user_data(admin, role='pimpinan')).get_data(as_text=True)
    assert 'Anda tidak dapat mengubah peran Anda sendiri.' in html
    html = post_form(client, url, _user_data(admin, active=None)).get_data(as_text=True)
    assert 'Anda tidak dapat menonaktifkan akun Anda sendiri.' in html
    db.session.expire_all()
    admin = db.session.get(User, admin.id)
    assert (admin.role, admin.active) == ('admin_unit', True)
    assert _updates(db, admin) == []
    # editing one's own name still works and is audited
    assert post_form(client, url, _user_data(admin, name='Nama Baru')).status_code == 302
    db.session.expire_all()
    assert db.session.get(User, admin.id).name == 'Nama Baru'
    assert _updates(db, admin)[0].details == {'name': 'Nama Baru'}


def test_last_active_superadmin_cannot_demote_or_deactivate_itself(client, db):
    for old in db.session.scalars(select(User).where(User.role == 'superadmin')):
        old.active = False
    db.session.commit()
    boss = login_as(client, 'superadmin')
    url = f'/staf/pengguna/{boss.id}'
    for data in (_user_data(boss, role='admin_unit', unit_id=make_unit().id), _user_data(boss, active=None)):
        response = post_form(client, url, data)
        assert response.status_code == 400  # refused, the form shown again
        db.session.expire_all()
        assert (db.session.get(User, boss.id).role, db.session.get(User, boss.id).active) == ('superadmin', True)
    assert _updates(db, boss) == []


def test_a_superadmin_may_deactivate_another_superadmin_but_not_itself(client, db):
    for old in db.session.scalars(select(User).where(User.role == 'superadmin')):
        old.active = False
    db.session.commit()
    boss = login_as(client, 'superadmin')
    other = make_user('superadmin')
    # with two active superadmins, the other one may be demoted (and it is audited)
    assert post_form(client, f'/staf/pengguna/{other.id}', _user_data(other, active=None)).status_code == 302
    db.session.expire_all()
    assert db.session.get(User, other.id).active is False
    assert _updates(db, other)[0].details == {'active': False}
    # re-activating it is fine; then the signed-in one is still refused its own demotion
    assert post_form(client, f'/staf/pengguna/{other.id}', _user_data(other)).status_code == 302
    html = post_form(client, f'/staf/pengguna/{boss.id}', _user_data(boss, active=None)).get_data(as_text=True)
    assert 'Anda tidak dapat menonaktifkan akun Anda sendiri.' in html


def test_the_last_active_superadmin_rule_holds_in_the_service(db):
    from portal.operations import ValidationError, save_user
    for old in db.session.scalars(select(User).where(User.role == 'superadmin')):
        old.active = False
    db.session.commit()
    last = make_user('superadmin')
    actor = make_user('superadmin', active=False)  # an inactive actor cannot keep the portal administered
    try:
        save_user(last, _user_data(last, active=False), actor)
    except ValidationError as exc:
        assert 'superadmin aktif' in str(exc)
    else:
        raise AssertionError('the last active superadmin was deactivated')
    db.session.rollback()


# 2. tim_wbs only by a superadmin

def test_unit_admin_cannot_create_or_grant_tim_wbs(client, db):
    _root, kaur, kua, _lebong = _tree()
    admin = login_as(client, 'admin_unit', kaur)
    form = client.get('/staf/pengguna/baru').get_data(as_text=True)
    assert 'value="tim_wbs"' not in form
    data = {'name': 'WBS Kab', 'email': 'wbs-kab@uji.kemenag.go.id', 'role': 'tim_wbs', 'unit_id': kaur.id,
            'password': 'sandi-kuat-123', 'active': 'y'}
    post_form(client, '/staf/pengguna/baru', data)
    assert db.session.scalar(select(User).where(User.email == 'wbs-kab@uji.kemenag.go.id')) is None
    # nor promote an existing user of its subtree
    staff = make_user('petugas_pengaduan', kua)
    post_form(client, f'/staf/pengguna/{staff.id}', _user_data(staff, role='tim_wbs'))
    db.session.expire_all()
    assert db.session.get(User, staff.id).role == 'petugas_pengaduan'
    assert db.session.get(User, admin.id).role == 'admin_unit'


def test_unit_admin_cannot_remove_tim_wbs_but_still_sees_and_edits_such_a_user(client, db):
    _root, kaur, kua, _lebong = _tree()
    wbs = make_user('tim_wbs', kua, name='Anggota WBS')
    login_as(client, 'admin_unit', kaur)
    assert 'Anggota WBS' in client.get('/staf/pengguna').get_data(as_text=True)
    url = f'/staf/pengguna/{wbs.id}'
    html = post_form(client, url, _user_data(wbs, role='pimpinan')).get_data(as_text=True)
    assert 'Hanya superadmin yang dapat memberikan atau mencabut peran Tim WBS.' in html
    db.session.expire_all()
    assert db.session.get(User, wbs.id).role == 'tim_wbs'
    # other fields, with the role kept, still save
    assert post_form(client, url, _user_data(wbs, name='Anggota WBS Kua')).status_code == 302
    db.session.expire_all()
    assert (db.session.get(User, wbs.id).name, db.session.get(User, wbs.id).role) == ('Anggota WBS Kua', 'tim_wbs')


def test_superadmin_creates_a_tim_wbs_user(client, db):
    _root, kaur, _kua, _lebong = _tree()
    login_as(client, 'superadmin')
    data = {'name': 'WBS', 'email': 'wbs-baru@uji.kemenag.go.id', 'role': 'tim_wbs', 'unit_id': kaur.id,
            'password': 'sandi-kuat-123', 'active': 'y'}
    assert post_form(client, '/staf/pengguna/baru', data).status_code == 302
    assert db.session.scalar(select(User).where(User.email == 'wbs-baru@uji.kemenag.go.id')).role == 'tim_wbs'


# 3. a unit admin's own unit

def _unit_data(unit, **over):
    data = {'name': unit.name, 'slug': unit.slug, 'kind': unit.kind, 'parent_id': unit.parent_id or 0,
            'address': unit.address or '', 'head_email': unit.head_email or '', 'maklumat': unit.maklumat or '',
            'active': 'y'}
    data.update(over)
    return data


def test_unit_admin_edits_its_own_unit_but_cannot_move_it(client, db):
    root, kaur, kua, lebong = _tree()
    admin = login_as(client, 'admin_unit', kaur)
    url = f'/staf/unit/{kaur.id}'
    form = client.get(url).get_data(as_text=True)
    assert f'value="{root.id}"' in form and f'value="{lebong.id}"' not in form
    data = _unit_data(kaur, name='Kemenag Kabupaten Kaur', head_email='kepala@kaur.kemenag.go.id')
    assert post_form(client, url, data).status_code == 302
    db.session.expire_all()
    unit = db.session.get(Unit, kaur.id)
    assert (unit.name, unit.head_email, unit.parent_id) == ('Kemenag Kabupaten Kaur', 'kepala@kaur.kemenag.go.id',
                                                            root.id)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == 'unit.updated',
                                                       AuditEvent.object_id == str(kaur.id)))
    assert event.actor_id == admin.id and event.details['name'] == 'Kemenag Kabupaten Kaur'
    # moving it under another unit, or to no parent, is refused
    for parent in (lebong.id, 0, kua.id):
        assert post_form(client, url, _unit_data(unit, parent_id=parent)).status_code == 400
        db.session.expire_all()
        assert db.session.get(Unit, kaur.id).parent_id == root.id
    # units below it are edited as before; a unit outside its subtree is still 404
    assert post_form(client, f'/staf/unit/{kua.id}', _unit_data(kua, name='KUA Kaur Sel.')).status_code == 302
    assert client.get(f'/staf/unit/{lebong.id}').status_code == 404
    assert post_form(client, f'/staf/unit/{lebong.id}', _unit_data(lebong, name='X'),
                     form_url=url).status_code == 404
    assert client.get(f'/staf/unit/{root.id}').status_code == 404
    db.session.expire_all()
    assert db.session.get(Unit, lebong.id).name == 'Kemenag Lebong'


def test_admin_of_the_root_unit_edits_it_without_a_parent(client, db):
    root, _kaur, _kua, _lebong = _tree()
    login_as(client, 'admin_unit', root)
    assert post_form(client, f'/staf/unit/{root.id}', _unit_data(root, name='Kanwil Bengkulu')).status_code == 302
    db.session.expire_all()
    assert (db.session.get(Unit, root.id).name, db.session.get(Unit, root.id).parent_id) == ('Kanwil Bengkulu', None)
