"""portal.extensions.ViewLimiter: Flask-Limiter's pass before every request runs only when something app-wide is
limited; a view's own limit is checked by its decorator either way (that it still answers 429 is tested with each
view: tests/survei/test_form.py, tests/pengaduan, tests/wbs, tests/security)."""
from contextlib import contextmanager

import pytest
from flask import Blueprint

from portal import create_app
from portal.extensions import db as _db
from portal.extensions import limiter
from tests.conftest import IsolatedClient
from tests.conftest import test_config as config_for
from tests.survei.factories import form_url, make_survey, open_form


@pytest.fixture
def checks(monkeypatch):
    """Every time Flask-Limiter looks up the limits that apply to a request, whether in its pass before the request
    (True) or in a view's decorator (False)."""
    seen = []
    manager = limiter.limit_manager
    original = manager.resolve_limits

    def spy(app, endpoint=None, blueprint=None, callable_name=None, in_middleware=False, marked=False):
        seen.append(in_middleware)
        return original(app, endpoint, blueprint, callable_name, in_middleware, marked)

    monkeypatch.setattr(manager, 'resolve_limits', spy)
    return seen


def test_pages_pass_no_limit_check_and_a_limited_view_one(client, db, checks):
    unit, layanan = make_survey()
    for path in ('/', f'/unit/{unit.slug}', form_url(unit, layanan), '/hasil/'):
        assert client.get(path).status_code == 200
    assert checks == []
    hidden = open_form(client, unit, layanan)
    assert client.post(form_url(unit, layanan), data={**hidden, 'u1': ''}).status_code == 422
    assert checks == [False]  # the view's decorator, once


@contextmanager
def other_app(tmp_path_factory, blueprint=None, **config):
    """A second app with its own settings (and database, on SQLite), in its app context; its connections closed
    afterwards."""
    app = create_app(config_for(tmp_path_factory, **config))
    app.test_client_class = IsolatedClient
    if blueprint is not None:
        app.register_blueprint(blueprint)
    with app.app_context():
        _db.create_all()
        try:
            yield app
        finally:
            _db.session.remove()
            _db.engine.dispose()


def test_a_default_limit_in_the_config_is_still_enforced(app, tmp_path_factory, checks):
    try:
        with other_app(tmp_path_factory, RATELIMIT_DEFAULT='3 per minute') as other:
            client = other.test_client()
            assert [client.get('/').status_code for _ in range(4)] == [200, 200, 200, 429]
        assert checks == [True] * 4  # the pass before each request
    finally:
        limiter.limit_manager.set_default_limits([])  # the limiter is shared by every app of the test session


def test_a_limit_on_a_blueprint_is_still_enforced(app, tmp_path_factory):
    bp = Blueprint('uji_batas', __name__, url_prefix='/uji-batas')
    bp.add_url_rule('/', 'index', lambda: 'ok')
    limiter.limit('2 per minute')(bp)
    try:
        with other_app(tmp_path_factory, blueprint=bp) as other:
            client = other.test_client()
            assert [client.get('/uji-batas/').status_code for _ in range(3)] == [200, 200, 429]
    finally:
        limiter.limit_manager._blueprint_limits.pop('uji_batas', None)
