"""The application factory: config in layers, extensions, the shared blueprints, then each part."""
import importlib
import os

from flask import Flask
from flask_babel import lazy_gettext as _l
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from . import clock
from . import config as config_module
from .extensions import babel, csrf, db, limiter, login_manager, migrate
from .ids import ID_MAX

PARTS = ('survei', 'pengaduan', 'wbs', 'analytics')
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class IdConverter(IntegerConverter):
    """`<int:...>` in every route: a number beyond an id column's range answers 404 instead of reaching the
    database driver (a 25-digit id made sqlite3 raise OverflowError)."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault('max', ID_MAX)
        super().__init__(map, *args, **kwargs)


def create_app(config=None):
    """Build the app: defaults, then instance/config.py, then the environment, then `config` (tests)."""
    # a relative PORTAL_INSTANCE_PATH ('./instance', as the README names the default) is taken from where it is run
    instance = os.path.abspath(os.environ.get('PORTAL_INSTANCE_PATH') or os.path.join(ROOT, 'instance'))
    app = Flask(__name__, instance_path=instance,
                instance_relative_config=True, template_folder=os.path.join(ROOT, 'templates'),
                static_folder=os.path.join(ROOT, 'static'))
    app.url_map.converters['int'] = IdConverter
    app.config.from_object(config_module.Defaults)
    app.config.from_pyfile('config.py', silent=True)
    app.config.update(config_module.from_environment())
    app.config.update(config or {})
    os.makedirs(app.instance_path, exist_ok=True)
    config_module.finalize(app.config, app.instance_path)
    clock.set_office_zone(app.config['BABEL_DEFAULT_TIMEZONE'])  # complaint deadlines count the office's days
    if app.config['PROXY_FIX']:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    register_template_helpers(app)
    return app


def register_extensions(app):
    """Bind the unbound extensions in extensions.py."""
    from .i18n import remember_switched_language, select_locale
    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(ROOT, 'migrations'), render_as_batch=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = 'staff.login'
    login_manager.login_message = 'Silakan masuk untuk membuka halaman ini.'
    login_manager.login_message_category = 'info'
    login_manager.session_protection = 'basic'
    babel.init_app(app, locale_selector=select_locale,
                   default_translation_directories=os.path.join(ROOT, 'translations'))
    app.after_request(remember_switched_language)
    limiter.init_app(app)
    from . import (
        auth,  # noqa: F401 - registers the user loader
        jobs,  # noqa: F401 - registers the after-commit dispatch
    )


def register_blueprints(app):
    """The shared public and staff pages, then each part's init_app."""
    from . import generated, public, staff
    from .registry import add_daily_task, add_staff_nav
    app.register_blueprint(public.bp)
    app.register_blueprint(staff.bp)
    app.register_blueprint(generated.bp)
    add_daily_task(app, 'portal.generated.purge_job')
    add_daily_task(app, 'portal.once.purge_job')
    add_staff_nav(app, 'staff.units', _l('Unit'), ('superadmin', 'admin_unit'), order=80)
    add_staff_nav(app, 'staff.layanan_list', _l('Layanan'), ('superadmin', 'admin_unit'), order=81)
    add_staff_nav(app, 'staff.users', _l('Pengguna'), ('superadmin', 'admin_unit'), order=82)
    add_staff_nav(app, 'staff.audit_log', _l('Log audit'), ('superadmin',), order=90)
    for name in PARTS:
        module = importlib.import_module(name)
        if hasattr(module, 'init_app'):
            module.init_app(app)


def register_errorhandlers(app):
    """Error pages, security headers and request logs."""
    from .errors import register_errorhandlers as errors
    from .logs import register_request_logging
    from .security import register_security_headers
    errors(app)
    register_security_headers(app)
    register_request_logging(app)


def register_commands(app):
    """The shared CLI commands."""
    from .cli import register_commands as commands
    commands(app)


def register_template_helpers(app):
    """Globals the templates use: the office name, the current locale, date formatting."""
    from flask_babel import format_date, format_datetime, get_locale

    from .i18n import translate
    from .registry import layanan_actions
    from .views_util import once_token

    app.add_template_filter(translate, 'tr')
    app.add_template_global(once_token, 'once_token')  # the once_field macro (portal.once)

    @app.context_processor
    def inject():
        return {'office_name': app.config['OFFICE_NAME'], 'agency_name': app.config.get('AGENCY_NAME') or '',
                'current_locale': str(get_locale()),
                'format_date': format_date, 'format_datetime': format_datetime,
                'unit_actions': lambda unit, item: layanan_actions(app, unit, item)}
