"""CSV loaders for units and layanan: idempotent, all-or-nothing, errors reported with their line numbers."""
import csv
import io
import re

from sqlalchemy import select

from . import audit
from .extensions import db
from .models import UNIT_KINDS, Layanan, LayananAlias, Unit, UnitAlias

SLUG_RE = re.compile(r'^[a-z0-9]+(?:-[a-z0-9]+)*$')
SLUG_HINT = 'huruf kecil, angka dan tanda hubung, misalnya kemenag-kota-metro'


class LoadError(Exception):
    """A file with bad rows; `errors` lists (line, message) and nothing was loaded."""

    def __init__(self, errors):
        super().__init__('; '.join(f'baris {line}: {msg}' for line, msg in errors))
        self.errors = errors


DELIMITERS = (',', ';')


def csv_delimiter(text, columns):
    """The field separator: a comma, or a semicolon, which is what Excel writes for "CSV" on a PC set to Indonesian
    (where the comma is the decimal mark). Chosen by the header line: the one that splits it into more of the required
    columns; a comma when neither does better."""
    first = text.split('\n', 1)[0]

    def found(delimiter):
        try:
            header = next(csv.reader([first], delimiter=delimiter), [])
        except csv.Error:  # a header over the csv module's field limit: the reader that follows says so, per line
            return 0
        return len({h.strip().lower() for h in header} & set(columns))
    return max(DELIMITERS, key=found)  # max keeps the first (the comma) on a tie


def csv_text(text):
    """A CSV file's text as the csv module reads it: without a byte order mark, and with line feeds where the file
    has none at all. Excel's "CSV (Macintosh)" ends every line with a carriage return alone, which the csv module
    takes for a line break inside a cell ("new-line character seen in unquoted field"). In a file that does have line
    feeds, a lone carriage return stays what it is, a stray character in a cell, and the reader refuses that line."""
    text = text.lstrip('\ufeff')
    return text.replace('\r', '\n') if '\n' not in text else text


def csv_problem(exc):
    """Why the csv module could not read a record, in Indonesian (its own messages are English)."""
    text = str(exc)
    if text.startswith('field larger than field limit'):
        return f'sel terlalu panjang (lebih dari {csv.field_size_limit()} karakter)'
    if text.startswith('new-line character seen in unquoted field'):
        return 'ada karakter CR (pindah baris) di dalam sel tanpa tanda kutip'
    if 'NUL' in text:  # Python before 3.11: "line contains NUL"
        return 'baris memuat karakter NUL (berkas mungkin UTF-16, bukan UTF-8)'
    return 'periksa tanda kutip dan pemisah kolomnya'


def read_csv(text, columns):
    """Rows of a CSV text (comma- or semicolon-separated, with or without a byte order mark, any line ending) as
    (line number, dict), after checking the header has the required columns."""
    text = csv_text(text)
    reader = csv.DictReader(io.StringIO(text), delimiter=csv_delimiter(text, columns))
    try:
        header = [h.strip().lower() for h in (reader.fieldnames or [])]
    except csv.Error as exc:
        raise LoadError([(1, f'baris judul tidak dapat dibaca sebagai CSV: {csv_problem(exc)}')]) from None
    missing = [c for c in columns if c not in header]
    if missing:
        hint = ' (kolom berkas ini dipisah tab: simpan sebagai CSV berpemisah koma atau titik koma)' \
            if len(header) == 1 and '\t' in header[0] else ''
        raise LoadError([(1, f'kolom wajib tidak ada: {", ".join(missing)}{hint}')])
    reader.fieldnames = header
    rows, errors = [], []
    try:
        for row in reader:
            extra = [v for v in row.pop(None, None) or () if v.strip()]
            cells = {k: (v or '').strip() for k, v in row.items() if k}
            if extra:  # an unquoted separator in a name: taking the first part alone would shorten it silently
                errors.append((reader.line_num, f'baris ini berisi lebih banyak kolom daripada judulnya ({extra[0]!r} '
                                                'berlebih); apit isian yang memuat pemisah dengan tanda kutip'))
            elif any(cells.values()):  # rows left empty (";;;" from a spreadsheet) are skipped
                rows.append((reader.line_num, cells))
    except csv.Error as exc:  # a field over csv.field_size_limit() (128 KB), a stray quote...
        raise LoadError([(reader.line_num + 1, f'baris tidak dapat dibaca sebagai CSV: {csv_problem(exc)}')]) from None
    if errors:
        raise LoadError(errors)
    return rows


def _too_long(line, column, label, value):
    """A row error when `value` does not fit `column` (a String(n) column), else None."""
    limit = column.type.length
    if limit and len(value) > limit:
        return (line, f'{label} terlalu panjang ({len(value)} karakter, paling banyak {limit})')
    return None


def load_units(text):
    """Create or update units from `slug,nama,jenis,induk` rows; returns (created, updated)."""
    rows = read_csv(text, ('slug', 'nama', 'jenis', 'induk'))
    errors, seen = [], {}
    existing = {u.slug: u for u in db.session.scalars(select(Unit))}
    for line, row in rows:
        slug, induk = row['slug'].lower(), row['induk'].lower()
        if not SLUG_RE.match(slug):
            errors.append((line, f'slug tidak valid: {row["slug"]!r} ({SLUG_HINT})'))
        elif slug in seen:
            errors.append((line, f'slug {slug} sudah muncul di baris {seen[slug]}'))
        if not row['nama']:
            errors.append((line, 'nama kosong'))
        if row['jenis'].lower() not in UNIT_KINDS:
            errors.append((line, f'jenis harus salah satu dari {", ".join(UNIT_KINDS)}'))
        if induk and induk == slug:
            errors.append((line, 'induk tidak boleh unit itu sendiri'))
        errors.extend(e for e in (_too_long(line, Unit.__table__.c.slug, 'slug', slug),
                                  _too_long(line, Unit.__table__.c.name, 'nama', row['nama'])) if e)
        seen.setdefault(slug, line)
    # One office, one tree: the complaint form sends "I don't know which unit" to the root, so a second root would
    # take some of them silently. A file names its root once, the one already there if any.
    roots = [slug for slug, unit in existing.items() if unit.parent_id is None]
    for line, row in rows:
        slug = row['slug'].lower()
        if not row['induk'] and roots and slug not in roots:
            errors.append((line, f'unit teratas sudah ada ({roots[0]}); isi kolom induk dengan slug unit di atasnya'))
        elif not row['induk'] and not roots:
            roots.append(slug)
    renamed = dict(db.session.execute(select(UnitAlias.slug, Unit.slug).join(Unit, Unit.id == UnitAlias.unit_id)).all())
    for line, row in rows:
        slug, induk = row['slug'].lower(), row['induk'].lower()
        if slug in renamed and slug not in existing:  # portal.addresses: an old slug stays its unit's
            errors.append((line, f'slug {slug} adalah alamat lama unit {renamed[slug]}; pakai slug itu'))
        if induk and induk not in seen and induk not in existing:
            hint = f' (alamat lama unit {renamed[induk]})' if induk in renamed else ''
            errors.append((line, f'induk {induk} tidak dikenal{hint}'))
    if errors:
        raise LoadError(sorted(errors))
    created, changed = set(), set()
    for _line, row in rows:  # first pass: create or update without parents, so order in the file does not matter
        slug = row['slug'].lower()
        unit = existing.get(slug)
        if unit is None:
            unit = existing[slug] = Unit(slug=slug, name=row['nama'], kind=row['jenis'].lower(), active=True)
            db.session.add(unit)
            created.add(slug)
        elif (unit.name, unit.kind) != (row['nama'], row['jenis'].lower()):
            unit.name, unit.kind = row['nama'], row['jenis'].lower()
            changed.add(slug)
    db.session.flush()
    for _line, row in rows:
        slug, induk = row['slug'].lower(), row['induk'].lower()
        unit = existing[slug]
        parent_id = existing[induk].id if induk else None
        if unit.parent_id != parent_id:
            unit.parent_id = parent_id
            if slug not in created:
                changed.add(slug)
    db.session.flush()
    _check_acyclic(existing.values(), seen)
    if created or changed:
        audit.record('units.loaded', object_type='unit', details={'created': len(created), 'updated': len(changed)})
    return len(created), len(changed)


def _check_acyclic(units, lines):
    """A LoadError naming the units of a cycle of parents (at the file line of the first of them), if any."""
    parents = {u.id: u.parent_id for u in units}
    slugs = {u.id: u.slug for u in units}
    for start in parents:
        path, node = [], start
        while node is not None:
            if node in path:
                cycle = [slugs[n] for n in path[path.index(node):]]
                line = min((lines[s] for s in cycle if s in lines), default=0)
                raise LoadError([(line, f'hubungan induk membentuk lingkaran: {" -> ".join(cycle + cycle[:1])}')])
            path.append(node)
            node = parents.get(node)


def load_layanan(text):
    """Create or update layanan from `unit,slug,nama` rows; returns (created, updated)."""
    rows = read_csv(text, ('unit', 'slug', 'nama'))
    units = {u.slug: u for u in db.session.scalars(select(Unit))}
    errors, seen = [], {}
    for line, row in rows:
        key = (row['unit'].lower(), row['slug'].lower())
        if key[0] not in units:
            errors.append((line, f'unit {row["unit"]!r} tidak dikenal'))
        if not SLUG_RE.match(key[1]):
            errors.append((line, f'slug tidak valid: {row["slug"]!r} ({SLUG_HINT})'))
        if not row['nama']:
            errors.append((line, 'nama kosong'))
        if key in seen:
            errors.append((line, f'layanan {key[1]} sudah muncul di baris {seen[key]}'))
        errors.extend(e for e in (_too_long(line, Layanan.__table__.c.slug, 'slug', key[1]),
                                  _too_long(line, Layanan.__table__.c.name, 'nama', row['nama'])) if e)
        seen.setdefault(key, line)
    existing = {(item.unit.slug, item.slug): item for item in db.session.scalars(select(Layanan))}
    moved = {(alias.unit_slug, alias.slug): alias.layanan_id for alias in db.session.scalars(select(LayananAlias))}
    for line, row in rows:
        key = (row['unit'].lower(), row['slug'].lower())
        if key in moved and key not in existing:  # portal.addresses: printed posters still lead to that layanan
            now = db.session.get(Layanan, moved[key])
            errors.append((line, f'{key[0]}/{key[1]} adalah alamat survei lama layanan {now.unit.slug}/{now.slug}; '
                                 'pakai alamat itu'))
    if errors:
        raise LoadError(sorted(errors))
    created = updated = 0
    for _line, row in rows:
        key = (row['unit'].lower(), row['slug'].lower())
        item = existing.get(key)
        if item is None:
            db.session.add(Layanan(unit_id=units[key[0]].id, slug=key[1], name=row['nama'], active=True))
            created += 1
        elif item.name != row['nama']:
            item.name = row['nama']
            updated += 1
    db.session.flush()
    if created or updated:
        audit.record('layanan.loaded', object_type='layanan', details={'created': created, 'updated': updated})
    return created, updated
