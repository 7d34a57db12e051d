"""The office's day: in Bengkulu (WIB, UTC+7) it is already tomorrow from 17:00 UTC."""
from datetime import UTC, date, datetime

from portal.clock import local_today


def test_the_office_day_turns_at_17_utc_in_wib():
    assert local_today(now=datetime(2026, 11, 26, 16, 59, tzinfo=UTC)) == date(2026, 11, 26)
    assert local_today(now=datetime(2026, 11, 26, 17, 0, tzinfo=UTC)) == date(2026, 11, 27)
    assert local_today(now=datetime(2026, 11, 26, 17, 0)) == date(2026, 11, 27)  # naive means UTC


def test_another_office_time_zone():
    assert local_today('Asia/Makassar', datetime(2026, 11, 26, 16, 0, tzinfo=UTC)) == date(2026, 11, 27)  # WITA
    assert local_today('Asia/Jakarta', datetime(2026, 11, 26, 16, 0, tzinfo=UTC)) == date(2026, 11, 26)


def test_an_office_in_wita_counts_its_complaint_days_in_wita(tmp_path, monkeypatch):
    # complaint deadlines used WIB whatever the office's configured zone
    from pengaduan.deadlines import today_local
    from portal import create_app
    monkeypatch.setenv('PORTAL_INSTANCE_PATH', str(tmp_path))
    at_16_utc = datetime(2026, 11, 26, 16, 0, tzinfo=UTC)  # 23:00 WIB, 00:00 WITA
    try:
        create_app({'SECRET_KEY': 'x', 'DATABASE_URL': f'sqlite:///{tmp_path}/a.db',
                    'BABEL_DEFAULT_TIMEZONE': 'Asia/Makassar'})
        assert today_local(now=at_16_utc) == date(2026, 11, 27)
    finally:
        create_app({'SECRET_KEY': 'x', 'DATABASE_URL': f'sqlite:///{tmp_path}/a.db'})
    assert today_local(now=at_16_utc) == date(2026, 11, 26)
