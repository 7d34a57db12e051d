"""Analytics tables: komponen hasil inputs, published periods, RTL actions, and the IKM covering index."""
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Numeric, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.markers import N_
from portal.models import Unit, User, utcnow
from survei.models import Response

# One index-only pass for the IKM of any subtree and period: keyed by date then unit, carrying every column the
# headline figures read (PostgreSQL INCLUDE; SQLite keeps the key columns). Created in migration 0003.
COVER_COLUMNS = ('counted', 'layanan_id', *(f'u{i}' for i in range(1, 10)))
ikm_cover_index = Index('ix_analytics_response_cover', Response.service_date, Response.unit_id,
                        postgresql_include=list(COVER_COLUMNS))


class HasilInput(db.Model):
    """What an admin enters per unit and year for the komponen hasil (PermenPANRB 90/2021 jo 5/2024)."""

    __tablename__ = 'analytics_hasil_input'
    __table_args__ = (UniqueConstraint('unit_id', 'year'),)
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey('unit.id'), index=True)
    year: Mapped[int]
    capaian_kinerja: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))  # points, 0-5
    pengungkit: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))  # points, 0-60
    tlhp_percent: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))  # 0-100
    note: Mapped[str | None] = mapped_column(db.String(500))
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey('user.id'))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    unit: Mapped[Unit] = relationship()
    updated_by: Mapped[User | None] = relationship()


class PublishedPeriod(db.Model):
    """A unit's survey results for one period that an admin made public on /hasil: the figures as approved (a
    snapshot of queries.IkmSummary.as_dict(), so later corrections never change a published page silently)."""

    __tablename__ = 'analytics_published'
    __table_args__ = (UniqueConstraint('unit_id', 'period_key'),)
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey('unit.id'), index=True)
    period_key: Mapped[str] = mapped_column(db.String(32))  # periods.parse() key: 2026, 2026-T1, 2026-S2, dates
    period_label: Mapped[str] = mapped_column(db.String(80))
    start: Mapped[date]
    end: Mapped[date]
    figures: Mapped[dict] = mapped_column(db.JSON)
    published_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey('user.id'))

    unit: Mapped[Unit] = relationship()
    published_by: Mapped[User | None] = relationship()


RTL_STATUSES = {'direncanakan': N_('Direncanakan'), 'berjalan': N_('Sedang berjalan'), 'selesai': N_('Selesai')}


class RtlAction(db.Model):
    """One action of the improvement plan (rencana tindak lanjut) of a unit and period, usually for a low unsur."""

    __tablename__ = 'analytics_rtl'
    __table_args__ = (Index('ix_analytics_rtl_unit_period', 'unit_id', 'period_key'),)
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey('unit.id'))
    period_key: Mapped[str] = mapped_column(db.String(32))
    unsur: Mapped[str | None] = mapped_column(db.String(4))  # u1..u9, or None for a general action
    action: Mapped[str] = mapped_column(db.String(500))
    owner: Mapped[str] = mapped_column(db.String(200))  # penanggung jawab
    due_date: Mapped[date]
    status: Mapped[str] = mapped_column(db.String(20), default='direncanakan')
    evidence: Mapped[str | None] = mapped_column(db.String(1000))  # catatan bukti (what was done, where to see it)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey('user.id'))

    unit: Mapped[Unit] = relationship()

    def overdue(self, today):
        """True when the due date has passed and the action is not done."""
        return self.status != 'selesai' and self.due_date < today

    @property
    def status_label(self):
        """The status in Bahasa Indonesia."""
        return RTL_STATUSES.get(self.status, self.status)
