"""The analytics part: models, staff dashboards and reports, the public results page /hasil, CLI, nav and demo."""
from flask_babel import lazy_gettext as _l


def init_app(app):
    """Plug the part into the app: IKM_WEIGHT default, models, /staf/analitik, /hasil, `flask analytics`."""
    from portal.access import FIGURE_READERS
    from portal.registry import add_demo_seeder, add_public_link, add_staff_nav

    from . import dashboard, display, downloads, ikm, models  # noqa: F401 - dashboard/downloads add their routes to bp
    from .cli import analytics_cli
    from .demo import seed_demo
    from .public import bp as public_bp
    from .views import bp

    app.config.setdefault('IKM_WEIGHT', ikm.DEFAULT_WEIGHT)
    ikm.parse_weight(app.config['IKM_WEIGHT'])  # a wrong setting fails at start, not in a report
    app.register_blueprint(bp)
    app.register_blueprint(public_bp)
    display.register(app)
    app.cli.add_command(analytics_cli)
    add_public_link(app, 'hasil_publik.index', _l('Hasil survei dan tindak lanjut'),
                    _l('Indeks kepuasan masyarakat tiap unit dan rencana perbaikannya.'), order=40, unit_arg='unit')
    add_staff_nav(app, 'analytics.dashboard', _l('Dasbor IKM dan laporan'), FIGURE_READERS, order=59)
    add_staff_nav(app, 'analytics.hasil', _l('Komponen hasil ZI'), FIGURE_READERS, order=60)
    add_demo_seeder(app, seed_demo)
