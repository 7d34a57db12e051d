"""Backup and restore: the database (SQLite's online backup API, or pg_dump/pg_restore), the uploads (complaint
attachments and the WBS's encrypted files) and the instance secrets the data needs (the WBS server keys), in one
tar.gz archive with a manifest. The archive holds secrets: keep it as carefully as the server itself."""
import io
import json
import os
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
    """Write a backup archive to out_path (a file, or a folder to put a dated file in); returns the file's path."""
    url = app.config['SQLALCHEMY_DATABASE_URI']
    out = Path(out_path)
    if out.is_dir() or str(out_path).endswith('/'):
        out.mkdir(parents=True, exist_ok=True)
        out = out / f'backup-{datetime.now(UTC):%Y%m%d-%H%M%S}.tar.gz'
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


def _run(args):
    # fixed argument lists built here, never a shell
    result = subprocess.run(args, capture_output=True, text=True, check=False)  # noqa: S603  # nosec B603
    if result.returncode:
        raise BackupError(f'{args[0]} gagal: {result.stderr.strip()[-500:]}')
    return result


def _safe_members(tar):
    for member in tar.getmembers():
        name = os.path.normpath(member.name)
        if name.startswith(('/', '..')) or not (member.isfile() or member.isdir()):
            raise BackupError(f'Arsip memuat entri tidak aman: {member.name}')
        yield member


def restore_backup(app, db, archive):
    """Restore the database, uploads and instance secrets from an archive made by create_backup; returns the manifest.

    The target database should be empty (a fresh one); SQLite is overwritten, PostgreSQL objects are replaced.
    """
    url = app.config['SQLALCHEMY_DATABASE_URI']
    with tempfile.TemporaryDirectory() as tmp, tarfile.open(archive, 'r:gz') as tar:
        tar.extractall(tmp, members=list(_safe_members(tar)), filter='data')
        manifest = json.loads((Path(tmp) / 'manifest.json').read_text())
        if manifest.get('format') != FORMAT:
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
