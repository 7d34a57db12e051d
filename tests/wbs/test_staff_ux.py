"""Staff UX audit of the WBS area: the message and the internal note are distinct boxes, an exclusion needs an explicit
confirmation and is listed, the share box tells the truth, and locking the area says so."""
import re

from tests.factories import post_form
from tests.wbs.factories import file_report, make_member, unlock
from wbs.models import WbsExclusion, WbsReport


def _setup(app, client, db):
    first = make_member('Anggota Pertama')
    file_report(app.test_client(), answers={'apa': 'Laporan uji UX'})
    report = db.session.scalar(db.select(WbsReport))
    other = make_member('Anggota Disebut')
    unlock(client, first)
    return report, other, f'/staf/wbs/laporan/{report.id}'


def _section(page, action):
    """The <section> holding the form that posts to `action`."""
    for m in re.finditer(r'<section\b[^>]*>.*?</section>', page, re.S):
        if f'{action}"' in m.group(0):
            return m.group(0)
    raise AssertionError(action)


def test_the_message_and_the_internal_note_are_separate_distinct_boxes(app, client, db):
    _report, _other, url = _setup(app, client, db)
    page = client.get(url).get_data(as_text=True)
    pesan, catatan = _section(page, '/pesan'), _section(page, '/catatan')
    assert pesan != catatan
    assert 'Pesan ke pelapor — pelapor membacanya' in pesan and 'Kirim ke pelapor</button>' in pesan
    assert 'Catatan internal tim — pelapor tidak melihatnya' in catatan
    assert 'Simpan catatan internal</button>' in catatan and 'msg-catatan' in catatan.split('>')[0]
    assert 'msg-catatan' not in pesan.split('>')[0]


def test_an_exclusion_needs_the_confirmation_then_is_listed_and_the_share_box_is_true(app, client, db):
    report, other, url = _setup(app, client, db)
    page = client.get(url).get_data(as_text=True)
    assert 'Saya yakin; anggota ini tidak akan dapat membuka laporan ini' in page
    r = post_form(client, url + '/kecualikan', {'x-member_id': other.id}, form_url=url)
    assert r.status_code == 400
    assert 'Centang konfirmasi' in _section(r.get_data(as_text=True), '/kecualikan')
    assert db.session.scalar(db.select(db.func.count()).select_from(WbsExclusion)) == 0
    r = post_form(client, url + '/kecualikan', {'x-member_id': other.id, 'x-yakin': '1'}, form_url=url)
    assert r.status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert re.search(r'<ul id="dikecualikan"[^>]*><li><span class="member">Anggota Disebut</span>', page)
    assert 'Semua anggota yang siap sudah memiliki akses' not in page
    assert 'Semua anggota siap yang tidak dikecualikan sudah memiliki akses' in page
    assert report.id


def test_locking_the_area_confirms_it(app, client, db):
    _report, _other, url = _setup(app, client, db)
    r = post_form(client, '/staf/wbs/kunci', {}, form_url=url)
    assert r.status_code == 302
    assert 'Area WBS dikunci.' in client.get(r.headers['Location']).get_data(as_text=True)


def test_the_superadmin_hears_while_no_wbs_member_has_set_up_the_area(app, client, db):
    # a fresh install took reports at /wbs/lapor that no one could read until each reporter signed in again
    from tests.factories import login_as
    login_as(client, 'superadmin')
    warning = 'Belum ada anggota tim WBS yang menyiapkan area WBS.'
    assert warning in client.get('/staf/').get_data(as_text=True)
    officer = app.test_client()
    login_as(officer, 'petugas_pengaduan')
    assert warning not in officer.get('/staf/').get_data(as_text=True)
    make_member()
    assert warning not in client.get('/staf/').get_data(as_text=True)


def test_the_authenticator_entry_names_the_office_in_whole_words():
    from wbs.services import authenticator_issuer
    assert authenticator_issuer('Kantor Wilayah Kementerian Agama Provinsi Lampung') == \
        'WBS Kanwil Kemenag Prov. Lampung'
    assert authenticator_issuer('Kantor Kementerian Agama Kabupaten Lampung Selatan') == \
        'WBS Kankemenag Kab. Lampung Selatan'
    long = authenticator_issuer('Badan Perencanaan Pembangunan Daerah Provinsi Nusa Tenggara Timur')
    assert len(long) <= 40 and long == 'WBS Badan Perencanaan Pembangunan Daerah'
