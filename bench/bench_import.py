"""Benchmark: `flask survei import` of a paper-survey CSV (100,000 rows by default) on SQLite and PostgreSQL.

    .venv/bin/python bench/bench_import.py [--rows 100000] [--backends sqlite postgresql]

Each backend gets a fresh database (PostgreSQL: bench_import on postgresql://postgres@127.0.0.1:5432, dropped at the
end; SQLite: a file in a temporary folder) with one unit and one layanan; the command runs through Flask's CLI runner,
as an admin would run it, and the stored rows are counted afterwards.
"""
import argparse
import os
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_ikm import make_app  # noqa: E402
from benchdb import fresh_database  # noqa: E402

HEADER = 'tanggal,unit,layanan,jenis_kelamin,umur,pendidikan,pekerjaan,u1,u2,u3,u4,u5,u6,u7,u8,u9,saran\n'


def run(backend, rows, args):
    """Import `rows` rows into a fresh database of `backend`; (seconds, rows stored)."""
    from sqlalchemy import func, select
    with fresh_database(backend, args.pg_url, args.pg_db, 'bench-import-') as (url, work):
        app = make_app(url, work)
        with app.app_context():
            from portal.extensions import db
            from portal.models import Layanan, Unit
            from survei.models import Response
            db.create_all()
            unit = Unit(name='Kantor Kemenag Kota Bengkulu', slug='kemenag-kota-bengkulu', kind='kankemenag')
            db.session.add(unit)
            db.session.flush()
            db.session.add(Layanan(unit_id=unit.id, name='Legalisir Ijazah', slug='legalisir-ijazah'))
            db.session.commit()
            line = '2026-03-02,kemenag-kota-bengkulu,legalisir-ijazah,L,35,SMA,Wiraswasta,4,3,3,4,3,4,4,3,2,\n'
            path = os.path.join(work, 'paper.csv')
            with open(path, 'w', encoding='utf-8') as f:
                f.write(HEADER + line * rows)
            started = time.perf_counter()
            result = app.test_cli_runner().invoke(args=['survei', 'import', path])
            seconds = time.perf_counter() - started
            if result.exit_code != 0:
                raise SystemExit(f'{backend}: import failed: {result.output[-1000:]}')
            stored = db.session.scalar(select(func.count(Response.id)))
            db.session.remove()
            db.engine.dispose()
        return seconds, stored


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--rows', type=int, default=100_000)
    parser.add_argument('--backends', nargs='+', default=['sqlite', 'postgresql'], choices=['sqlite', 'postgresql'])
    parser.add_argument('--pg-url', default='postgresql://postgres@127.0.0.1:5432', help='server, no database')
    parser.add_argument('--pg-db', default='bench_import')
    args = parser.parse_args()
    print(f'{"backend":<11} {"rows":>9} {"seconds":>8} {"rows/s":>9}  stored')
    for backend in args.backends:
        seconds, stored = run(backend, args.rows, args)
        print(f'{backend:<11} {args.rows:>9,} {seconds:>8.2f} {args.rows / seconds:>9,.0f}  '
              f'{stored:,}{"" if stored == args.rows else "  MISMATCH"}')


if __name__ == '__main__':
    main()
