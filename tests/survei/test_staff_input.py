"""Bad input on the survei staff pages (a fuzzing audit's findings): refused with an Indonesian message and a 4xx,
never a 500, and nothing stored is lost or changed. Real HTTP through the app."""
import io
import re
import threading
from html import unescape

from sqlalchemy import func, select

from portal.models import AuditEvent
from survei import services
from survei.models import LayananSurvey, Response, ServiceUserCount
from tests.factories import csrf_token, login_as, make_layanan, make_unit, post_form
from tests.survei.factories import make_response, make_survey

HEADER = 'tanggal,unit,layanan,jenis_kelamin,umur,pendidikan,pekerjaan,u1,u2,u3,u4,u5,u6,u7,u8,u9,saran\n'
SUDAH_RE = re.compile(r'name="sudah" type="hidden" value="([^"]*)"|name="sudah" value="([^"]*)"')


def _count(db):
    return db.session.scalar(select(func.count(Response.id)))


def _row(unit, saran='', umur='41', date='2026-07-15'):
    return f'{date},{unit.slug},legalisir-ijazah,P,{umur},SMA,Wiraswasta,4,4,4,4,4,4,4,4,4,{saran}\n'


def _upload(client, text, **fields):
    data = text.encode('utf-8') if isinstance(text, str) else text
    return post_form(client, '/staf/survei/impor', {'file': (io.BytesIO(data), 'kertas.csv'), **fields},
                     content_type='multipart/form-data')


def _page(response):
    return unescape(response.get_data(as_text=True))


# 1. control characters in a cell

def test_a_nul_in_a_cell_is_a_line_error_and_nothing_is_stored(client, db):
    # PostgreSQL refused the row with a DataError (a 500); the NUL guard only reads form fields, not files
    unit, _layanan = make_survey(slug='legalisir-ijazah')
    login_as(client, 'admin_unit', unit)
    response = _upload(client, HEADER + _row(unit) + _row(unit, saran='ba\x00gus'))
    page = _page(response)
    assert response.status_code == 400
    assert 'baris 3: saran: sel memuat karakter NUL (U+0000)' in page and 'baris 2:' not in page
    assert _count(db) == 0
    assert db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == 'survei.import')) == 0


def test_other_control_characters_are_refused_but_tab_and_line_breaks_are_kept(client, db):
    unit, _layanan = make_survey(slug='legalisir-ijazah')
    login_as(client, 'admin_unit', unit)
    for bad, code in (('\x07', 'U+0007'), ('\x1b', 'U+001B'), ('\x0b', 'U+000B'), ('\x7f', 'U+007F')):
        response = _upload(client, HEADER + _row(unit, saran=f'"lama{bad}sekali"'))
        assert response.status_code == 400, code
        assert f'baris 2: saran: sel memuat karakter kendali {code}' in _page(response)
    response = _upload(client, HEADER + f'2026-07-15,{unit.slug},legalisir\x01-ijazah,P,41,SMA,Wiraswasta,'
                                        '4,4,4,4,4,4,4,4,4,\n')
    assert response.status_code == 400 and 'baris 2: layanan: sel memuat karakter kendali U+0001' in _page(response)
    assert _count(db) == 0
    ok = _upload(client, HEADER + _row(unit, saran='"antre\tlama\r\npetugas ramah"'))
    assert ok.status_code == 302 and db.session.scalar(select(Response.saran)) == 'antre\tlama\r\npetugas ramah'


def test_a_utf16_file_without_its_bom_is_refused_at_its_header(client, db):
    unit, _layanan = make_survey(slug='legalisir-ijazah')
    login_as(client, 'admin_unit', unit)
    response = _upload(client, (HEADER + _row(unit)).encode('utf-16-le'))
    assert response.status_code == 400
    assert 'baris 1: baris judul: sel memuat karakter NUL' in _page(response) and _count(db) == 0


def test_control_characters_in_a_cell_are_refused_by_the_command_too(runner, db, tmp_path):
    unit, _layanan = make_survey(slug='legalisir-ijazah')
    path = tmp_path / 'k.csv'
    path.write_text(HEADER + _row(unit, saran='ba\x00gus'), encoding='utf-8')
    result = runner.invoke(args=['survei', 'import', str(path)])
    assert result.exit_code == 1 and 'k.csv:2: saran: sel memuat karakter NUL' in result.output
    assert _count(db) == 0


# 2. the csv module's errors, in Indonesian

def test_csv_errors_reach_staff_in_indonesian(client, db):
    unit, _layanan = make_survey(slug='legalisir-ijazah')
    login_as(client, 'superadmin')
    huge = _upload(client, HEADER + _row(unit, saran=f'"{"x" * 200_000}"'))
    page = _page(huge)
    assert huge.status_code == 400
    assert 'baris 2: baris tidak dapat dibaca sebagai CSV: sel terlalu panjang (lebih dari 131072 karakter)' in page
    assert 'field larger' not in page and 'field limit' not in page
    lone_cr = _upload(client, HEADER + _row(unit, saran='antre\rlama'))
    page = _page(lone_cr)
    assert lone_cr.status_code == 400
    assert 'baris 2: baris tidak dapat dibaca sebagai CSV: ada karakter CR (pindah baris) di dalam sel' in page
    assert 'new-line' not in page and 'universal-newline' not in page
    assert _count(db) == 0


def test_a_mac_csv_with_carriage_returns_only_imports_and_a_huge_header_is_a_line_error(client, db):
    # Excel's "CSV (Macintosh)" ends lines with CR alone: it was a 500 (csv.Error in choosing the delimiter)
    unit, _layanan = make_survey(slug='legalisir-ijazah')
    login_as(client, 'superadmin')
    mac = _upload(client, (HEADER + _row(unit) + _row(unit, umur='52')).replace('\n', '\r'))
    assert mac.status_code == 302 and _count(db) == 2
    huge = _upload(client, 'x' * 131_073 + '\n' + _row(unit))
    page = _page(huge)
    assert huge.status_code == 400
    assert 'baris 1: baris judul tidak dapat dibaca sebagai CSV: sel terlalu panjang (lebih dari 131072' in page
    assert _count(db) == 2


def test_long_or_foreign_cells_are_quoted_short_and_explained_in_indonesian(client, db):
    unit, _layanan = make_survey(slug='legalisir-ijazah')
    login_as(client, 'admin_unit', unit)
    rows = (_row(unit, umur='²') + _row(unit, umur='٣٥') + _row(unit, umur='9' * 5000)
            + f'2026-07-15,{"k" * 5000},,P,41,SMA,{"w" * 5000},4,4,4,4,4,4,4,4,4,\n')
    response = _upload(client, HEADER + rows)
    page = _page(response)
    assert response.status_code == 400
    for line in (2, 3, 4):
        assert f'baris {line}: umur harus bilangan bulat 10 sampai 110' in page
    assert "baris 5: unit tidak dikenal: 'kkkk" in page and "baris 5: pekerjaan tidak dikenal: 'wwww" in page
    assert 'invalid literal' not in page and 'Exceeds the limit' not in page
    assert 'k' * 100 not in page and 'w' * 100 not in page and '9' * 100 not in page
    assert _count(db) == 0


# 3. the same file twice

def test_the_same_file_is_imported_once_unless_the_uploader_says_so(client, db):
    unit, _layanan = make_survey(slug='legalisir-ijazah')
    login_as(client, 'admin_unit', unit)
    text = HEADER + _row(unit) + _row(unit, saran='Bagus')
    assert _upload(client, text).status_code == 302 and _count(db) == 2
    first = db.session.scalar(select(AuditEvent).where(AuditEvent.action == 'survei.import'))
    assert first.object_type == 'survei_impor' and len(first.object_id) == 64 and first.details['rows'] == 2
    assert 'name="impor_ulang"' not in client.get('/staf/survei/impor').get_data(as_text=True)

    again = _upload(client, text)
    page = _page(again)
    assert again.status_code == 409 and _count(db) == 2
    day = services.office_time(first.at)
    assert f'Berkas ini sudah pernah diimpor pada {day:%Y-%m-%d %H:%M} (2 respons)' in page
    assert 'Impor tetap, saya tahu berkas ini sudah pernah diimpor' in page and 'name="impor_ulang"' in page
    sudah = next(filter(None, SUDAH_RE.search(page).groups()))
    assert sudah == str(first.id)

    forged = _upload(client, text, impor_ulang='y', sudah='²')  # ticked, but not after seeing the earlier import
    assert forged.status_code == 409 and _count(db) == 2
    on_purpose = _upload(client, text, impor_ulang='y', sudah=sudah)
    assert on_purpose.status_code == 302 and _count(db) == 4
    repeat = db.session.scalars(select(AuditEvent).where(AuditEvent.action == 'survei.import')
                                .order_by(AuditEvent.id)).all()
    assert [e.object_id for e in repeat] == [first.object_id] * 2 and repeat[1].details['ulang'] is True
    twice = _upload(client, text, impor_ulang='y', sudah=sudah)  # the deliberate re-import's POST, sent again
    assert twice.status_code == 409 and _count(db) == 4
    assert next(filter(None, SUDAH_RE.search(_page(twice)).groups())) == str(repeat[1].id)
    other = _upload(client, text + _row(unit, saran='lain'))  # a different file
    assert other.status_code == 302 and _count(db) == 7


def test_a_double_click_on_import_stores_once(app, client, db, monkeypatch):
    # both requests parse the file, then meet before either writes: the second must wait and find the first import
    unit, _layanan = make_survey(slug='legalisir-ijazah')
    user = login_as(client, 'admin_unit', unit)
    other = app.test_client()
    login_as(other, user)
    text = HEADER + _row(unit) * 3
    parse, meet = services.parse_csv, threading.Barrier(2, timeout=20)

    def parse_then_wait(*args, **kw):
        result = parse(*args, **kw)
        meet.wait()
        return result
    monkeypatch.setattr(services, 'parse_csv', parse_then_wait)
    tokens = [csrf_token(c, '/staf/survei/impor') for c in (client, other)]
    codes = []

    def send(c, token):
        codes.append(c.post('/staf/survei/impor', data={'file': (io.BytesIO(text.encode()), 'k.csv'),
                                                        'csrf_token': token},
                            content_type='multipart/form-data').status_code)
    threads = [threading.Thread(target=send, args=pair) for pair in zip((client, other), tokens, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(codes) == [302, 409]
    assert _count(db) == 3


def test_the_command_refuses_a_file_the_upload_page_imported(client, runner, db, tmp_path):
    unit, _layanan = make_survey(slug='legalisir-ijazah')
    login_as(client, 'admin_unit', unit)
    text = HEADER + _row(unit)
    assert _upload(client, '\ufeff' + text).status_code == 302  # the BOM is not part of the content
    path = tmp_path / 'k.csv'
    path.write_text(text, encoding='utf-8')
    result = runner.invoke(args=['survei', 'import', str(path)])
    assert result.exit_code == 1 and 'k.csv: berkas yang sama sudah pernah diimpor pada' in result.output
    assert '--impor-ulang' in result.output and _count(db) == 1
    again = runner.invoke(args=['survei', 'import', str(path), '--impor-ulang'])  # on purpose: stored again
    assert again.exit_code == 0 and '1 respons diimpor' in again.output and _count(db) == 2
    assert runner.invoke(args=['survei', 'import', str(path)]).exit_code == 1 and _count(db) == 2


# 4. review decisions

def test_a_review_with_anything_but_the_two_buttons_changes_nothing(client, db):
    unit = make_unit()
    included = make_response(unit, flags='cepat', counted=True)
    pending = make_response(unit, flags='cepat', counted=False)
    login_as(client, 'admin_unit', unit)
    for r in (included, pending):
        url = f'/staf/survei/respons/{r.id}/tinjau'
        for data in ({'keputusan': 'SERTAKAN'}, {}, {'keputusan': 'ya'}, {'keputusan': ''},
                     {'keputusan': 'keluarkan ', 'catatan': 'x'}):
            response = post_form(client, url, data, form_url=f'/staf/survei/respons/{r.id}')
            assert response.status_code == 400, data
            assert 'Pilih "Sertakan dalam indeks" atau "Keluarkan dari indeks"' in _page(response)
        long_note = post_form(client, url, {'keputusan': 'keluarkan', 'catatan': 'x' * 501},
                              form_url=f'/staf/survei/respons/{r.id}')
        assert long_note.status_code == 400 and 'Catatan paling banyak 500 karakter' in _page(long_note)
    db.session.expire_all()
    assert db.session.get(Response, included.id).counted and not db.session.get(Response, pending.id).counted
    assert db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action.like('survei.response%'))) == 0
    ok = post_form(client, f'/staf/survei/respons/{included.id}/tinjau', {'keputusan': 'keluarkan'},
                   form_url=f'/staf/survei/respons/{included.id}')
    assert ok.status_code == 302
    db.session.expire_all()
    assert not db.session.get(Response, included.id).counted


def test_reviewing_a_response_that_was_never_flagged_is_refused(client, db):
    unit = make_unit()
    clean = make_response(unit)
    login_as(client, 'admin_unit', unit)
    response = post_form(client, f'/staf/survei/respons/{clean.id}/tinjau', {'keputusan': 'keluarkan'},
                         form_url=f'/staf/survei/respons/{clean.id}')
    assert response.status_code == 400 and 'tidak ditandai' in _page(response)
    db.session.expire_all()
    assert db.session.get(Response, clean.id).counted


# the other staff forms

def test_a_service_user_count_in_other_digits_is_refused(client, db):
    unit, layanan = make_survey()
    login_as(client, 'admin_unit', unit)
    data = {'layanan_id': layanan.id, 'period_start': '2026-01-01', 'period_end': '2026-03-31'}
    for count in ('٣٠٠', '3_000', '²', '+300', '9' * 5000, '-1', ''):
        response = post_form(client, '/staf/survei/pengguna-layanan', dict(data, count=count))
        assert response.status_code < 500 and 'disimpan' not in _page(response), count
    assert db.session.scalar(select(func.count(ServiceUserCount.id))) == 0
    page = _page(post_form(client, '/staf/survei/pengguna-layanan', dict(data, count='٣٠٠')))
    assert 'Tulis jumlahnya dengan angka 0-9 saja' in page
    for layanan_id in ('²', '٣', '9' * 30, '-1'):
        response = post_form(client, '/staf/survei/pengguna-layanan', dict(data, layanan_id=layanan_id, count='5'))
        assert response.status_code < 500, layanan_id
    assert db.session.scalar(select(func.count(ServiceUserCount.id))) == 0
    assert post_form(client, '/staf/survei/pengguna-layanan', dict(data, count=' 300 ')).status_code == 302


def test_layanan_settings_take_only_the_checkbox_value(client, db):
    unit, layanan = make_survey()
    db.session.add(LayananSurvey(layanan_id=layanan.id, run_ipkp=True, run_ipak=True))
    db.session.commit()
    login_as(client, 'admin_unit', unit)
    url = f'/staf/survei/layanan/{layanan.id}/pengaturan'
    for data in ({'run_ipkp': 'on', 'run_ipak': '1'}, {'run_ipkp': '1', 'run_ipak': 'ya'}, {'run_ipak': '١'}):
        response = post_form(client, url, data, form_url='/staf/survei/layanan')
        assert response.status_code == 400 and 'Pengaturan survei tidak sah' in _page(response), data
    db.session.expire_all()
    conf = db.session.get(LayananSurvey, layanan.id)
    assert (conf.run_ipkp, conf.run_ipak) == (True, True)
    assert post_form(client, url, {'run_ipak': '1'}, form_url='/staf/survei/layanan').status_code == 302
    db.session.expire_all()
    assert (conf.run_ipkp, conf.run_ipak) == (False, True)


def test_forged_ids_and_filters_on_the_read_pages_are_never_a_500(client, db):
    unit, layanan = make_survey()
    make_response(unit, layanan)
    make_layanan(make_unit())
    login_as(client, 'admin_unit', unit)
    for query in ('unit=²', 'unit=٣', 'layanan=' + '9' * 30, 'hal=²', 'hal=' + '9' * 30, 'hal=-1',
                  'dari=٢٠٢٦-٠١-٠١', 'sampai=2026-02-30', 'status=DITANDAI', 'unit=%00'):
        for url in ('/staf/survei/', '/staf/survei/ditandai', '/staf/survei/ekspor.csv', '/staf/survei/ekspor.xlsx'):
            assert client.get(f'{url}?{query}').status_code in (200, 400), (url, query)
    for url in ('/staf/survei/respons/' + '9' * 30, '/staf/survei/respons/²', '/staf/survei/layanan/0/qr.png',
                f'/staf/survei/layanan/{layanan.id}/qr.gif', '/staf/survei/unit/' + '9' * 12 + '/poster.pdf',
                '/staf/survei/ekspor.pdf'):
        assert client.get(url).status_code == 404, url


# 3. dates a keyboard slip makes: 0001-01-01, 9999-12-31, 2026-02-30

def test_service_user_periods_have_begun_start_after_2000_and_last_a_year_at_most(client, db):
    unit, layanan = make_survey(slug='legalisir-ijazah')
    login_as(client, 'admin_unit', unit)
    url = '/staf/survei/pengguna-layanan'
    base = {'layanan_id': layanan.id, 'count': '120'}
    for start, end, message in (('0001-01-01', '0001-01-31', 'Awal periode harus antara 2000-01-01 dan hari ini'),
                                ('2099-01-01', '2099-12-31', 'Awal periode harus antara 2000-01-01 dan hari ini'),
                                ('2026-01-01', '9999-12-31', 'Satu periode paling panjang satu tahun (366 hari)'),
                                ('2026-02-30', '2026-03-31', 'Tanggal tidak sah.')):
        refused = post_form(client, url, dict(base, period_start=start, period_end=end))
        assert refused.status_code == 400 and message in _page(refused), (start, end)
    assert db.session.scalar(select(func.count(ServiceUserCount.id))) == 0
    leap = post_form(client, url, dict(base, period_start='2024-01-01', period_end='2024-12-31'))
    assert leap.status_code == 302 and db.session.scalar(select(func.count(ServiceUserCount.id))) == 1


def test_a_paper_answer_dated_before_2000_is_a_line_error(client, db):
    unit, _layanan = make_survey(slug='legalisir-ijazah')
    login_as(client, 'admin_unit', unit)
    response = _upload(client, HEADER + _row(unit) + _row(unit, date='0001-01-01'))
    assert response.status_code == 400
    assert "baris 3: tanggal sebelum 2000-01-01: '0001-01-01'" in _page(response) and _count(db) == 0


def test_the_import_command_names_the_line_of_a_file_that_is_not_utf8(runner, db, tmp_path):
    # a cp1252 file gave a UnicodeDecodeError traceback on the command line (the page already said so)
    unit, _layanan = make_survey(slug='legalisir-ijazah')
    path = tmp_path / 'excel.csv'
    path.write_bytes((HEADER + _row(unit, saran='Pelayanan ramah, tidak ada pungutan')
                      + _row(unit, saran='Antrean 30 menit – lama')).encode('cp1252'))
    result = runner.invoke(args=['survei', 'import', str(path)])
    assert result.exit_code == 1 and f'{path}:3: berkas harus CSV UTF-8' in result.output, result.output
    assert 'Traceback' not in result.output and _count(db) == 0
