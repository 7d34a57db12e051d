"""A fresh database for one benchmark run: a file in a temporary folder (SQLite) or a database of its own on the
PostgreSQL server, dropped afterwards; the temporary folder also serves as the app's instance folder."""
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
from contextlib import contextmanager

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# The servers the load benches use (the local PostgreSQL, Redis database 14), unless the environment names others.
PG = os.environ.get('BENCH_PG', 'postgresql://postgres@127.0.0.1:5432')
REDIS = os.environ.get('BENCH_REDIS', 'redis://127.0.0.1:6379/14')


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


def demo_app_env(url, work, redis_url):
    """The environment an app process runs with on `url` (instance folder `work`, request log on), after migrating
    the schema and seeding the demo data (`flask db upgrade`, `flask seed-demo`)."""
    env = dict(os.environ, DATABASE_URL=url, REDIS_URL=redis_url, SECRET_KEY=secrets.token_hex(16),
               PUBLIC_BASE_URL='http://127.0.0.1', PORTAL_INSTANCE_PATH=work, PORTAL_LOG_REQUESTS='1',
               FLASK_APP='portal')
    flask = [sys.executable, '-m', 'flask', '--app', 'portal']
    for command in (['db', 'upgrade'], ['seed-demo']):
        subprocess.run([*flask, *command], cwd=ROOT, env=env, check=True, capture_output=True)
    return env
