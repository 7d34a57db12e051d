"""Staff sign-in: argon2 passwords, a temporary lockout after repeated failures, password change."""
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.orm.attributes import set_committed_value

from . import audit
from .extensions import db, login_manager
from .markers import N_
from .models import User, utcnow
from .passwords import hash_password, needs_rehash, verify_password, weak_password_reason


class AuthError(Exception):
    """A sign-in or password change that cannot go through; the message is for the user."""


@login_manager.user_loader
def load_user(token):
    """Load the user from the session id 'id:version'; a changed password invalidates older sessions."""
    try:
        user_id, version = (int(p) for p in token.split(':'))
    except (ValueError, AttributeError):
        return None
    user = db.session.get(User, user_id)
    if user is None or user.session_version != version or not user.active:
        return None
    return user


def find_user(email):
    """The user with this email (case-insensitive), or None."""
    return db.session.scalar(select(User).where(func.lower(User.email) == (email or '').strip().lower()))


def authenticate(email, password):
    """Return the user when email and password match and the account is open; raise AuthError otherwise."""
    cfg = current_app.config
    user = find_user(email)
    now = utcnow()
    if user is not None and user.locked_until and user.locked_until > now:
        verify_password(None, password)  # same cost as a real attempt
        raise _locked(user.locked_until, now)
    if user is None or not verify_password(user.password_hash, password) or not user.active:
        locked = None
        if user is not None:
            if _count_failure(user) >= cfg['LOGIN_MAX_FAILURES']:
                locked_until = now + timedelta(minutes=cfg['LOGIN_LOCKOUT_MINUTES'])
                db.session.execute(update(User).where(User.id == user.id)
                                   .values(locked_until=locked_until, failed_logins=0)
                                   .execution_options(synchronize_session=False))
                set_committed_value(user, 'locked_until', locked_until)
                set_committed_value(user, 'failed_logins', 0)
                audit.record('user.locked', user, actor='sistem')
                locked = _locked(locked_until, now)  # the attempt that locks says so, as the next ones will
            audit.record('login.failed', user, actor='sistem')
            db.session.commit()  # the failure counts even though this request ends in an error
        raise locked or AuthError(N_('Email atau kata sandi salah.'))
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    audit.record('login', user, actor=user)
    return user


def _locked(until, now):
    minutes = max(1, int((until - now).total_seconds() // 60) + 1)
    return AuthError(N_('Akun dikunci sementara karena terlalu banyak percobaan gagal. '
                        'Coba lagi dalam %(minutes)s menit.', minutes=minutes))


def _count_failure(user):
    """Add one failed attempt in SQL (parallel wrong passwords must not overwrite each other); the new count."""
    count = db.session.execute(
        update(User).where(User.id == user.id).values(failed_logins=User.failed_logins + 1)
        .returning(User.failed_logins).execution_options(synchronize_session=False)).scalar_one()
    set_committed_value(user, 'failed_logins', count)
    return count


def change_password(user, current, new):
    """Change the user's password after checking the current one; ends the user's other sessions."""
    if not verify_password(user.password_hash, current):
        raise AuthError(N_('Kata sandi saat ini salah.'))
    reason = weak_password_reason(new)
    if reason:
        raise AuthError(reason)
    user.password_hash = hash_password(new)
    user.session_version += 1
    audit.record('user.password_changed', user, actor=user)
    # Parts that keep secrets under the password (the WBS key pair) rewrap here.
    for hook in current_app.extensions.get('password_change_hooks', []):
        hook(user, current, new)
    return user
