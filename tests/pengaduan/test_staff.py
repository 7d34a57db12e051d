"""Staff side: scoping (another unit's complaint is a 404), rahasia identity only for the receiving unit, roles,
inbox filters and sorting, CSV/XLSX export, attachments served only to those allowed."""
import io
from datetime import date

from openpyxl import load_workbook

from pengaduan.models import Attachment
from portal.extensions import db
from tests.factories import login_as, make_user, post_form
from tests.pengaduan.factories import make_complaint, make_tree, walk


def test_staff_of_another_unit_get_404_everywhere(app, client):
    t = make_tree()
    c, _ = make_complaint(t['kota'])
    login_as(client, t['p_seluma'])
    for url in (f'/staf/pengaduan/{c.id}', f'/staf/pengaduan/{c.id}/lampiran/1'):
        assert client.get(url).status_code == 404
    r = post_form(client, f'/staf/pengaduan/{c.id}/catatan', {'note': 'x'}, form_url='/staf/pengaduan/')
    assert r.status_code == 404
    assert c.title not in client.get('/staf/pengaduan/').get_data(as_text=True)


def test_the_parent_unit_sees_its_subtree(app, client):
    t = make_tree()
    c, _ = make_complaint(t['kota'])
    login_as(client, t['p_kanwil'])
    assert client.get(f'/staf/pengaduan/{c.id}').status_code == 200


def test_a_rahasia_identity_is_hidden_from_the_handling_unit(app):
    t = make_tree()
    c, _ = make_complaint(t['kanwil'], privacy='rahasia', email='rahasia@warga.id')
    walk(c, ['verifikasi'], t['p_kanwil'], date(2026, 3, 3), unit=t['kota'])
    handler = app.test_client()
    login_as(handler, t['p_kota'])
    page = handler.get(f'/staf/pengaduan/{c.id}').get_data(as_text=True)
    assert 'Siti Warga' not in page and 'rahasia@warga.id' not in page and 'Dirahasiakan' in page
    assert 'Siti Warga' not in handler.get('/staf/pengaduan/ekspor.csv').get_data(as_text=True)
    receiver = app.test_client()
    login_as(receiver, t['p_kanwil'])
    page = receiver.get(f'/staf/pengaduan/{c.id}').get_data(as_text=True)
    assert 'Siti Warga' in page and 'rahasia@warga.id' in page
    pimpinan = app.test_client()
    login_as(pimpinan, 'pimpinan', t['kanwil'])
    assert 'Siti Warga' not in pimpinan.get(f'/staf/pengaduan/{c.id}').get_data(as_text=True)


def test_pimpinan_reads_but_cannot_act(app, client):
    t = make_tree()
    c, _ = make_complaint(t['kanwil'])
    login_as(client, 'pimpinan', t['kanwil'])
    page = client.get(f'/staf/pengaduan/{c.id}').get_data(as_text=True)
    assert 'Verifikasi dan disposisi' not in page
    r = post_form(client, f'/staf/pengaduan/{c.id}/transisi', {'action': 'tolak', 'note': 'x'},
                  form_url='/staf/pengaduan/')
    assert r.status_code == 403


def test_a_disallowed_step_through_the_web_shows_the_reason(app, client):
    t = make_tree()
    c, _ = make_complaint(t['kanwil'])
    login_as(client, t['p_kanwil'])
    # a forged step, sent with the hidden fields of the page's own forms
    r = post_form(client, f'/staf/pengaduan/{c.id}/transisi', {'action': 'terima'}, form_url=f'/staf/pengaduan/{c.id}')
    assert r.status_code == 400
    assert 'tidak dapat dilakukan oleh staf' in r.get_data(as_text=True)


def test_a_rejection_names_its_reason_and_where_to_go_when_out_of_scope(app, client):
    # domain.md 4: rejected with a reason the complainant sees (unclear, duplicate, out of scope: with where to go)
    t = make_tree()
    c, code = make_complaint(t['kanwil'])
    login_as(client, t['p_kanwil'])
    url = f'/staf/pengaduan/{c.id}/transisi'
    attempts = [({'note': 'Tidak dapat diproses.'}, 'Pilih alasan penolakan.'),
                ({'note': 'Bukan urusan kami.', 'reason': 'di luar kewenangan'}, 'sebutkan ke mana pengadu'),
                ({'note': 'x', 'reason': 'alasan karangan'}, 'Pilih alasan penolakan.')]
    for data, message in attempts:
        r = post_form(client, url, dict(data, action='tolak'), form_url=f'/staf/pengaduan/{c.id}')
        assert r.status_code == 400 and message in r.get_data(as_text=True)
        db.session.refresh(c)
        assert c.status == 'baru'
    r = post_form(client, url, {'action': 'tolak', 'note': 'Soal tanah wakaf.', 'reason': 'di luar kewenangan',
                                'referral': 'Badan Wakaf Indonesia Provinsi Bengkulu'},
                  form_url=f'/staf/pengaduan/{c.id}')
    assert r.status_code == 302
    db.session.refresh(c)
    assert c.status == 'ditolak'
    page = app.test_client().get(f'/pengaduan/lacak/{code}').get_data(as_text=True)
    assert 'Alasan: di luar kewenangan. Soal tanah wakaf. Silakan menghubungi: Badan Wakaf Indonesia Provinsi ' \
           'Bengkulu.' in page


def test_inbox_filters_sorting_and_overdue(app, client):
    t = make_tree()
    old, _ = make_complaint(t['kota'], today=date(2026, 1, 5), title='Pengaduan lama terlambat')
    new, _ = make_complaint(t['seluma'], today=date(2099, 1, 5), title='Pengaduan baru', kind='aspirasi')
    login_as(client, 'superadmin')
    page = client.get('/staf/pengaduan/').get_data(as_text=True)
    assert page.index('Pengaduan lama terlambat') < page.index('Pengaduan baru') and 'terlambat</span>' in page
    page = client.get('/staf/pengaduan/?terlambat=1').get_data(as_text=True)
    assert 'Pengaduan lama terlambat' in page and 'Pengaduan baru<' not in page
    page = client.get('/staf/pengaduan/?kind=aspirasi').get_data(as_text=True)
    assert 'Pengaduan lama' not in page and 'Pengaduan baru' in page
    page = client.get(f'/staf/pengaduan/?unit={t["kota"].id}&dari=2026-01-01&sampai=2026-12-31').get_data(
        as_text=True)
    assert 'Pengaduan lama' in page and 'Pengaduan baru<' not in page
    assert 'SMTP belum dikonfigurasi' in page
    assert new and old


def test_export_csv_and_xlsx(app, client):
    t = make_tree()
    make_complaint(t['kota'], title='=HYPERLINK("http://x")')
    make_complaint(t['kota'], privacy='anonim', title='Tanpa nama')
    login_as(client, t['p_kota'])
    r = client.get('/staf/pengaduan/ekspor.csv')
    text = r.get_data(as_text=True)
    assert r.mimetype == 'text/csv' and 'attachment' in r.headers['Content-Disposition']
    assert "'=HYPERLINK" in text and '(anonim)' in text and 'Siti Warga' in text
    r = client.get('/staf/pengaduan/ekspor.xlsx?status=baru')
    ws = load_workbook(io.BytesIO(r.data)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == 'Nomor' and len(rows) == 3
    assert all(not str(cell).startswith('=') for row in rows for cell in row if cell)


def test_every_export_is_audited_with_who_how_many_and_which_filter(app, client):
    from portal.models import AuditEvent
    t = make_tree()
    make_complaint(t['kota'])
    login_as(client, t['p_kota'])
    r = client.get('/staf/pengaduan/ekspor.csv?status=baru')
    assert r.headers['Content-Type'] == 'text/csv; charset=utf-8'  # once, not twice
    admin = app.test_client()
    admin_user = make_user('admin_unit', t['kota'])
    login_as(admin, admin_user)
    assert admin.get('/staf/survei/ekspor.xlsx').status_code == 200
    events = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action.like('%.exported'))
                                .order_by(AuditEvent.id)).all()
    assert [(e.action, e.actor_id, e.details['format'], e.details['rows']) for e in events] == \
        [('pengaduan.exported', t['p_kota'].id, 'csv', 1), ('survei.exported', admin_user.id, 'xlsx', 0)]
    assert events[0].details['filter'] == {'status': 'baru'}


def test_assignment_and_internal_note_stay_internal(app, client):
    t = make_tree()
    c, code = make_complaint(t['kota'])
    login_as(client, t['p_kota'])
    officer = make_user('petugas_pengaduan', t['kota'], name='Petugas Rahasia')
    post_form(client, f'/staf/pengaduan/{c.id}/petugas', {'officer_id': officer.id}, form_url='/staf/pengaduan/')
    db.session.expire_all()
    assert c.officer_id == officer.id
    public = app.test_client().get(f'/pengaduan/lacak/{code}').get_data(as_text=True)
    assert 'Petugas Rahasia' not in public
    r = post_form(client, f'/staf/pengaduan/{c.id}/petugas', {'officer_id': t['p_seluma'].id},
                  form_url='/staf/pengaduan/')
    assert 'Petugas tidak ditemukan' in client.get(r.headers['Location']).get_data(as_text=True)


def test_an_officer_outside_the_users_own_subtree_cannot_be_assigned_by_a_forged_id(app, client):
    # an audit assigned the Kanwil's officer and the superadmin (no unit) as a Kota officer: the form offers neither
    from pengaduan.models import ComplaintEvent
    t = make_tree()
    c, _code = make_complaint(t['kota'])
    superadmin = make_user('superadmin', None, name='Superadmin Uji')
    login_as(client, t['p_kota'])
    for forged in (t['p_kanwil'].id, superadmin.id):
        r = post_form(client, f'/staf/pengaduan/{c.id}/petugas', {'officer_id': forged}, form_url='/staf/pengaduan/')
        assert 'Petugas tidak ditemukan' in client.get(r.headers['Location']).get_data(as_text=True)
        r = post_form(client, f'/staf/pengaduan/{c.id}/transisi',
                      {'action': 'verifikasi', 'unit_id': t['kota'].id, 'officer_id': forged},
                      form_url=f'/staf/pengaduan/{c.id}')
        assert r.status_code == 400 and 'Petugas tidak ditemukan' in r.get_data(as_text=True)
    db.session.expire_all()
    assert c.officer_id is None and c.status == 'baru'
    assert db.session.scalar(db.select(db.func.count(ComplaintEvent.id)).where(ComplaintEvent.kind == 'penugasan')) == 0
    # the Kanwil assigns its own officer; a Kota officer's disposition to Kota keeps them (not the Kota user's pick)
    kanwil = app.test_client()
    login_as(kanwil, t['p_kanwil'])
    post_form(kanwil, f'/staf/pengaduan/{c.id}/petugas', {'officer_id': t['p_kanwil'].id}, form_url='/staf/pengaduan/')
    r = post_form(client, f'/staf/pengaduan/{c.id}/transisi',
                  {'action': 'verifikasi', 'unit_id': t['kota'].id, 'officer_id': t['p_kanwil'].id},
                  form_url=f'/staf/pengaduan/{c.id}')
    assert r.status_code == 302
    db.session.expire_all()
    assert c.status == 'terverifikasi' and c.officer_id == t['p_kanwil'].id


def test_a_refused_step_keeps_the_typed_note_and_says_why(app, client):
    # a note over 5,000 characters or a forged unit id answered a bare 400 page, and the typed note was lost
    t = make_tree()
    c, _code = make_complaint(t['kota'])
    login_as(client, t['p_kota'])
    url = f'/staf/pengaduan/{c.id}/transisi'
    long_note = 'Sudah dicek ke loket. ' * 240  # 5,280 characters
    r = post_form(client, url, {'action': 'verifikasi', 'unit_id': t['kota'].id, 'note': long_note},
                  form_url=f'/staf/pengaduan/{c.id}')
    html = r.get_data(as_text=True)
    assert r.status_code == 400 and 'Keterangan: ' in html and '5000' in html
    assert long_note.strip()[:200] in html  # the textarea still holds it
    r = post_form(client, url, {'action': 'verifikasi', 'unit_id': 'abc', 'note': 'Catatan saya'},
                  form_url=f'/staf/pengaduan/{c.id}')
    assert r.status_code == 400 and 'Catatan saya' in r.get_data(as_text=True)
    r = post_form(client, url, {'note': 'Catatan saya'}, form_url=f'/staf/pengaduan/{c.id}')
    assert r.status_code == 400 and 'Langkah tidak dikenal; muat ulang halaman ini.' in r.get_data(as_text=True)
    db.session.expire_all()
    assert c.status == 'baru'


def test_cuti_bersama_admin_page(app, client):
    login_as(client, 'superadmin')
    r = post_form(client, '/staf/pengaduan/cuti-bersama', {'day': '2026-03-20', 'name': 'Cuti bersama Idul Fitri'})
    assert r.status_code == 302
    assert '2026-03-20' in client.get('/staf/pengaduan/cuti-bersama').get_data(as_text=True)
    from pengaduan.models import CutiBersama
    from pengaduan.services import calendar
    assert not calendar().is_working_day(date(2026, 3, 20))
    item = db.session.scalar(db.select(CutiBersama))
    url = f'/staf/pengaduan/cuti-bersama/{item.id}/hapus'
    r = post_form(client, url, {}, form_url='/staf/pengaduan/cuti-bersama')
    assert 'Centang konfirmasi' in client.get(r.headers['Location']).get_data(as_text=True)
    assert not calendar().is_working_day(date(2026, 3, 20))  # one click deletes nothing
    post_form(client, url, {'yakin': '1'}, form_url='/staf/pengaduan/cuti-bersama')
    assert calendar().is_working_day(date(2026, 3, 20))
    other = app.test_client()
    login_as(other, 'admin_unit', make_tree()['kota'])
    assert other.get('/staf/pengaduan/cuti-bersama').status_code == 403


def test_a_cuti_day_out_of_range_or_impossible_is_refused_with_its_reason(app, client):
    # an audit stored 0001-01-01 and 9999-12-31; '2026-02-30' answered "Isian ini wajib diisi."
    from pengaduan.deadlines import today_local
    from pengaduan.models import CutiBersama
    login_as(client, 'superadmin')
    url = '/staf/pengaduan/cuti-bersama'
    next_year_end = f'{today_local().year + 1}-12-31'
    for day in ('0001-01-01', '1999-12-31', f'{today_local().year + 2}-01-01', '9999-12-31'):
        page = post_form(client, url, {'day': day, 'name': 'Salah ketik'}, form_url=url)
        html = client.get(page.headers['Location']).get_data(as_text=True) if page.status_code == 302 else \
            page.get_data(as_text=True)
        assert f'harus antara 2000-01-01 dan {next_year_end}' in html, day
    impossible = post_form(client, url, {'day': '2026-02-30', 'name': 'Salah ketik'}, form_url=url)
    html = impossible.get_data(as_text=True)
    assert 'Tanggal tidak sah.' in html and 'wajib diisi' not in html
    assert db.session.scalar(db.select(db.func.count(CutiBersama.id))) == 0
    assert post_form(client, url, {'day': next_year_end, 'name': 'Cuti bersama Natal'}, form_url=url).status_code == 302


def test_attachments_are_served_to_allowed_staff_only(app, client):
    from tests.pengaduan.test_uploads import png_bytes
    t = make_tree()
    c, _ = make_complaint(t['kota'])
    from pengaduan.services import _store_files
    from portal.uploads import inspect
    _store_files(c, [inspect('foto.png', png_bytes())])
    db.session.commit()
    item = db.session.query(Attachment).one()
    login_as(client, t['p_kota'])
    r = client.get(f'/staf/pengaduan/{c.id}/lampiran/{item.id}')
    assert r.status_code == 200 and r.mimetype == 'image/png' and 'attachment' in r.headers['Content-Disposition']
    other = app.test_client()
    login_as(other, t['p_seluma'])
    assert other.get(f'/staf/pengaduan/{c.id}/lampiran/{item.id}').status_code == 404


def test_the_inbox_and_a_complaint_read_in_english(app, client):
    t = make_tree()
    c, _ = make_complaint(t['kota'], privacy='anonim', category='waktu')
    login_as(client, t['p_kota'])
    client.set_cookie('lang', 'en')
    inbox = client.get('/staf/pengaduan/').get_data(as_text=True)
    assert 'Completion time' in inbox and 'Anonymous' in inbox and 'Received' in inbox
    assert 'Waktu penyelesaian' not in inbox and 'Diterima' not in inbox
    detail = client.get(f'/staf/pengaduan/{c.id}').get_data(as_text=True)
    assert 'Completion time' in detail and 'Waktu penyelesaian' not in detail


def _step(client, complaint_id, action, **data):
    url = f'/staf/pengaduan/{complaint_id}'
    return post_form(client, url + '/transisi', {'action': action, **data}, form_url=url)


def test_a_verified_complaint_cannot_be_rejected_from_a_pause_and_a_closed_one_shows_no_pause(app, client):
    t = make_tree()
    login_as(client, t['p_kota'])
    verified, _ = make_complaint(t['kota'], title='Sudah diverifikasi')
    walk(verified, ['verifikasi', 'minta_informasi'], t['p_kota'], date(2026, 3, 3))
    page = client.get(f'/staf/pengaduan/{verified.id}').get_data(as_text=True)
    assert 'value="tolak"' not in page and 'value="lanjutkan"' in page
    r = _step(client, verified.id, 'tolak', reason='tidak jelas', note='Tidak jelas.')
    assert r.status_code == 400 and 'informasi diminta pada status' in r.get_data(as_text=True)
    db.session.expire_all()
    assert verified.status == 'menunggu_informasi'

    fresh, _ = make_complaint(t['kota'], title='Belum diverifikasi')
    walk(fresh, ['minta_informasi'], t['p_kota'], date(2026, 3, 3))
    page = client.get(f'/staf/pengaduan/{fresh.id}').get_data(as_text=True)
    assert 'value="tolak"' in page and 'dihentikan sejak' in page
    r = _step(client, fresh.id, 'tolak', reason='duplikat', note='Sama dengan pengaduan sebelumnya.')
    assert r.status_code == 302
    db.session.expire_all()
    assert (fresh.status, fresh.paused_on, fresh.resume_status) == ('ditolak', None, None)
    assert 'dihentikan sejak' not in client.get(f'/staf/pengaduan/{fresh.id}').get_data(as_text=True)


def test_a_rahasia_identity_stays_hidden_from_the_parent_of_a_kua_it_is_dispositioned_to(app):
    from tests.factories import make_unit
    t = make_tree()
    kua = make_unit('KUA Kecamatan Uji', kind='kua', parent=t['kota'])
    p_kua = make_user('petugas_pengaduan', kua)
    admin_kota = make_user('admin_unit', t['kota'])
    c, _ = make_complaint(kua, privacy='rahasia', email='rahasia@warga.id')
    clients = {}
    for name, user in (('kota', t['p_kota']), ('admin_kota', admin_kota), ('kanwil', t['p_kanwil']), ('kua', p_kua),
                       ('superadmin', make_user('superadmin'))):
        clients[name] = app.test_client()
        login_as(clients[name], user)

    def sees(name):
        page = clients[name].get(f'/staf/pengaduan/{c.id}').get_data(as_text=True)
        assert c.title in page
        csv = clients[name].get('/staf/pengaduan/ekspor.csv').get_data(as_text=True)
        assert ('Siti Warga' in page) == ('rahasia@warga.id' in page) == ('Siti Warga' in csv)
        return 'Siti Warga' in page

    # filed to the KUA: its managers, and those above it who may verify it in its place, see who filed it
    assert sees('kua') and sees('superadmin') and sees('kota') and sees('admin_kota') and sees('kanwil')
    # a Kanwil officer verifies it and dispositions it to the KUA's parent, the Kantor Kemenag Kota
    walk(c, ['verifikasi'], t['p_kanwil'], date(2026, 3, 3), unit=t['kota'])
    assert c.handling_unit_id == t['kota'].id
    assert sees('kanwil') and sees('kua') and sees('superadmin')
    assert not sees('kota') and not sees('admin_kota')  # the handling unit, though the KUA lies in its subtree


def test_verifying_keeps_the_assigned_officer_unless_the_disposition_moves_it_elsewhere(app, client):
    """The verify panel starts with the officer already assigned (it used to start blank, and verifying unchanged
    silently dropped them); disposing to a unit the officer does not work for releases them, said in the history."""
    import re

    from pengaduan.models import Complaint
    t = make_tree()
    c, _code = make_complaint(t['kota'])
    login_as(client, t['p_kota'])
    officer = make_user('petugas_pengaduan', t['kota'], name='Petugas Loket')
    url = f'/staf/pengaduan/{c.id}'
    post_form(client, url + '/petugas', {'officer_id': officer.id}, form_url=url)
    page = client.get(url).get_data(as_text=True)
    verify_panel = page[page.index('value="verifikasi"'):]
    assert re.search(rf'<option selected value="{officer.id}">|<option value="{officer.id}" selected>', verify_panel)
    # the panel as it comes: officer unchanged
    post_form(client, url + '/transisi', {'action': 'verifikasi', 'unit_id': t['kota'].id, 'officer_id': officer.id},
              form_url=url)
    db.session.expire_all()
    assert db.session.get(Complaint, c.id).officer_id == officer.id and c.status == 'terverifikasi'

    d, _code = make_complaint(t['kanwil'])
    login_as(client, t['p_kanwil'])
    kanwil_officer = make_user('petugas_pengaduan', t['kanwil'], name='Petugas Kanwil')
    url = f'/staf/pengaduan/{d.id}'
    post_form(client, url + '/petugas', {'officer_id': kanwil_officer.id}, form_url=url)
    # disposed down to Kemenag Seluma with the Kanwil officer still in the box: a Kanwil officer covers the subtree
    post_form(client, url + '/transisi', {'action': 'verifikasi', 'unit_id': t['seluma'].id,
                                          'officer_id': kanwil_officer.id}, form_url=url)
    db.session.expire_all()
    assert db.session.get(Complaint, d.id).officer_id == kanwil_officer.id

    e, _code = make_complaint(t['kota'])
    login_as(client, t['p_kanwil'])
    url = f'/staf/pengaduan/{e.id}'
    post_form(client, url + '/petugas', {'officer_id': officer.id}, form_url=url)
    post_form(client, url + '/transisi', {'action': 'verifikasi', 'unit_id': t['seluma'].id,
                                          'officer_id': officer.id}, form_url=url)
    db.session.expire_all()
    moved = db.session.get(Complaint, e.id)
    assert moved.officer_id is None and moved.status == 'terverifikasi'
    history = client.get(url).get_data(as_text=True)
    assert 'Penugasan Petugas Loket dilepas: bukan petugas Kemenag Seluma Uji.' in history


def test_the_step_that_opens_by_default_is_the_next_one_not_a_side_path(app, client):
    import re
    t = make_tree()
    c, _ = make_complaint(t['kota'])
    login_as(client, t['p_kota'])
    url = f'/staf/pengaduan/{c.id}'

    def opened():
        page = client.get(url).get_data(as_text=True)
        return re.findall(r'<details class="action" open>\s*<summary>([^<]+)</summary>', page)
    assert opened() == ['Verifikasi dan disposisi']
    walk(c, ['verifikasi'], t['p_kota'], date(2026, 3, 3))
    assert opened() == ['Mulai proses']  # not "Minta informasi tambahan", which comes first in the table
    walk(c, ['proses'], t['p_kota'], date(2026, 3, 3))
    assert opened() == ['Kirim tindak lanjut']


def test_a_reopened_complaint_calls_the_old_follow_up_the_previous_one(app, client):
    t = make_tree()
    c, _ = make_complaint(t['kota'], today=date(2026, 3, 2))
    walk(c, ['verifikasi', 'proses', 'tindak_lanjut'], t['p_kota'], date(2026, 3, 3))
    walk(c, ['bantah'], t['p_kota'], date(2026, 3, 5))  # the complainant is not satisfied: reopened, 5 HK again
    login_as(client, t['p_kota'])
    page = client.get(f'/staf/pengaduan/{c.id}').get_data(as_text=True)
    assert 'tindak lanjut sebelumnya dikirim' in page and '2026-03-03' in page
