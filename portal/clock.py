"""The office's calendar day. Dates people see (today's service date, deadlines, overdue marks) follow the office's
time zone, not the server's: between 17:00 and 24:00 UTC it is already tomorrow in Bengkulu (WIB). No Flask here."""
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

DEFAULT_TZ = 'Asia/Jakarta'


def local_today(tz=None, now=None):
    """Today's date in `tz` (default WIB) at `now` (default: the current time; a naive value is UTC)."""
    now = now or datetime.now(UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    return now.astimezone(ZoneInfo(tz or DEFAULT_TZ)).date()
