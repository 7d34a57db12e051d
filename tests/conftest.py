"""Fixtures for every part: one app per session, a clean database for each test, a client, a CLI runner.

The database is SQLite in a temporary folder, or PostgreSQL when TEST_DATABASE_URL is set (CI sets it). Each test
starts from empty tables (rows deleted after the test), so tests may commit, use threads and run CLI commands.
"""
import contextvars
import email
import email.policy
import os

import pytest
from flask.testing import FlaskClient

from portal import create_app
from portal.extensions import db as _db
from portal.extensions import limiter
from portal.pagecache import forget_pages
from survei.services import forget_targets
from tests.factories import free_port


class IsolatedClient(FlaskClient):
    """A test client whose every request runs in its own app context, as in production.

    Tests keep an app context open for the factories; without this, Flask would reuse it for the request, sharing `g`
    (the signed-in user, the CSRF token) and the database session between requests and clients.
    """

    def open(self, *args, **kwargs):
        return contextvars.Context().run(super().open, *args, **kwargs)


def test_config(tmp_path_factory, **overrides):
    """The settings a test app runs with."""
    base = tmp_path_factory.mktemp('instance')
    url = os.environ.get('TEST_DATABASE_URL') or f'sqlite:///{base}/test.db'
    cfg = {'TESTING': True, 'DATABASE_URL': url, 'SECRET_KEY': 'kunci-uji', 'JOBS_INLINE': True,
           'UPLOAD_FOLDER': str(base / 'uploads'), 'PUBLIC_BASE_URL': 'http://layanan.test', 'REDIS_URL': None,
           'RATELIMIT_STORAGE_URI': 'memory://', 'MAIL_SERVER': None, 'SERVER_NAME': None}
    cfg.update(overrides)
    return cfg


@pytest.fixture(scope='session')
def app(tmp_path_factory):
    """The application, its tables created once for the session."""
    # The tests' own instance folder (generated keys and secrets), never the project's instance/.
    os.environ['PORTAL_INSTANCE_PATH'] = str(tmp_path_factory.mktemp('instance-path'))
    app = create_app(test_config(tmp_path_factory))
    app.test_client_class = IsolatedClient
    with app.app_context():
        _db.drop_all()
        _db.create_all()
    yield app
    with app.app_context():
        _db.session.remove()
        _db.engine.dispose()


@pytest.fixture(autouse=True)
def _app_context(request):
    """Push an app context for tests that use the app, and empty every table afterwards."""
    if 'app' not in request.fixturenames:
        yield
        return
    app = request.getfixturevalue('app')
    with app.app_context():
        limiter.reset()
        yield
        _db.session.rollback()
        _db.session.remove()
        with _db.engine.begin() as conn:
            for table in reversed(_db.metadata.sorted_tables):
                conn.execute(table.delete())
        forget_targets()  # the rows are gone behind the ORM's back: so is what the process remembered of them
        forget_pages()


@pytest.fixture
def db(app):
    """The database handle (tables are emptied after each test)."""
    return _db


@pytest.fixture
def client(app):
    """A test client speaking real HTTP semantics to the app."""
    return app.test_client()


@pytest.fixture
def runner(app):
    """The CLI runner, for `flask --app portal ...` commands."""
    return app.test_cli_runner()


@pytest.fixture
def output_dir(request):
    """A folder for a test's artefacts (screenshots): test-output/<test name>/."""
    root = os.path.join(os.path.dirname(os.path.dirname(__file__)), 'test-output', request.node.name)
    os.makedirs(root, exist_ok=True)
    return root



class Inbox:
    """The aiosmtpd handler: keeps every message it receives, parsed."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append(msg)
        return '250 OK'

    def to(self, address):
        """Messages sent to `address`."""
        return [m for m in self.messages if m['To'] == address]

    def body(self, msg):
        """The plain-text body."""
        return msg.get_body(('plain',)).get_content()


@pytest.fixture
def smtp(app):
    """A real SMTP server (aiosmtpd) on localhost, MAIL_SERVER/MAIL_PORT pointing at it; settings restored after."""
    from aiosmtpd.controller import Controller
    inbox = Inbox()
    controller = Controller(inbox, hostname='127.0.0.1', port=free_port())
    controller.start()
    saved = {k: app.config.get(k) for k in ('MAIL_SERVER', 'MAIL_PORT')}
    app.config.update(MAIL_SERVER='127.0.0.1', MAIL_PORT=controller.port)
    try:
        yield inbox
    finally:
        app.config.update(saved)
        controller.stop()


# The cheapest Argon2id cost libsodium allows and no failure delay: WBS tests stay fast (production keeps MODERATE).
WBS_FAST = {'WBS_ARGON2_OPS': 1, 'WBS_ARGON2_MEM': 8192, 'WBS_FAIL_DELAY': 0}


@pytest.fixture
def fast_wbs(app, monkeypatch):
    """WBS_FAST on the app for one test, restored afterwards."""
    for key, value in WBS_FAST.items():
        monkeypatch.setitem(app.config, key, value)


REDIS_QUEUE_URL = os.environ.get('TEST_REDIS_QUEUE_URL', 'redis://127.0.0.1:6379/9')  # .ci/run: one per run


@pytest.fixture
def redis_queue(app, monkeypatch):
    """The RQ queue on Redis database 9 (emptied before and after), with the app queueing jobs to it; the test is
    skipped when no Redis answers."""
    import redis
    from rq import Queue

    from portal.jobs import QUEUE_NAME
    connection = redis.Redis.from_url(REDIS_QUEUE_URL)
    try:
        connection.flushdb()
    except redis.RedisError:
        pytest.skip('needs Redis on 127.0.0.1:6379')
    monkeypatch.setitem(app.config, 'REDIS_URL', REDIS_QUEUE_URL)
    monkeypatch.setitem(app.config, 'JOBS_INLINE', False)
    try:
        yield Queue(QUEUE_NAME, connection=connection)
    finally:
        connection.flushdb()
