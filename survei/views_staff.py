"""Staff pages under /staf/survei: responses, review, export, layanan and QR, service users, import, questionnaires."""
import itertools

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import func, select
from wtforms import BooleanField, HiddenField
from wtforms.validators import ValidationError as FieldError

from portal.access import FIGURE_READERS, MANAGERS, in_scope, roles_required, scope_ids, scoped_unit_or_404
from portal.extensions import db
from portal.ids import parse_id
from portal.markers import N_
from portal.models import Layanan
from portal.views_util import audit_export, commit_or_flash, confirmed, shown_status

from . import export, rules, services
from .forms import ImportForm, ServiceUsersForm
from .models import UNSUR, Questionnaire, ServiceUserCount
from .models import Response as SurveyResponse
from .qr import poster_pdf, qr_png, qr_svg
from .queries import STATUSES, Filters, layanan_in_scope, responses_select, units_in_scope
from .rules import FLAG_LABELS, SOURCE_LABELS
from .util import survey_url

bp = Blueprint('survei_staff', __name__, url_prefix='/staf/survei')
PER_PAGE = 50
EXPORT_MAX = 200_000
DECISIONS = {'sertakan': True, 'keluarkan': False}  # the review buttons' values (detail.html) -> include
NOTE_MAX = 500  # the review note's maxlength in detail.html


class UploadForm(ImportForm):
    """The import form, with the acknowledgement that lets a file already imported through again (shown only after
    such a file was refused; `sudah` carries the id of the import the uploader was told about)."""

    impor_ulang = BooleanField(_l('Impor tetap, saya tahu berkas ini sudah pernah diimpor'))
    sudah = HiddenField()


class CountForm(ServiceUsersForm):
    """ServiceUsersForm taking the count in the digits 0-9 only (IntegerField's int() also reads '٣٠٠' and '3_000')."""

    def validate_count(self, field):
        raw = (field.raw_data or [''])[0].strip()
        if not field.errors and not (raw.isascii() and raw.isdigit()):
            raise FieldError(_('Tulis jumlahnya dengan angka 0-9 saja, tanpa titik atau pemisah lain.'))


def _response_or_404(response_id):
    response = db.session.get(SurveyResponse, response_id)
    if response is None or not in_scope(response.unit_id):
        abort(404)
    return response


def _layanan_or_404(layanan_id):
    item = db.session.get(Layanan, layanan_id)
    if item is None or not in_scope(item.unit_id):
        abort(404)
    return item


def _list(filters, template_title):
    page = max(parse_id(request.args.get('hal'), 1), 1)
    q = responses_select(filters)
    total = db.session.scalar(select(func.count()).select_from(q.order_by(None).subquery()))
    rows = db.session.scalars(q.limit(PER_PAGE).offset((page - 1) * PER_PAGE)).all()
    return render_template('survei/staf/responses.html', rows=rows, total=total, page=page, per_page=PER_PAGE,
                           filters=filters, statuses=STATUSES, units=db.session.scalars(units_in_scope()).all(),
                           layanan=db.session.scalars(layanan_in_scope()).all(), flag_labels=FLAG_LABELS,
                           source_labels=SOURCE_LABELS, title=template_title, unsur=UNSUR)


@bp.route('/')
@roles_required(*FIGURE_READERS)
def responses():
    """Responses in scope, filtered by unit subtree, layanan, period and flag status."""
    return _list(Filters.from_args(request.args), N_('Respons survei'))


@bp.route('/ditandai')
@roles_required(*MANAGERS)
def flagged():
    """Flagged responses not yet counted: the review queue."""
    filters = Filters.from_args(request.args)
    filters.status = filters.status or 'tertunda'
    return _list(filters, N_('Tinjau respons ditandai'))


@bp.route('/respons/<int:response_id>')
@roles_required(*FIGURE_READERS)
def detail(response_id):
    """One response with its answers, flags and review history."""
    return _detail(_response_or_404(response_id))


def _detail(response):
    ikm = db.session.get(Questionnaire, response.ikm_questionnaire_id) if response.ikm_questionnaire_id else None
    if ikm is None:
        ikm = services.current('ikm')
    return render_template('survei/staf/detail.html', r=response, ikm_items=list(ikm.items),
                           flags=[FLAG_LABELS.get(f, f) for f in (response.flags or '').split(',') if f],
                           source_labels=SOURCE_LABELS,
                           can_review=current_user.role in MANAGERS)


@bp.route('/respons/<int:response_id>/tinjau', methods=['POST'])
@roles_required(*MANAGERS)
def review(response_id):
    """Include a flagged response in the indices, or exclude it again (audited). Anything but one of the two
    buttons, or a note longer than the field allows, is refused (400) and changes nothing."""
    response = _response_or_404(response_id)
    decision = request.form.get('keputusan')
    note = (request.form.get('catatan') or '').strip()
    if decision not in DECISIONS:
        flash(_('Pilih "Sertakan dalam indeks" atau "Keluarkan dari indeks"; respons tidak diubah.'), 'error')
        return _detail(response), 400
    if len(note) > NOTE_MAX:
        flash(_('Catatan paling banyak %(n)s karakter; respons tidak diubah.', n=NOTE_MAX), 'error')
        return _detail(response), 400
    include = DECISIONS[decision]
    if not commit_or_flash(lambda: services.review(response, include, current_user, note=note),
                           _('Respons disertakan dalam indeks.') if include else _('Respons dikeluarkan dari indeks.')):
        return _detail(response), 400
    return redirect(url_for('survei_staff.detail', response_id=response.id))


@bp.route('/ekspor.<fmt>')
@roles_required(*FIGURE_READERS)
def export_file(fmt):
    """The filtered responses as CSV or XLSX: one row per response."""
    if fmt not in ('csv', 'xlsx'):
        abort(404)
    rows = db.session.scalars(responses_select(Filters.from_args(request.args)).limit(EXPORT_MAX)).all()
    audit_export('survei.exported', 'response', fmt, len(rows))
    if fmt == 'csv':
        data, mime = export.to_csv(rows), 'text/csv'  # Flask adds '; charset=utf-8' to a text/* mimetype
    else:
        data, mime = export.to_xlsx(rows), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
    return Response(data, mimetype=mime, headers={'Content-Disposition': f'attachment; filename=survei.{fmt}'})


@bp.route('/layanan')
@roles_required(*MANAGERS)
def layanan():
    """Layanan in scope with their survey URL, QR codes, posters and which perception surveys they run."""
    return _layanan_page()


def _layanan_page():
    items = db.session.scalars(layanan_in_scope()).all()
    # per unit, units by name (two units of one name kept apart), each unit's layanan in the query's order
    ordered = sorted(items, key=lambda item: (item.unit.name, item.unit_id))
    groups = [(unit_items[0].unit, unit_items)
              for unit_items in ([*g] for _key, g in itertools.groupby(ordered, key=lambda item: item.unit_id))]
    return render_template('survei/staf/layanan.html', groups=groups, settings=services.settings,
                           survey_url=survey_url, saved_id=parse_id(request.args.get('disimpan')),
                           address_problem=rules.base_url_problem(current_app.config.get('PUBLIC_BASE_URL')))


@bp.route('/layanan/<int:layanan_id>/pengaturan', methods=['POST'])
@roles_required(*MANAGERS)
def layanan_settings(layanan_id):
    """Turn the IPKP and IPAK questions of a layanan on or off (a ticked box sends '1', an unticked one nothing;
    any other value is refused and changes nothing)."""
    item = _layanan_or_404(layanan_id)
    ticked = {}
    for name in ('run_ipkp', 'run_ipak'):
        values = request.form.getlist(name)
        if any(value != '1' for value in values):
            flash(_('Pengaturan survei tidak sah; tidak ada yang diubah.'), 'error')
            return _layanan_page(), 400
        ticked[name] = bool(values)
    services.set_layanan_surveys(item, ticked['run_ipkp'], ticked['run_ipak'])
    db.session.commit()
    # confirmed inside the layanan's own card (the page opens at it), not in a flash at the top of a long page that a
    # phone would have scrolled away from
    return redirect(url_for('survei_staff.layanan', disimpan=item.id) + f'#l{item.id}')


@bp.route('/layanan/<int:layanan_id>/qr.<fmt>')
@roles_required(*MANAGERS)
def qr_image(layanan_id, fmt):
    """The QR of a layanan's survey URL as PNG or SVG."""
    item = _layanan_or_404(layanan_id)
    url = survey_url(item.unit.slug, item.slug)
    if fmt == 'png':
        return Response(qr_png(url), mimetype='image/png')
    if fmt == 'svg':
        return Response(qr_svg(url), mimetype='image/svg+xml')
    abort(404)


@bp.route('/layanan/<int:layanan_id>/poster.pdf')
@roles_required(*MANAGERS)
def poster(layanan_id):
    """The A4 poster of one layanan."""
    item = _layanan_or_404(layanan_id)
    return Response(poster_pdf([(item.unit, item)]), mimetype='application/pdf',
                    headers={'Content-Disposition': f'inline; filename=poster-{item.unit.slug}-{item.slug}.pdf'})


@bp.route('/unit/<int:unit_id>/poster.pdf')
@roles_required(*MANAGERS)
def unit_posters(unit_id):
    """Every active layanan's poster of a unit, in one PDF."""
    unit = scoped_unit_or_404(unit_id)
    items = [x for x in unit.layanan if x.active]
    if not items:
        abort(404)
    return Response(poster_pdf([(unit, x) for x in items]), mimetype='application/pdf',
                    headers={'Content-Disposition': f'inline; filename=poster-{unit.slug}.pdf'})


@bp.route('/pengguna-layanan', methods=['GET', 'POST'])
@roles_required(*MANAGERS)
def service_users():
    """Enter the number of service users per layanan per period (the population for sample adequacy)."""
    form = CountForm()
    form.layanan_id.choices = [(x.id, f'{x.unit.name} · {x.name}') for x in db.session.scalars(layanan_in_scope())]
    if form.validate_on_submit():
        layanan = _layanan_or_404(form.layanan_id.data)
        if commit_or_flash(lambda: services.set_service_users(layanan, form.period_start.data, form.period_end.data,
                                                              form.count.data, current_user),
                           _('Jumlah pengguna layanan disimpan.')):
            return redirect(url_for('survei_staff.service_users'))
    page = max(parse_id(request.args.get('hal'), 1), 1)
    q = select(ServiceUserCount).join(Layanan).order_by(ServiceUserCount.period_start.desc(), Layanan.name,
                                                        ServiceUserCount.id)
    ids = scope_ids()
    if ids is not None:
        q = q.where(Layanan.unit_id.in_(ids))
    total = db.session.scalar(select(func.count()).select_from(q.order_by(None).subquery()))
    rows = db.session.scalars(q.limit(PER_PAGE).offset((page - 1) * PER_PAGE)).all()
    return render_template('survei/staf/service_users.html', form=form, rows=rows, total=total, page=page,
                           per_page=PER_PAGE), shown_status()


@bp.route('/pengguna-layanan/<int:count_id>/hapus', methods=['POST'])
@roles_required(*MANAGERS)
def service_users_delete(count_id):
    """Delete one entered period (a mistake, or one that overlaps the period to enter); confirmed and audited."""
    row = db.session.get(ServiceUserCount, count_id)
    if row is None:
        abort(404)
    _layanan_or_404(row.layanan_id)
    if not confirmed():
        flash(_('Centang konfirmasi untuk menghapus jumlah pengguna layanan ini.'), 'error')
        return redirect(url_for('survei_staff.service_users'))
    services.delete_service_users(row)
    db.session.commit()
    flash(_('Jumlah pengguna layanan dihapus.'), 'success')
    return redirect(url_for('survei_staff.service_users'))


@bp.route('/impor', methods=['GET', 'POST'])
@roles_required(*MANAGERS)
def upload():
    """Import paper surveys from a CSV file: all rows or none, errors listed with their line numbers. A file whose
    content was imported before is refused (409) until the uploader ticks that they mean to import it again."""
    form = UploadForm()
    errors, repeated, status = [], None, 200
    if form.validate_on_submit():
        try:
            text = form.file.data.read().decode('utf-8-sig')
        except UnicodeDecodeError:
            flash(_('Berkas harus CSV dengan pengodean UTF-8.'), 'error')
        else:
            repeat_of = parse_id(form.sudah.data) if form.impor_ulang.data else None
            try:
                count = services.import_csv(text, allowed_unit_ids=scope_ids(), repeat_of=repeat_of)
            except services.ImportRepeated as exc:
                db.session.rollback()
                repeated, status = exc, 409
                form.impor_ulang.data = False
                form.sudah.data = str(exc.earlier_id)
                flash(_('Berkas ini sudah pernah diimpor pada %(date)s (%(n)s respons); tidak ada respons yang '
                        'diimpor.', date=exc.local_at.strftime('%Y-%m-%d %H:%M'), n=exc.rows or '?'), 'error')
            except services.ImportFailed as exc:
                db.session.rollback()
                errors = exc.errors
                flash(_('%(n)s kesalahan; tidak ada respons yang diimpor.', n=len(errors)), 'error')
            else:
                db.session.commit()
                flash(_('%(n)s respons diimpor.', n=count), 'success')
                return redirect(url_for('survei_staff.upload'))
    if form.is_submitted() and status == 200:
        status = 400  # here only when the file was refused: no valid form, bad encoding or bad rows
    return render_template('survei/staf/upload.html', form=form, errors=errors[:500], more=max(len(errors) - 500, 0),
                           repeated=repeated), status
