"""Monitoring figures for analytics/ (domain.md section 4), as SQL aggregates over the complaints.

`monitoring(unit_ids, start, end)`: unit_ids is a set of unit ids (a complaint counts for its handling unit: the
receiving unit until the disposition, then the unit dispositioned to) or None for all; start/end bound the filing date
(inclusive), None for open-ended. Shares are fractions 0..1 (None when nothing to measure).
"""
import statistics

from sqlalchemy import case, func, select

from portal.extensions import db

from .deadlines import today_local
from .models import Complaint
from .workflow import CLOSED

# states in which a follow-up round is owed: after the disposition, or after the complainant contested the last one
FOLLOW_UP_OWED = ('terverifikasi', 'diproses', 'dibuka_kembali')


def _where(q, unit_ids, start, end):
    if unit_ids is not None:
        q = q.where(Complaint.handling_unit_id.in_(list(unit_ids)))
    if start is not None:
        q = q.where(Complaint.filed_on >= start)
    if end is not None:
        q = q.where(Complaint.filed_on <= end)
    return q


def _counts(column, unit_ids, start, end):
    q = _where(select(column, func.count()).group_by(column), unit_ids, start, end)
    return {row[0]: row[1] for row in db.session.execute(q)}


def _share(count, of):
    return {'count': int(count or 0), 'of': int(of or 0), 'share': (count or 0) / of if of else None}


def monitoring(unit_ids=None, start=None, end=None, today=None):
    """Counts by status, kind, category and unit; the deadline shares; days to close; satisfaction; overdue.

    Each deadline share (domain.md section 4: verified within 3 HK, followed up within 5 HK, closed within 60 days)
    is steps taken on time over steps taken plus steps still owed past their deadline."""
    today = today or today_local()
    c = Complaint
    verified_ok = func.sum(case((c.verified_on <= c.verify_due, 1), else_=0))
    # Followed up within 5 HK, per complaint: every round on time. A round is owed in FOLLOW_UP_OWED (the first, or a
    # new one after the complainant contested the follow-up) and missed once its deadline passes; a late round that
    # was contested stays late (followup_late).
    follow_owed_late = c.status.in_(FOLLOW_UP_OWED) & (c.followup_due < today)
    followed_ok = func.sum(case((c.followed_up_on.is_not(None) & (c.followed_up_on <= c.followup_due)
                                 & ~c.followup_late & ~follow_owed_late, 1), else_=0))
    followed_counted = func.sum(case((c.followed_up_on.is_not(None) | c.followup_late | follow_owed_late, 1),
                                     else_=0))
    closed = c.status == 'selesai'
    closed_ok = func.sum(case((closed & (c.closed_on <= c.final_due), 1), else_=0))
    # A step still not taken after its deadline is a deadline missed already: it counts against each share now,
    # not only once the step is finally taken (a complaint in a pause has its clocks stopped: not counted).
    open_ = c.status.notin_(CLOSED + ('menunggu_informasi',))
    verify_missed = func.sum(case(((c.status == 'baru') & (c.verify_due < today), 1), else_=0))
    close_missed = func.sum(case((open_ & (c.final_due < today), 1), else_=0))
    q = _where(select(
        func.count(), func.count(c.verified_on), verified_ok, followed_counted, followed_ok,
        func.sum(case((closed, 1), else_=0)), closed_ok, func.avg(c.rating), func.count(c.rating),
        func.sum(case((c.next_due < today, 1), else_=0)), verify_missed, close_missed),
        unit_ids, start, end)
    (total, verified, verified_in, followed, followed_in, n_closed, closed_in, mean, rated, overdue, verify_late,
     close_late) = db.session.execute(q).one()
    verify_late, close_late = int(verify_late or 0), int(close_late or 0)
    durations = db.session.scalars(_where(select(c.days_to_close).where(closed, c.days_to_close.is_not(None)),
                                          unit_ids, start, end)).all()
    return {
        'total': int(total or 0),
        'by_status': _counts(c.status, unit_ids, start, end),
        'by_kind': _counts(c.kind, unit_ids, start, end),
        'by_category': _counts(c.category, unit_ids, start, end),
        'by_unit': _counts(c.handling_unit_id, unit_ids, start, end),
        'verified_within_3hk': _share(verified_in, int(verified or 0) + verify_late),
        'followed_up_within_5hk': _share(followed_in, followed),
        'median_days_to_close': float(statistics.median(durations)) if durations else None,
        'closed_within_60_days': _share(closed_in, int(n_closed or 0) + close_late),
        'satisfaction': {'mean': float(mean) if mean is not None else None, 'count': int(rated or 0)},
        'overdue': int(overdue or 0),
    }
