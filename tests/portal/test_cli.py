"""The command line: units load, layanan load, create-admin, seed-demo."""
from sqlalchemy import func, select

from portal.models import Layanan, Unit, User

UNITS = 'slug,nama,jenis,induk\nkanwil-uji,Kanwil Uji,kanwil,\nkemenag-uji,Kantor Uji,kankemenag,kanwil-uji\n' \
        'kua-uji,KUA Uji,kua,kemenag-uji\n'


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def test_units_load_is_idempotent(runner, db, tmp_path):
    path = _write(tmp_path, 'units.csv', UNITS)
    first = runner.invoke(args=['units', 'load', path])
    assert first.exit_code == 0 and '3 baru, 0 diperbarui' in first.output
    second = runner.invoke(args=['units', 'load', path])
    assert second.exit_code == 0 and '0 baru, 0 diperbarui' in second.output
    kua = db.session.scalar(select(Unit).where(Unit.slug == 'kua-uji'))
    assert kua.parent.slug == 'kemenag-uji' and kua.parent.parent.slug == 'kanwil-uji' and kua.kind == 'kua'


def test_units_load_accepts_children_before_parents(runner, db, tmp_path):
    text = 'slug,nama,jenis,induk\nkua-a,KUA A,kua,kemenag-a\nkemenag-a,Kemenag A,kankemenag,\n'
    assert runner.invoke(args=['units', 'load', _write(tmp_path, 'u.csv', text)]).exit_code == 0
    assert db.session.scalar(select(Unit).where(Unit.slug == 'kua-a')).parent.slug == 'kemenag-a'


def test_bad_unit_rows_are_reported_by_line_and_nothing_loads(runner, db, tmp_path):
    text = ('slug,nama,jenis,induk\nbaik-1,Unit Baik,kanwil,\nBuruk Slug,Nama,kua,\nbaik-2,Unit,planet,\n'
            'baik-3,Unit,kua,hilang\n')
    result = runner.invoke(args=['units', 'load', _write(tmp_path, 'bad.csv', text)])
    assert result.exit_code != 0
    assert ':3: slug tidak valid' in result.output
    assert ':4: jenis harus' in result.output
    assert ':5: induk hilang tidak dikenal' in result.output
    assert db.session.scalar(select(func.count(Unit.id))) == 0


def test_missing_columns_are_reported(runner, tmp_path):
    result = runner.invoke(args=['units', 'load', _write(tmp_path, 'x.csv', 'slug,nama\na,b\n')])
    assert result.exit_code != 0 and 'kolom wajib tidak ada: jenis, induk' in result.output


def test_layanan_load(runner, db, tmp_path):
    runner.invoke(args=['units', 'load', _write(tmp_path, 'units.csv', UNITS)])
    good = _write(tmp_path, 'l.csv', 'unit,slug,nama\nkemenag-uji,legalisir-ijazah,Legalisir Ijazah\n'
                                     'kua-uji,duplikat-buku-nikah,Duplikat Buku Nikah\n')
    assert '2 baru' in runner.invoke(args=['layanan', 'load', good]).output
    assert '0 baru, 0 diperbarui' in runner.invoke(args=['layanan', 'load', good]).output
    bad = _write(tmp_path, 'b.csv', 'unit,slug,nama\nkemenag-uji,rekomendasi,Rekomendasi\nentah,x,Y\n')
    result = runner.invoke(args=['layanan', 'load', bad])
    assert result.exit_code != 0 and ":3: unit 'entah' tidak dikenal" in result.output
    assert db.session.scalar(select(func.count(Layanan.id))) == 2


def test_create_admin_with_options_and_interactively(runner, db):
    result = runner.invoke(args=['create-admin', '--email', 'Admin@Kanwil.test', '--password', 'sandi-kuat-2026'])
    assert result.exit_code == 0
    user = db.session.scalar(select(User))
    assert (user.email, user.role) == ('admin@kanwil.test', 'superadmin')
    result = runner.invoke(args=['create-admin'], input='kedua@kanwil.test\nsandi-kuat-2027\nsandi-kuat-2027\n')
    assert result.exit_code == 0 and db.session.scalar(select(func.count(User.id))) == 2
    weak = runner.invoke(args=['create-admin', '--email', 'x@y.test', '--password', 'pendek'])
    assert weak.exit_code != 0 and 'minimal 10 karakter' in weak.output


def test_seed_demo_builds_the_bengkulu_tree(runner, db):
    result = runner.invoke(args=['seed-demo'])
    assert result.exit_code == 0, result.output
    root = db.session.scalar(select(Unit).where(Unit.parent_id.is_(None)))
    assert root.name == 'Kanwil Kementerian Agama Provinsi Bengkulu'
    names = sorted(u.name for u in root.children)
    assert len(names) == 10 and 'Kantor Kemenag Kota Bengkulu' in names and 'Kantor Kemenag Kabupaten Seluma' in names
    assert all(len(u.layanan) >= 15 for u in root.children)
    assert runner.invoke(args=['seed-demo']).exit_code == 0  # running it again adds nothing
    assert db.session.scalar(select(func.count(Unit.id))) == 11


def test_seed_demo_refuses_a_database_with_an_offices_own_data(runner, db, tmp_path):
    # demo accounts share the README's password: an audit seeded them into a live office's database unasked
    units = 'slug,nama,jenis,induk\nkanwil-lampung,Kanwil Lampung,kanwil,\n'
    assert runner.invoke(args=['units', 'load', _write(tmp_path, 'u.csv', units)]).exit_code == 0
    refused = runner.invoke(args=['seed-demo'])
    assert refused.exit_code != 0 and 'sudah memuat data kantor (1 unit)' in refused.output
    assert '--paksa' in refused.output
    assert db.session.scalar(select(func.count(User.id))) == 0
    assert db.session.scalar(select(func.count(Unit.id))) == 1
    assert runner.invoke(args=['seed-demo', '--paksa']).exit_code == 0
    assert db.session.scalar(select(func.count(Unit.id))) == 12


def _write_bytes(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_semicolon_files_as_excel_saves_them_on_an_indonesian_pc(runner, db, tmp_path):
    """Excel's "CSV" on a PC set to Indonesian separates fields with semicolons, ends lines with CRLF and, as
    "CSV UTF-8", starts with a byte order mark; a name may hold a comma."""
    units = ('slug;nama;jenis;induk\r\nkanwil-uji;Kanwil Uji;kanwil;\r\n'
             'kemenag-uji;Kantor Kemenag Kota Uji, Provinsi Uji;kankemenag;kanwil-uji\r\n')
    for name, data in (('units.csv', units.encode()), ('units-bom.csv', b'\xef\xbb\xbf' + units.encode())):
        result = runner.invoke(args=['units', 'load', _write_bytes(tmp_path, name, data)])
        assert result.exit_code == 0, result.output
    assert 'kolom wajib' not in result.output and '0 baru, 0 diperbarui' in result.output  # the second file: no change
    kemenag = db.session.scalar(select(Unit).where(Unit.slug == 'kemenag-uji'))
    assert (kemenag.name, kemenag.parent.slug) == ('Kantor Kemenag Kota Uji, Provinsi Uji', 'kanwil-uji')
    # a separator inside a name, not quoted: the name would be cut short, so the row is refused and says why
    layanan = b'\xef\xbb\xbfUnit;Slug;Nama\r\nkemenag-uji;legalisir-ijazah;Legalisir Ijazah; Transkrip\r\n'
    cut = runner.invoke(args=['layanan', 'load', _write_bytes(tmp_path, 'layanan.csv', layanan)])
    assert cut.exit_code != 0
    assert ":2: baris ini berisi lebih banyak kolom daripada judulnya (' Transkrip'" in cut.output
    layanan = b'Unit;Slug;Nama;;\r\nkemenag-uji;legalisir-ijazah;"Legalisir Ijazah; Transkrip";;\r\n;;;;\r\n'
    result = runner.invoke(args=['layanan', 'load', _write_bytes(tmp_path, 'layanan.csv', layanan)])
    assert result.exit_code == 0 and '1 baru' in result.output, result.output  # the empty row ";;;;" is skipped
    assert db.session.scalar(select(Layanan.name)) == 'Legalisir Ijazah; Transkrip'
    bad = runner.invoke(args=['layanan', 'load', _write(tmp_path, 'bad.csv', 'unit;slug;nama\nentah;x;Y\n')])
    assert bad.exit_code != 0 and ":2: unit 'entah' tidak dikenal" in bad.output  # rows are still checked


def test_a_mac_csv_loads_and_an_unreadable_header_is_a_message_not_a_traceback(runner, db, tmp_path):
    units = 'slug,nama,jenis,induk\rkanwil-uji,Kanwil Uji,kanwil,\rkemenag-uji,Kemenag Uji,kankemenag,kanwil-uji\r'
    result = runner.invoke(args=['units', 'load', _write(tmp_path, 'mac.csv', units)])
    assert result.exit_code == 0 and '2 baru' in result.output, result.output
    huge = runner.invoke(args=['units', 'load', _write(tmp_path, 'huge.csv', 'x' * 131_073 + '\na,b,kua,\n')])
    assert huge.exit_code != 0 and huge.exception is None or isinstance(huge.exception, SystemExit)
    assert 'baris judul tidak dapat dibaca sebagai CSV: sel terlalu panjang' in huge.output
    assert db.session.scalar(select(func.count(Unit.id))) == 2


def test_the_example_files_in_deploy_load_as_the_readme_says(runner, db):
    import os
    folder = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(__file__))), 'deploy', 'contoh')
    units = runner.invoke(args=['units', 'load', os.path.join(folder, 'units.csv')])
    assert units.exit_code == 0 and 'unit: 4 baru' in units.output, units.output
    layanan = runner.invoke(args=['layanan', 'load', os.path.join(folder, 'layanan.csv')])
    assert layanan.exit_code == 0 and 'layanan: 6 baru' in layanan.output, layanan.output
    assert db.session.scalar(select(Layanan.name).where(Layanan.slug == 'rekomendasi-paspor-umrah')) == \
        'Rekomendasi Paspor Umrah, Haji Khusus'


def test_loader_messages_say_what_to_do(runner, db, tmp_path):
    tab_file = _write(tmp_path, 't.csv', 'slug\tnama\tjenis\tinduk\na\tA\tkua\t\n')
    tabs = runner.invoke(args=['units', 'load', tab_file])
    assert tabs.exit_code != 0 and 'dipisah tab' in tabs.output
    slug_file = _write(tmp_path, 's.csv', 'slug,nama,jenis,induk\nKemenag Mesuji,M,kua,\n')
    slug = runner.invoke(args=['units', 'load', slug_file])
    assert slug.exit_code != 0 and 'misalnya kemenag-kota-metro' in slug.output
    ok = 'slug,nama,jenis,induk\nkanwil-a,A,kanwil,\nkemenag-b,B,kankemenag,kanwil-a\n'
    assert runner.invoke(args=['units', 'load', _write(tmp_path, 'ok.csv', ok)]).exit_code == 0
    cycle = 'slug,nama,jenis,induk\nkanwil-a,A,kanwil,kemenag-b\nkemenag-b,B,kankemenag,kanwil-a\n'
    looped = runner.invoke(args=['units', 'load', _write(tmp_path, 'cycle.csv', cycle)])
    assert looped.exit_code != 0 and 'cycle.csv:2: hubungan induk membentuk lingkaran:' in looped.output
    assert 'kanwil-a' in looped.output and 'kemenag-b' in looped.output
    assert db.session.scalar(select(Unit.parent_id).where(Unit.slug == 'kanwil-a')) is None


def test_a_second_top_unit_is_refused(runner, db, tmp_path):
    # complaints whose filer does not know the unit go to the root: a second root would take some silently
    first = 'slug,nama,jenis,induk\nkanwil-a,A,kanwil,\n'
    assert runner.invoke(args=['units', 'load', _write(tmp_path, 'a.csv', first)]).exit_code == 0
    second = runner.invoke(args=['units', 'load', _write(tmp_path, 'b.csv', first + 'kanwil-dua,Dua,kanwil,\n')])
    assert second.exit_code != 0 and 'b.csv:3: unit teratas sudah ada (kanwil-a)' in second.output
    both = runner.invoke(args=['units', 'load', _write(tmp_path, 'c.csv', 'slug,nama,jenis,induk\nx,X,kanwil,\n')])
    assert both.exit_code != 0 and 'unit teratas sudah ada' in both.output
    assert db.session.scalar(select(func.count(Unit.id))) == 1


def test_a_semicolon_file_missing_a_column_names_only_that_column(runner, tmp_path):
    result = runner.invoke(args=['units', 'load', _write(tmp_path, 'x.csv', 'slug;nama;jenis\na;b;kua\n')])
    assert result.exit_code != 0 and 'kolom wajib tidak ada: induk' in result.output


def test_create_admin_refuses_what_is_no_email_address(runner, db):
    for bad in ('bukan email', '', 'admin@'):
        result = runner.invoke(args=['create-admin', '--email', bad, '--password', 'sandi-kuat-2026'])
        assert result.exit_code != 0 and 'Email tidak sah' in result.output, bad
    assert db.session.scalar(select(func.count(User.id))) == 0


def test_create_admin_asks_everything_in_indonesian(runner, db):
    result = runner.invoke(args=['create-admin'], input='baru@kanwil.test\nsandi-kuat-2026\nsandi-lain-2026\n'
                                                        'sandi-kuat-2026\nsandi-kuat-2026\n')
    assert result.exit_code == 0, result.output
    assert 'Repeat for confirmation' not in result.output and 'Ulangi kata sandi' in result.output
    assert 'tidak sama' in result.output  # the mismatch message too
