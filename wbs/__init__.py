"""The wbs part: anonymous whistleblowing (KMA 95/2014, ISO 37002) with GlobaLeaks' encryption protocol."""
import logging
import re

from flask_babel import lazy_gettext as _l

# The regulation that gives a reporter their rights, named on /wbs: Kemenag's by default (domain.md 5); another
# ministry or a regional government sets its own (PORTAL_WBS_REGULATION).
REGULATION = ('KMA Nomor 95 Tahun 2014 tentang Pedoman Pengelolaan Pengaduan Pelanggaran (Whistleblowing System) di '
              'Kementerian Agama')
WBS_LINE = re.compile(r'"(?:\x1b\[[0-9;]*m)*[A-Z]+ /wbs(?:[/? ]|$)')  # the request line, maybe ANSI-coloured


class NoWbsAccessLog(logging.Filter):
    """Drop the development server's access-log lines for /wbs (they start with the client's address)."""

    def filter(self, record):
        return not WBS_LINE.search(record.getMessage())


def init_app(app):
    """Models, the public and staff blueprints, the `wbs` CLI group, the home card, staff nav and hooks."""
    from portal.extensions import csrf
    from portal.registry import (
        add_daily_task,
        add_demo_seeder,
        add_password_change_hook,
        add_public_link,
        add_setup_check,
        add_staff_nav,
    )

    from . import (
        demo,
        models,  # noqa: F401 - registers the tables
        services,
        staff_views,
        views,
    )
    from .cli import wbs_cli

    app.config.setdefault('WBS_REPORTER_IDLE_MINUTES', 15)
    app.config.setdefault('WBS_MEMBER_IDLE_MINUTES', 30)
    app.config.setdefault('WBS_REPORTER_ACCESS_DAYS', 90)
    app.config.setdefault('WBS_FAIL_DELAY', 1.0)
    app.config.setdefault('WBS_RECEIPT_HOLD_MINUTES', 30)
    app.config.setdefault('WBS_REGULATION', REGULATION)
    csrf.exempt(views.bp)  # the public pages use their own SameSite=Strict double-submit cookie, not the session
    app.register_blueprint(views.bp)
    app.register_blueprint(staff_views.bp)
    app.add_template_global(views.language_url, 'wbs_language_url')  # base.html's language link on /wbs pages
    app.cli.add_command(wbs_cli)
    add_public_link(app, 'wbs.info', _l('Laporkan pelanggaran (WBS)'),
                    _l('Korupsi, suap, gratifikasi atau penyalahgunaan wewenang: laporkan tanpa menyebut nama.'),
                    order=30)
    add_staff_nav(app, 'wbs_staff.index', _l('WBS'), ('tim_wbs',), order=30)
    add_password_change_hook(app, services.on_password_change)
    add_setup_check(app, services.setup_warning)
    add_daily_task(app, 'wbs.services.purge_job')
    add_daily_task(app, 'wbs.services.purge_claims_job')
    add_demo_seeder(app, demo.seed)
    werkzeug_log = logging.getLogger('werkzeug')
    if not any(isinstance(f, NoWbsAccessLog) for f in werkzeug_log.filters):
        werkzeug_log.addFilter(NoWbsAccessLog())
