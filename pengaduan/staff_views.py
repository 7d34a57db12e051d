"""Staff pages under /staf/pengaduan: the scoped inbox, a complaint's detail and steps, exports, cuti bersama."""
from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from portal.access import roles_required, scope_filter
from portal.extensions import db
from portal.i18n import error_text
from portal.ids import parse_id
from portal.mail import mail_configured
from portal.models import Unit, User
from portal.operations import ValidationError
from portal.uploads import store_for
from portal.views_util import (
    ONCE_STALE,
    audit_export,
    commit_or_flash,
    confirmed,
    form_error,
    posted_once,
    replayed,
    shown_status,
)

from . import listing, services
from .deadlines import is_overdue, today_local
from .forms import AssignForm, CutiForm, NoteForm, TransitionForm
from .models import CATEGORIES, KINDS, PRIVACY, Attachment, Complaint, CutiBersama
from .rules import HANDLERS, READERS, can_handle, can_see_identity, may_verify, view_or_404
from .workflow import MAIN_PATH, OUT_OF_SCOPE, STAFF, STATES, WorkflowError, allowed, rejection_note

bp = Blueprint('pengaduan_staf', __name__, url_prefix='/staf/pengaduan')
PAGE = 50


def _units_in_scope():
    q = select(Unit).where(Unit.active.is_(True)).order_by(Unit.name)
    clause = scope_filter(Unit.id)
    return db.session.scalars(q if clause is None else q.where(clause)).all()


def _officers():
    q = select(User).where(User.active.is_(True), User.role.in_(HANDLERS)).order_by(User.name)
    clause = scope_filter(User.unit_id)
    return db.session.scalars(q if clause is None else q.where(clause)).all()


def _user():
    return current_user._get_current_object()


@bp.route('/')
@roles_required(*READERS)
def inbox():
    """Complaints filed to or handled by the user's units, filtered and sorted by deadline."""
    filters = listing.Filters.from_args(request.args)
    page = max(parse_id(request.args.get('hal'), 1), 1)
    q = listing.inbox_select(filters, _user())
    total = db.session.scalar(select(func.count()).select_from(q.order_by(None).subquery()))
    items = db.session.scalars(q.limit(PAGE).offset((page - 1) * PAGE)).all()
    return render_template('pengaduan/staf_inbox.html', items=items, filters=filters, total=total, page=page,
                           pages=max((total + PAGE - 1) // PAGE, 1), units=_units_in_scope(), states=STATES,
                           kinds=KINDS, categories=CATEGORIES, privacy=PRIVACY, today=today_local(),
                           is_overdue=is_overdue, mail_ok=mail_configured())


@bp.route('/ekspor.<fmt>')
@roles_required(*READERS)
def export(fmt):
    """The filtered list as CSV or XLSX."""
    if fmt not in ('csv', 'xlsx'):
        abort(404)
    filters = listing.Filters.from_args(request.args)
    items = db.session.scalars(listing.inbox_select(filters, _user())).all()
    audit_export('pengaduan.exported', 'complaint', fmt, len(items))
    name = f'pengaduan-{today_local().isoformat()}.{fmt}'
    if fmt == 'csv':
        body = '\ufeff' + listing.to_csv(items, _user())
        return Response(body, mimetype='text/csv',  # Flask adds '; charset=utf-8' to a text/* type
                        headers={'Content-Disposition': f'attachment; filename="{name}"'})
    return Response(listing.to_xlsx(items, _user()),
                    mimetype='application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
                    headers={'Content-Disposition': f'attachment; filename="{name}"'})


@bp.route('/<int:complaint_id>')
@roles_required(*READERS)
def detail(complaint_id):
    """One complaint: its data, deadlines, every step (internal ones too) and the actions the user may take."""
    return _render_detail(view_or_404(db.session.get(Complaint, complaint_id), _user()))


def _render_detail(c, failed=None, error=None, failed_note=None):
    """The detail page. After a refused step (`failed`: the posted TransitionForm), that step's panel is open with
    what was typed and `error` inside it, and the answer is a 400. After a refused internal note (`failed_note`: the
    posted NoteForm), the note box holds what was typed with `error` above it, and the answer is a 422."""
    user = _user()
    actions = []
    if can_handle(c, user):
        actions = [t for t in allowed(c.status, STAFF, c.resume_status)
                   if not t.receiving_unit_only or may_verify(c, user)]
    failed_action = failed.action.data if failed is not None else None
    form = failed if failed is not None else TransitionForm(formdata=None)
    units = _units_in_scope()
    form.unit_id.choices = [(0, _('— pilih unit —'))] + [(u.id, u.name) for u in units]
    officers = _officers()
    everywhere = _('semua unit')  # an officer bound to no unit
    form.officer_id.choices = [(0, _('— belum ditentukan —'))] + [
        (o.id, f'{o.name} ({o.unit.name if o.unit else everywhere})') for o in officers]
    if failed_action != 'verifikasi':
        form.unit_id.data = c.handling_unit_id
        form.officer_id.data = c.officer_id or 0  # the officer already assigned stays unless changed here
    assign = AssignForm(formdata=None)
    assign.officer_id.choices = form.officer_id.choices
    assign.officer_id.data = c.officer_id or 0
    in_panel = any(t.action == failed_action for t in actions)
    offered = [t.action for t in actions]
    primary = next((a for a in MAIN_PATH if a in offered), offered[0] if offered else None)
    if error and failed is not None and not in_panel:
        flash(error, 'error')  # a step the page offers no panel for: the message at the top
    body = render_template('pengaduan/staf_detail.html', c=c, actions=actions, form=form,
                           note_form=failed_note or NoteForm(formdata=None),
                           note_error=error if failed_note is not None else None, assign_form=assign,
                           show_identity=can_see_identity(c, user), can_handle=can_handle(c, user),
                           states=STATES, kinds=KINDS, categories=CATEGORIES, privacy=PRIVACY, today=today_local(),
                           is_overdue=is_overdue, mail_ok=mail_configured(),
                           failed_action=failed_action if in_panel else None, failed_error=error if in_panel else None,
                           primary_action=primary, out_of_scope=OUT_OF_SCOPE,
                           failed_note=(failed.note.data or '') if in_panel else '')
    return body, (400 if failed is not None else 422 if failed_note is not None else 200)


def _handled(complaint_id):
    c = view_or_404(db.session.get(Complaint, complaint_id), _user())
    if not can_handle(c, _user()):
        abort(403)
    return c


def _done(c, ok_message, func, *args, **kwargs):
    commit_or_flash(lambda: func(*args, **kwargs), ok_message, errors=(WorkflowError, ValidationError))
    return redirect(url_for('pengaduan_staf.detail', complaint_id=c.id))


@bp.route('/<int:complaint_id>/transisi', methods=['POST'])
@roles_required(*HANDLERS)
def transition(complaint_id):
    """Take one step of the workflow, once per form (portal.once: a replay of a step taken says so and changes
    nothing). Refused, the step's panel comes back with what was typed and the reason."""
    c = _handled(complaint_id)
    posted = posted_once()
    form = TransitionForm()
    if not form.validate_on_submit():  # what was typed stays in the step's panel, beside the reason
        return _render_detail(c, failed=form, error=_('Langkah tidak dikenal; muat ulang halaman ini.')
                              if form.action.errors else form_error(form))
    if posted.stale:
        return _render_detail(c, failed=form, error=str(ONCE_STALE))
    note = form.note.data or ''
    try:
        if form.action.data == 'tolak':
            note = rejection_note(form.reason.data, note, form.referral.data)
        if not posted.claim('pengaduan.transisi'):
            return replayed(url_for('pengaduan_staf.detail', complaint_id=c.id))
        services.transition(c, form.action.data, actor_kind=STAFF, user=_user(), note=note,
                            unit_id=form.unit_id.data or None, officer_id=form.officer_id.data or None)
    except (WorkflowError, ValidationError) as exc:
        db.session.rollback()
        return _render_detail(c, failed=form, error=error_text(exc))
    db.session.commit()
    flash(_('Status pengaduan diperbarui.'), 'success')
    return redirect(url_for('pengaduan_staf.detail', complaint_id=c.id))


@bp.route('/<int:complaint_id>/catatan', methods=['POST'])
@roles_required(*HANDLERS)
def note(complaint_id):
    """Add an internal note (never shown to the complainant), once per form (portal.once). Refused (empty, too long,
    a form too old), the page comes back with the note as typed and the reason, as a 422."""
    c = _handled(complaint_id)
    posted = posted_once()
    form = NoteForm()
    if not form.validate_on_submit():
        return _render_detail(c, failed_note=form, error=' '.join(map(str, form.note.errors)) or _('Catatan kosong.'))
    if posted.stale:
        return _render_detail(c, failed_note=form, error=str(ONCE_STALE))
    if not posted.claim('pengaduan.catatan'):
        return replayed(url_for('pengaduan_staf.detail', complaint_id=c.id))
    try:
        services.add_note(c, _user(), form.note.data)
    except (WorkflowError, ValidationError) as exc:
        db.session.rollback()
        return _render_detail(c, failed_note=form, error=error_text(exc))
    db.session.commit()
    flash(_('Catatan internal disimpan.'), 'success')
    return redirect(url_for('pengaduan_staf.detail', complaint_id=c.id))


@bp.route('/<int:complaint_id>/petugas', methods=['POST'])
@roles_required(*HANDLERS)
def assign(complaint_id):
    """Assign the officer who handles the complaint."""
    c = _handled(complaint_id)
    form = AssignForm()
    form.officer_id.choices = []
    if not form.validate_on_submit():
        abort(400)
    return _done(c, _('Petugas ditetapkan.'), services.assign, c, _user(), form.officer_id.data or None)


@bp.route('/<int:complaint_id>/lampiran/<int:attachment_id>')
@roles_required(*READERS)
def attachment(complaint_id, attachment_id):
    """An attachment, to staff who may see the complaint only, as a download."""
    c = view_or_404(db.session.get(Complaint, complaint_id), _user())
    item = db.session.get(Attachment, attachment_id)
    if item is None or item.complaint_id != c.id:
        abort(404)
    data = store_for(current_app, 'pengaduan').load(item.key)  # at most 5 MB, cleaned on upload
    return Response(data, mimetype=item.mime, headers={
        'Content-Disposition': f'attachment; filename="{item.name}"', 'Cache-Control': 'no-store'})


@bp.route('/cuti-bersama', methods=['GET', 'POST'])
@roles_required('superadmin')
def cuti():
    """The cuti bersama days that, with the national holidays, are not working days."""
    form = CutiForm()
    if form.validate_on_submit() and commit_or_flash(
            lambda: services.add_cuti(form.day.data, form.name.data, _user()),
            _('Cuti bersama ditambahkan. Tenggat baru memakai tanggal ini.')):
        return redirect(url_for('pengaduan_staf.cuti'))
    items = db.session.scalars(select(CutiBersama).order_by(CutiBersama.day.desc())).all()
    return render_template('pengaduan/staf_cuti.html', form=form, items=items), shown_status()


@bp.route('/cuti-bersama/<int:item_id>/hapus', methods=['POST'])
@roles_required('superadmin')
def cuti_delete(item_id):
    """Remove a cuti bersama day."""
    item = db.get_or_404(CutiBersama, item_id)
    if not confirmed():
        flash(_('Centang konfirmasi untuk menghapus cuti bersama ini.'), 'error')
        return redirect(url_for('pengaduan_staf.cuti'))
    services.delete_cuti(item, _user())
    db.session.commit()
    flash(_('Cuti bersama dihapus.'), 'success')
    return redirect(url_for('pengaduan_staf.cuti'))
