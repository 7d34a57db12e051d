"""Working days (hari kerja) and the complaint deadlines, without Flask: plain dates in, plain dates out.

HK = Monday to Friday, minus Indonesia's national holidays (the `holidays` package) and the cuti bersama an admin
enters. Deadlines (domain.md section 4): verify and disposition within 3 HK of filing; a follow-up within 5 HK of the
disposition; the whole handling within 60 days (Perpres 76/2013); a complaint with a follow-up closes after 10 HK
without a reply from the complainant. Waiting for the complainant's information pauses every clock.
"""
from datetime import timedelta

import holidays

from portal.clock import local_today

VERIFY_HK = 3  # PermenPANRB 62/2018: verification and disposition within 3 HK
FOLLOW_UP_HK = 5  # SP4N-LAPOR! flow (domain.md section 4; PermenPANRB 62/2018): follow-up within 5 HK of disposition
TOTAL_DAYS = 60  # Perpres 76/2013: whole handling within 60 days
AUTO_CLOSE_HK = 10  # SP4N-LAPOR! flow (domain.md section 4): no reply 10 HK after the follow-up, closed as selesai

OPEN_FOR_STAFF = ('baru', 'terverifikasi', 'diproses', 'dibuka_kembali')


class Calendar:
    """Working-day arithmetic over national holidays plus extra days off (cuti bersama)."""

    def __init__(self, extra_days_off=()):
        self.extra = set(extra_days_off)
        self._national = holidays.Indonesia(language='id')  # the names in Indonesian, whatever the server's locale

    def is_working_day(self, day):
        """True for a Monday-Friday that is neither a national holiday nor a cuti bersama."""
        return day.weekday() < 5 and day not in self._national and day not in self.extra

    def add_working_days(self, start, n):
        """The n-th working day after `start` (start itself is not counted; n=0 gives start)."""
        day = start
        while n > 0:
            day += timedelta(days=1)
            if self.is_working_day(day):
                n -= 1
        return day

    def working_days_between(self, start, end):
        """Working days in (start, end]: how many HK passed from start to end."""
        count, day = 0, start
        while day < end:
            day += timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return count

    def day_off_name(self, day):
        """Why a day is not a working day, or None."""
        if day in self.extra:
            return 'cuti bersama'
        if day in self._national:
            return self._national.get(day)
        return 'akhir pekan' if day.weekday() >= 5 else None


def filing_deadlines(cal, filed_on):
    """(verify_due, final_due) for a complaint filed on `filed_on`."""
    return cal.add_working_days(filed_on, VERIFY_HK), filed_on + timedelta(days=TOTAL_DAYS)


def next_due(status, verify_due, followup_due, final_due):
    """The next date staff must act by, or None while the complainant has the turn or the complaint is closed."""
    if status == 'baru':
        return min(d for d in (verify_due, final_due) if d)
    if status in OPEN_FOR_STAFF:
        return min(d for d in (followup_due, final_due) if d)
    return None


def is_overdue(due, today):
    """True when a deadline has passed (the due day itself is still in time)."""
    return due is not None and today > due


# The clocks that run in each state a pause may begin in: verification until the complaint is verified, the
# follow-up from the disposition (or a contest) until the follow-up is sent; the 60 days run while it is open.
VERIFY_RUNS_IN = ('baru',)
FOLLOW_UP_RUNS_IN = ('terverifikasi', 'diproses', 'dibuka_kembali')


def shift_after_pause(cal, paused_on, resumed_on, verify_due, followup_due, final_due, *, paused_from):
    """The deadlines moved forward by the pause: HK deadlines by the HK that passed, the 60 days by calendar days.

    Only the clocks still running when the pause began (in state `paused_from`) move: a verification already made
    keeps its deadline, so a late verification stays late however long a later pause lasts.
    """
    hk = cal.working_days_between(paused_on, resumed_on)
    days = (resumed_on - paused_on).days
    if verify_due and paused_from in VERIFY_RUNS_IN:
        verify_due = cal.add_working_days(verify_due, hk)
    if followup_due and paused_from in FOLLOW_UP_RUNS_IN:
        followup_due = cal.add_working_days(followup_due, hk)
    return verify_due, followup_due, final_due + timedelta(days=days) if final_due else None


def today_local(now=None):
    """Today's date where the office works (its zone: WIB unless BABEL_DEFAULT_TIMEZONE says otherwise)."""
    return local_today(now=now)

