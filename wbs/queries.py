"""What other parts may read of the WBS: counts over clear metadata only (never content, never a key)."""
from collections import Counter
from datetime import datetime

from sqlalchemy import select

from portal.extensions import db

from .models import WbsReport
from .workflow import CATEGORIES, STATUSES


def _day(value):
    return value.date() if isinstance(value, datetime) else value


def counts(unit_ids, start, end):
    """Reports filed from `start` to `end` (dates, inclusive) about units in `unit_ids` (None: all, incl. unknown).

    Returns {'total': n, 'by_status': {status: n}, 'by_category': {category: n}, 'by_month': {'YYYY-MM': n}}; every
    status and category is present (0 when none), months only when they have reports.
    """
    start, end = _day(start), _day(end)
    q = select(WbsReport.status, WbsReport.category, WbsReport.created_on).where(
        WbsReport.created_on >= start, WbsReport.created_on <= end)
    if unit_ids is not None:
        q = q.where(WbsReport.unit_id.in_(list(unit_ids)))
    rows = db.session.execute(q).all()
    by_status = dict.fromkeys(STATUSES, 0) | Counter(r.status for r in rows)
    by_category = dict.fromkeys(CATEGORIES, 0) | Counter(r.category for r in rows)
    by_month = Counter(r.created_on.strftime('%Y-%m') for r in rows)
    return {'total': len(rows), 'by_status': dict(by_status), 'by_category': dict(by_category),
            'by_month': dict(sorted(by_month.items()))}
