"""Writes on units, layanan and users: each checks scope, flushes and audits; the caller commits."""
from sqlalchemy import func, select

from . import addresses, audit
from .access import assignable_roles, in_scope
from .extensions import db
from .markers import N_
from .models import ROLES, UNIT_KINDS, Layanan, Unit, User, subtree_ids
from .passwords import hash_password, weak_password_reason


class ValidationError(Exception):
    """Input that breaks a rule; the message is shown to the user."""


def _changes(obj, values):
    changed = {}
    for key, value in values.items():
        if getattr(obj, key) != value:
            changed[key] = value
            setattr(obj, key, value)
    return changed


def save_unit(unit, values, user):
    """Create (unit None) or update a unit from plain values, within the user's scope.

    A unit admin may edit its own unit (the root of its scope) as long as the parent stays what it is: that parent
    lies outside its scope, so moving the unit elsewhere stays refused.
    """
    parent_id = values.get('parent_id') or None
    if unit is not None and not in_scope(unit.id, user):
        raise ValidationError(N_('Unit tidak ditemukan dalam cakupan Anda.'))
    if values.get('kind') not in UNIT_KINDS:
        raise ValidationError(N_('Jenis unit tidak dikenal.'))
    parent_kept = unit is not None and parent_id == unit.parent_id
    if parent_id is None and user.role != 'superadmin' and not parent_kept:
        raise ValidationError(N_('Hanya superadmin yang dapat membuat unit tanpa induk.'))
    if parent_id is not None and not parent_kept and (
            db.session.get(Unit, parent_id) is None or not in_scope(parent_id, user)):
        raise ValidationError(N_('Unit induk tidak ditemukan dalam cakupan Anda.'))
    if unit is not None and parent_id is not None and parent_id in subtree_ids(unit.id):
        raise ValidationError(N_('Unit tidak dapat menjadi induk dirinya sendiri atau turunannya.'))
    clash = db.session.scalar(select(Unit).where(Unit.slug == values['slug']))
    if clash is not None and clash is not unit:
        raise ValidationError(N_('Slug sudah dipakai unit lain.'))
    refusal = addresses.unit_slug_refusal(values['slug'], unit)
    if refusal:
        raise ValidationError(refusal)
    values = dict(values, parent_id=parent_id)
    if unit is None:
        unit = Unit(**values)
        db.session.add(unit)
        db.session.flush()
        audit.record('unit.created', unit, details={'slug': unit.slug})
    else:
        old_slug = unit.slug
        changed = _changes(unit, values)
        if changed:
            audit.record('unit.updated', unit, details=changed)
        addresses.unit_renamed(unit, old_slug)
    return unit


def save_layanan(layanan, values, user):
    """Create or update a layanan; its unit must lie in the user's scope and its survey address be free: unique
    within the unit, and no other layanan's former address (portal.addresses)."""
    unit = db.session.get(Unit, values['unit_id'])
    if unit is None or not in_scope(unit.id, user):
        raise ValidationError(N_('Unit tidak ditemukan dalam cakupan Anda.'))
    clash = db.session.scalar(select(Layanan).where(Layanan.unit_id == unit.id, Layanan.slug == values['slug']))
    if clash is not None and clash is not layanan:
        raise ValidationError(N_('Slug layanan sudah dipakai di unit ini.'))
    refusal = addresses.layanan_slug_refusal(unit.slug, values['slug'], layanan)
    if refusal:
        raise ValidationError(refusal)
    if layanan is None:
        layanan = Layanan(**values)
        db.session.add(layanan)
        db.session.flush()
        audit.record('layanan.created', layanan, details={'slug': layanan.slug})
    else:
        old_address = (layanan.unit.slug, layanan.slug)
        changed = _changes(layanan, values)
        if changed:
            audit.record('layanan.updated', layanan, details=changed)
        addresses.layanan_moved(layanan.id, old_address, (unit.slug, layanan.slug))
    return layanan


def save_user(target, values, user):
    """Create or update a staff user; a unit admin may only give roles below superadmin, within its subtree.

    Only a superadmin gives or takes away the tim_wbs role (a unit admin may still edit such a user's other fields
    when it keeps the role). Nobody changes their own role or deactivates themselves here, and no change may leave
    the portal without an active superadmin.
    """
    role = values['role']
    kept_role = target is not None and role == target.role
    if user.role != 'superadmin' and 'tim_wbs' in (role, target.role if target is not None else None) \
            and not kept_role:
        raise ValidationError(N_('Hanya superadmin yang dapat memberikan atau mencabut peran Tim WBS.'))
    if role not in ROLES or (role not in assignable_roles(user) and not (kept_role and role == 'tim_wbs')):
        raise ValidationError(N_('Peran tidak diizinkan.'))
    active = values.get('active', True)
    if target is not None and target.id == user.id:
        if not kept_role:
            raise ValidationError(N_('Anda tidak dapat mengubah peran Anda sendiri.'))
        if not active and target.active:
            raise ValidationError(N_('Anda tidak dapat menonaktifkan akun Anda sendiri.'))
    if target is not None and target.role == 'superadmin' and target.active and (role != 'superadmin' or not active):
        others = db.session.scalar(select(func.count(User.id)).where(
            User.role == 'superadmin', User.active.is_(True), User.id != target.id))
        if not others:
            raise ValidationError(N_('Harus tetap ada sedikitnya satu superadmin aktif.'))
    unit_id = values.get('unit_id') or None
    if unit_id is None and user.role != 'superadmin':
        raise ValidationError(N_('Pilih unit dalam cakupan Anda.'))
    if unit_id is not None and (db.session.get(Unit, unit_id) is None or not in_scope(unit_id, user)):
        raise ValidationError(N_('Unit tidak ditemukan dalam cakupan Anda.'))
    email = values['email'].strip().lower()
    if len(email) > User.__table__.c.email.type.length:  # lower() can lengthen a text ('İ' -> 'i̇')
        raise ValidationError(N_('Alamat email terlalu panjang.'))
    clash = db.session.scalar(select(User).where(func.lower(User.email) == email))
    if clash is not None and clash is not target:
        raise ValidationError(N_('Email sudah terdaftar.'))
    password = values.pop('password', None)
    if target is None and not password:
        raise ValidationError(N_('Kata sandi wajib untuk pengguna baru.'))
    if password:
        reason = weak_password_reason(password)
        if reason:
            raise ValidationError(reason)
    fields = {'name': values['name'], 'email': email, 'role': role, 'unit_id': unit_id, 'active': active}
    if target is None:
        target = User(password_hash=hash_password(password), **fields)
        db.session.add(target)
        db.session.flush()
        audit.record('user.created', target, details={'email': email, 'role': target.role, 'unit_id': unit_id})
    else:
        changed = _changes(target, fields)
        if password:
            target.password_hash = hash_password(password)
            target.session_version += 1
            changed['reset'] = 'kata sandi'
        if changed:
            audit.record('user.updated', target, details=changed)
    return target
