"""The analytics part: registers its models, staff blueprint, CLI group and staff nav entries."""


def init_app(app):
    """Plug the part into the app: IKM_WEIGHT default, models, /staf/analitik, `flask analytics`."""
    from portal.access import FIGURE_READERS
    from portal.registry import add_staff_nav

    from . import ikm, models  # noqa: F401
    from .cli import analytics_cli
    from .views import bp

    app.config.setdefault('IKM_WEIGHT', ikm.DEFAULT_WEIGHT)
    ikm.parse_weight(app.config['IKM_WEIGHT'])  # a wrong setting fails at start, not in a report
    app.register_blueprint(bp)
    app.cli.add_command(analytics_cli)
    add_staff_nav(app, 'analytics.hasil', 'Komponen hasil ZI', FIGURE_READERS, order=60)
