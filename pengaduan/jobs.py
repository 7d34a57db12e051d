"""The daily complaint tasks, as jobs without arguments for `flask --app portal daily` (RQ or inline)."""
from portal.extensions import db

from . import services


def close_stale_job():
    """Close the complaints whose follow-up got no reply within 10 HK (as of today, WIB)."""
    return int(services.close_stale(None) or 0)


def retention_job(days=None, today=None):
    """Remove the personal data of complaints closed longer than `days` (default PENGADUAN_RETENTION_DAYS; nothing
    while it is not set); returns how many. Unlike the other jobs it commits itself: the attachment files are deleted
    only after their rows are gone. The daily task and `pengaduan retention` both run it."""
    days = days or services.retention_days()
    if days is None:
        return 0
    count, keys = services.forget_personal_data(days, today)
    db.session.commit()
    services.delete_attachment_files(keys)
    return count


def remind_job():
    """Email each unit head the unit's overdue complaints."""
    return sum((services.remind(None) or {}).values())
