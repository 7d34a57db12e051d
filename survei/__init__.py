"""The survei part: the citizen's survey behind the QR at the counter, the staff pages, commands and demo data."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l


def init_app(app):
    """Register the models, blueprints, the `survei` command group and the portal registry entries."""
    from portal.access import FIGURE_READERS, MANAGERS
    from portal.registry import add_demo_seeder, add_layanan_action, add_public_link, add_staff_nav

    from . import (
        models,  # noqa: F401
        rules,
        views_questionnaires,  # noqa: F401 - adds its routes to staff_bp
    )
    from .cli import survei_cli
    from .demo import seed_demo
    from .util import survey_path
    from .views_public import bp as public_bp
    from .views_staff import bp as staff_bp

    app.config.setdefault('SURVEI_RATE_LIMIT', rules.RATE_LIMIT)
    app.register_blueprint(public_bp)
    app.register_blueprint(staff_bp)
    app.cli.add_command(survei_cli)
    add_public_link(app, 'survei.index', _l('Survei kepuasan layanan'),
                    _l('Nilai layanan yang baru Anda terima: satu menit, tanpa nama.'), order=10)
    add_layanan_action(app, lambda unit, layanan: {'url': survey_path(unit.slug, layanan.slug),
                                                   'label': _('Isi survei')})
    add_staff_nav(app, 'survei_staff.responses', _l('Survei: respons'), FIGURE_READERS, order=10)
    add_staff_nav(app, 'survei_staff.flagged', _l('Survei: tinjau respons ditandai'), MANAGERS, order=11)
    add_staff_nav(app, 'survei_staff.layanan', _l('Survei: layanan, QR dan poster'), MANAGERS, order=12)
    add_staff_nav(app, 'survei_staff.service_users', _l('Survei: jumlah pengguna layanan'), MANAGERS, order=13)
    add_staff_nav(app, 'survei_staff.upload', _l('Survei: impor survei kertas'), MANAGERS, order=14)
    add_staff_nav(app, 'survei_staff.questionnaires', _l('Survei: kuesioner IPKP/IPAK'), ('superadmin',), order=15)
    add_demo_seeder(app, seed_demo)
