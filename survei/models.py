"""Survey data: versioned questionnaires and their items, per-layanan settings, responses, service-user counts.

A response keeps the 9 IKM scores in columns u1..u9 (one row per respondent), so the indices are single-pass SQL
aggregates; answers to other items (IPAK, or an IPKP set that is not the 9 unsur) sit in survei_item_answer.
"""
from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, SmallInteger, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models import Layanan, Unit, utcnow

KINDS = ('ikm', 'ipkp', 'ipak')
UNSUR = tuple(f'u{i}' for i in range(1, 10))


class Questionnaire(db.Model):
    """One version of one survey kind. The IKM version is seeded and locked; IPKP/IPAK edits create new versions."""

    __tablename__ = 'survei_questionnaire'
    __table_args__ = (UniqueConstraint('kind', 'version'),)
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # ikm | ipkp | ipak
    version: Mapped[int] = mapped_column(default=1)
    title: Mapped[str] = mapped_column(String(200))
    locked: Mapped[bool] = mapped_column(default=False)
    current: Mapped[bool] = mapped_column(default=True)  # the version new responses use
    uses_ikm_answers: Mapped[bool] = mapped_column(default=False)  # IPKP computed from u1..u9: not asked twice
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    items: Mapped[list['QuestionItem']] = relationship(back_populates='questionnaire',
                                                       order_by='QuestionItem.position')


class QuestionItem(db.Model):
    """One question with its four answer labels (score 1 to 4)."""

    __tablename__ = 'survei_item'
    __table_args__ = (UniqueConstraint('questionnaire_id', 'code'),)
    id: Mapped[int] = mapped_column(primary_key=True)
    questionnaire_id: Mapped[int] = mapped_column(ForeignKey('survei_questionnaire.id'), index=True)
    position: Mapped[int]
    code: Mapped[str] = mapped_column(String(20))  # u1..u9 for the IKM; ipak1.. etc.
    name: Mapped[str] = mapped_column(String(200))  # the unsur or item name
    question: Mapped[str] = mapped_column(Text)
    label1: Mapped[str] = mapped_column(String(120))
    label2: Mapped[str] = mapped_column(String(120))
    label3: Mapped[str] = mapped_column(String(120))
    label4: Mapped[str] = mapped_column(String(120))
    # The admin's English wording, when given: {'name': ..., 'question': ..., 'labels': [4]}, '' where left blank.
    # A blank falls back to the Indonesian text (translated when it is a seeded one).
    english: Mapped[dict | None] = mapped_column(JSON, default=None)

    questionnaire: Mapped[Questionnaire] = relationship(back_populates='items')

    @property
    def labels(self):
        """The four answer labels, score 1 first."""
        return [self.label1, self.label2, self.label3, self.label4]

    @property
    def english_parts(self):
        """(name, question, four labels) in English as the admin wrote them; '' where none was given."""
        en = self.english or {}
        labels = list(en.get('labels') or [])[:4]
        return en.get('name') or '', en.get('question') or '', tuple(labels + [''] * (4 - len(labels)))


class LayananSurvey(db.Model):
    """Which surveys a layanan runs besides the IKM (always on)."""

    __tablename__ = 'survei_layanan'
    layanan_id: Mapped[int] = mapped_column(ForeignKey('layanan.id'), primary_key=True)
    run_ipkp: Mapped[bool] = mapped_column(default=True)
    run_ipak: Mapped[bool] = mapped_column(default=True)

    layanan: Mapped[Layanan] = relationship()


class Response(db.Model):
    """One respondent's answers. No IP address or user agent is ever stored."""

    __tablename__ = 'survei_response'
    __table_args__ = (
        Index('ix_survei_response_unit_date', 'unit_id', 'service_date'),
        Index('ix_survei_response_layanan_date', 'layanan_id', 'service_date'),
        Index('ix_survei_response_layanan_submitted', 'layanan_id', 'submitted_at'),  # the burst check
        *(CheckConstraint(f'{u} BETWEEN 1 AND 4', name=f'{u}_range') for u in UNSUR),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey('unit.id'))
    layanan_id: Mapped[int | None] = mapped_column(ForeignKey('layanan.id'))
    service_date: Mapped[date]  # tanggal layanan: the period a response counts in
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    source: Mapped[str] = mapped_column(String(10), default='online')  # online | import | petugas
    token: Mapped[str | None] = mapped_column(String(64), unique=True)  # idempotency token of the form
    gender: Mapped[str | None] = mapped_column(String(1))  # L | P
    age: Mapped[int | None] = mapped_column(SmallInteger)
    education: Mapped[str | None] = mapped_column(String(20))
    occupation: Mapped[str | None] = mapped_column(String(40))
    saran: Mapped[str | None] = mapped_column(Text)
    u1: Mapped[int | None] = mapped_column(SmallInteger)
    u2: Mapped[int | None] = mapped_column(SmallInteger)
    u3: Mapped[int | None] = mapped_column(SmallInteger)
    u4: Mapped[int | None] = mapped_column(SmallInteger)
    u5: Mapped[int | None] = mapped_column(SmallInteger)
    u6: Mapped[int | None] = mapped_column(SmallInteger)
    u7: Mapped[int | None] = mapped_column(SmallInteger)
    u8: Mapped[int | None] = mapped_column(SmallInteger)
    u9: Mapped[int | None] = mapped_column(SmallInteger)
    ikm_questionnaire_id: Mapped[int | None] = mapped_column(ForeignKey('survei_questionnaire.id'))
    ipkp_questionnaire_id: Mapped[int | None] = mapped_column(ForeignKey('survei_questionnaire.id'))
    ipak_questionnaire_id: Mapped[int | None] = mapped_column(ForeignKey('survei_questionnaire.id'))
    flags: Mapped[str | None] = mapped_column(String(200))  # why it looks suspicious; None when clean
    counted: Mapped[bool] = mapped_column(default=True)  # False for a flagged response until an admin includes it
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey('user.id'))

    unit: Mapped[Unit] = relationship()
    layanan: Mapped[Layanan | None] = relationship()
    item_answers: Mapped[list['ItemAnswer']] = relationship(back_populates='response', cascade='all, delete-orphan')


class ItemAnswer(db.Model):
    """A score for an item outside u1..u9 (IPAK items, or a custom IPKP set)."""

    __tablename__ = 'survei_item_answer'
    __table_args__ = (CheckConstraint('score BETWEEN 1 AND 4', name='score_range'),)
    response_id: Mapped[int] = mapped_column(ForeignKey('survei_response.id', ondelete='CASCADE'), primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey('survei_item.id'), primary_key=True, index=True)
    score: Mapped[int] = mapped_column(SmallInteger)

    response: Mapped[Response] = relationship(back_populates='item_answers')
    item: Mapped[QuestionItem] = relationship()


class ServiceUserCount(db.Model):
    """How many citizens a layanan served in a period: the population N for sample adequacy."""

    __tablename__ = 'survei_service_users'
    __table_args__ = (UniqueConstraint('layanan_id', 'period_start', 'period_end'),)
    id: Mapped[int] = mapped_column(primary_key=True)
    layanan_id: Mapped[int] = mapped_column(ForeignKey('layanan.id'), index=True)
    period_start: Mapped[date]
    period_end: Mapped[date]
    count: Mapped[int]
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey('user.id'))
    entered_at: Mapped[datetime] = mapped_column(default=utcnow)

    layanan: Mapped[Layanan] = relationship()
