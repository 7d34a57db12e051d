"""A fresh database for one benchmark run: a file in a temporary folder (SQLite) or a database of its own on the
PostgreSQL server, dropped afterwards; the temporary folder also serves as the app's instance folder."""
import shutil
import tempfile
from contextlib import contextmanager


@contextmanager
def fresh_database(backend, pg_url, pg_db, prefix):
    """Yield (database URL, work folder) for `backend` ('sqlite' or 'postgresql'); everything is removed after."""
    from sqlalchemy import create_engine, text
    work = tempfile.mkdtemp(prefix=prefix)
    admin = None
    try:
        if backend == 'postgresql':
            admin = create_engine(pg_url.replace('postgresql://', 'postgresql+psycopg://', 1) + '/postgres',
                                  isolation_level='AUTOCOMMIT')
            with admin.connect() as c:
                c.execute(text(f'DROP DATABASE IF EXISTS {pg_db} WITH (FORCE)'))
                c.execute(text(f'CREATE DATABASE {pg_db}'))
            yield f'{pg_url}/{pg_db}', work
        else:
            yield f'sqlite:///{work}/bench.db', work
    finally:
        if admin is not None:
            with admin.connect() as c:
                c.execute(text(f'DROP DATABASE IF EXISTS {pg_db} WITH (FORCE)'))
            admin.dispose()
        shutil.rmtree(work, ignore_errors=True)
