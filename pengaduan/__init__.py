"""The pengaduan part: public complaints with a tracked, deadline-driven follow-up (issue 5, domain.md section 4)."""
from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from portal.logs import secret_path
from portal.registry import add_daily_task, add_demo_seeder, add_layanan_action, add_public_link, add_staff_nav


def layanan_action(unit, layanan):
    """The "Ajukan pengaduan" button under a layanan, prefilling the form."""
    return {'url': url_for('pengaduan.new', unit=unit.slug, layanan=layanan.slug), 'label': _('Ajukan pengaduan')}


def init_app(app):
    """Register the models, the public and staff blueprints, the CLI group and the portal entries."""
    from . import models  # noqa: F401 - the tables
    from .cli import cli
    from .demo import seed
    from .staff_views import bp as staff_bp
    from .views import bp
    app.register_blueprint(bp)
    app.register_blueprint(staff_bp)
    secret_path(app, 'pengaduan.track_code', '/pengaduan/lacak/')  # the complainant's key is never logged
    app.cli.add_command(cli)
    add_public_link(app, 'pengaduan.new', _l('Ajukan pengaduan'),
                    _l('Sampaikan pengaduan, aspirasi atau permintaan informasi tentang layanan kami.'), order=20,
                    unit_arg='unit')
    add_public_link(app, 'pengaduan.track', _l('Lacak pengaduan'),
                    _l('Lihat perkembangan pengaduan Anda dengan kode pelacakan.'), order=21)
    add_staff_nav(app, 'pengaduan_staf.inbox', lazy_pgettext('menu', 'Pengaduan'),
                  ('superadmin', 'admin_unit', 'petugas_pengaduan', 'pimpinan'), order=20)
    add_staff_nav(app, 'pengaduan_staf.cuti', _l('Cuti bersama (hari kerja)'), ('superadmin',), order=85)
    add_layanan_action(app, layanan_action)
    add_demo_seeder(app, seed)
    add_daily_task(app, 'pengaduan.jobs.close_stale_job')
    add_daily_task(app, 'pengaduan.jobs.remind_job')
    add_daily_task(app, 'pengaduan.jobs.retention_job')
