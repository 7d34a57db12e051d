"""What every part shares: units (a tree), layanan, staff users, the audit log and the claims of forms that store
once."""
from datetime import UTC, datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .extensions import db
from .once import ClaimColumns


def utcnow():
    """The current time in UTC, naive, as every timestamp column stores it."""
    return datetime.now(UTC).replace(tzinfo=None)


UNIT_KINDS = ('kanwil', 'kankemenag', 'kua', 'madrasah', 'lainnya')
ROLES = ('superadmin', 'admin_unit', 'petugas_pengaduan', 'tim_wbs', 'pimpinan')


class Unit(db.Model):
    """An office: Kanwil, Kantor Kemenag, KUA, madrasah; a tree through parent_id."""

    __tablename__ = 'unit'
    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey('unit.id'), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    active: Mapped[bool] = mapped_column(default=True)
    maklumat: Mapped[str | None] = mapped_column(Text)  # maklumat pelayanan, shown on the public unit page
    address: Mapped[str | None] = mapped_column(String(300))
    head_email: Mapped[str | None] = mapped_column(String(200))  # kepala unit: receives overdue reminders

    parent: Mapped['Unit | None'] = relationship(remote_side=[id], back_populates='children')
    children: Mapped[list['Unit']] = relationship(back_populates='parent', order_by='Unit.name')
    layanan: Mapped[list['Layanan']] = relationship(back_populates='unit', order_by='Layanan.name')

    def __repr__(self):
        return f'<Unit {self.slug}>'


class Layanan(db.Model):
    """One service a unit provides, with its standar pelayanan."""

    __tablename__ = 'layanan'
    __table_args__ = (UniqueConstraint('unit_id', 'slug'),)
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey('unit.id'), index=True)
    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(80))
    active: Mapped[bool] = mapped_column(default=True)
    persyaratan: Mapped[str | None] = mapped_column(Text)
    prosedur: Mapped[str | None] = mapped_column(Text)
    waktu: Mapped[str | None] = mapped_column(String(200))
    biaya: Mapped[str | None] = mapped_column(String(200))
    produk: Mapped[str | None] = mapped_column(String(300))

    unit: Mapped[Unit] = relationship(back_populates='layanan')

    def __repr__(self):
        return f'<Layanan {self.slug}>'


class UnitAlias(db.Model):
    """A slug a unit had before: /unit/<old slug> still leads to it, whatever was printed with it."""

    __tablename__ = 'unit_alias'
    slug: Mapped[str] = mapped_column(String(80), primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey('unit.id'), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class LayananAlias(db.Model):
    """An address (unit slug, layanan slug) a layanan's survey had before: a QR poster printed with it still
    reaches the layanan after a rename or a move to another unit."""

    __tablename__ = 'layanan_alias'
    unit_slug: Mapped[str] = mapped_column(String(80), primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), primary_key=True)
    layanan_id: Mapped[int] = mapped_column(ForeignKey('layanan.id'), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class User(UserMixin, db.Model):
    """A staff account; citizens never have one."""

    __tablename__ = 'user'
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(200), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(30))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey('unit.id'), index=True)  # None: the whole tree
    active: Mapped[bool] = mapped_column(default=True)
    last_login_at: Mapped[datetime | None]
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    session_version: Mapped[int] = mapped_column(default=0)  # bumped on password change: other sessions end

    unit: Mapped[Unit | None] = relationship()

    def get_id(self):
        return f'{self.id}:{self.session_version}'

    @property
    def is_active(self):
        return self.active

    def __repr__(self):
        return f'<User {self.email}>'


class AuditEvent(db.Model):
    """Who did what to which object, and when; written in the same transaction as the change."""

    __tablename__ = 'audit_event'
    __table_args__ = (Index('ix_audit_object', 'object_type', 'object_id'),)
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey('user.id'))
    actor_label: Mapped[str | None] = mapped_column(String(200))  # kept when the user is gone; 'sistem' for jobs
    action: Mapped[str] = mapped_column(String(60))
    object_type: Mapped[str | None] = mapped_column(String(40))
    object_id: Mapped[str | None] = mapped_column(String(64))
    details: Mapped[dict | None] = mapped_column(db.JSON)

    actor: Mapped[User | None] = relationship()


class OnceClaim(ClaimColumns, db.Model):
    """A form's once token, claimed by its POST (portal.once): its digest and the UTC day, nothing else. The WBS
    reporter's forms claim theirs in a table of their own (wbs.models.WbsOnceClaim)."""

    __tablename__ = 'once_claim'


def subtree_ids(unit_id):
    """Ids of a unit and all its descendants (a recursive CTE; SQLite and PostgreSQL alike)."""
    return set(db.session.scalars(subtree_select(unit_id)))


def subtree_select(unit_id):
    """A SELECT of the subtree's ids, to embed in a larger query as `column.in_(subtree_select(u))`."""
    tree = select(Unit.id).where(Unit.id == unit_id).cte('tree', recursive=True)
    tree = tree.union_all(select(Unit.id).where(Unit.parent_id == tree.c.id))
    return select(tree.c.id)
