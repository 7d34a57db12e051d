"""Working-day arithmetic across weekends, national holidays (the `holidays` package) and admin-entered cuti bersama."""
from datetime import date

from pengaduan.deadlines import (
    AUTO_CLOSE_HK,
    FOLLOW_UP_HK,
    TOTAL_DAYS,
    VERIFY_HK,
    Calendar,
    filing_deadlines,
    is_overdue,
    next_due,
    shift_after_pause,
)

# SKB 3 Menteri 2026: cuti bersama around Nyepi (19 March) and Idul Fitri 1447 H (21-22 March).
CUTI_IDUL_FITRI_2026 = [date(2026, 3, 18), date(2026, 3, 20), date(2026, 3, 23), date(2026, 3, 24)]


def test_the_regulation_numbers():
    assert (VERIFY_HK, FOLLOW_UP_HK, TOTAL_DAYS, AUTO_CLOSE_HK) == (3, 5, 60, 10)


def test_the_holidays_package_knows_nyepi_and_idul_fitri_2026():
    cal = Calendar()
    assert not cal.is_working_day(date(2026, 3, 19))  # Hari Suci Nyepi (Thursday)
    assert cal.day_off_name(date(2026, 3, 21)) is not None  # Idul Fitri (Saturday)
    assert cal.is_working_day(date(2026, 3, 20))  # a working day until the admin enters the cuti bersama


def test_a_weekend_is_skipped():
    cal = Calendar()
    assert cal.add_working_days(date(2026, 2, 6), 3) == date(2026, 2, 11)  # Friday -> Wednesday


def test_a_national_holiday_is_skipped():
    cal = Calendar()
    # Wednesday 14 January; Friday 16 January is Isra Mi'raj: Thu 15, Mon 19, Tue 20.
    assert cal.add_working_days(date(2026, 1, 14), 3) == date(2026, 1, 20)


def test_filed_on_the_last_working_day_before_idul_fitri_and_its_cuti_bersama():
    cal = Calendar(CUTI_IDUL_FITRI_2026)
    filed = date(2026, 3, 17)  # Tuesday; 18 cuti, 19 Nyepi, 20 cuti, 21-22 Idul Fitri, 23-24 cuti
    verify, final = filing_deadlines(cal, filed)
    assert verify == date(2026, 3, 27)  # HK 1, 2, 3 = Wed 25, Thu 26, Fri 27 March
    assert final == date(2026, 5, 16)  # 60 calendar days
    # disposition on the last day: 5 HK = 30, 31 March, 1, 2 April, (3 April Good Friday), 6 April
    assert cal.add_working_days(verify, 5) == date(2026, 4, 6)


def test_without_the_cuti_bersama_the_same_filing_is_due_earlier():
    verify, _ = filing_deadlines(Calendar(), date(2026, 3, 17))
    assert verify == date(2026, 3, 23)  # 18, 20, 23 March


def test_working_days_between_counts_the_end_not_the_start():
    cal = Calendar(CUTI_IDUL_FITRI_2026)
    assert cal.working_days_between(date(2026, 3, 17), date(2026, 3, 27)) == 3
    assert cal.working_days_between(date(2026, 3, 2), date(2026, 3, 2)) == 0


def test_a_pause_moves_working_day_deadlines_by_the_working_days_and_the_60_days_by_calendar_days():
    cal = Calendar()
    verify, followup, final = shift_after_pause(cal, date(2026, 3, 2), date(2026, 3, 9), date(2026, 3, 5), None,
                                                date(2026, 5, 1), paused_from='baru')
    assert verify == cal.add_working_days(date(2026, 3, 5), 5) == date(2026, 3, 12)
    assert followup is None
    assert final == date(2026, 5, 8)


def test_next_due_and_overdue():
    v, f, t = date(2026, 3, 5), date(2026, 3, 12), date(2026, 5, 1)
    assert next_due('baru', v, None, t) == v
    assert next_due('diproses', v, f, t) == f
    assert next_due('menunggu_informasi', v, f, t) is None
    assert next_due('ditindaklanjuti', v, f, t) is None
    assert next_due('selesai', v, f, t) is None
    assert not is_overdue(v, v) and is_overdue(v, date(2026, 3, 6)) and not is_overdue(None, v)


def test_a_pause_moves_only_the_clocks_that_were_running():
    cal = Calendar()
    # paused while being processed: the verification (due 5 March) was already made, its deadline stays
    verify, followup, final = shift_after_pause(cal, date(2026, 3, 10), date(2026, 3, 17), date(2026, 3, 5),
                                                date(2026, 3, 17), date(2026, 5, 1), paused_from='diproses')
    assert verify == date(2026, 3, 5)
    assert followup == cal.add_working_days(date(2026, 3, 17), 5) == date(2026, 3, 25)  # 19 March is Nyepi
    assert final == date(2026, 5, 8)
