"""Who may see and do what with a complaint (unit scope from portal.access, plus the rahasia rule)."""
from flask import abort
from sqlalchemy import or_

from portal.access import in_scope, scope_ids

HANDLERS = ('superadmin', 'admin_unit', 'petugas_pengaduan')
READERS = HANDLERS + ('pimpinan',)


def visible_clause(model, user):
    """A WHERE clause: complaints filed to or handled by a unit in the user's subtree (None: all)."""
    ids = scope_ids(user)
    if ids is None:
        return None
    return or_(model.unit_id.in_(ids), model.handling_unit_id.in_(ids))


def can_view(complaint, user):
    """True when the complaint's receiving or handling unit lies in the user's scope."""
    return user.role in READERS and (in_scope(complaint.unit_id, user) or in_scope(complaint.handling_unit_id, user))


def view_or_404(complaint, user):
    """The complaint, or 404 for one outside the user's scope (never say which)."""
    if complaint is None or not can_view(complaint, user):
        abort(404)
    return complaint


def can_handle(complaint, user):
    """True for a complaint manager who may act on it."""
    return user.role in HANDLERS and can_view(complaint, user)


def may_verify(complaint, user):
    """Verification and rejection: a complaint manager whose scope holds the unit the complaint was filed to (its own
    managers, or a parent unit's for a unit that has none)."""
    return user.role in HANDLERS and in_scope(complaint.unit_id, user)


def is_receiving_manager(complaint, user):
    """A complaint manager on the receiving side: one who may verify it (scope over the unit it was filed to), except
    the managers of the unit it was dispositioned to when that is another unit. domain.md 4: a rahasia identity is
    shown to the complaint managers, not to the unit that handles it, even when the unit it was filed to (a KUA)
    lies in the handling unit's subtree."""
    if not may_verify(complaint, user):
        return False
    handled_elsewhere = complaint.handling_unit_id != complaint.unit_id
    return not (handled_elsewhere and user.unit_id is not None and user.unit_id == complaint.handling_unit_id)


def can_see_identity(complaint, user):
    """Identity: none for anonim; rahasia only for the receiving unit's managers; biasa for anyone who may view it."""
    if complaint.privacy == 'anonim':
        return False
    if complaint.privacy == 'rahasia':
        return can_view(complaint, user) and is_receiving_manager(complaint, user)
    return can_view(complaint, user)
