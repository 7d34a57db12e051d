"""Benchmark: one full IKM computation (NRR, IKM, konversi, CI95) for the root unit over a year, through
analytics.queries, beside a baseline that loads every row into Python, on SQLite and PostgreSQL.

    .venv/bin/python bench/bench_ikm.py --sizes 10000 100000 1000000
    .venv/bin/python bench/bench_ikm.py --sizes 10000 --backends sqlite

PostgreSQL: a database of its own (default bench_ikm, on postgresql://postgres@127.0.0.1:5432) is created for each
size and dropped at the end. SQLite: a file in a temporary folder. The schema comes from the models (create_all), with
the covering index analytics/models.py declares (the same one migration 0003 creates).
"""
import argparse
import io
import os
import statistics
import sys
import time
from datetime import date, timedelta

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchdb import fresh_database  # noqa: E402

COLUMNS = ['unit_id', 'layanan_id', 'service_date', 'submitted_at', 'source', 'gender', 'age', 'education',
           'occupation', *(f'u{i}' for i in range(1, 10)), 'counted']
YEAR = 2026
EDUCATION = ['SD', 'SMP', 'SMA', 'D1-D3', 'D4/S1', 'S2', 'S3']
OCCUPATION = ['PNS/TNI/POLRI', 'Pegawai swasta', 'Wiraswasta', 'Pelajar/mahasiswa', 'Lainnya']


def make_app(url, instance):
    """An app bound to the bench database (never the shared instance/)."""
    os.environ['PORTAL_INSTANCE_PATH'] = instance
    from portal import create_app
    return create_app({'DATABASE_URL': url, 'SECRET_KEY': 'bench', 'UPLOAD_FOLDER': os.path.join(instance, 'up'),
                       'RATELIMIT_STORAGE_URI': 'memory://', 'REDIS_URL': None})


def seed_tree():
    """Kanwil, 10 Kantor Kemenag with 3 KUA each, 15 layanan per Kantor. Returns (root id, [(unit, layanan)])."""
    from portal.extensions import db
    from portal.models import Layanan, Unit
    root = Unit(kind='kanwil', name='Kanwil Bench', slug='kanwil-bench')
    db.session.add(root)
    pairs = []
    for k in range(10):
        kan = Unit(kind='kankemenag', name=f'Kantor {k}', slug=f'kantor-{k}', parent=root)
        db.session.add(kan)
        kuas = [Unit(kind='kua', name=f'KUA {k}-{j}', slug=f'kua-{k}-{j}', parent=kan) for j in range(3)]
        db.session.add_all(kuas)
        for j in range(15):
            lay = Layanan(unit=kan, name=f'Layanan {k}-{j}', slug=f'layanan-{j}')
            db.session.add(lay)
            pairs.append((kan, lay))
        pairs += [(kua, None) for kua in kuas]
    db.session.commit()
    return root.id, [(u.id, lay.id if lay else None) for u, lay in pairs]


def generate(n, pairs, seed=42):
    """n rows of realistic answers: skewed toward 3 and 4, 2% without U9, 3% flagged (not counted)."""
    rng = np.random.default_rng(seed)
    pick = rng.integers(0, len(pairs), n)
    days = rng.integers(0, 365, n)
    scores = rng.choice([1, 2, 3, 4], size=(n, 9), p=[0.03, 0.12, 0.50, 0.35])
    no_u9 = rng.random(n) < 0.02
    counted = rng.random(n) >= 0.03
    gender = rng.choice(['L', 'P'], n)
    age = rng.integers(17, 75, n)
    edu = rng.integers(0, len(EDUCATION), n)
    occ = rng.integers(0, len(OCCUPATION), n)
    start = date(YEAR, 1, 1)
    dates = [(start + timedelta(days=int(d))).isoformat() for d in range(365)]
    for i in range(n):
        unit_id, lay_id = pairs[pick[i]]
        s = scores[i]
        yield (unit_id, lay_id, dates[days[i]], f'{dates[days[i]]} 09:00:00', 'import', gender[i], int(age[i]),
               EDUCATION[edu[i]], OCCUPATION[occ[i]], int(s[0]), int(s[1]), int(s[2]), int(s[3]), int(s[4]),
               int(s[5]), int(s[6]), int(s[7]), None if no_u9[i] else int(s[8]), bool(counted[i]))


def load_postgresql(engine, rows):
    """COPY in text format, in chunks."""
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        with cur.copy(f'COPY survei_response ({", ".join(COLUMNS)}) FROM STDIN') as copy:
            buf = io.StringIO()
            for k, row in enumerate(rows, 1):
                buf.write('\t'.join('\\N' if v is None else ('t' if v is True else 'f' if v is False else str(v))
                                    for v in row) + '\n')
                if k % 100_000 == 0:
                    copy.write(buf.getvalue())
                    buf = io.StringIO()
            copy.write(buf.getvalue())
        raw.commit()
        pg = raw.driver_connection
        pg.autocommit = True
        pg.execute('VACUUM ANALYZE survei_response')
        pg.autocommit = False  # sets the visibility map: index-only scans
    finally:
        raw.close()


def load_sqlite(engine, rows):
    """executemany in one transaction."""
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.executemany(f'INSERT INTO survei_response ({", ".join(COLUMNS)}) VALUES ({", ".join("?" * len(COLUMNS))})',
                        (tuple(int(v) if isinstance(v, bool) else v for v in r) for r in rows))
        raw.commit()
        cur.execute('ANALYZE')
    finally:
        raw.close()


def engine_run(root_id):
    """The engine: SQL aggregates through analytics.queries, then the rules."""
    from analytics import queries
    s = queries.ikm_summary(root_id, date(YEAR, 1, 1), date(YEAR, 12, 31), weight='1/9')
    return s.result.konversi_display, s.ci95


def baseline_run(root_id):
    """The baseline: every counted row of the subtree and year into Python, then the same rules."""
    from sqlalchemy import select

    from analytics import ikm, stats
    from portal.extensions import db
    from portal.models import subtree_select
    from survei.models import Response
    cols = [getattr(Response, f'u{i}') for i in range(1, 10)]
    rows = db.session.execute(select(*cols).where(
        Response.counted.is_(True), Response.unit_id.in_(subtree_select(root_id)),
        Response.service_date >= date(YEAR, 1, 1), Response.service_date <= date(YEAR, 12, 31))).all()
    totals, answered = [0] * 9, [0] * 9
    n, m_sum, m_sq = 0, 0.0, 0.0
    for row in rows:
        s = a = 0
        for i, v in enumerate(row):
            if v is not None:
                totals[i] += v
                answered[i] += 1
                s += v
                a += 1
        if a:
            n += 1
            m = s / a
            m_sum += m
            m_sq += m * m
    result = ikm.compute(ikm.UnsurSums(n, tuple(totals), tuple(answered)), '1/9')
    iv = stats.t_interval(n, m_sum, m_sq)
    h = iv.half_width() * 25
    return result.konversi_display, (float(result.konversi) - h, float(result.konversi) + h)


def timed(func, *args, repeat=3):
    """(median seconds over `repeat` runs after one warm-up, the last value)."""
    value = func(*args)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        value = func(*args)
        times.append(time.perf_counter() - t0)
    return statistics.median(times), value


def run(backend, n, args):
    """Seed n responses into a fresh database of `backend`, time both computations; one result row."""
    with fresh_database(backend, args.pg_url, args.pg_db, 'bench-ikm-') as (url, work):
        app = make_app(url, work)
        with app.app_context():
            from portal.extensions import db
            db.create_all()
            root_id, pairs = seed_tree()
            t0 = time.perf_counter()
            (load_postgresql if backend == 'postgresql' else load_sqlite)(db.engine, generate(n, pairs))
            seed_s = time.perf_counter() - t0
            eng_s, eng_v = timed(engine_run, root_id, repeat=args.repeat)
            db.session.remove()
            base_s, base_v = timed(baseline_run, root_id, repeat=1)
            db.session.remove()
            if eng_v[0] != base_v[0] or abs(eng_v[1][0] - base_v[1][0]) > 1e-6:
                raise SystemExit(f'MISMATCH {backend} {n}: engine {eng_v} baseline {base_v}')
            db.engine.dispose()
        return backend, n, seed_s, eng_s, base_s, str(eng_v[0])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--sizes', type=int, nargs='+', default=[10_000, 100_000])
    parser.add_argument('--backends', nargs='+', default=['sqlite', 'postgresql'], choices=['sqlite', 'postgresql'])
    parser.add_argument('--pg-url', default='postgresql://postgres@127.0.0.1:5432', help='server, no database')
    parser.add_argument('--pg-db', default='bench_ikm')
    parser.add_argument('--repeat', type=int, default=3, help='timed engine runs after a warm-up (median)')
    args = parser.parse_args()
    results = []
    for n in args.sizes:
        for backend in args.backends:
            results.append(run(backend, n, args))
            print(f'  done: {backend} {n}', file=sys.stderr, flush=True)
    print(f'\nIKM for the root unit over {YEAR} (NRR, IKM, konversi, CI95); engine = median of {args.repeat} warm runs'
          ', baseline = one run loading every row into Python')
    print(f'{"backend":<11} {"responses":>10} {"seed s":>8} {"engine s":>9} {"baseline s":>11} {"ratio":>7}  konversi')
    for backend, n, seed_s, eng_s, base_s, konversi in results:
        ratio = base_s / eng_s
        print(f'{backend:<11} {n:>10,} {seed_s:>8.2f} {eng_s:>9.3f} {base_s:>11.3f} {ratio:>6.1f}x  {konversi}')


if __name__ == '__main__':
    main()
