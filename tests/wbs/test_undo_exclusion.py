"""Undoing a mistaken exclusion: a member who can open the report lifts it after a confirmation; it is audited, and it
gives no access back: the member reads the report again only once a member with access shares it."""
from portal.models import AuditEvent
from tests.factories import post_form
from tests.wbs.factories import file_report, make_member, unlock
from wbs.models import WbsAccess, WbsExclusion, WbsReport

SECRET = 'Isi laporan yang dibatalkan pengecualiannya'
NOT_EXCLUDED = 'Anggota itu tidak dikecualikan dari laporan ini.'


def _setup(app, client, db):
    """Two reports the first member can open; a second member got report A shared, then was excluded from it."""
    first = make_member('Anggota Pertama')
    file_report(app.test_client(), answers={'apa': SECRET})
    file_report(app.test_client(), answers={'apa': 'Laporan kedua'})
    report, second = db.session.scalars(db.select(WbsReport).order_by(WbsReport.id)).all()
    named = make_member('Anggota Disebut')
    unlock(client, first)
    url = f'/staf/wbs/laporan/{report.id}'
    assert post_form(client, url + '/bagikan', {'s-member_id': named.id}, form_url=url).status_code == 302
    named_client = app.test_client()
    unlock(named_client, named)
    assert SECRET in named_client.get(url).get_data(as_text=True)
    r = post_form(client, url + '/kecualikan', {'x-member_id': named.id, 'x-yakin': '1'}, form_url=url)
    assert r.status_code == 302
    assert named_client.get(url).status_code == 404
    return report, second, named, named_client, url


def _exclusions(db, report_id=None):
    q = db.select(WbsExclusion.report_id, WbsExclusion.member_id)
    if report_id is not None:
        q = q.where(WbsExclusion.report_id == report_id)
    return db.session.execute(q.order_by(WbsExclusion.id)).all()


def _undo_box(page):
    """The exclusion column: the list of excluded members with their undo forms, and its error."""
    start = page.index('id="dikecualikan-judul"')
    return page[start:page.index('</ul>', start)]


def test_undoing_an_exclusion_is_confirmed_audited_and_gives_no_access_back(app, client, db):
    report, _second, named, named_client, url = _setup(app, client, db)
    page = client.get(url).get_data(as_text=True)
    box = _undo_box(page)
    assert 'Anggota Disebut' in box and 'Batalkan pengecualian</button>' in box
    assert f'name="u-member_id" value="{named.id}"' in box and 'name="u-yakin"' in box
    assert 'tidak memberi akses kembali' in box

    # without the confirmation: refused, shown again as a 400 with the reason in the box, nothing changed
    refused = post_form(client, url + '/batalkan-pengecualian', {'u-member_id': named.id}, form_url=url)
    assert refused.status_code == 400
    box = _undo_box(refused.get_data(as_text=True))
    assert 'Centang konfirmasi untuk membatalkan pengecualian anggota ini.' in box and 'role="alert"' in box
    assert 'aria-describedby="undo-error"' in box
    assert _exclusions(db, report.id) == [(report.id, named.id)]

    done = post_form(client, url + '/batalkan-pengecualian', {'u-member_id': named.id, 'u-yakin': 'y'}, form_url=url)
    assert done.status_code == 302 and done.headers['Location'].endswith(url)
    page = client.get(done.headers['Location']).get_data(as_text=True)
    assert 'Pengecualian Anggota Disebut dibatalkan. Ia belum dapat membuka laporan ini' in page
    assert '&#34;Bagikan akses&#34;' in page or '"Bagikan akses"' in page
    assert _exclusions(db, report.id) == []
    assert f'<option value="{named.id}">Anggota Disebut</option>' in page  # it may be shared again
    db.session.expire_all()
    assert db.session.scalar(db.select(WbsAccess).where(WbsAccess.member_id == named.id)) is None
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == 'wbs.exclusion_undone'))
    assert event.object_id == str(report.id) and event.details == {'member': named.user.email}
    assert event.actor_label != named.user.email

    # the member sees the report listed again, but cannot open it: no key until someone shares it
    assert report.number in named_client.get('/staf/wbs/').get_data(as_text=True)
    opened = named_client.get(url)
    assert opened.status_code == 200
    text = opened.get_data(as_text=True)
    assert 'belum dibagikan kepada Anda' in text and SECRET not in text
    assert named_client.get(f'{url}/berkas/1').status_code == 404
    assert post_form(named_client, url + '/catatan', {'text': 'Catatan'}, form_url='/staf/wbs/').status_code == 404

    # shared again through the usual share action: now they read it
    assert post_form(client, url + '/bagikan', {'s-member_id': named.id}, form_url=url).status_code == 302
    assert SECRET in named_client.get(url).get_data(as_text=True)
    actions = [e.action for e in db.session.scalars(db.select(AuditEvent).order_by(AuditEvent.id))]
    undone = actions.index('wbs.exclusion_undone')
    assert actions.index('wbs.exclude') < undone and 'wbs.share' in actions[undone:]


def test_an_excluded_member_cannot_undo_their_own_exclusion(app, client, db):
    report, _second, named, named_client, url = _setup(app, client, db)
    token_page = '/staf/wbs/'  # the excluded member cannot load the report page: the token of another page
    r = post_form(named_client, url + '/batalkan-pengecualian', {'u-member_id': named.id, 'u-yakin': 'y'},
                  form_url=token_page)
    assert r.status_code == 404
    assert _exclusions(db, report.id) == [(report.id, named.id)]
    # nor can a member who sees the report listed but was never given its key
    outsider = make_member('Anggota Tanpa Akses')
    outsider_client = app.test_client()
    unlock(outsider_client, outsider)
    r = post_form(outsider_client, url + '/batalkan-pengecualian', {'u-member_id': named.id, 'u-yakin': 'y'},
                  form_url=token_page)
    assert r.status_code == 404
    assert _exclusions(db, report.id) == [(report.id, named.id)]
    assert db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == 'wbs.exclusion_undone')) is None


def test_forged_member_ids_are_refused_in_indonesian_with_a_400(app, client, db):
    report, second, named, _named_client, url = _setup(app, client, db)
    elsewhere = make_member('Anggota Laporan Lain')
    other_url = f'/staf/wbs/laporan/{second.id}'
    r = post_form(client, other_url + '/kecualikan', {'x-member_id': elsewhere.id, 'x-yakin': '1'}, form_url=other_url)
    assert r.status_code == 302
    first_id = db.session.scalar(db.select(WbsAccess.member_id).where(WbsAccess.report_id == report.id))
    before = _exclusions(db)
    forged = ['abc', '', ' ', '-1', '1.5', '²', '99999999999999999999', str(2 ** 31), '424242',
              str(first_id),  # the member posting: not excluded
              str(elsewhere.id)]  # excluded, but from the other report
    for value in forged:
        r = post_form(client, url + '/batalkan-pengecualian', {'u-member_id': value, 'u-yakin': 'y'}, form_url=url)
        assert r.status_code == 400, (value, r.status_code)
        assert NOT_EXCLUDED in _undo_box(r.get_data(as_text=True)), value
    # a forged id without the confirmation gets the same answer, not a request to confirm
    r = post_form(client, url + '/batalkan-pengecualian', {'u-member_id': 'abc'}, form_url=url)
    assert r.status_code == 400 and NOT_EXCLUDED in r.get_data(as_text=True)
    # the member excluded from this report, posted to the other report's address
    r = post_form(client, other_url + '/batalkan-pengecualian', {'u-member_id': named.id, 'u-yakin': 'y'},
                  form_url=other_url)
    assert r.status_code == 400 and NOT_EXCLUDED in r.get_data(as_text=True)
    # an id in the address that is no report, or not a number: the router's 404
    for address in ('/staf/wbs/laporan/999999/batalkan-pengecualian', '/staf/wbs/laporan/abc/batalkan-pengecualian',
                    '/staf/wbs/laporan/99999999999999999999/batalkan-pengecualian'):
        r = post_form(client, address, {'u-member_id': named.id, 'u-yakin': 'y'}, form_url=url)
        assert r.status_code == 404, address
    assert _exclusions(db) == before
    assert db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == 'wbs.exclusion_undone')) is None


def test_undoing_without_the_csrf_token_is_a_400(app, client, db):
    report, _second, named, _named_client, url = _setup(app, client, db)
    r = client.post(url + '/batalkan-pengecualian', data={'u-member_id': named.id, 'u-yakin': 'y'})
    assert r.status_code == 400
    r = client.post(url + '/batalkan-pengecualian',
                    data={'u-member_id': named.id, 'u-yakin': 'y', 'csrf_token': 'x' * 40})
    assert r.status_code == 400
    assert _exclusions(db, report.id) == [(report.id, named.id)]
