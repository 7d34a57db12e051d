"""Backup and restore: the database (SQLite's online backup API, or pg_dump/pg_restore), the uploads (complaint
attachments and the WBS's encrypted files) and the instance secrets the data needs (the WBS server keys), in one
tar.gz archive with a manifest. The archive holds secrets: keep it as carefully as the server itself."""
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess  # nosec B404
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.engine import make_url

FORMAT = 1
SKIP_INSTANCE = ('config.py', 'README.md')
ARCHIVE_NAME = re.compile(r'^backup-\d{8}-\d{6}\.tar\.gz$')  # create_backup's dated names: sorted by name = by time


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why."""


def _libpq_url(url):
    """The SQLAlchemy URL as a libpq connection string for pg_dump and pg_restore."""
    return make_url(url).set(drivername='postgresql').render_as_string(hide_password=False)


def _sqlite_path(db):
    """The file the engine really opens: Flask-SQLAlchemy puts a relative `sqlite:///x.db` in the instance folder,
    so the configured URL's path (relative to the working directory) would be another, maybe empty, file."""
    return db.engine.url.database


def _instance_secrets(instance_path, db_file):
    """Regular files at the top of instance/ that the data needs (keys), not the database or local config."""
    root = Path(instance_path)
    if not root.is_dir():
        return []
    skip = {os.path.realpath(db_file)} if db_file else set()
    out = []
    for path in sorted(root.iterdir()):
        real = os.path.realpath(path)
        if (path.is_file() and path.name not in SKIP_INSTANCE and real not in skip
                and not path.name.endswith(('.db', '.db-wal', '.db-shm', '.db-journal', '.tar.gz'))):
            out.append(path)
    return out


def create_backup(app, db, out_path):
    """Write a backup archive to out_path (a file, or a folder to put a dated file in); returns the file's path.
    A place that cannot be written is a BackupError saying so, and leaves no partial archive."""
    out = Path(out_path)
    try:
        if out.is_dir() or str(out_path).endswith('/'):
            out.mkdir(parents=True, exist_ok=True)
            out = out / f'backup-{datetime.now(UTC):%Y%m%d-%H%M%S}.tar.gz'
        return _write_backup(app, db, out)
    except OSError as exc:
        if out.is_file() and not out.stat().st_size:
            out.unlink(missing_ok=True)
        raise BackupError(f'Tidak dapat menulis cadangan ke {out}: {exc.strerror or exc}. Periksa foldernya ada dan '
                          'boleh ditulis pengguna layanan.') from None


def _write_backup(app, db, out):
    url = app.config['SQLALCHEMY_DATABASE_URI']
    counts = {t.name: db.session.scalar(select(func.count()).select_from(t)) for t in db.metadata.sorted_tables}
    db.session.rollback()
    with tempfile.TemporaryDirectory() as tmp:
        if url.startswith('sqlite'):
            kind, dump = 'sqlite', Path(tmp) / 'database.sqlite'
            src = sqlite3.connect(_sqlite_path(db))
            dst = sqlite3.connect(dump)
            with dst:
                src.backup(dst)  # consistent online copy, writers may go on
            src.close()
            dst.close()
        elif url.startswith('postgresql'):
            kind, dump = 'postgresql', Path(tmp) / 'database.dump'
            _run(['pg_dump', '--format=custom', '--no-owner', '--no-privileges', f'--file={dump}',
                  f'--dbname={_libpq_url(url)}'])
        else:
            raise BackupError(f'Jenis basis data tidak didukung untuk cadangan: {url.split(":")[0]}')
        manifest = {'format': FORMAT, 'database': kind, 'created': datetime.now(UTC).isoformat(timespec='seconds'),
                    'rows': counts}
        out.parent.mkdir(parents=True, exist_ok=True)
        with tarfile.open(out, 'w:gz') as tar:
            data = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo('manifest.json')
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
            tar.add(dump, arcname=dump.name)
            uploads = Path(app.config['UPLOAD_FOLDER'])
            if uploads.is_dir():
                tar.add(uploads, arcname='uploads')
            for path in _instance_secrets(app.instance_path, _sqlite_path(db) if kind == 'sqlite' else None):
                tar.add(path, arcname=f'instance/{path.name}')
    os.chmod(out, 0o600)
    return out


def prune_backups(folder, keep):
    """Delete all but the `keep` newest archives create_backup named in `folder` (backup-YYYYMMDD-HHMMSS.tar.gz; any
    other file is left alone); returns the deleted paths, oldest first."""
    if keep < 1:
        raise BackupError('Jumlah cadangan yang disimpan harus paling sedikit 1.')
    folder = Path(folder)
    archives = sorted(p for p in folder.iterdir() if ARCHIVE_NAME.match(p.name) and p.is_file() and not p.is_symlink())
    old = archives[:-keep]
    for path in old:
        path.unlink()
    return old


def _run(args):
    # fixed argument lists built here, never a shell
    result = subprocess.run(args, capture_output=True, text=True, check=False)  # noqa: S603  # nosec B603
    if result.returncode:
        raise BackupError(f'{args[0]} gagal: {result.stderr.strip()[-500:]}')
    return result


# tarfile's 'data' filter (Python 3.11.4+, 3.12+) refuses what a data archive has no business holding; Debian 12's
# python3 is 3.11.2, without it: there the members are checked and written out here, with the same refusals.
HAS_DATA_FILTER = hasattr(tarfile, 'data_filter')


def _safe_members(tar):
    """Every member, after refusing any that could write outside the destination or is not a plain file or folder:
    absolute names, '..', links (a backup never holds one, so none is trusted, wherever it points), devices, FIFOs."""
    for member in tar.getmembers():
        name = member.name.replace('\\', '/')
        parts = Path(os.path.normpath(name)).parts
        if (name.startswith('/') or os.path.isabs(name) or not parts or '..' in parts
                or not (member.isfile() or member.isdir())):
            raise BackupError(f'Arsip memuat entri tidak aman: {member.name}')
        yield member


def _extract(tar, dest):
    """Extract the checked members into dest: through the 'data' filter where Python has it, otherwise member by
    member (folders made, regular files copied without their owner, setuid/setgid bits or group/other write)."""
    members = list(_safe_members(tar))
    if HAS_DATA_FILTER:
        tar.extractall(dest, members=members, filter='data')
        return
    root = os.path.realpath(dest)
    for member in members:
        target = os.path.realpath(os.path.join(root, member.name))
        if os.path.commonpath([root, target]) != root:  # belt and braces: normpath already kept it inside
            raise BackupError(f'Arsip memuat entri tidak aman: {member.name}')
        if member.isdir():
            os.makedirs(target, mode=0o700, exist_ok=True)
            continue
        os.makedirs(os.path.dirname(target), mode=0o700, exist_ok=True)
        source = tar.extractfile(member)
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, 'O_NOFOLLOW', 0), 0o600)
        with os.fdopen(fd, 'wb') as out:
            shutil.copyfileobj(source, out)
        os.chmod(target, member.mode & 0o755 if member.mode & 0o100 else member.mode & 0o644)


def _open_archive(archive):
    try:
        return tarfile.open(archive, 'r:gz')
    except (tarfile.TarError, OSError, EOFError):  # a CSV, a truncated download, a folder
        raise BackupError(f'{archive} bukan arsip cadangan portal (berkas .tar.gz yang ditulis perintah backup).') \
            from None


def restore_backup(app, db, archive):
    """Restore the database, uploads and instance secrets from an archive made by create_backup; returns the manifest.

    The target database should be empty (a fresh one); SQLite is overwritten, PostgreSQL objects are replaced.
    """
    url = app.config['SQLALCHEMY_DATABASE_URI']
    with tempfile.TemporaryDirectory() as tmp, _open_archive(archive) as tar:
        _extract(tar, tmp)
        try:
            manifest = json.loads((Path(tmp) / 'manifest.json').read_text())
        except (OSError, ValueError):
            manifest = {}
        if not isinstance(manifest, dict) or manifest.get('format') != FORMAT:
            raise BackupError('Format arsip cadangan tidak dikenal.')
        target = 'sqlite' if url.startswith('sqlite') else 'postgresql' if url.startswith('postgresql') else None
        if manifest['database'] != target:
            raise BackupError(f'Cadangan {manifest["database"]} tidak dapat dipulihkan ke basis data {target}.')
        db_file = _sqlite_path(db) if target == 'sqlite' else None
        db.session.remove()
        db.engine.dispose()
        if target == 'sqlite':
            src = sqlite3.connect(Path(tmp) / 'database.sqlite')
            dst = sqlite3.connect(db_file)
            with dst:
                src.backup(dst)
            src.close()
            dst.close()
        else:
            _run(['pg_restore', '--clean', '--if-exists', '--no-owner', '--no-privileges', '--single-transaction',
                  f'--dbname={_libpq_url(url)}', str(Path(tmp) / 'database.dump')])
        uploads = Path(app.config['UPLOAD_FOLDER'])
        if (Path(tmp) / 'uploads').is_dir():
            if uploads.exists():
                shutil.rmtree(uploads)
            shutil.copytree(Path(tmp) / 'uploads', uploads)
        secrets_dir = Path(tmp) / 'instance'
        if secrets_dir.is_dir():
            Path(app.instance_path).mkdir(parents=True, exist_ok=True)
            for path in secrets_dir.iterdir():
                dest = Path(app.instance_path) / path.name
                shutil.copyfile(path, dest)
                os.chmod(dest, 0o600)
    return manifest
