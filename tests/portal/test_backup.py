"""Backup and restore: an archive restored into a fresh database and uploads folder gives back every record."""
import os
import uuid

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


def test_backup_then_restore_into_a_fresh_database(app, tmp_path):
    root = make_unit('Kanwil Cadangan', 'kanwil-cadangan', 'kanwil')
    make_layanan(root, 'Legalisir', 'legalisir')
    make_user('admin_unit', root, email='admin@cadangan.kemenag.go.id')
    db.session.add(AuditEvent(action='uji.cadangan', object_type='unit', object_id=str(root.id)))
    db.session.commit()
    key = store_for(app, 'pengaduan').save(b'%PDF-1.4 lampiran uji')
    archive = create_backup(app, db, f'{tmp_path}/out/')
    assert archive.name.endswith('.tar.gz') and oct(archive.stat().st_mode & 0o777) == '0o600'

    url, cleanup = _fresh_database_url(tmp_path)
    try:
        target = create_app({'DATABASE_URL': url, 'SECRET_KEY': 'x', 'UPLOAD_FOLDER': str(tmp_path / 'uploads2')})
        target.instance_path = str(tmp_path / 'inst2')
        with target.app_context():
            manifest = restore_backup(target, db, archive)
            assert manifest['rows']['unit'] == 1
            assert db.session.scalar(select(Unit.name)) == 'Kanwil Cadangan'
            assert db.session.scalar(select(Layanan.slug)) == 'legalisir'
            assert db.session.scalar(select(User.email)) == 'admin@cadangan.kemenag.go.id'
            assert db.session.scalar(select(func.count(AuditEvent.id))) == 1
            assert store_for(target, 'pengaduan').load(key) == b'%PDF-1.4 lampiran uji'
            db.session.remove()
            db.engine.dispose()
    finally:
        cleanup()


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
