"""Unbound extension instances; the factory binds them to the app."""
from flask import current_app
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData

# Named constraints so Alembic migrations work the same on SQLite (batch mode) and PostgreSQL.
NAMING = {
    'ix': 'ix_%(column_0_label)s',
    'uq': 'uq_%(table_name)s_%(column_0_name)s',
    'ck': 'ck_%(table_name)s_%(constraint_name)s',
    'fk': 'fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s',
    'pk': 'pk_%(table_name)s',
}

db = SQLAlchemy(metadata=MetaData(naming_convention=NAMING))
migrate = Migrate()
csrf = CSRFProtect()
login_manager = LoginManager()
babel = Babel()


class ViewLimiter(Limiter):
    """Flask-Limiter, less one pass per request that finds nothing here. Besides checking a view's own limits in its
    decorator (`@limiter.limit`, `@limiter.shared_limit`: the only kind this app sets), Flask-Limiter makes a pass
    before every request for default, application and blueprint limits. With none set, that pass costs about a
    tenth of a millisecond per request and finds nothing, so it is skipped until one is set: RATELIMIT_DEFAULT or
    RATELIMIT_APPLICATION in the config, or a limit on a blueprint. (This overrides a method of Flask-Limiter 4 and
    reads its blueprint limits; setup.cfg pins the major version, and tests/portal/test_limiter.py checks both.)"""

    def _check_request_limit(self, callable_name=None, in_middleware=True):
        if in_middleware and not self._request_pass_needed():
            return
        super()._check_request_limit(callable_name=callable_name, in_middleware=in_middleware)

    def _request_pass_needed(self):
        config = current_app.config
        return bool(config.get('RATELIMIT_DEFAULT') or config.get('RATELIMIT_APPLICATION')
                    or self.limit_manager._blueprint_limits)


limiter = ViewLimiter(key_func=get_remote_address)
