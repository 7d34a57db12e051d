"""Demo data for `seed-demo`: this year published for two Kantor Kemenag (and the last full triwulan for one), with an
RTL of a few actions for their lowest unsur, so /hasil shows something after `make run`. Idempotent."""
from datetime import timedelta

from sqlalchemy import select

from portal.extensions import db
from portal.i18n import office_today
from portal.models import Unit

from . import periods, publish, queries

UNITS = ('kemenag-kota-bengkulu', 'kemenag-rejang-lebong')
ACTIONS = (
    ('Tambah kursi dan kipas angin di ruang tunggu PTSP', 'Kasubbag TU', 'selesai',
     'Foto ruang tunggu sesudah perbaikan dipasang di papan informasi.'),
    ('Pasang alur dan persyaratan layanan di depan loket dan di laman unit', 'Koordinator PTSP', 'berjalan', None),
    ('Tindak lanjuti setiap pengaduan dalam 5 hari kerja dan umumkan rekapnya tiap bulan', 'Petugas pengaduan',
     'direncanakan', None),
)


def seed_demo(root):
    """Publish this year (and the last full triwulan for the first unit) with a few RTL actions."""
    today = office_today()
    last_q = (today.month - 1) // 3  # the last full triwulan of this year (0: none yet)
    for i, slug in enumerate(UNITS):
        unit = db.session.scalar(select(Unit).where(Unit.slug == slug))
        if unit is None:
            continue
        wanted = [periods.year(today.year)] + ([periods.triwulan(today.year, last_q)] if i == 0 and last_q else [])
        for period in wanted:
            if publish.published(unit.id, period.key) is not None:
                continue
            lowest = queries.lowest_unsur(unit.id, period.start, period.end)
            if not lowest:
                continue
            for (action, owner, status, evidence), u in zip(ACTIONS, lowest, strict=False):
                due = period.end + timedelta(days=30) if status != 'berjalan' else today - timedelta(days=7)
                publish.add_rtl(unit.id, period.key, {'unsur': u.code, 'action': action, 'owner': owner,
                                                      'status': status, 'due_date': due, 'evidence': evidence},
                                None, check_scope=False)
            publish.publish(unit, period, None, check_scope=False)
