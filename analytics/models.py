"""Analytics tables: the admin-entered inputs of the ZI komponen hasil, and the covering index the IKM reads through."""
from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Numeric, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
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
