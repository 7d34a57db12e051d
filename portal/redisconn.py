"""The app's Redis (REDIS_URL): one client per process, short timeouts, and what to do when Redis is away.

Redis holds the rate limits and the job queue; it keeps nothing a citizen's request cannot do without. When it stops
answering, no request may fail or wait long for it:
- the rate limits fall back to each process's memory, the same limits per worker (Flask-Limiter's in-memory
  fallback, RATELIMIT_IN_MEMORY_FALLBACK_ENABLED), and return to Redis once it answers again;
- a job runs inline, right after the request's commit, as on a server without Redis (portal.jobs.dispatch_now);
- /healthz says "degraded" with redis "unreachable" (still 200: every server shares the one Redis, so a load
  balancer that took the unhealthy ones out would take out all of them).

A process that found Redis away leaves it alone for RETRY_SECONDS before it tries again, so that an unreachable
address (packets dropped, no refusal) costs one request a timeout now and then, not every request.
"""
import time

import redis
from flask import current_app

RETRY_SECONDS = 10


def _state(app):
    url = app.config.get('REDIS_URL')
    state = app.extensions.setdefault('portal_redis', {})
    if 'client' not in state or state['url'] != url:  # first use, or the setting changed (the tests switch it)
        timeout = float(app.config['REDIS_TIMEOUT'])
        state.update(url=url, away_until=0.0, client=redis.Redis.from_url(
            url, socket_connect_timeout=timeout, socket_timeout=timeout) if url else None)
    return state


def client(app=None):
    """The process's Redis client, or None: no REDIS_URL, or Redis failed within the last RETRY_SECONDS."""
    state = _state(app or current_app._get_current_object())
    if state['client'] is None or time.monotonic() < state['away_until']:
        return None
    return state['client']


def mark_away(app=None):
    """Record that Redis did not answer: client() gives None for the next RETRY_SECONDS."""
    _state(app or current_app._get_current_object())['away_until'] = time.monotonic() + RETRY_SECONDS


def status(app=None):
    """'ok', 'unreachable' or 'not configured' (a PING now, even within RETRY_SECONDS of a failure)."""
    app = app or current_app._get_current_object()
    state = _state(app)
    if state['client'] is None:
        return 'not configured'
    try:
        state['client'].ping()
    except redis.RedisError:
        mark_away(app)
        return 'unreachable'
    state['away_until'] = 0.0
    return 'ok'
