"""Staff pages under /staf/analitik: the komponen hasil of a unit and year, and the admin's inputs for it."""

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from portal.access import FIGURE_READERS, MANAGERS, roles_required, scope_filter, scoped_unit_or_404
from portal.extensions import db
from portal.i18n import office_today
from portal.ids import db_int
from portal.models import Unit
from portal.views_util import commit_or_flash, shown_status

from . import periods, queries
from .forms import HasilInputForm
from .perception import HASIL_MAX
from .services import FIELDS, save_hasil_input

bp = Blueprint('analytics', __name__, url_prefix='/staf/analitik')


def _units():
    q = select(Unit).order_by(Unit.name)
    clause = scope_filter(Unit.id)
    return db.session.scalars(q if clause is None else q.where(clause)).all()


def default_unit(units):
    """The unit a staff page opens on without ?unit=: the user's own, else the root of the units in scope (the
    Kanwil for a superadmin), not the first name in alphabetical order."""
    if current_user.unit_id:
        return current_user.unit_id
    ids = {u.id for u in units}
    roots = [u for u in units if u.parent_id not in ids]
    return (roots or units)[0].id


def arg_id(name):
    """The whole number in ?<name>= (an id, a year), or None when it is absent or empty. Anything else (a forged '²'
    or '٣', 25 digits, '-1', '1.0') is a 404: it names nothing, and a POST with it must never fall back to the
    user's own unit or the current year and write there."""
    text = request.args.get(name, '')
    if not text.strip():
        return None
    try:
        return db_int(text)
    except ValueError:
        abort(404)


def _selection():
    """The unit (in scope, else 404) and year the page is for: ?unit=<id>&tahun=<yyyy>."""
    units = _units()
    if not units:
        abort(404)
    unit_id = arg_id('unit')
    unit = scoped_unit_or_404(default_unit(units) if unit_id is None else unit_id)
    year = arg_id('tahun')
    year = office_today().year if year is None else year
    if not periods.FIRST_YEAR <= year <= periods.LAST_YEAR:
        abort(404)
    return units, unit, year


def rolled_up():
    """False when ?sendiri=1 asks for the unit alone (its own respondents: ZI evaluates the satker itself), else True:
    the figures include the units below it (domain.md 1: figures roll up unless the user asks for the unit alone). The
    dashboard, its reports and the komponen hasil read the choice here."""
    return not request.args.get('sendiri')


# What the dashboard reads from its address (analytics.dashboard.selection) and the page language: the only query
# keys the home passes on. Passing request.args whole let url_for() read '_external' (an absolute URL built from the
# Host header), '_method' or 'endpoint' (a 500).
DASHBOARD_KEYS = ('unit', 'layanan', 'periode', 'dari', 'sampai', 'sendiri', 'banding', 'lang')


@bp.route('/')
@roles_required(*FIGURE_READERS)
def index():
    """The analytics staff home: the dashboard (with the dashboard's own query keys, nothing else)."""
    return redirect(url_for('analytics.dashboard', **{k: request.args[k] for k in DASHBOARD_KEYS if k in request.args}))


@bp.route('/hasil')
@roles_required(*FIGURE_READERS)
def hasil():
    """Komponen hasil ZI: each line against WBK and WBBM, memenuhi or belum memenuhi."""
    units, unit, year = _selection()
    subtree = rolled_up()
    return render_template('analytics/hasil.html', units=units, unit=unit, year=year, subtree=subtree,
                           hasil=queries.komponen_hasil(unit.id, year, subtree=subtree), hasil_max=HASIL_MAX,
                           today=office_today(),
                           can_edit=current_user.role in MANAGERS)


@bp.route('/hasil/isian', methods=['GET', 'POST'])
@roles_required(*MANAGERS)
def hasil_input():
    """Enter capaian kinerja, pengungkit and TLHP completion for a unit and year (audited)."""
    units, unit, year = _selection()
    form = HasilInputForm(obj=queries.hasil_input(unit.id, year))
    if form.validate_on_submit() and commit_or_flash(
            lambda: save_hasil_input(unit.id, year, {k: form[k].data for k in FIELDS}, current_user),
            _('Isian komponen hasil disimpan.')):
        return redirect(url_for('analytics.hasil', unit=unit.id, tahun=year))
    # refused: shown again as typed, with the messages
    return render_template('analytics/hasil_input.html', form=form, unit=unit, year=year), shown_status(422)
