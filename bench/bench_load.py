"""Load test: gunicorn (4 workers) on PostgreSQL + Redis, driven by an asyncio client (aiohttp) at 10, 50 and 100
concurrent clients, beside a bare Flask hello-world under the same gunicorn settings (the ceiling).

    .venv/bin/python bench/bench_load.py [--levels 10,50,100] [--duration 10] [--workers 4]

Prints requests per second, p50/p95/p99 latency and errors for: the ceiling, public page views and survey
submissions (each a GET of the form and its POST, from a fresh browser), the ratio to the ceiling, and checks that
every accepted submission was stored exactly once. A last row per level, "floor", runs the same GET + POST cycle on
bench/floor.py under the same gunicorn settings: a bare Flask form whose POST stores one row and does nothing else
(no session, CSRF, rate limit, validation or log), the least any app on this stack can cost per submission. Another,
"floor + safeguards", runs it behind the safeguards issue 8 asks of every public form, taken from the portal (CSRF in
the signed session, the survey's rate limits on Redis, the JSON request log, the security headers), with no survey
rule: what is left between that row and the survey's is the survey's own work.

"CPU ms per request" splits where the cores went in each cell (Linux /proc): the gunicorn processes ("app"),
PostgreSQL ("db") and the load generator itself ("client"); on a machine where the generator shares the cores with
the server, its share is taken from the server. The generator is aiohttp because it costs about a quarter of httpx
per request (measured here: httpx could not drive the hello-world past ~400 requests/s on its own core, so the
"ceiling" measured the client).

It creates and drops its own database (bench_load_<pid>) on the local PostgreSQL, and uses Redis database 14. Every
request goes to 127.0.0.1 only, and every loop is bounded.
"""
import argparse
import asyncio
import os
import random
import resource
import socket
import statistics
import subprocess
import sys
import time

import aiohttp
import httpx
import psycopg

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchdb import PG, REDIS, ROOT, demo_app_env, fresh_database  # noqa: E402
from formfill import fill, hidden_values  # noqa: E402

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
    """Run `job(client_no, deadline, latencies, errors)` on `clients` concurrent clients for `duration` seconds;
    returns (latencies, errors, seconds)."""
    latencies, errors = [], [0]
    deadline = time.monotonic() + duration
    started = time.monotonic()
    await asyncio.gather(*(job(i, deadline, latencies, errors) for i in range(clients)))
    return latencies, errors[0], time.monotonic() - started


TICK = os.sysconf('SC_CLK_TCK') if hasattr(os, 'sysconf') else 100


def _proc_stat(pid):
    """(command, parent pid, CPU seconds of the process and of its reaped children) from /proc, or None."""
    try:
        with open(f'/proc/{pid}/stat') as f:
            raw = f.read()
    except OSError:
        return None
    command, rest = raw[raw.index('(') + 1:raw.rindex(')')], raw[raw.rindex(')') + 2:].split()
    return command, int(rest[1]), sum(int(x) for x in rest[11:15]) / TICK  # utime stime cutime cstime


def cpu_split(server_pid):
    """CPU seconds used so far by the server's process tree, by PostgreSQL and by this process (the client)."""
    stats = {int(p): _proc_stat(p) for p in os.listdir('/proc') if p.isdigit()} if os.path.isdir('/proc') else {}
    stats = {pid: st for pid, st in stats.items() if st}
    app = sum(st[2] for pid, st in stats.items() if pid == server_pid or st[1] == server_pid)
    db = sum(st[2] for st in stats.values() if st[0].startswith('postgres'))
    me = resource.getrusage(resource.RUSAGE_SELF)
    return app, db, me.ru_utime + me.ru_stime


def measure(name, clients, duration, job, server_pid):
    """One cell of the table: run the job, then summarise latencies and the CPU each side spent per request."""
    before = cpu_split(server_pid)
    latencies, errors, seconds = asyncio.run(run_level(clients, duration, job))
    after = cpu_split(server_pid)
    row = summary(name, clients, latencies, errors, seconds)
    done = max(row['n'] + errors, 1)
    row['cpu'] = [(b - a) * 1000 / done for a, b in zip(before, after, strict=True)]
    return row


def fake_ip(rng):
    return f'10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}'


def session(base):
    """One virtual client's connection; a fresh cookie jar (cleared for each new browser)."""
    return aiohttp.ClientSession(base, timeout=aiohttp.ClientTimeout(total=30),
                                 connector=aiohttp.TCPConnector(limit=1), cookie_jar=aiohttp.CookieJar(unsafe=True))


def getter(base, paths):
    async def job(i, deadline, latencies, errors):
        rng = random.Random(i)
        headers = {'X-Forwarded-For': fake_ip(rng)}
        async with session(base) as c:
            while time.monotonic() < deadline:
                t = time.perf_counter()
                try:
                    async with c.get(rng.choice(paths), headers=headers) as r:
                        await r.read()
                        ok = r.status == 200
                except (TimeoutError, aiohttp.ClientError):
                    ok = False
                if ok:
                    latencies.append(time.perf_counter() - t)
                else:
                    errors[0] += 1
    return job


def submitter(base, accepted, path=PAGES[2]):
    """Each loop is a new browser (no cookies, its own address): GET the form at `path`, POST the answers, expect
    the 303 to the thank-you page (not followed: that page is not part of the submission)."""
    async def job(i, deadline, latencies, errors):
        rng = random.Random(1000 + i)
        shape = None  # the form's action and answers, learnt from the first load; later loads only renew hidden fields
        async with session(base) as c:
            while time.monotonic() < deadline:
                c.cookie_jar.clear()  # a new browser: no session, no "already answered today" cookie
                headers = {'X-Forwarded-For': fake_ip(rng)}  # and its own address, as nginx would pass it
                try:
                    t = time.perf_counter()
                    async with c.get(path, headers=headers) as page:
                        html = await page.text()
                        ok = page.status == 200
                    if not ok:
                        errors[0] += 1
                        continue
                    latencies.append(time.perf_counter() - t)
                    if shape is None:
                        shape = fill(html, rng)
                    action, data = shape[0], dict(shape[1], **hidden_values(html))
                    t = time.perf_counter()
                    async with c.post(action or path, data=data, headers=headers, allow_redirects=False) as r:
                        await r.read()
                        ok = r.status == 303 and '/terima-kasih' in r.headers.get('Location', '')
                    if ok:
                        latencies.append(time.perf_counter() - t)
                        accepted.append(data['token'])
                    else:
                        errors[0] += 1
                except (TimeoutError, aiohttp.ClientError):
                    errors[0] += 1
    return job


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--levels', default='10,50,100')
    parser.add_argument('--duration', type=float, default=10.0)
    parser.add_argument('--workers', type=int, default=4)
    parser.add_argument('--warmup', type=float, default=3.0, help='seconds of each scenario, not measured, first')
    args = parser.parse_args()
    levels = [int(x) for x in args.levels.split(',')]
    dbname = f'bench_load_{os.getpid()}'
    with fresh_database('postgresql', PG, dbname, dbname) as (url, work):
        env = demo_app_env(url, work, REDIS)
        procs = []
        try:
            import redis
            redis.Redis.from_url(REDIS).flushdb()
            ports = [free_port() for _ in range(4)]
            for app_path, port in zip(('bench.hello:app', 'portal.wsgi:app', 'bench.floor:app', 'bench.floor:guarded'),
                                      ports, strict=True):
                procs.append(start(app_path, port, dict(env, PYTHONPATH=ROOT), args.workers))
            hello, portal, floor, guarded = (f'http://127.0.0.1:{port}' for port in ports)
            with psycopg.connect(url) as conn:
                before = conn.execute("SELECT count(*) FROM survei_response WHERE source = 'online'").fetchone()[0]
            rows, accepted, floor_accepted, guarded_accepted = [], [], [], []
            hello_pid, app_pid, floor_pid, guarded_pid = (p.pid for p in procs)
            for job in (getter(hello, ['/']), getter(portal, PAGES), submitter(portal, accepted),
                        submitter(floor, floor_accepted, '/survei'), submitter(guarded, guarded_accepted, '/survei')):
                asyncio.run(run_level(10, args.warmup, job))  # every worker has compiled its templates and queries
            for clients in levels:
                ceiling = measure('hello-world (ceiling)', clients, args.duration, getter(hello, ['/']), hello_pid)
                pages = measure('public pages', clients, args.duration, getter(portal, PAGES), app_pid)
                n_before = len(accepted)
                subs = measure('survey submissions', clients, args.duration, submitter(portal, accepted), app_pid)
                subs['extra'] = f'{(len(accepted) - n_before) / args.duration:.1f} submissions/s'
                bare = measure('floor (bare form+insert)', clients, args.duration,
                               submitter(floor, floor_accepted, '/survei'), floor_pid)
                safe = measure('floor + safeguards', clients, args.duration,
                               submitter(guarded, guarded_accepted, '/survei'), guarded_pid)
                for row in (ceiling, pages, subs, bare, safe):
                    row['ratio'] = row['rps'] / ceiling['rps'] if ceiling['rps'] else 0
                    rows.append(row)
            with psycopg.connect(url) as conn:
                after = conn.execute("SELECT count(*) FROM survei_response WHERE source = 'online'").fetchone()[0]
                dupes = conn.execute('SELECT count(*) FROM (SELECT token FROM survei_response WHERE token IS NOT NULL '
                                     'GROUP BY token HAVING count(*) > 1) d').fetchone()[0]
                floor_stored, guarded_stored = (conn.execute(f'SELECT count(*) FROM {table}').fetchone()[0]
                                                for table in ('bench_floor_response', 'bench_floor_guarded_response'))
        finally:
            for p in procs:
                p.terminate()
            for p in procs:
                p.wait(15)
    print(f'\ngunicorn {args.workers} workers (sync), PostgreSQL + Redis, {args.duration:.0f} s per cell after '
          f'{args.warmup:.0f} s of warm-up, {os.cpu_count()} cores shared by server and client\n')
    print(f'{"":73}{"CPU ms per request":>20}')
    print(f'{"scenario":24} {"clients":>7} {"req/s":>8} {"p50 ms":>8} {"p95 ms":>8} {"p99 ms":>8} {"errors":>6} '
          f'{"vs ceiling":>10} {"app":>6} {"db":>5} {"client":>6}  note')
    for r in rows:
        app, db, client = r['cpu']
        print(f'{r["name"]:24} {r["clients"]:>7} {r["rps"]:>8.1f} {r["p50"]:>8.1f} {r["p95"]:>8.1f} {r["p99"]:>8.1f} '
              f'{r["errors"]:>6} {r["ratio"]:>9.0%} {app:>6.2f} {db:>5.2f} {client:>6.2f}  {r["extra"]}')
    stored = after - before
    print(f'\naccepted submissions: {len(accepted)}; stored online responses: {stored}; duplicate tokens: {dupes}; '
          f'{"OK: each stored exactly once" if stored == len(accepted) and not dupes else "MISMATCH"}')
    print(f'floor: {len(floor_accepted)} accepted, {floor_stored} stored; '
          f'floor + safeguards: {len(guarded_accepted)} accepted, {guarded_stored} stored')
    return 0 if stored == len(accepted) and not dupes else 1


if __name__ == '__main__':
    sys.exit(main())
