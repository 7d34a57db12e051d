"""Complaints, their steps (events), attachments, and the cuti bersama that extend the national holidays.

Identity (name, email, phone) is null for an anonim complaint. `unit_id` is the receiving unit (the one the complaint
was filed to; its complaint managers verify it and alone may see a rahasia identity); `handling_unit_id` is the unit
whose turn it is (the receiving unit until the disposition, then the unit dispositioned to). Deadlines are stored as
dates, maintained by services on each step, so the inbox sorts and filters by `next_due` in SQL.
"""
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, LargeBinary, SmallInteger, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.markers import N_
from portal.models import Layanan, Unit, User, utcnow

KINDS = {'pengaduan': N_('Pengaduan'), 'aspirasi': N_('Aspirasi'), 'permintaan_informasi': N_('Permintaan informasi')}
CATEGORIES = {
    'persyaratan_prosedur': N_('Persyaratan dan prosedur'),
    'waktu': N_('Waktu penyelesaian'),
    'biaya': N_('Biaya/tarif'),
    'produk': N_('Produk layanan'),
    'perilaku_petugas': N_('Perilaku dan kompetensi petugas'),
    'sarana': N_('Sarana dan prasarana'),
    'informasi': N_('Informasi pelayanan'),
    'lainnya': N_('Lainnya'),
}
RATING_MAX = 5  # the complainant rates the handling from 1 to RATING_MAX (services.rate)
PRIVACY = {'biasa': N_('Biasa'), 'rahasia': N_('Rahasia'), 'anonim': N_('Anonim')}


class Complaint(db.Model):
    """One complaint, aspiration or information request, from filing to closing."""

    __tablename__ = 'pengaduan'
    __table_args__ = (Index('ix_pengaduan_status_due', 'status', 'next_due'),)
    id: Mapped[int] = mapped_column(primary_key=True)
    code_digest: Mapped[str] = mapped_column(String(64), unique=True)  # SHA-256 of the tracking code
    # the form's submission token, as codes.token_digest, and the code sealed under it (codes.seal): a second POST
    # of the same form finds this complaint and shows its code again (None: filed without a token)
    submit_digest: Mapped[str | None] = mapped_column(String(64), unique=True)
    code_sealed: Mapped[bytes | None] = mapped_column(LargeBinary)
    kind: Mapped[str] = mapped_column(String(30))
    category: Mapped[str] = mapped_column(String(30))
    unit_id: Mapped[int] = mapped_column(ForeignKey('unit.id'), index=True)
    layanan_id: Mapped[int | None] = mapped_column(ForeignKey('layanan.id'))
    handling_unit_id: Mapped[int] = mapped_column(ForeignKey('unit.id'), index=True)
    officer_id: Mapped[int | None] = mapped_column(ForeignKey('user.id'))
    title: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    place: Mapped[str | None] = mapped_column(String(200))
    event_date: Mapped[date | None]
    terlapor: Mapped[str | None] = mapped_column(String(200))
    privacy: Mapped[str] = mapped_column(String(10))
    name: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(40))
    consent: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(30), default='baru', index=True)
    resume_status: Mapped[str | None] = mapped_column(String(30))  # the state to return to after a pause
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    filed_on: Mapped[date] = mapped_column(index=True)
    verify_due: Mapped[date]
    followup_due: Mapped[date | None]
    final_due: Mapped[date]
    next_due: Mapped[date | None]
    paused_on: Mapped[date | None]
    verified_on: Mapped[date | None]  # verified or rejected: the decision within 3 HK
    dispositioned_on: Mapped[date | None]
    followed_up_on: Mapped[date | None]
    # a follow-up round before the current one came after its deadline (kept when the complainant contests it)
    followup_late: Mapped[bool] = mapped_column(default=False, server_default=false())
    autoclose_on: Mapped[date | None]
    closed_on: Mapped[date | None]
    days_to_close: Mapped[int | None]
    follow_up: Mapped[str | None] = mapped_column(Text)  # the latest public follow-up
    rating: Mapped[int | None] = mapped_column(SmallInteger)
    rating_comment: Mapped[str | None] = mapped_column(Text)
    rated_at: Mapped[datetime | None]

    unit: Mapped[Unit] = relationship(foreign_keys=[unit_id])
    handling_unit: Mapped[Unit] = relationship(foreign_keys=[handling_unit_id])
    layanan: Mapped[Layanan | None] = relationship()
    officer: Mapped[User | None] = relationship()
    events: Mapped[list['ComplaintEvent']] = relationship(back_populates='complaint', order_by='ComplaintEvent.id',
                                                          cascade='all, delete-orphan')
    attachments: Mapped[list['Attachment']] = relationship(back_populates='complaint', order_by='Attachment.id',
                                                           cascade='all, delete-orphan')

    @property
    def number(self):
        """The register number staff use (the tracking code stays the complainant's secret)."""
        return f'P-{self.id:06d}'

    def __repr__(self):
        return f'<Complaint {self.id} {self.status}>'


class ComplaintEvent(db.Model):
    """One step: a transition, an internal note, an assignment, information from the complainant, a rating."""

    __tablename__ = 'pengaduan_event'
    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey('pengaduan.id', ondelete='CASCADE'), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    kind: Mapped[str] = mapped_column(String(30))  # transisi | catatan | penugasan | penilaian
    action: Mapped[str | None] = mapped_column(String(40))
    from_status: Mapped[str | None] = mapped_column(String(30))
    to_status: Mapped[str | None] = mapped_column(String(30))
    actor_kind: Mapped[str] = mapped_column(String(10))  # staf | pengadu | sistem
    actor_id: Mapped[int | None] = mapped_column(ForeignKey('user.id'))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey('unit.id'))  # the unit shown to the complainant
    note: Mapped[str | None] = mapped_column(Text)
    public: Mapped[bool] = mapped_column(default=False)

    complaint: Mapped[Complaint] = relationship(back_populates='events')
    actor: Mapped[User | None] = relationship()
    unit: Mapped[Unit | None] = relationship()


class Attachment(db.Model):
    """A cleaned file (portal.uploads) stored under a random key outside the static folder."""

    __tablename__ = 'pengaduan_lampiran'
    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey('pengaduan.id', ondelete='CASCADE'), index=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey('pengaduan_event.id'))
    key: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(120))
    mime: Mapped[str] = mapped_column(String(60))
    size: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    complaint: Mapped[Complaint] = relationship(back_populates='attachments')


class CutiBersama(db.Model):
    """A collective leave day (SKB 3 Menteri) entered by an admin: not a working day."""

    __tablename__ = 'pengaduan_cuti_bersama'
    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(unique=True)
    name: Mapped[str] = mapped_column(String(120))
