"""Background jobs: queued after the commit, on RQ when REDIS_URL is set (and Redis answers), otherwise run inline
right after it.

A job is a dotted path to a module-level function plus plain arguments, so it can cross a process boundary.
"""
import importlib

from flask import current_app, has_app_context
from redis import RedisError
from sqlalchemy import event
from sqlalchemy.orm import Session

from . import redisconn
from .extensions import db

QUEUE_NAME = 'portal'


def _resolve(path):
    module, _, name = path.rpartition('.')
    return getattr(importlib.import_module(module), name)


def run_job(path, *args, **kwargs):
    """Run a job by dotted path (the RQ worker's entry point); jobs only flush, the runner commits."""
    if has_app_context():
        return _resolve(path)(*args, **kwargs)  # the caller owns the transaction
    from . import create_app
    with create_app().app_context():
        result = _resolve(path)(*args, **kwargs)
        db.session.commit()
        return result


def enqueue(path, *args, **kwargs):
    """Queue `path(*args)` to run once the current transaction commits; dropped on rollback."""
    db.session.info.setdefault('pending_jobs', []).append((path, args, kwargs))


def queue_job(path, *args, **kwargs):
    """Put `path(*args)` on the RQ queue now; the RQ job, or None when there is no queue to put it on: no REDIS_URL,
    JOBS_INLINE, or Redis not answering (logged; see portal.redisconn)."""
    app = current_app._get_current_object()
    connection = None if app.config.get('JOBS_INLINE') else redisconn.client(app)
    if connection is None:
        return None
    from rq import Queue
    try:
        # The description is the task's name only: RQ's default, the call with its arguments, would put a
        # complainant's address, tracking code and message into the worker's log and Redis's job listing.
        return Queue(QUEUE_NAME, connection=connection).enqueue_call(run_job, args=(path, *args), kwargs=kwargs,
                                                                     description=path, retry=_retry(),
                                                                     failure_ttl=FAILURE_TTL)
    except RedisError as exc:
        redisconn.mark_away(app)
        app.logger.warning('Redis did not answer (%s): job %s runs inline', type(exc).__name__, path)
        return None


# A job that failed for good stays in RQ's failed registry, arguments and all (an email's address and body), for a
# week to look into, not RQ's default year.
FAILURE_TTL = 7 * 86400
STUCK_SECONDS = 300  # a job waiting longer than this: no worker takes the queue (or too few)


def queue_health(app=None):
    """What the queue looks like now: {'workers': live RQ workers on it, 'queued': jobs waiting, 'oldest_seconds':
    how long the first one has waited (None when none), 'ok': at least one worker and no job waiting over
    STUCK_SECONDS}; None without REDIS_URL, or when Redis does not answer. A worker killed without warning still
    counts until its registration expires (RQ's worker_ttl, 7 minutes); the oldest job's wait catches it then."""
    app = app or current_app._get_current_object()
    connection = redisconn.client(app)
    if connection is None:
        return None
    from rq import Queue, Worker
    from rq.utils import now
    try:
        queue = Queue(QUEUE_NAME, connection=connection)
        workers, queued, first = len(Worker.all(queue=queue)), queue.count, queue.get_jobs(0, 1)
    except RedisError:
        redisconn.mark_away(app)
        return None
    oldest = None
    if first and first[0].enqueued_at is not None:
        oldest = max(0, int((now() - first[0].enqueued_at).total_seconds()))
    return {'workers': workers, 'queued': queued, 'oldest_seconds': oldest,
            'ok': workers > 0 and (oldest or 0) <= STUCK_SECONDS}


def backend_health(app=None):
    """(Redis: 'ok' or 'unreachable', queue_health() while Redis answers, else None); (None, None) without
    REDIS_URL. What /healthz and the superadmin's staff home report."""
    app = app or current_app._get_current_object()
    if not app.config.get('REDIS_URL'):
        return None, None
    state = redisconn.status(app)
    return state, queue_health(app) if state == 'ok' else None


def dispatch_now(path, *args, **kwargs):
    """Send a job straight away (outside any transaction): to RQ when REDIS_URL is set (and JOBS_INLINE is not) and
    Redis answers, otherwise run it here and now.

    Inline, a job runs in the request that queued it, after its commit: what the request stored is safe whatever the
    job does, so a failed job is logged, never raised into the request (RQ retries it; inline there is no retry).
    """
    job = queue_job(path, *args, **kwargs)
    if job is not None:
        return job
    app = current_app._get_current_object()
    try:
        return _run_in_own_context(app, path, args, kwargs)
    except Exception:  # noqa: BLE001 - the request's own work is committed; the failure goes to the log
        app.logger.exception('job %s failed', path)
        return None


def _run_in_own_context(app, path, args, kwargs):
    # its own app context, hence its own session: the caller's transaction has ended and may not run SQL again;
    # leaving the context removes the session, which rolls back what a failed job left
    with app.app_context():
        result = run_job(path, *args, **kwargs)
        db.session.commit()
        return result


def _retry():
    from rq import Retry
    return Retry(max=3, interval=[10, 60, 300])


@event.listens_for(Session, 'after_commit')
def _after_commit(session):
    jobs = session.info.pop('pending_jobs', None)
    if jobs and has_app_context():
        for path, args, kwargs in jobs:
            dispatch_now(path, *args, **kwargs)


@event.listens_for(Session, 'after_rollback')
def _after_rollback(session):
    session.info.pop('pending_jobs', None)
