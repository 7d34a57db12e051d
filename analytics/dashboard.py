"""Staff dashboards under /staf/analitik: a unit (its subtree rolled up, or alone), a layanan and a period; the RTL
page; publishing a period; the report downloads. Every figure is read through analytics.queries."""
from dataclasses import dataclass

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.exceptions import BadRequest

from portal.access import FIGURE_READERS, MANAGERS, roles_required, scoped_unit_or_404
from portal.extensions import db
from portal.i18n import error_text, office_today, translate
from portal.ids import ID_MAX
from portal.markers import N_
from portal.models import Layanan, Unit, subtree_ids
from portal.views_util import ONCE_STALE, commit_or_flash, confirmed, posted_once, replayed, shown_status

from . import charts, display, periods, publish, queries
from .forms import PublishForm, RtlForm, RtlStatusForm
from .models import RTL_STATUSES, RtlAction
from .views import _units, arg_id, bp, default_unit, rolled_up

PROFILE = (('gender', N_('Jenis kelamin')), ('age', N_('Umur')), ('education', N_('Pendidikan')),
           ('occupation', N_('Pekerjaan')), ('layanan', N_('Layanan')))


@dataclass(frozen=True)
class Selection:
    """What a dashboard or report is about: unit, layanan (or None), period, whether the subtree is rolled up, and the
    period it is compared with when one was chosen (else the period before: `compare_period`)."""

    unit: Unit
    layanan: Layanan | None
    period: periods.Period
    subtree: bool
    compare: periods.Period | None = None

    @property
    def args(self):
        """The query arguments that select it again."""
        out = {'unit': self.unit.id, 'periode': self.period.key}
        if self.layanan is not None:
            out['layanan'] = self.layanan.id
        if not self.subtree:
            out['sendiri'] = 1
        if self.compare is not None:
            out['banding'] = self.compare.key
        return out

    @property
    def compare_period(self):
        """The period the figures are compared with: the one chosen, else the period before (None before 2000)."""
        return self.compare if self.compare is not None else periods.previous(self.period)

    @property
    def kw(self):
        """Keyword arguments for analytics.queries."""
        return {'layanan_id': getattr(self.layanan, 'id', None), 'subtree': self.subtree}

    @property
    def whole_unit(self):
        """True for the unit with its subtree and every layanan: what may be published."""
        return self.layanan is None and self.subtree


def bad_request(message):
    """Raise a 400 whose page (or JSON) states `message` (already in the visitor's language)."""
    exc = BadRequest(str(message))
    exc.show_to_user = True
    raise exc


def _period():
    """?dari=&sampai= (both, or neither: the filter form sends them empty) else ?periode= (else this year). A custom
    range is held to the bounds of a period key (periods.custom): a bad one is a 400 with its reason, on a GET and on a
    POST alike, before anything is read or stored. A bad ?periode= names no page: 404."""
    start, end = request.args.get('dari', ''), request.args.get('sampai', '')
    if start.strip() or end.strip():
        try:
            return periods.custom(start, end)
        except ValueError as exc:
            bad_request(error_text(exc))
    try:
        return periods.parse(request.args.get('periode') or str(office_today().year))
    except ValueError:
        abort(404)


def selection():
    """The Selection from ?unit=&layanan=&periode=|dari=&sampai=&sendiri=1; out of scope or unknown: 404 (a malformed
    id too, rather than the default unit or every layanan); a bad custom range: 400."""
    units = _units()
    if not units:
        abort(404)
    unit_id = arg_id('unit')
    unit = scoped_unit_or_404(default_unit(units) if unit_id is None else unit_id)
    subtree = rolled_up()
    layanan = None
    layanan_id = arg_id('layanan')
    if layanan_id is not None:
        layanan = db.session.get(Layanan, layanan_id)
        allowed = subtree_ids(unit.id) if subtree else {unit.id}
        if layanan is None or layanan.unit_id not in allowed:
            abort(404)
    return units, Selection(unit, layanan, _period(), subtree, _compare_period())


def _compare_period():
    """?banding=<period key>: the period the dashboard and its reports compare with; absent or empty, the period
    before. A key that names no period names no page: 404, as ?periode= does."""
    key = request.args.get('banding', '')
    if not key.strip():
        return None
    try:
        return periods.parse(key)
    except ValueError:
        abort(404)


def _layanan_options(sel):
    ids = subtree_ids(sel.unit.id) if sel.subtree else {sel.unit.id}
    return db.session.execute(select(Layanan.id, Layanan.name, Unit.name).join(Unit, Unit.id == Layanan.unit_id)
                              .where(Layanan.unit_id.in_(sorted(ids))).order_by(Unit.name, Layanan.name)).all()


def nrr_items(result):
    """Chart rows from an IkmResult."""
    return [(u.code, _(u.name), None if u.nrr_display is None else float(u.nrr_display), u.mutu) for u in result.unsur]


def nrr_rows(result):
    """Table rows (code, name, answered, NRR as displayed in the page's locale, mutu) from an IkmResult."""
    return [(u.code, u.name, display.number(u.answered, 0), display.number(u.nrr_display, 4), u.mutu)
            for u in result.unsur]


def figures(sel):
    """Everything a dashboard shows, from analytics.queries."""
    p, kw = sel.period, sel.kw
    summary, compared = queries.summary_compared(sel.unit.id, p, sel.compare_period, **kw)
    trend = queries.monthly_trend(sel.unit.id, p.start, p.end, **kw)
    profile = [(key, label, queries.breakdown(key, sel.unit.id, p.start, p.end, **kw)) for key, label in PROFILE]
    kids = queries.per_unit(sel.unit.id, p.start, p.end) if sel.whole_unit else []
    words = charts.words_in(_)  # what the two charts write themselves, in the page's language
    label = translate(p.label)
    complaints = queries.complaints(sel.unit.id, p.start, p.end, subtree=sel.subtree)
    return {
        'summary': summary, 'trend': trend, 'nrr_rows': nrr_rows(summary.result), 'profile': profile, 'children': kids,
        'nrr_chart': charts.nrr_bars(nrr_items(summary.result), title=_('NRR per unsur, %(period)s', period=label),
                                     words=words, fmt=display.number),
        'trend_chart': charts.trend([(r.label, None if r.summary.result.konversi_display is None
                                      else float(r.summary.result.konversi_display), r.summary.result.n)
                                     for r in trend], title=_('IKM (konversi) per bulan, %(period)s', period=label),
                                    words=words, fmt=display.number),
        'comparison': compared,
        'coverage': queries.population_coverage(sel.unit.id, p.start, p.end, **kw),
        'complaints': complaints,
        'complaint_tables': None if complaints is None else queries.complaint_tables(complaints),
        'wbs': queries.wbs_counts(sel.unit.id, p.start, p.end, subtree=sel.subtree)
        if queries.wbs_counts_shown(sel.unit.parent_id is None, sel.subtree, p.start, p.end) else 'hidden',
    }


def _labels():
    # the complaint labels travel with their counts (queries.complaint_tables)
    out = {}
    try:
        from wbs.workflow import CATEGORIES as WC
        from wbs.workflow import STATUSES
        out.update(wbs_status=STATUSES, wbs_category=WC)
    except ImportError:  # pragma: no cover
        pass
    return out


def period_choices(sel):
    """The period select box's groups: the selected year's periods and earlier years' (periods.grouped_choices)."""
    return periods.grouped_choices(sel.period.start.year, office_today().year)


@bp.route('/dasbor')
@roles_required(*FIGURE_READERS)
def dashboard():
    """The dashboard of a unit, layanan and period."""
    units, sel = selection()
    f = figures(sel)
    row = publish.published(sel.unit.id, sel.period.key) if sel.whole_unit else None
    return render_template('analytics/dashboard.html', units=units, sel=sel, f=f,
                           layanan_options=_layanan_options(sel), period_choices=period_choices(sel),
                           compare_choices=periods.grouped_choices((sel.compare_period or sel.period).start.year,
                                                                   office_today().year),
                           published=row, published_stale=row is not None and publish.out_of_date(row, f['summary']),
                           rtl=publish.rtl_for(sel.unit.id, sel.period.key), today=office_today(),
                           can_edit=current_user.role in MANAGERS, form=PublishForm(), labels=_labels())


@bp.route('/terbitkan', methods=['POST'])
@roles_required(*MANAGERS)
def publish_period():
    """Publish the unit's results for the period on /hasil (or refresh them)."""
    _form, sel = selection()
    if not PublishForm().validate_on_submit() or not sel.whole_unit:
        abort(400)
    commit_or_flash(lambda: publish.publish(sel.unit, sel.period, current_user),
                    _('Hasil survei %(unit)s, %(period)s diterbitkan di halaman publik.', unit=sel.unit.name,
                      period=translate(sel.period.label)))
    return redirect(url_for('analytics.dashboard', **sel.args))


@bp.route('/tarik', methods=['POST'])
@roles_required(*MANAGERS)
def unpublish_period():
    """Withdraw a published period from /hasil."""
    _form, sel = selection()
    if not PublishForm().validate_on_submit():
        abort(400)
    if not confirmed():
        flash(_('Centang konfirmasi untuk menarik hasil dari halaman publik.'), 'error')
        return redirect(url_for('analytics.dashboard', **sel.args))
    commit_or_flash(lambda: publish.unpublish(sel.unit, sel.period.key, current_user),
                    _('Hasil periode ini tidak lagi tampil di halaman publik.'))
    return redirect(url_for('analytics.dashboard', **sel.args))


@bp.route('/rtl', methods=['GET', 'POST'])
@roles_required(*FIGURE_READERS)
def rtl():
    """The unit's improvement plan for the period: the three lowest unsur, the actions (overdue marked), a form that
    adds an action once per render (portal.once: sent twice, it says so and adds nothing)."""
    units, sel = selection()
    can_edit = current_user.role in MANAGERS
    form = RtlForm()
    if request.method == 'POST':
        if not can_edit:
            abort(403)
        posted = posted_once()
        values = {k: form[k].data for k in ('unsur', 'action', 'owner', 'due_date', 'status', 'evidence')}
        if form.validate_on_submit():  # else shown again with the fields' messages
            if posted.stale:
                flash(str(ONCE_STALE), 'error')
            elif not posted.claim('analytics.rtl'):
                return replayed(url_for('analytics.rtl', **sel.args))
            elif commit_or_flash(lambda: publish.add_rtl(sel.unit.id, sel.period.key, values, current_user),
                                 _('Tindakan RTL ditambahkan.')):
                return redirect(url_for('analytics.rtl', **sel.args))
    lowest = queries.lowest_unsur(sel.unit.id, sel.period.start, sel.period.end)
    return render_template('analytics/rtl.html', units=units, sel=sel, lowest=lowest, form=form,
                           actions=publish.rtl_for(sel.unit.id, sel.period.key), today=office_today(),
                           statuses=RTL_STATUSES, can_edit=can_edit,
                           period_choices=period_choices(sel)), shown_status()


@bp.route('/rtl/<int:action_id>', methods=['POST'])
@roles_required(*MANAGERS)
def rtl_update(action_id):
    """Change one action's status and evidence note."""
    row = db.session.get(RtlAction, action_id) if action_id <= ID_MAX else None  # 20 digits: no row, no driver error
    if row is None:
        abort(404)
    scoped_unit_or_404(row.unit_id)
    form = RtlStatusForm()
    if form.validate_on_submit():
        values = {'status': form.status.data}
        if 'evidence' in request.form:  # a form without the box (forged, or a future one) keeps the stored note
            values['evidence'] = form.evidence.data or ''
        # the correction fields travel only from the "Ubah" box; empty ones keep what is stored
        values.update({k: v for k, v in (('action', (form.action.data or '').strip()),
                                         ('owner', (form.owner.data or '').strip()), ('due_date', form.due_date.data))
                       if v})
        commit_or_flash(lambda: publish.update_rtl(row, values, current_user), _('Tindakan RTL diperbarui.'))
    else:
        flash(_('Periksa isian tindakan RTL: status, teks paling banyak 500 karakter, tanggal yang sah.'), 'error')
    return redirect(url_for('analytics.rtl', unit=row.unit_id, periode=row.period_key))


@bp.route('/rtl/<int:action_id>/hapus', methods=['POST'])
@roles_required(*MANAGERS)
def rtl_delete(action_id):
    """Delete an action entered by mistake; confirmed and audited."""
    row = db.session.get(RtlAction, action_id) if action_id <= ID_MAX else None
    if row is None:
        abort(404)
    scoped_unit_or_404(row.unit_id)
    if not confirmed():  # the CSRF token is checked for every POST (portal's CSRFProtect)
        flash(_('Centang konfirmasi untuk menghapus tindakan RTL ini.'), 'error')
    else:
        commit_or_flash(lambda: publish.delete_rtl(row, current_user), _('Tindakan RTL dihapus.'))
    return redirect(url_for('analytics.rtl', unit=row.unit_id, periode=row.period_key))
