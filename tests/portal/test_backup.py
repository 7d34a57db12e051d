"""Backup and restore: an archive restored into a fresh database and uploads folder gives back every record."""
import os
import uuid
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, func, select, text

from portal import create_app
from portal.backup import BackupError, create_backup, restore_backup
from portal.extensions import db
from portal.models import AuditEvent, Layanan, Unit, User
from portal.uploads import store_for
from tests.factories import make_layanan, make_unit, make_user


def _fresh_database_url(tmp_path):
    """A new, empty database of the same kind as the test database; returns (url, cleanup)."""
    base = os.environ.get('TEST_DATABASE_URL', '')
    if not base.startswith('postgres'):
        return f'sqlite:///{tmp_path}/restored.db', lambda: None
    base = base.replace('postgresql://', 'postgresql+psycopg://', 1)
    name = f'restore_{uuid.uuid4().hex[:10]}'
    admin = create_engine(base, isolation_level='AUTOCOMMIT')
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE {name}'))

    def cleanup():
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS {name} WITH (FORCE)'))
        admin.dispose()
    return base.rsplit('/', 1)[0] + '/' + name, cleanup


@contextmanager
def _restored(tmp_path, archive):
    """Restore `archive` into a fresh database, uploads folder and instance folder (inst2); yields the restore's
    manifest inside the restored app's context."""
    url, cleanup = _fresh_database_url(tmp_path)
    try:
        target = create_app({'DATABASE_URL': url, 'SECRET_KEY': 'x', 'UPLOAD_FOLDER': str(tmp_path / 'uploads2')})
        target.instance_path = str(tmp_path / 'inst2')
        with target.app_context():
            try:
                yield restore_backup(target, db, archive), target
            finally:
                db.session.remove()
                db.engine.dispose()
    finally:
        cleanup()


def test_backup_then_restore_into_a_fresh_database(app, tmp_path):
    root = make_unit('Kanwil Cadangan', 'kanwil-cadangan', 'kanwil')
    make_layanan(root, 'Legalisir', 'legalisir')
    make_user('admin_unit', root, email='admin@cadangan.kemenag.go.id')
    db.session.add(AuditEvent(action='uji.cadangan', object_type='unit', object_id=str(root.id)))
    db.session.commit()
    key = store_for(app, 'pengaduan').save(b'%PDF-1.4 lampiran uji')
    archive = create_backup(app, db, f'{tmp_path}/out/')
    assert archive.name.endswith('.tar.gz') and oct(archive.stat().st_mode & 0o777) == '0o600'

    with _restored(tmp_path, archive) as (manifest, target):
        assert manifest['rows']['unit'] == 1
        assert db.session.scalar(select(Unit.name)) == 'Kanwil Cadangan'
        assert db.session.scalar(select(Layanan.slug)) == 'legalisir'
        assert db.session.scalar(select(User.email)) == 'admin@cadangan.kemenag.go.id'
        assert db.session.scalar(select(func.count(AuditEvent.id))) == 1
        assert store_for(target, 'pengaduan').load(key) == b'%PDF-1.4 lampiran uji'


def test_restore_refuses_a_backup_of_another_database_kind(app, tmp_path):
    archive = create_backup(app, db, tmp_path / 'b.tar.gz')
    other = 'postgresql+psycopg://postgres@127.0.0.1:5432/tidak_dipakai' if app.config[
        'SQLALCHEMY_DATABASE_URI'].startswith('sqlite') else f'sqlite:///{tmp_path}/x.db'
    target = create_app({'DATABASE_URL': other, 'SECRET_KEY': 'x', 'UPLOAD_FOLDER': str(tmp_path / 'u')})
    with target.app_context(), pytest.raises(BackupError, match='tidak dapat dipulihkan'):
        restore_backup(target, db, archive)


def test_backup_and_restore_commands(runner, tmp_path):
    make_unit('Unit Perintah', 'unit-perintah')
    out = tmp_path / 'cli.tar.gz'
    result = runner.invoke(args=['backup', '--out', str(out)])
    assert result.exit_code == 0 and str(out) in result.output
    result = runner.invoke(args=['restore', str(out), '--yes'])
    assert result.exit_code == 0 and 'Dipulihkan' in result.output
    assert db.session.scalar(select(Unit.slug)) == 'unit-perintah'


def _old_python_tarfile(monkeypatch):
    """Python 3.11.0-3.11.3 (Debian 12's python3 is 3.11.2): no tarfile.data_filter, no `filter` argument."""
    import tarfile

    import portal.backup
    original = tarfile.TarFile.extractall

    def extractall(self, path='.', members=None, *, numeric_owner=False, **kwargs):
        if 'filter' in kwargs:
            raise TypeError("extractall() got an unexpected keyword argument 'filter'")
        return original(self, path, members, numeric_owner=numeric_owner, **kwargs)
    monkeypatch.setattr(portal.backup, 'HAS_DATA_FILTER', False)
    monkeypatch.setattr(tarfile.TarFile, 'extractall', extractall)


def test_restore_without_tarfile_data_filter(app, tmp_path, monkeypatch):
    _old_python_tarfile(monkeypatch)
    root = make_unit('Kanwil Python Lama', 'kanwil-python-lama', 'kanwil')
    make_user('admin_unit', root, email='admin@lama.kemenag.go.id')
    key = store_for(app, 'pengaduan').save(b'%PDF-1.4 lampiran python lama')
    monkeypatch.setattr(app, 'instance_path', str(tmp_path / 'inst1'))
    os.makedirs(app.instance_path)
    (tmp_path / 'inst1' / 'kunci_uji').write_bytes(b'kunci rahasia')
    archive = create_backup(app, db, f'{tmp_path}/out/')
    with _restored(tmp_path, archive) as (manifest, target):
        assert manifest['rows']['unit'] == 1
        assert db.session.scalar(select(Unit.name)) == 'Kanwil Python Lama'
        assert db.session.scalar(select(User.email)) == 'admin@lama.kemenag.go.id'
        assert store_for(target, 'pengaduan').load(key) == b'%PDF-1.4 lampiran python lama'
        restored = tmp_path / 'inst2' / 'kunci_uji'  # the instance keys came back, for the owner only
        assert restored.read_bytes() == b'kunci rahasia' and restored.stat().st_mode & 0o777 == 0o600


def _archive_with(path, member, data=b''):
    import io
    import json
    import tarfile
    with tarfile.open(path, 'w:gz') as tar:
        manifest = json.dumps({'format': 1, 'database': 'sqlite', 'created': 'x', 'rows': {}}).encode()
        info = tarfile.TarInfo('manifest.json')
        info.size = len(manifest)
        tar.addfile(info, io.BytesIO(manifest))
        member.size = len(data) if member.isfile() else 0
        tar.addfile(member, io.BytesIO(data) if member.isfile() else None)
    return path


@pytest.mark.parametrize('kind', ['absolute', 'parent', 'symlink-out', 'hardlink-out', 'device', 'fifo'])
@pytest.mark.parametrize('data_filter', [True, False], ids=['data-filter', 'fallback'])
def test_restore_refuses_unsafe_members(app, tmp_path, monkeypatch, kind, data_filter):
    import tarfile
    if not data_filter:
        _old_python_tarfile(monkeypatch)
    elif not hasattr(tarfile, 'data_filter'):
        pytest.skip('this Python has no tarfile data filter')
    member = {
        'absolute': lambda: tarfile.TarInfo(str(tmp_path / 'dimiliki.txt')),
        'parent': lambda: tarfile.TarInfo('uploads/../../dimiliki.txt'),
        'symlink-out': lambda: _link(tarfile.SYMTYPE, 'uploads/tautan', '/etc/passwd'),
        'hardlink-out': lambda: _link(tarfile.LNKTYPE, 'uploads/keras', '/etc/passwd'),
        'device': lambda: _link(tarfile.CHRTYPE, 'uploads/perangkat', ''),
        'fifo': lambda: _link(tarfile.FIFOTYPE, 'uploads/pipa', ''),
    }[kind]()
    archive = _archive_with(tmp_path / 'jahat.tar.gz', member, b'isi')
    target = create_app({'DATABASE_URL': f'sqlite:///{tmp_path}/t.db', 'SECRET_KEY': 'x',
                         'UPLOAD_FOLDER': str(tmp_path / 'u')})
    with target.app_context(), pytest.raises(BackupError, match='tidak aman'):
        restore_backup(target, db, archive)
    assert not (tmp_path / 'dimiliki.txt').exists() and not (tmp_path.parent / 'dimiliki.txt').exists()


def _link(kind, name, target):
    import tarfile
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, target
    return info


def test_backup_keep_deletes_only_the_older_dated_archives(runner, tmp_path):
    make_unit('Unit Rotasi', 'unit-rotasi')
    folder = tmp_path / 'backups'
    folder.mkdir()
    old = [folder / f'backup-2025010{d}-193000.tar.gz' for d in (1, 2, 3)]
    for path in old:
        path.write_bytes(b'lama')
    others = [folder / 'backup-sebelum-upgrade.tar.gz', folder / 'catatan.txt']
    for path in others:
        path.write_bytes(b'milik petugas')
    result = runner.invoke(args=['backup', '--out', f'{folder}/', '--keep', '2'])
    assert result.exit_code == 0, result.output
    left = sorted(p.name for p in folder.iterdir())
    new = [name for name in left if name.startswith('backup-20') and name not in {p.name for p in old}]
    assert len(new) == 1
    assert left == sorted([old[2].name, new[0], *(p.name for p in others)])  # the newest two dated archives stay
    assert f'Cadangan lama dihapus: {old[0]}' in result.output and str(old[1]) in result.output
    assert runner.invoke(args=['backup', '--out', f'{folder}/', '--keep', '0']).exit_code == 2  # at least one


def test_backup_without_keep_deletes_nothing(runner, tmp_path):
    folder = tmp_path / 'b'
    folder.mkdir()
    (folder / 'backup-20250101-193000.tar.gz').write_bytes(b'lama')
    assert runner.invoke(args=['backup', '--out', f'{folder}/']).exit_code == 0
    assert len(list(folder.iterdir())) == 2


def test_a_file_that_is_no_backup_and_a_place_that_cannot_be_written_are_messages(runner, db, tmp_path):
    # an audit got a tarfile.ReadError traceback from `restore units.csv` and a FileNotFoundError from `backup`
    csv = tmp_path / 'units.csv'
    csv.write_text('slug,nama,jenis,induk\n')
    (tmp_path / 'empty.tar.gz').write_bytes(b'')
    for archive in (csv, tmp_path / 'empty.tar.gz'):
        result = runner.invoke(args=['restore', str(archive), '--yes'])
        assert result.exit_code == 1 and 'bukan arsip cadangan portal' in result.output, result.output
    result = runner.invoke(args=['backup', '--out', '/proc/tidak-ada/'])
    assert result.exit_code == 1 and 'Tidak dapat menulis cadangan ke /proc/tidak-ada' in result.output, result.output
    assert 'Traceback' not in result.output
