"""Parsing paper-survey CSV files (no Flask, no database): every row checked, errors kept with their line numbers.

Columns: tanggal,unit,layanan,jenis_kelamin,umur,pendidikan,pekerjaan,u1..u9,saran. The caller passes the known
units and layanan as dicts, so 100,000 rows are validated in memory and then inserted in bulk.

Every message is in Indonesian and quotes at most a short piece of the cell: a file is refused line by line, never
with the csv module's English nor with a 100,000-character cell copied into the error list.
"""
import csv
import io

from portal.ids import EARLIEST
from portal.loaders import csv_delimiter, csv_problem, csv_text
from portal.text import CONTROLS

from .rules import (
    AGE_MAX,
    AGE_MIN,
    SARAN_MAX,
    parse_age,
    parse_education,
    parse_gender,
    parse_iso_date,
    parse_occupation,
    parse_score,
)

UNSUR = tuple(f'u{i}' for i in range(1, 10))
COLUMNS = ('tanggal', 'unit', 'layanan', 'jenis_kelamin', 'umur', 'pendidikan', 'pekerjaan', *UNSUR, 'saran')
REQUIRED = tuple(c for c in COLUMNS if c != 'saran')
# What a cell may not hold: portal.text.CONTROLS, the set typed text is cleaned of. PostgreSQL refuses a NUL in text
# (a 500 on saving), and the XLSX export cannot hold the others; a paper form has none of them, so a cell that does
# comes from a broken or mislabelled file.
SHOWN_MAX = 40  # characters of a cell quoted in a message


def shown(value):
    """A cell as a message quotes it: repr of its first SHOWN_MAX characters."""
    return repr(value[:SHOWN_MAX]) + ('...' if len(value) > SHOWN_MAX else '')


def control_problem(name, value):
    """The message for a cell holding a control character, or None."""
    found = CONTROLS.search(value)
    if found is None:
        return None
    if found.group() == '\x00':
        return f'{name}: sel memuat karakter NUL (U+0000); simpan berkas sebagai CSV UTF-8 biasa'
    return (f'{name}: sel memuat karakter kendali U+{ord(found.group()):04X}; selain tab dan pindah baris, karakter '
            'kendali tidak diizinkan')


def parse_csv(text, units, layanan, today=None):
    """Validate a CSV text. Returns (rows, errors).

    units: {slug: unit_id}; layanan: {(unit_id, slug): layanan_id}. rows are dicts with Response column names
    (unit_id, layanan_id, service_date, gender, age, education, occupation, u1..u9, saran); errors are
    (line, message) pairs, line 1 being the header.
    """
    text = csv_text(text)
    # a comma, or the semicolon Excel writes for "CSV" on a PC set to Indonesian: chosen by the header line
    reader = csv.reader(io.StringIO(text), delimiter=csv_delimiter(text, REQUIRED))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        return [], [(1, 'berkas kosong')]
    except csv.Error as exc:
        return [], [(1, f'baris judul tidak dapat dibaca sebagai CSV: {csv_problem(exc)}')]
    problem = next(filter(None, (control_problem('baris judul', h) for h in header)), None)
    if problem is not None:  # e.g. a UTF-16 file without its BOM: a NUL after every letter
        return [], [(1, problem)]
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
            errors.append((line, f'baris tidak dapat dibaca sebagai CSV: {csv_problem(exc)}'))
            break
        if not any(cell.strip() for cell in raw):
            continue  # blank lines between blocks of a spreadsheet export
        if len(raw) < width:
            raw = raw + [''] * (width - len(raw))
        cell = {name: raw[i].strip() for name, i in index.items()}
        controls = [p for p in (control_problem(name, cell[name]) for name in index) if p]
        row, problems = _row(cell, units, layanan, today)
        problems = controls + problems
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
        elif row['service_date'] < EARLIEST:
            problems.append(f'tanggal sebelum {EARLIEST.isoformat()}: {shown(cell["tanggal"])}')
    except ValueError as exc:
        problems.append(f'{exc}: {shown(cell["tanggal"])}')
    unit_id = units.get(cell['unit'].lower())
    row['unit_id'] = unit_id
    if unit_id is None:
        problems.append(f'unit tidak dikenal: {shown(cell["unit"])}')
    row['layanan_id'] = None
    if cell['layanan']:
        row['layanan_id'] = layanan.get((unit_id, cell['layanan'].lower()))
        if unit_id is not None and row['layanan_id'] is None:
            problems.append(f'layanan {shown(cell["layanan"])} tidak ada di unit {cell["unit"]}')
    for key, column, parse in (('gender', 'jenis_kelamin', parse_gender), ('age', 'umur', _age),
                               ('education', 'pendidikan', parse_education),
                               ('occupation', 'pekerjaan', parse_occupation)):
        row[key] = None
        if parse is not _age and len(cell[column]) > SHOWN_MAX:  # no label is that long; rules' message quotes it
            problems.append(f'{column} tidak dikenal: {shown(cell[column])}')
            continue
        try:
            row[key] = parse(cell[column])
        except ValueError as exc:
            problems.append(str(exc))
    for code in UNSUR:
        try:
            row[code] = parse_score(cell[code])
        except ValueError:
            problems.append(f'{code}: nilai harus 1-4 atau kosong, bukan {shown(cell[code])}')
            row[code] = None
    if not problems and all(row[code] is None for code in UNSUR):
        problems.append('tidak ada unsur yang dijawab')
    saran = cell.get('saran', '')
    if len(saran) > SARAN_MAX:
        problems.append(f'saran lebih dari {SARAN_MAX} karakter')
    row['saran'] = saran or None
    return row, problems


def _age(value):
    """parse_age for ASCII digits only: int() reads '٣٥' as 35 and fails on '²' or 5,000 digits with English text."""
    text = (value or '').strip()
    if text and not (text.isascii() and text.isdigit() and len(text) <= 3):
        raise ValueError(f'umur harus bilangan bulat {AGE_MIN} sampai {AGE_MAX}')
    return parse_age(text)
