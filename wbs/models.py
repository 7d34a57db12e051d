"""WBS tables: members' key pairs, reports (clear metadata + sealed content), access grants, messages and files.

Nothing here holds plaintext of what a reporter or a member wrote: every such column is a SealedBox blob. Dates are
days (no time of day) so that a stolen database cannot be lined up against other logs by the minute.
"""
from datetime import date

from sqlalchemy import Date, ForeignKey, Index, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models import User, utcnow
from portal.once import ClaimColumns


def today():
    """Today's date (UTC): the only precision a WBS row keeps."""
    return utcnow().date()


class WbsMember(db.Model):
    """A tim_wbs user's WBS key pair (private key wrapped twice) and TOTP secret (encrypted under a server key)."""

    __tablename__ = 'wbs_member'
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey('user.id'), unique=True)
    public_key: Mapped[bytes | None] = mapped_column(LargeBinary(32))
    pw_wrapped: Mapped[bytes | None] = mapped_column(LargeBinary(80))
    pw_salt: Mapped[bytes | None] = mapped_column(LargeBinary(16))
    pw_ops: Mapped[int | None]
    pw_mem: Mapped[int | None]
    recovery_wrapped: Mapped[bytes | None] = mapped_column(LargeBinary(80))
    totp_secret: Mapped[bytes] = mapped_column(LargeBinary(120))
    totp_last_step: Mapped[int] = mapped_column(default=0)  # refuses a code already used (replay)
    created_on: Mapped[date] = mapped_column(Date, default=today)
    # The day a member of the team let this one in (the first member: the day of their set-up). Until then no report
    # is sealed to them: a superadmin can make a tim_wbs account, not a team member (wbs.services.admit).
    admitted_on: Mapped[date | None] = mapped_column(Date)

    user: Mapped[User] = relationship()

    @property
    def ready(self):
        """True once the key pair exists (set-up finished)."""
        return self.public_key is not None


class WbsReport(db.Model):
    """One report: clear metadata for the workflow and counts; everything else sealed to `public_key`."""

    __tablename__ = 'wbs_report'
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    lookup_tag: Mapped[str] = mapped_column(String(8), index=True)
    receipt_salt: Mapped[bytes] = mapped_column(LargeBinary(16))
    receipt_hash: Mapped[bytes] = mapped_column(LargeBinary(32))
    receipt_ops: Mapped[int]
    receipt_mem: Mapped[int]
    sealed_for_receipt: Mapped[bytes] = mapped_column(LargeBinary(128))
    public_key: Mapped[bytes] = mapped_column(LargeBinary(32))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    category: Mapped[str] = mapped_column(String(40), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey('unit.id'), index=True)  # the reported unit, for counts
    status: Mapped[str] = mapped_column(String(20), default='diterima', index=True)
    outcome: Mapped[str | None] = mapped_column(String(40))
    forwarded_to: Mapped[str | None] = mapped_column(String(20))
    created_on: Mapped[date] = mapped_column(Date, default=today, index=True)
    updated_on: Mapped[date] = mapped_column(Date, default=today)
    closed_on: Mapped[date | None] = mapped_column(Date)

    access: Mapped[list['WbsAccess']] = relationship(back_populates='report', cascade='all, delete-orphan')
    messages: Mapped[list['WbsMessage']] = relationship(back_populates='report', cascade='all, delete-orphan',
                                                        order_by='WbsMessage.id')
    files: Mapped[list['WbsFile']] = relationship(back_populates='report', cascade='all, delete-orphan',
                                                  order_by='WbsFile.id')
    exclusions: Mapped[list['WbsExclusion']] = relationship(back_populates='report', cascade='all, delete-orphan')


class WbsAccess(db.Model):
    """The report's private key sealed to one member's public key."""

    __tablename__ = 'wbs_access'
    __table_args__ = (UniqueConstraint('report_id', 'member_id'),)
    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey('wbs_report.id'), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey('wbs_member.id'), index=True)
    sealed_key: Mapped[bytes] = mapped_column(LargeBinary(128))
    granted_on: Mapped[date] = mapped_column(Date, default=today)

    report: Mapped[WbsReport] = relationship(back_populates='access')
    member: Mapped[WbsMember] = relationship()


class WbsExclusion(db.Model):
    """A member kept out of a report (named in it, say): no access, no listing, no sharing to them."""

    __tablename__ = 'wbs_exclusion'
    __table_args__ = (UniqueConstraint('report_id', 'member_id'),)
    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey('wbs_report.id'), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey('wbs_member.id'), index=True)
    created_on: Mapped[date] = mapped_column(Date, default=today)

    report: Mapped[WbsReport] = relationship(back_populates='exclusions')


class WbsMessage(db.Model):
    """A message (reporter <-> team) or a private note between members; body sealed to the report."""

    __tablename__ = 'wbs_message'
    __table_args__ = (Index('ix_wbs_message_report_kind', 'report_id', 'kind'),)
    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey('wbs_report.id'))
    kind: Mapped[str] = mapped_column(String(10))  # pelapor | tim | catatan
    author_id: Mapped[int | None] = mapped_column(ForeignKey('wbs_member.id'))
    body: Mapped[bytes] = mapped_column(LargeBinary)
    created_on: Mapped[date] = mapped_column(Date, default=today)

    report: Mapped[WbsReport] = relationship(back_populates='messages')
    author: Mapped[WbsMember | None] = relationship()


class WbsFile(db.Model):
    """An evidence file: bytes sealed in the upload store under a random key; name and type sealed here."""

    __tablename__ = 'wbs_file'
    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey('wbs_report.id'), index=True)
    store_key: Mapped[str] = mapped_column(String(32))
    meta: Mapped[bytes] = mapped_column(LargeBinary)  # sealed {"name", "mime", "sha256"}
    from_reporter: Mapped[bool] = mapped_column(default=True)
    created_on: Mapped[date] = mapped_column(Date, default=today)

    report: Mapped[WbsReport] = relationship(back_populates='files')


class WbsOnceClaim(ClaimColumns, db.Model):
    """A once token (portal.once) of the reporter's own forms: its digest and the UTC day, as every WBS date; nothing
    ties it to a report. Kept apart from every other claim (portal.models.OnceClaim, where the team's forms claim
    theirs): in one table, the order of the rows would place a reporter's post between actions whose time the audit
    log keeps. Here it is ordered among reporters' posts only, as their messages and files already are."""

    __tablename__ = 'wbs_once_claim'


__all__ = ['WbsMember', 'WbsReport', 'WbsAccess', 'WbsExclusion', 'WbsMessage', 'WbsFile', 'WbsOnceClaim', 'utcnow']
