"""Parsing paper-survey CSV files (no Flask, no database): every row checked, errors kept with their line numbers.

Columns: tanggal,unit,layanan,jenis_kelamin,umur,pendidikan,pekerjaan,u1..u9,saran. The caller passes the known
units and layanan as dicts, so 100,000 rows are validated in memory and then inserted in bulk.
"""
import csv
import io

from .rules import SARAN_MAX, parse_age, parse_education, parse_gender, parse_iso_date, parse_occupation, parse_score

UNSUR = tuple(f'u{i}' for i in range(1, 10))
COLUMNS = ('tanggal', 'unit', 'layanan', 'jenis_kelamin', 'umur', 'pendidikan', 'pekerjaan', *UNSUR, 'saran')
REQUIRED = tuple(c for c in COLUMNS if c != 'saran')


def parse_csv(text, units, layanan, today=None):
    """Validate a CSV text. Returns (rows, errors).

    units: {slug: unit_id}; layanan: {(unit_id, slug): layanan_id}. rows are dicts with Response column names
    (unit_id, layanan_id, service_date, gender, age, education, occupation, u1..u9, saran); errors are
    (line, message) pairs, line 1 being the header.
    """
    reader = csv.reader(io.StringIO(text.lstrip('\ufeff')))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        return [], [(1, 'berkas kosong')]
    except csv.Error as exc:
        return [], [(1, f'baris judul tidak dapat dibaca sebagai CSV: {exc}')]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        return [], [(1, f'kolom wajib tidak ada: {", ".join(missing)}')]
    index = {name: header.index(name) for name in COLUMNS if name in header}
    width = len(header)
    rows, errors = [], []
    while True:
        line = reader.line_num + 1  # the file line the next record starts on (a quoted cell may span lines)
        try:
            raw = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:  # e.g. a cell over the csv module's field limit: the rest cannot be trusted
            errors.append((line, f'baris tidak dapat dibaca sebagai CSV: {exc}'))
            break
        if not any(cell.strip() for cell in raw):
            continue  # blank lines between blocks of a spreadsheet export
        if len(raw) < width:
            raw = raw + [''] * (width - len(raw))
        cell = {name: raw[i].strip() for name, i in index.items()}
        row, problems = _row(cell, units, layanan, today)
        if problems:
            errors.extend((line, p) for p in problems)
        else:
            rows.append(row)
    return rows, errors


def _row(cell, units, layanan, today):
    problems, row = [], {}
    try:
        row['service_date'] = parse_iso_date(cell['tanggal'])
        if today is not None and row['service_date'] > today:
            problems.append('tanggal setelah hari ini')
    except ValueError as exc:
        problems.append(f'{exc}: {cell["tanggal"]!r}')
    unit_id = units.get(cell['unit'].lower())
    row['unit_id'] = unit_id
    if unit_id is None:
        problems.append(f'unit tidak dikenal: {cell["unit"]!r}')
    row['layanan_id'] = None
    if cell['layanan']:
        row['layanan_id'] = layanan.get((unit_id, cell['layanan'].lower()))
        if unit_id is not None and row['layanan_id'] is None:
            problems.append(f'layanan {cell["layanan"]!r} tidak ada di unit {cell["unit"]}')
    for key, column, parse in (('gender', 'jenis_kelamin', parse_gender), ('age', 'umur', parse_age),
                               ('education', 'pendidikan', parse_education),
                               ('occupation', 'pekerjaan', parse_occupation)):
        try:
            row[key] = parse(cell[column])
        except ValueError as exc:
            problems.append(str(exc))
    for code in UNSUR:
        try:
            row[code] = parse_score(cell[code])
        except ValueError:
            problems.append(f'{code}: nilai harus 1-4 atau kosong, bukan {cell[code]!r}')
            row[code] = None
    if not problems and all(row[code] is None for code in UNSUR):
        problems.append('tidak ada unsur yang dijawab')
    saran = cell.get('saran', '')
    if len(saran) > SARAN_MAX:
        problems.append(f'saran lebih dari {SARAN_MAX} karakter')
    row['saran'] = saran or None
    return row, problems
