"""Addresses once printed never change: the slugs a unit or a layanan had before keep leading to it.

A unit page lives at /unit/<unit slug> and a survey at /survei/<unit slug>/<layanan slug>; both are printed on
posters and QR codes. Renaming a slug, or moving a layanan to another unit, records the old address as an alias of
the same unit or layanan, and no other unit or layanan may take it afterwards. Renaming back to an old slug makes
it current again.
"""
from sqlalchemy import delete, select

from .extensions import db
from .markers import N_
from .models import Layanan, LayananAlias, Unit, UnitAlias

UNIT_SLUG_RESERVED = N_('Slug ini pernah dipakai unit lain, dan alamat lamanya masih mengarah ke unit itu. '
                        'Pilih slug lain.')
LAYANAN_SLUG_RESERVED = N_('Alamat survei ini pernah dipakai layanan lain, dan poster lamanya masih mengarah ke '
                           'layanan itu. Pilih slug lain.')


def unit_by_alias(slug):
    """The unit that once had this slug, or None."""
    return db.session.scalar(select(Unit).join(UnitAlias, UnitAlias.unit_id == Unit.id)
                             .where(UnitAlias.slug == slug))


def layanan_by_alias(unit_slug, slug):
    """The layanan whose survey once lived at /survei/<unit_slug>/<slug>, or None."""
    return db.session.scalar(select(Layanan).join(LayananAlias, LayananAlias.layanan_id == Layanan.id)
                             .where(LayananAlias.unit_slug == unit_slug, LayananAlias.slug == slug))


def current_slugs(unit_slug, layanan_slug=None):
    """The current (unit slug, layanan slug) of an address that may be an old one; as given when it is current or
    unknown."""
    if not unit_slug:
        return unit_slug, layanan_slug
    if layanan_slug and db.session.scalar(select(Layanan.id).join(Unit, Unit.id == Layanan.unit_id).where(
            Unit.slug == unit_slug, Layanan.slug == layanan_slug)) is None:
        former = layanan_by_alias(unit_slug, layanan_slug)
        if former is not None:
            return former.unit.slug, former.slug
    if db.session.scalar(select(Unit.id).where(Unit.slug == unit_slug)) is None:
        former = unit_by_alias(unit_slug)
        if former is not None:
            return former.slug, layanan_slug
    return unit_slug, layanan_slug


def unit_slug_refusal(slug, unit):
    """Why `unit` (None: a new one) may not take `slug`, or None.

    The slug may not be another unit's former slug, nor put one of the unit's layanan at a survey address that
    another layanan had before.
    """
    owner = db.session.scalar(select(UnitAlias.unit_id).where(UnitAlias.slug == slug))
    if owner is not None and (unit is None or owner != unit.id):
        return UNIT_SLUG_RESERVED
    if unit is not None and unit.layanan:
        owners = db.session.execute(select(LayananAlias.slug, LayananAlias.layanan_id).where(
            LayananAlias.unit_slug == slug, LayananAlias.slug.in_([item.slug for item in unit.layanan]))).all()
        mine = {item.slug: item.id for item in unit.layanan}
        if any(mine[layanan_slug] != owner for layanan_slug, owner in owners):
            return LAYANAN_SLUG_RESERVED
    return None


def layanan_slug_refusal(unit_slug, slug, layanan):
    """Why `layanan` (None: a new one) may not live at /survei/<unit_slug>/<slug>, or None."""
    owner = db.session.scalar(select(LayananAlias.layanan_id).where(LayananAlias.unit_slug == unit_slug,
                                                                    LayananAlias.slug == slug))
    if owner is not None and (layanan is None or owner != layanan.id):
        return LAYANAN_SLUG_RESERVED
    return None


def _keep_layanan_address(layanan_id, old, new):
    """Record the address `old` (unit slug, layanan slug) as the layanan's alias; `new` is current again."""
    if old == new:
        return
    db.session.execute(delete(LayananAlias).where(LayananAlias.unit_slug == new[0], LayananAlias.slug == new[1],
                                                  LayananAlias.layanan_id == layanan_id))
    if db.session.get(LayananAlias, old) is None:
        db.session.add(LayananAlias(unit_slug=old[0], slug=old[1], layanan_id=layanan_id))


def unit_renamed(unit, old_slug):
    """After `unit.slug` changed from `old_slug`: keep the old unit page and every survey address under it."""
    if old_slug == unit.slug:
        return
    db.session.execute(delete(UnitAlias).where(UnitAlias.slug == unit.slug, UnitAlias.unit_id == unit.id))
    if db.session.get(UnitAlias, old_slug) is None:
        db.session.add(UnitAlias(slug=old_slug, unit_id=unit.id))
    for item in unit.layanan:
        _keep_layanan_address(item.id, (old_slug, item.slug), (unit.slug, item.slug))
    db.session.flush()


def layanan_moved(layanan_id, old_address, new_address):
    """After a layanan's slug or unit changed: keep its old survey address; both are (unit slug, layanan slug)."""
    _keep_layanan_address(layanan_id, old_address, new_address)
    db.session.flush()


def former_addresses(unit=None, layanan=None):
    """The former slugs of a unit, or the former (unit slug, layanan slug) pairs of a layanan, oldest first."""
    if unit is not None:
        return list(db.session.scalars(select(UnitAlias.slug).where(UnitAlias.unit_id == unit.id)
                                       .order_by(UnitAlias.created_at, UnitAlias.slug)))
    return [tuple(row) for row in db.session.execute(
        select(LayananAlias.unit_slug, LayananAlias.slug).where(LayananAlias.layanan_id == layanan.id)
        .order_by(LayananAlias.created_at, LayananAlias.unit_slug, LayananAlias.slug))]
