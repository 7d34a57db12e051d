"""Where a survey submission's CPU goes: the GET + POST cycle in-process, with one safeguard switched off at a time.

    .venv/bin/python bench/bench_survey_parts.py [--rounds 500]

One process, one app (`app.test_client()`, so the test client's own share is in every figure) on PostgreSQL and
Redis, as in production. Each round runs one fresh browser's GET of the form and POST of the answers under every
variant in turn, so a drift of the machine's speed touches them all alike. It prints the CPU time (time.process_time)
per GET, per POST and per cycle, and what switching each part off saves, beside the same cycle on bench/floor.py (a
bare Flask form that stores one row). The switches are for measuring only: the app has no setting for any of them.

It creates and drops its own database (bench_parts_<pid>) on the local PostgreSQL, and uses Redis database 14.
"""
import argparse
import logging
import os
import random
import sys
import time

import redis

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchdb import PG, REDIS, ROOT, demo_app_env, fresh_database  # noqa: E402
from formfill import fill, hidden_values  # noqa: E402

FORM = '/survei/kemenag-kota-bengkulu/legalisir-ijazah'


def switches(app):
    """name -> function(off) that switches one part off (True) or back on (False)."""
    from portal.extensions import db, limiter
    from survei import services

    log = logging.getLogger('portal.request')
    count = services.recent_online_count
    with app.app_context():
        pool = db.engine.pool
    after = list(app.after_request_funcs[None])

    def rate_limit(off):
        limiter.enabled = not off

    def csrf(off):
        app.config['WTF_CSRF_ENABLED'] = not off

    def request_log(off):
        log.disabled = off

    def burst_count(off):
        services.recent_online_count = (lambda *a, **k: 0) if off else count

    def pool_ping(off):
        pool._pre_ping = not off

    def security_headers(off):
        app.after_request_funcs[None] = [f for f in after if f.__module__ != 'portal.security'] if off else after

    parts = {'rate limit (2 Redis round trips)': rate_limit, 'CSRF check': csrf, 'request log': request_log,
             'burst count (1 SQL query)': burst_count, 'pool ping': pool_ping, 'security headers': security_headers}

    def all_six(off):
        for part in parts.values():
            part(off)
    return {'all on': lambda off: None, **{f'no {name}': fn for name, fn in parts.items()}, 'all six off': all_six}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--rounds', type=int, default=500)
    args = parser.parse_args()
    dbname = f'bench_parts_{os.getpid()}'
    with fresh_database('postgresql', PG, dbname, dbname) as (url, work):
        os.environ.update(demo_app_env(url, work, REDIS))
        redis.Redis.from_url(REDIS).flushdb()
        sys.path.insert(0, ROOT)
        from portal import create_app
        from portal.extensions import db
        app = create_app()
        with open(os.devnull, 'w') as devnull:  # the log's writes still happen, as to gunicorn's stdout
            for handler in logging.getLogger('portal.request').handlers:
                handler.setStream(devnull)
            rows = measure(app, switches(app), args.rounds)
            floor = measure_floor(args.rounds)
        with app.app_context():
            db.engine.dispose()  # before the database is dropped
    base = rows['all on']
    print(f'\nCPU ms per survey GET + POST in-process, {args.rounds} rounds, test client included\n')
    print(f'{"":36} {"GET":>7} {"POST":>7} {"cycle":>7} {"saves":>7}')
    for name, (get, post) in rows.items():
        print(f'{name:36} {get:7.3f} {post:7.3f} {get + post:7.3f} {sum(base) - get - post:+7.3f}')
    print(f'{"floor (bench/floor.py)":36} {floor[0]:7.3f} {floor[1]:7.3f} {sum(floor):7.3f}')


def measure(app, variants, rounds):
    """{variant: (GET ms, POST ms)}, the variants interleaved round by round."""
    client, rng, shape = app.test_client(), random.Random(1), None
    spent = {name: [0.0, 0.0] for name in variants}
    for n in range(-20, rounds):  # 20 rounds of warm-up, not counted
        for index, (name, switch) in enumerate(variants.items()):
            switch(True)
            try:
                client._cookies.clear()  # a new browser, with its own address (the limits are per address)
                headers = {'X-Forwarded-For': f'10.{(n + 20) // 250}.{(n + 20) % 250}.{index + 1}'}
                started = time.process_time()
                page = client.get(FORM, headers=headers)
                got = time.process_time()
                html = page.get_data(as_text=True)
                shape = shape or fill(html, rng)
                data = dict(shape[1], **hidden_values(html))
                posting = time.process_time()
                answer = client.post(shape[0] or FORM, data=data, headers=headers)
                posted = time.process_time()
            finally:
                switch(False)
            if answer.status_code != 303:
                raise SystemExit(f'{name}: the POST answered {answer.status_code}')
            if n >= 0:
                spent[name][0] += got - started
                spent[name][1] += posted - posting
    return {name: (get * 1000 / rounds, post * 1000 / rounds) for name, (get, post) in spent.items()}


def measure_floor(rounds):
    """(GET ms, POST ms) of the same cycle on bench/floor.py (its table is created in the same database)."""
    from bench.floor import UNSUR, app, engine
    client = app.test_client()
    spent = [0.0, 0.0]
    try:
        for n in range(-20, rounds):
            started = time.process_time()
            html = client.get('/survei').get_data(as_text=True)
            got = time.process_time()
            data = {**hidden_values(html), **dict.fromkeys(UNSUR, '3')}
            posting = time.process_time()
            answer = client.post('/survei', data=data)
            posted = time.process_time()
            if answer.status_code != 303:
                raise SystemExit(f'floor: the POST answered {answer.status_code}')
            if n >= 0:
                spent[0] += got - started
                spent[1] += posted - posting
    finally:
        engine.dispose()
    return spent[0] * 1000 / rounds, spent[1] * 1000 / rounds


if __name__ == '__main__':
    main()
