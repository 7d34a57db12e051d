"""Staff pages: sign-in, sign-out, password change, the staff home and the admin of units, layanan and users."""
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select

from . import addresses, audit
from .access import MANAGERS, ROLE_LABELS, assignable_roles, in_scope, roles_required, scope_filter, scope_ids
from .auth import AuthError, authenticate, change_password
from .extensions import db, limiter
from .forms import KIND_LABELS, LayananForm, LoginForm, PasswordForm, UnitForm, UserForm
from .i18n import choices as label_choices
from .i18n import error_text
from .ids import db_int
from .jobs import STUCK_SECONDS, backend_health
from .markers import N_
from .models import Layanan, Unit, User
from .operations import save_layanan, save_unit, save_user
from .registry import setup_warnings
from .security import local_path
from .views_util import commit_or_flash, shown_status

bp = Blueprint('staff', __name__, url_prefix='/staf')


def _not_signed_in(response):
    """Only attempts that did not sign in count toward the limit: staff behind one office address sign in all day."""
    return response.status_code != 302


@bp.route('/masuk', methods=['GET', 'POST'])
@limiter.limit('10 per minute;50 per hour', methods=['POST'], deduct_when=_not_signed_in)
def login():
    """Sign in with email and password."""
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = authenticate(form.email.data, form.password.data)
        except AuthError as exc:
            flash(error_text(exc), 'error')
            return render_template('portal/login.html', form=form), 401
        login_user(user)
        db.session.commit()
        return redirect(local_path(request.args.get('next'), url_for('staff.home')))
    return render_template('portal/login.html', form=form), 400 if form.is_submitted() else 200


@bp.route('/keluar', methods=['POST'])
@login_required
def logout():
    """Sign out (POST only, so a link cannot sign someone out)."""
    audit.record('logout', current_user._get_current_object())
    db.session.commit()
    logout_user()
    flash(_('Anda telah keluar.'), 'info')
    return redirect(url_for('staff.login'))


@bp.route('/sandi', methods=['GET', 'POST'])
@login_required
def password():
    """Change one's own password."""
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            user = change_password(current_user._get_current_object(), form.current.data, form.new.data)
        except AuthError as exc:
            flash(error_text(exc), 'error')
        else:
            db.session.commit()
            login_user(user)  # the new session version keeps this browser signed in
            flash(_('Kata sandi telah diubah.'), 'success')
            return redirect(url_for('staff.home'))
    return render_template('portal/password.html', form=form), shown_status()


@bp.route('/')
@login_required
def home():
    """The staff home: links to what this role may use."""
    nav = [n for n in current_app.extensions.get('staff_nav', []) if current_user.role in n['roles']
           and n['endpoint'] in current_app.view_functions]
    # the superadmin hears of a queue no worker takes: emails and PDF reports wait in it (portal.jobs.queue_health)
    redis_state, queue = backend_health() if current_user.role == 'superadmin' else (None, None)
    setup = setup_warnings(current_app) if current_user.role == 'superadmin' else []
    return render_template('portal/staff_home.html', nav=nav, role_label=ROLE_LABELS[current_user.role],
                           queue=queue, stuck_minutes=STUCK_SECONDS // 60, redis_away=redis_state == 'unreachable',
                           setup=setup)


def _unit_choices(blank=None):
    q = select(Unit).order_by(Unit.name)
    clause = scope_filter(Unit.id)
    if clause is not None:
        q = q.where(clause)
    choices = [(u.id, u.name) for u in db.session.scalars(q)]
    return ([(0, blank)] if blank else []) + choices


@bp.route('/unit')
@roles_required(*MANAGERS)
def units():
    """Units in the user's scope."""
    q = select(Unit).order_by(Unit.name)
    clause = scope_filter(Unit.id)
    if clause is not None:
        q = q.where(clause)
    return render_template('portal/units.html', units=db.session.scalars(q).all(), kind_labels=KIND_LABELS)


@bp.route('/unit/baru', methods=['GET', 'POST'], defaults={'unit_id': None})
@bp.route('/unit/<int:unit_id>', methods=['GET', 'POST'])
@roles_required(*MANAGERS)
def unit_edit(unit_id):
    """Create or edit a unit."""
    unit = None
    if unit_id is not None:
        unit = db.get_or_404(Unit, unit_id)
        if not in_scope(unit.id):
            abort(404)
    form = UnitForm(obj=unit)
    # A unit admin's own unit: its parent lies outside the admin's scope, so offer only the current parent
    # (read-only in effect); the details may change, the place in the tree may not.
    parent_locked = unit is not None and current_user.role != 'superadmin' and (
        unit.parent_id is None or not in_scope(unit.parent_id))
    if parent_locked:
        form.parent_id.choices = [(unit.parent_id or 0, unit.parent.name if unit.parent else _('(tanpa induk)'))]
    else:
        form.parent_id.choices = _unit_choices(
            blank=_('(tanpa induk)') if current_user.role == 'superadmin' else None)
    if request.method == 'GET' and unit is not None:
        form.parent_id.data = unit.parent_id or 0
    if form.validate_on_submit():
        values = {k: form[k].data for k in ('name', 'slug', 'kind', 'parent_id', 'address', 'head_email',
                                            'maklumat', 'active')}
        if commit_or_flash(lambda: save_unit(unit, values, current_user), _('Unit disimpan.')):
            return redirect(url_for('staff.units'))
    return render_template('portal/unit_form.html', form=form, unit=unit, parent_locked=parent_locked,
                           former=addresses.former_addresses(unit=unit) if unit is not None else []), shown_status()


@bp.route('/layanan')
@roles_required(*MANAGERS)
def layanan_list():
    """Layanan of the units in scope."""
    q = select(Layanan).join(Unit).order_by(Unit.name, Layanan.name)
    clause = scope_filter(Layanan.unit_id)
    if clause is not None:
        q = q.where(clause)
    return render_template('portal/layanan.html', layanan=db.session.scalars(q).all())


@bp.route('/layanan/baru', methods=['GET', 'POST'], defaults={'layanan_id': None})
@bp.route('/layanan/<int:layanan_id>', methods=['GET', 'POST'])
@roles_required(*MANAGERS)
def layanan_edit(layanan_id):
    """Create or edit a layanan and its standar pelayanan."""
    item = None
    if layanan_id is not None:
        item = db.get_or_404(Layanan, layanan_id)
        if not in_scope(item.unit_id):
            abort(404)
    form = LayananForm(obj=item)
    form.unit_id.choices = _unit_choices()
    if form.validate_on_submit():
        values = {k: form[k].data for k in ('unit_id', 'name', 'slug', 'persyaratan', 'prosedur', 'waktu', 'biaya',
                                            'produk', 'active')}
        if commit_or_flash(lambda: save_layanan(item, values, current_user), _('Layanan disimpan.')):
            return redirect(url_for('staff.layanan_list'))
    return render_template('portal/layanan_form.html', form=form, item=item,
                           former=addresses.former_addresses(layanan=item) if item is not None else []), shown_status()


@bp.route('/pengguna')
@roles_required(*MANAGERS)
def users():
    """Staff users in scope (a unit admin sees users bound to its subtree)."""
    q = select(User).order_by(User.name)
    ids = scope_ids()
    if ids is not None:
        q = q.where(User.unit_id.in_(ids))
    return render_template('portal/users.html', users=db.session.scalars(q).all(), role_labels=ROLE_LABELS)


@bp.route('/pengguna/baru', methods=['GET', 'POST'], defaults={'user_id': None})
@bp.route('/pengguna/<int:user_id>', methods=['GET', 'POST'])
@roles_required(*MANAGERS)
def user_edit(user_id):
    """Create or edit a staff user."""
    target = None
    if user_id is not None:
        target = db.get_or_404(User, user_id)
        if (target.unit_id is None and current_user.role != 'superadmin') or (
                target.unit_id is not None and not in_scope(target.unit_id)):
            abort(404)
        if target.role == 'superadmin' and current_user.role != 'superadmin':
            abort(403)
    form = UserForm(obj=target)
    roles = assignable_roles()
    if target is not None and target.role not in roles:
        roles.append(target.role)  # e.g. a tim_wbs user a unit admin may edit but not give or take the role of
    form.role.choices = label_choices({r: ROLE_LABELS[r] for r in ROLE_LABELS if r in roles},
                                      blank=N_('— pilih peran —') if target is None else None)
    form.unit_id.choices = ([('', _('— pilih unit —'))] if target is None else []) + \
        _unit_choices(blank=_('(seluruh unit)') if current_user.role == 'superadmin' else None)
    if request.method == 'GET' and target is not None:
        form.unit_id.data = target.unit_id or 0
    if target is None:  # a new user needs one; "leave empty to keep it" is for editing
        form.password.label.text = _('Kata sandi awal')
    chosen = form.validate_on_submit()
    if chosen and target is None and form.unit_id.data is None:  # the blank first choice
        form.unit_id.errors = [_('Pilih unit pengguna ini (atau "(seluruh unit)" untuk seluruh kantor).')
                               if current_user.role == 'superadmin' else _('Pilih unit pengguna ini.')]
        chosen = False
    if chosen:
        values = {k: form[k].data for k in ('name', 'email', 'role', 'unit_id', 'password', 'active')}
        if commit_or_flash(lambda: save_user(target, values, current_user), _('Pengguna disimpan.')):
            return redirect(url_for('staff.users'))
    return render_template('portal/user_form.html', form=form, target=target), shown_status()


@bp.route('/audit')
@roles_required('superadmin')
def audit_log():
    """The audit log, newest first, filtered by action and object type (superadmin only)."""
    from .models import AuditEvent
    page = max(request.args.get('hal', 1, type=db_int), 1)
    q = select(AuditEvent).order_by(AuditEvent.id.desc())
    action = (request.args.get('aksi') or '').strip()
    object_type = (request.args.get('objek') or '').strip()
    if action:
        q = q.where(AuditEvent.action.startswith(action, autoescape=True))
    if object_type:
        q = q.where(AuditEvent.object_type == object_type)
    events = db.session.scalars(q.limit(PAGE_SIZE + 1).offset((page - 1) * PAGE_SIZE)).all()
    # what the filters can be: the actions recorded (and their parts' prefixes, e.g. "wbs"), the object types
    actions = db.session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action)).all()
    prefixes = sorted({a.split('.', 1)[0] for a in actions if '.' in a} | set(actions))
    types = db.session.scalars(select(AuditEvent.object_type).where(AuditEvent.object_type.is_not(None))
                               .distinct().order_by(AuditEvent.object_type)).all()
    return render_template('portal/audit.html', events=events[:PAGE_SIZE], page=page,
                           has_next=len(events) > PAGE_SIZE, action=action, object_type=object_type,
                           action_choices=prefixes, type_choices=types)


PAGE_SIZE = 100
