"""Migrations build the schema from empty, on SQLite and (when TEST_DATABASE_URL is set) on PostgreSQL."""
import os
import uuid

import pytest
from sqlalchemy import create_engine, inspect, text

from portal import create_app
from portal.extensions import db


def _upgrade_and_compare(url, tmp_path):
    from flask_migrate import upgrade
    app = create_app({'DATABASE_URL': url, 'SECRET_KEY': 'x', 'UPLOAD_FOLDER': str(tmp_path)})
    with app.app_context():
        upgrade()
        inspector = inspect(db.engine)
        tables = set(inspector.get_table_names())
        missing_columns = {(name, column.name) for name, table in db.metadata.tables.items() if name in tables
                           for column in table.columns} - {
            (name, column['name']) for name in tables for column in inspector.get_columns(name)}
        db.engine.dispose()
    assert set(db.metadata.tables) <= tables, set(db.metadata.tables) - tables
    assert not missing_columns, missing_columns  # every mapped column has its migration
    assert 'alembic_version' in tables


def test_migrations_from_empty_on_sqlite(tmp_path):
    _upgrade_and_compare(f'sqlite:///{tmp_path}/m.db', tmp_path)


@pytest.mark.skipif(not os.environ.get('TEST_DATABASE_URL', '').startswith('postgres'),
                    reason='PostgreSQL run only (TEST_DATABASE_URL)')
def test_migrations_from_empty_on_postgresql(tmp_path):
    base = os.environ['TEST_DATABASE_URL'].replace('postgresql://', 'postgresql+psycopg://', 1)
    name = f'mig_{uuid.uuid4().hex[:10]}'
    admin = create_engine(base, isolation_level='AUTOCOMMIT')
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE {name}'))
    try:
        _upgrade_and_compare(base.rsplit('/', 1)[0] + '/' + name, tmp_path)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS {name} WITH (FORCE)'))
        admin.dispose()
