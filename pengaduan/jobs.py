"""The daily complaint tasks, as jobs without arguments for `flask --app portal daily` (RQ or inline)."""
from . import services


def close_stale_job():
    """Close the complaints whose follow-up got no reply within 10 HK (as of today, WIB)."""
    return int(services.close_stale(None) or 0)


def remind_job():
    """Email each unit head the unit's overdue complaints."""
    return sum((services.remind(None) or {}).values())
