"""Roles and unit scope: who may see and change what."""
from functools import wraps

from flask import abort
from flask_login import current_user, login_required

from .extensions import db
from .markers import N_
from .models import Unit, subtree_ids

ROLE_LABELS = {
    'superadmin': N_('Superadmin'),
    'admin_unit': N_('Admin unit'),
    'petugas_pengaduan': N_('Petugas pengaduan'),
    'tim_wbs': N_('Tim WBS'),
    'pimpinan': N_('Pimpinan (lihat saja)'),
}
# Roles that manage units, layanan and users (within their scope).
MANAGERS = ('superadmin', 'admin_unit')
# Roles that read figures and dashboards.
FIGURE_READERS = ('superadmin', 'admin_unit', 'pimpinan')


def roles_required(*roles):
    """Decorator: the user must be signed in and hold one of `roles`; others get 403."""
    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)
        return wrapped
    return decorator


def scope_ids(user=None):
    """Unit ids the user may see: None means every unit (superadmin, or a user bound to no unit)."""
    user = user or current_user
    if user.role == 'superadmin' or user.unit_id is None:
        return None
    return subtree_ids(user.unit_id)


def in_scope(unit_id, user=None):
    """True when the unit lies in the user's subtree."""
    ids = scope_ids(user)
    return ids is None or unit_id in ids


def scoped_unit_or_404(unit_id, user=None):
    """The unit, or 404 when it does not exist or lies outside the user's scope (never reveal which)."""
    unit = db.session.get(Unit, unit_id)
    if unit is None or not in_scope(unit.id, user):
        abort(404)
    return unit


def scope_filter(column, user=None):
    """A WHERE clause limiting `column` (a unit id column) to the user's scope, or None for everything."""
    ids = scope_ids(user)
    return None if ids is None else column.in_(ids)


# Roles only a superadmin may give or take away: superadmin itself, and tim_wbs (WBS team members receive every new
# report province-wide, so a unit admin must not be able to grant that access, least of all to itself).
SUPERADMIN_ONLY_ROLES = ('superadmin', 'tim_wbs')


def assignable_roles(user=None):
    """Roles this user may give: a unit admin cannot create superadmins nor WBS team members."""
    user = user or current_user
    if user.role == 'superadmin':
        return list(ROLE_LABELS)
    return [r for r in ROLE_LABELS if r not in SUPERADMIN_ONLY_ROLES]
