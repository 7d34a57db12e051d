"""Paper surveys: `flask survei import FILE.csv` and the upload page; all or nothing, errors by line number."""
import csv

from sqlalchemy import func, select

from portal.models import AuditEvent
from survei.models import Response
from tests.factories import login_as, make_layanan, make_unit, post_form
from tests.survei.factories import make_survey

HEADER = 'tanggal,unit,layanan,jenis_kelamin,umur,pendidikan,pekerjaan,u1,u2,u3,u4,u5,u6,u7,u8,u9,saran\n'


def _write(tmp_path, text, name='r.csv'):
    path = tmp_path / name
    path.write_text(text, encoding='utf-8')
    return str(path)


def _count(db):
    return db.session.scalar(select(func.count(Response.id)))


def test_a_good_file_imports_every_row_unflagged(runner, db, tmp_path):
    unit, layanan = make_survey(slug='legalisir-ijazah')
    text = HEADER + (f'2026-07-15,{unit.slug},legalisir-ijazah,P,41,SMA,Wiraswasta,4,3,3,4,4,3,4,3,4,Bagus\n'
                     f'2026-07-16,{unit.slug.upper()},Legalisir-Ijazah,perempuan,,sma,WIRASWASTA,4,,3,4,4,3,4,3,4,\n'
                     f'2026-07-17,{unit.slug},legalisir-ijazah,L,60,D4/S1,PNS/TNI/POLRI,1,2,3,4,1,2,3,4,1,'
                     '"Antre, lama"\n'
                     f'2026-07-18,{unit.slug},,,,,,3,3,3,3,3,3,3,3,3,\n')
    result = runner.invoke(args=['survei', 'import', _write(tmp_path, text)])
    assert result.exit_code == 0, result.output
    assert '4 respons diimpor' in result.output
    rows = db.session.scalars(select(Response).order_by(Response.service_date)).all()
    assert [r.source for r in rows] == ['import'] * 4 and all(r.counted and r.flags is None for r in rows)
    assert (rows[1].gender, rows[1].age, rows[1].education, rows[1].occupation, rows[1].u2) == \
           ('P', None, 'SMA', 'Wiraswasta', None)
    assert rows[2].saran == 'Antre, lama' and rows[2].u1 == 1 and rows[2].gender == 'L'
    assert rows[3].layanan_id is None and rows[0].layanan_id == layanan.id
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == 'survei.import')).details['rows'] == 4


def test_bad_rows_are_reported_by_line_and_nothing_is_imported(runner, db, tmp_path):
    unit, _layanan = make_survey(slug='legalisir-ijazah')
    good = f'2026-07-15,{unit.slug},legalisir-ijazah,P,41,SMA,Wiraswasta,4,4,4,4,4,4,4,4,4,\n'
    text = HEADER + good + (f'2026-07-15,{unit.slug},legalisir-ijazah,P,41,SMA,Wiraswasta,5,4,4,4,4,4,4,4,4,\n'
                            f'15/07/2026,{unit.slug},legalisir-ijazah,X,4,TK,Astronot,4,4,4,4,4,4,4,4,4,\n'
                            + good +
                            f'2026-07-15,kantor-hilang,legalisir-ijazah,P,41,SMA,Wiraswasta,4,4,4,4,4,4,4,4,4,\n'
                            f'2026-07-15,{unit.slug},tidak-ada,P,41,SMA,Wiraswasta,4,4,4,4,4,4,4,4,4,\n'
                            f'2026-07-15,{unit.slug},,P,41,SMA,Wiraswasta,,,,,,,,,,\n')
    result = runner.invoke(args=['survei', 'import', _write(tmp_path, text)])
    assert result.exit_code != 0
    out = result.output
    assert 'r.csv:3: u1: nilai harus 1-4 atau kosong' in out
    assert 'r.csv:4: tanggal harus berformat YYYY-MM-DD' in out and 'r.csv:4: jenis kelamin harus' in out
    assert 'r.csv:4: umur harus' in out and 'r.csv:4: pendidikan tidak dikenal' in out
    assert 'r.csv:4: pekerjaan tidak dikenal' in out
    assert "r.csv:6: unit tidak dikenal: 'kantor-hilang'" in out
    assert "r.csv:7: layanan 'tidak-ada' tidak ada di unit" in out
    assert 'r.csv:8: tidak ada unsur yang dijawab' in out
    assert ':2:' not in out and ':5:' not in out
    assert 'tidak ada respons yang diimpor' in out
    assert _count(db) == 0


def test_missing_columns_are_reported(runner, db, tmp_path):
    result = runner.invoke(args=['survei', 'import', _write(tmp_path, 'tanggal,unit,u1\n2026-01-01,a,4\n')])
    assert result.exit_code != 0 and 'r.csv:1: kolom wajib tidak ada: layanan, jenis_kelamin' in result.output


def test_a_future_date_is_refused(runner, db, tmp_path):
    unit, _l = make_survey(slug='x')
    text = HEADER + f'2999-01-01,{unit.slug},x,P,41,SMA,Wiraswasta,4,4,4,4,4,4,4,4,4,\n'
    result = runner.invoke(args=['survei', 'import', _write(tmp_path, text)])
    assert result.exit_code != 0 and 'tanggal setelah hari ini' in result.output


def test_one_hundred_thousand_rows_import_in_one_go(runner, db, tmp_path):
    # how long it takes is measured by bench/bench_import.py, not here
    unit, _l = make_survey(slug='legalisir-ijazah')
    line = f'2026-03-02,{unit.slug},legalisir-ijazah,L,35,SMA,Wiraswasta,4,3,3,4,3,4,4,3,2,\n'
    result = runner.invoke(args=['survei', 'import', _write(tmp_path, HEADER + line * 100_000)])
    assert result.exit_code == 0, result.output
    assert _count(db) == 100_000


def test_the_upload_page_imports_within_the_admins_scope(client, db):
    unit, _layanan = make_survey(slug='legalisir-ijazah')
    other = make_unit()
    make_layanan(other, slug='legalisir-ijazah')
    login_as(client, 'admin_unit', unit)
    mine = HEADER + f'2026-07-15,{unit.slug},legalisir-ijazah,P,41,SMA,Wiraswasta,4,4,4,4,4,4,4,4,4,\n'
    import io
    ok = post_form(client, '/staf/survei/impor', {'file': (io.BytesIO(mine.encode()), 'kertas.csv')},
                   content_type='multipart/form-data', follow_redirects=True)
    assert '1 respons diimpor' in ok.get_data(as_text=True)
    theirs = HEADER + f'2026-07-15,{other.slug},legalisir-ijazah,P,41,SMA,Wiraswasta,4,4,4,4,4,4,4,4,4,\n'
    bad = post_form(client, '/staf/survei/impor', {'file': (io.BytesIO(theirs.encode()), 'kertas.csv')},
                    content_type='multipart/form-data')
    html = bad.get_data(as_text=True)
    assert 'baris 2' in html and 'unit tidak dikenal' in html and _count(db) == 1


def test_the_upload_page_is_for_managers_only(client, db):
    login_as(client, 'petugas_pengaduan')
    assert client.get('/staf/survei/impor').status_code == 403


def test_a_paper_row_counts_toward_the_ipkp_only_where_the_layanan_runs_it(runner, db, tmp_path):
    # the online form asks no IPKP on a layanan that switched it off (survey_page); the paper import must agree
    from analytics import queries
    from survei.models import LayananSurvey
    unit, off = make_survey(slug='tanpa-ipkp')
    on = make_layanan(unit, slug='dengan-ipkp')
    db.session.add(LayananSurvey(layanan_id=off.id, run_ipkp=False, run_ipak=False))
    db.session.commit()
    row = ',P,41,SMA,Wiraswasta,4,4,4,4,4,4,4,4,4,\n'
    result = runner.invoke(args=['survei', 'import', _write(tmp_path, HEADER + f'2026-07-15,{unit.slug},tanpa-ipkp'
                                                            + row)])
    assert result.exit_code == 0, result.output
    assert queries.perception_summary('ipkp', unit.id, layanan_id=off.id).result.n == 0
    assert queries.perception_summary('ipak', unit.id, layanan_id=off.id).result.n == 0
    assert queries.pool_result(unit.id, layanan_id=off.id).n == 1  # the IKM still counts it
    runner.invoke(args=['survei', 'import', _write(tmp_path, HEADER + f'2026-07-15,{unit.slug},dengan-ipkp' + row)])
    assert queries.perception_summary('ipkp', unit.id, layanan_id=on.id).result.n == 1  # a layanan left as it was
    stored = db.session.scalars(select(Response).order_by(Response.id)).all()
    assert [r.ipkp_questionnaire_id is None for r in stored] == [True, False]
    assert all(r.ipak_questionnaire_id is None for r in stored)  # the paper file holds no IPAK answers


def test_line_numbers_count_file_lines_when_a_cell_spans_several(runner, db, tmp_path):
    # a saran with line breaks inside its quotes is what a spreadsheet exports; the bad row sits on line 5 of the file
    unit, _layanan = make_survey(slug='legalisir-ijazah')
    text = HEADER + (f'2026-07-15,{unit.slug},legalisir-ijazah,P,41,SMA,Wiraswasta,4,4,4,4,4,4,4,4,4,'
                     '"Antre lama.\nPetugas ramah.\nTerima kasih."\n'
                     f'2026-07-15,{unit.slug},legalisir-ijazah,P,41,SMA,Wiraswasta,4,4,4,4,9,4,4,4,4,\n')
    result = runner.invoke(args=['survei', 'import', _write(tmp_path, text)])
    assert result.exit_code != 0
    assert 'r.csv:5: u5: nilai harus 1-4 atau kosong' in result.output and 'r.csv:3:' not in result.output
    assert _count(db) == 0


def test_a_cell_beyond_the_csv_field_limit_is_reported_not_a_crash(runner, client, db, tmp_path):
    unit, _layanan = make_survey(slug='legalisir-ijazah')
    huge = HEADER + f'2026-07-15,{unit.slug},legalisir-ijazah,P,41,SMA,Wiraswasta,4,4,4,4,4,4,4,4,4,"{"x" * 200_000}"\n'
    result = runner.invoke(args=['survei', 'import', _write(tmp_path, huge)])
    assert result.exit_code == 1 and not isinstance(result.exception, csv.Error)
    assert 'r.csv:2: baris tidak dapat dibaca sebagai CSV' in result.output
    login_as(client, 'superadmin')
    import io
    page = post_form(client, '/staf/survei/impor', {'file': (io.BytesIO(huge.encode()), 'kertas.csv')},
                     content_type='multipart/form-data')
    assert page.status_code == 400 and 'tidak dapat dibaca sebagai CSV' in page.get_data(as_text=True)
    assert _count(db) == 0


def test_an_iso_week_date_is_not_a_date_here(runner, db, tmp_path):
    unit, _layanan = make_survey(slug='legalisir-ijazah')
    text = HEADER + f'2026-W29-3,{unit.slug},legalisir-ijazah,P,41,SMA,Wiraswasta,4,4,4,4,4,4,4,4,4,\n'
    result = runner.invoke(args=['survei', 'import', _write(tmp_path, text)])
    assert 'r.csv:2: tanggal harus berformat YYYY-MM-DD' in result.output and _count(db) == 0


def test_a_semicolon_separated_file_from_excel_imports_on_the_page_and_the_command(client, runner, db, tmp_path):
    # Excel on a PC set to Indonesian writes "CSV" with semicolons (the comma is the decimal mark), often with a BOM
    import io
    unit, _layanan = make_survey(slug='legalisir-ijazah')
    text = (HEADER.replace(',', ';')
            + f'2026-07-15;{unit.slug};legalisir-ijazah;P;41;SMA;Wiraswasta;4;3;3;4;4;3;4;3;4;"Antre; lama, ya"\r\n')
    result = runner.invoke(args=['survei', 'import', _write(tmp_path, text)])
    assert result.exit_code == 0, result.output
    assert '1 respons diimpor' in result.output
    assert db.session.scalar(select(Response.saran)) == 'Antre; lama, ya'
    login_as(client, 'admin_unit', unit)
    with_bom = '\ufeff' + text.replace('2026-07-15', '2026-07-16')
    page = post_form(client, '/staf/survei/impor', {'file': (io.BytesIO(with_bom.encode()), 'excel.csv')},
                     content_type='multipart/form-data', follow_redirects=True)
    assert '1 respons diimpor' in page.get_data(as_text=True) and _count(db) == 2


def test_a_comma_file_with_semicolons_in_a_cell_still_reads_as_commas(runner, db, tmp_path):
    unit, _layanan = make_survey(slug='legalisir-ijazah')
    text = '\ufeff' + HEADER + f'2026-07-15,{unit.slug},legalisir-ijazah,P,41,SMA,Wiraswasta,4,4,4,4,4,4,4,4,4,a;b\n'
    result = runner.invoke(args=['survei', 'import', _write(tmp_path, text)])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(Response.saran)) == 'a;b'


def test_the_same_responses_saved_again_another_way_are_known_as_imported(runner, db, tmp_path):
    """Re-saved from Excel with semicolons, CRLF, other letter case and the rows swapped: the same paper responses,
    refused as a second import (the digest is of the rows as read, not of the file's bytes); other rows still go in."""
    unit, _layanan = make_survey(slug='legalisir-ijazah')
    first = HEADER + (f'2026-07-15,{unit.slug},legalisir-ijazah,P,41,SMA,Wiraswasta,4,3,3,4,4,3,4,3,4,Bagus\n'
                      f'2026-07-16,{unit.slug},legalisir-ijazah,L,35,SMA,PNS/TNI/POLRI,3,3,3,3,3,3,3,3,3,\n')
    assert runner.invoke(args=['survei', 'import', _write(tmp_path, first)]).exit_code == 0
    again = HEADER.replace(',', ';').replace('\n', '\r\n') + (
        f'2026-07-16;{unit.slug.upper()};Legalisir-Ijazah;l;35;sma;pns/tni/polri;3;3;3;3;3;3;3;3;3;\r\n'
        f'2026-07-15;{unit.slug};legalisir-ijazah;perempuan;41;SMA;Wiraswasta;4;3;3;4;4;3;4;3;4;"Bagus"\r\n')
    result = runner.invoke(args=['survei', 'import', _write(tmp_path, again, 'lagi.csv')])
    assert result.exit_code != 0 and 'sudah pernah diimpor' in result.output and _count(db) == 2
    other = first.replace('2026-07-16', '2026-07-17')
    assert runner.invoke(args=['survei', 'import', _write(tmp_path, other, 'lain.csv')]).exit_code == 0
    assert _count(db) == 4
