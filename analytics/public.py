"""The public results page /hasil: for each unit and period an admin published, the IKM and mutu, NRR per unsur, the
respondents, the sample adequacy and the RTL with its status. No login; an unpublished period is never shown."""

from flask import Blueprint, abort, render_template, request, url_for
from flask_babel import gettext

from portal import pagecache
from portal.i18n import office_today
from portal.views_util import active_unit_or_404

from . import charts, display, publish
from .ikm import UNSUR

bp = Blueprint('hasil_publik', __name__, url_prefix='/hasil')


def nrr_chart(row, uid):
    """The NRR chart of a published snapshot, in the visitor's language and number format."""
    fig = row.figures
    items = [(u, gettext(fig['names'][u]), fig['nrr'].get(u), fig['mutu_unsur'].get(u)) for u in UNSUR]
    title = gettext('NRR per unsur, %(unit)s, %(period)s', unit=row.unit.name,
                    period=display.period_label(row.period_key, row.period_label))
    return charts.nrr_bars(items, uid=uid, title=title, words=charts.words_in(gettext), fmt=display.number)


@bp.route('/')
def index():
    """Every published unit and period (optionally ?unit=<slug>), newest period first within each unit (kept by
    portal.pagecache)."""
    return pagecache.page(_index)


def _index():
    unit = None
    slug = request.args.get('unit')
    if slug:
        unit = active_unit_or_404(slug, lambda current: url_for('hasil_publik.index', unit=current))
    rows = publish.published_all(getattr(unit, 'id', None))
    return render_template('analytics/public/index.html', rows=rows, unit=unit)


@bp.route('/<slug>/<key>')
def detail(slug, key):
    """One published unit and period: figures, NRR chart and table, RTL with status (kept by portal.pagecache)."""
    return pagecache.page(lambda: _detail(slug, key), office_today())


def _detail(slug, key):
    unit = active_unit_or_404(slug, lambda current: url_for('hasil_publik.detail', slug=current, key=key))
    row = publish.published(unit.id, key)
    if row is None:
        abort(404)
    return render_template('analytics/public/detail.html', row=row, unit=unit, fig=row.figures, unsur=UNSUR,
                           chart=nrr_chart(row, 'nrr-publik'), rtl=publish.rtl_for(unit.id, key), today=office_today())
