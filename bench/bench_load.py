"""Load test: gunicorn (4 workers) on PostgreSQL + Redis, driven by an asyncio httpx client at 10, 50 and 100
concurrent clients, beside a bare Flask hello-world under the same gunicorn settings (the ceiling).

    .venv/bin/python bench/bench_load.py [--levels 10,50,100] [--duration 10] [--workers 4]

Prints requests per second, p50/p95/p99 latency and errors for: the ceiling, public page views and survey
submissions (each a GET of the form and its POST, from a fresh browser), the ratio to the ceiling, and checks that
every accepted submission was stored exactly once. It creates and drops its own database (bench_load_<pid>) on the
local PostgreSQL, and uses Redis database 14. Every request goes to 127.0.0.1 only, and every loop is bounded.
"""
import argparse
import asyncio
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time

import httpx
import psycopg

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from formfill import fill, hidden_values  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PG = os.environ.get('BENCH_PG', 'postgresql://postgres@127.0.0.1:5432')
REDIS = os.environ.get('BENCH_REDIS', 'redis://127.0.0.1:6379/14')
UNIT, LAYANAN = 'kemenag-kota-bengkulu', 'legalisir-ijazah'
PAGES = ['/', f'/unit/{UNIT}', f'/survei/{UNIT}/{LAYANAN}', '/unit/kanwil-bengkulu']


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def start(app_path, port, env, workers):
    cmd = [sys.executable, '-m', 'gunicorn', '-c', 'deploy/gunicorn.conf.py', '--bind', f'127.0.0.1:{port}',
           '--workers', str(workers), app_path]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 40
    while time.monotonic() < deadline:
        try:
            if httpx.get(f'http://127.0.0.1:{port}/', timeout=2).status_code < 500:
                return proc
        except httpx.HTTPError:
            time.sleep(0.3)
    proc.kill()
    raise SystemExit(f'{app_path} did not start: {proc.stderr.read().decode()[-1500:]}')


def summary(name, clients, latencies, errors, seconds, extra=''):
    n = len(latencies)
    q = statistics.quantiles(latencies, n=100, method='inclusive') if n >= 2 else [latencies[0] if n else 0] * 99
    return {'name': name, 'clients': clients, 'rps': n / seconds, 'p50': q[49] * 1000, 'p95': q[94] * 1000,
            'p99': q[98] * 1000, 'errors': errors, 'n': n, 'extra': extra}


async def run_level(clients, duration, job):
    """Run `job(client_no, deadline, latencies, errors)` on `clients` concurrent clients for `duration` seconds."""
    latencies, errors = [], [0]
    deadline = time.monotonic() + duration
    started = time.monotonic()
    await asyncio.gather(*(job(i, deadline, latencies, errors) for i in range(clients)))
    return latencies, errors[0], time.monotonic() - started


def fake_ip(rng):
    return f'10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}'


def getter(base, paths):
    async def job(i, deadline, latencies, errors):
        rng = random.Random(i)
        async with httpx.AsyncClient(base_url=base, timeout=30, headers={'X-Forwarded-For': fake_ip(rng)}) as c:
            while time.monotonic() < deadline:
                t = time.perf_counter()
                try:
                    r = await c.get(rng.choice(paths))
                    ok = r.status_code == 200
                except httpx.HTTPError:
                    ok = False
                if ok:
                    latencies.append(time.perf_counter() - t)
                else:
                    errors[0] += 1
    return job


def submitter(base, accepted):
    """Each loop is a new browser (no cookies, its own address): GET the form, POST the answers.

    One client per virtual user (creating an httpx client costs the load generator more than a request).
    """
    async def job(i, deadline, latencies, errors):
        rng = random.Random(1000 + i)
        shape = None  # the form's action and answers, learnt from the first load; later loads only renew hidden fields
        async with httpx.AsyncClient(base_url=base, timeout=30) as c:
            while time.monotonic() < deadline:
                c.cookies.clear()  # a new browser: no session, no "already answered today" cookie
                c.headers['X-Forwarded-For'] = fake_ip(rng)  # and its own address, as nginx would pass it
                try:
                    t = time.perf_counter()
                    page = await c.get(PAGES[2])
                    latencies.append(time.perf_counter() - t)
                    if shape is None:
                        shape = fill(page.text, rng)
                    action, data = shape[0], dict(shape[1], **hidden_values(page.text))
                    t = time.perf_counter()
                    r = await c.post(action or PAGES[2], data=data)
                    if r.status_code in (200, 302, 303) and 'terima kasih' in (
                            r.text if r.status_code == 200 else 'terima kasih'):
                        latencies.append(time.perf_counter() - t)
                        accepted.append(data.get('token') or data.get('idempotency_token') or '')
                    else:
                        errors[0] += 1
                except httpx.HTTPError:
                    errors[0] += 1
    return job


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--levels', default='10,50,100')
    parser.add_argument('--duration', type=float, default=10.0)
    parser.add_argument('--workers', type=int, default=4)
    args = parser.parse_args()
    levels = [int(x) for x in args.levels.split(',')]
    dbname = f'bench_load_{os.getpid()}'
    with psycopg.connect(f'{PG}/postgres', autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE {dbname}')
    url = f'{PG}/{dbname}'
    env = dict(os.environ, DATABASE_URL=url, REDIS_URL=REDIS, SECRET_KEY=secrets.token_hex(16),
               PUBLIC_BASE_URL='http://127.0.0.1', PORTAL_INSTANCE_PATH=tempfile.mkdtemp(prefix=dbname),
               PORTAL_LOG_REQUESTS='1', FLASK_APP='portal')
    procs = []
    try:
        flask = [sys.executable, '-m', 'flask', '--app', 'portal']
        subprocess.run([*flask, 'db', 'upgrade'], cwd=ROOT, env=env, check=True, capture_output=True)
        subprocess.run([*flask, 'seed-demo'], cwd=ROOT, env=env, check=True, capture_output=True)
        import redis
        redis.Redis.from_url(REDIS).flushdb()
        hello_port, app_port = free_port(), free_port()
        procs.append(start('bench.hello:app', hello_port, dict(env, PYTHONPATH=ROOT), args.workers))
        procs.append(start('portal.wsgi:app', app_port, env, args.workers))
        hello, portal = f'http://127.0.0.1:{hello_port}', f'http://127.0.0.1:{app_port}'
        with psycopg.connect(url) as conn:
            before = conn.execute("SELECT count(*) FROM survei_response WHERE source = 'online'").fetchone()[0]
        rows, accepted = [], []
        for clients in levels:
            ceiling = summary('hello-world (ceiling)', clients, *asyncio.run(run_level(clients, args.duration,
                                                                                      getter(hello, ['/']))))
            pages = summary('public pages', clients, *asyncio.run(run_level(clients, args.duration,
                                                                             getter(portal, PAGES))))
            n_before = len(accepted)
            subs = summary('survey submissions', clients, *asyncio.run(run_level(clients, args.duration,
                                                                                  submitter(portal, accepted))))
            subs['extra'] = f'{(len(accepted) - n_before) / args.duration:.1f} submissions/s'
            for row in (ceiling, pages, subs):
                row['ratio'] = row['rps'] / ceiling['rps'] if ceiling['rps'] else 0
                rows.append(row)
        with psycopg.connect(url) as conn:
            after = conn.execute("SELECT count(*) FROM survei_response WHERE source = 'online'").fetchone()[0]
            dupes = conn.execute('SELECT count(*) FROM (SELECT token FROM survei_response WHERE token IS NOT NULL '
                                 'GROUP BY token HAVING count(*) > 1) d').fetchone()[0]
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            p.wait(15)
        with psycopg.connect(f'{PG}/postgres', autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS {dbname} WITH (FORCE)')
    print(f'\ngunicorn {args.workers} workers (sync), PostgreSQL + Redis, {args.duration:.0f} s per cell, '
          f'{os.cpu_count()} cores shared by server and client\n')
    print(f'{"scenario":24} {"clients":>7} {"req/s":>8} {"p50 ms":>8} {"p95 ms":>8} {"p99 ms":>8} {"errors":>6} '
          f'{"vs ceiling":>10}  note')
    for r in rows:
        print(f'{r["name"]:24} {r["clients"]:>7} {r["rps"]:>8.1f} {r["p50"]:>8.1f} {r["p95"]:>8.1f} {r["p99"]:>8.1f} '
              f'{r["errors"]:>6} {r["ratio"]:>9.0%}  {r["extra"]}')
    stored = after - before
    print(f'\naccepted submissions: {len(accepted)}; stored online responses: {stored}; duplicate tokens: {dupes}; '
          f'{"OK: each stored exactly once" if stored == len(accepted) and not dupes else "MISMATCH"}')
    return 0 if stored == len(accepted) and not dupes else 1


if __name__ == '__main__':
    sys.exit(main())
