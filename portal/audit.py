"""The audit log: one call per change, in the same transaction as the change itself."""
from flask import has_request_context
from flask_login import current_user

from .extensions import db
from .models import AuditEvent


def record(action, obj=None, *, object_type=None, object_id=None, details=None, actor=None):
    """Add an AuditEvent for `action` on `obj` (or the given type and id) by `actor` (default: the signed-in user)."""
    if actor is None and has_request_context() and current_user and current_user.is_authenticated:
        actor = current_user._get_current_object()
    if obj is not None:
        object_type = object_type or obj.__tablename__
        object_id = object_id if object_id is not None else getattr(obj, 'id', None)
    event = AuditEvent(action=action, object_type=object_type,
                       object_id=None if object_id is None else str(object_id), details=details or None,
                       actor_id=getattr(actor, 'id', None),
                       actor_label=getattr(actor, 'email', None) or (actor if isinstance(actor, str) else 'sistem'))
    db.session.add(event)
    return event
