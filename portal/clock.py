"""The office's calendar day. Dates people see (today's service date, deadlines, overdue marks) follow the office's
time zone, not the server's: between 17:00 and 24:00 UTC it is already tomorrow in Bengkulu (WIB). No Flask here."""
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

DEFAULT_TZ = 'Asia/Jakarta'
_office = {'tz': DEFAULT_TZ}  # one process serves one office: its zone, set from the config when the app is built


def set_office_zone(tz):
    """The office's zone (BABEL_DEFAULT_TIMEZONE: Asia/Jakarta, Asia/Makassar, Asia/Jayapura) for every date after."""
    _office['tz'] = tz or DEFAULT_TZ


def local_today(tz=None, now=None):
    """Today's date in `tz` (default: the office's zone, WIB unless configured) at `now` (default: the current time;
    a naive value is UTC)."""
    now = now or datetime.now(UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    return now.astimezone(ZoneInfo(tz or _office['tz'])).date()
