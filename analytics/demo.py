"""Demo data for `seed-demo`: this year published for two Kantor Kemenag (and the last full triwulan for one), with an
RTL of a few actions for their lowest unsur, so /hasil shows something after `make run`. Idempotent."""
from datetime import timedelta

from sqlalchemy import select

from portal.extensions import db
from portal.i18n import office_today
from portal.models import Unit

from . import periods, publish, queries

UNITS = ('kemenag-kota-bengkulu', 'kemenag-rejang-lebong')
# One action per unsur, so each lowest unsur gets an action about it: (action, owner, evidence note once done).
ACTIONS = {
    'u1': ('Pasang daftar persyaratan tiap layanan di depan loket dan di laman unit', 'Koordinator PTSP',
           'Daftar persyaratan terpasang di loket dan di laman unit.'),
    'u2': ('Pasang bagan alur layanan di depan loket dan sederhanakan formulir permohonan', 'Koordinator PTSP',
           'Bagan alur terpasang; formulir baru dipakai sejak bulan ini.'),
    'u3': ('Tambah petugas loket pada jam sibuk dan umumkan waktu penyelesaian tiap layanan', 'Kasubbag TU',
           'Jadwal petugas jam sibuk ditetapkan; waktu penyelesaian diumumkan di loket.'),
    'u4': ('Umumkan di loket dan di laman unit bahwa layanan tidak dipungut biaya', 'Koordinator PTSP',
           'Maklumat layanan tanpa biaya terpasang di loket.'),
    'u5': ('Periksa kesesuaian produk layanan dengan standar pelayanan sebelum diserahkan', 'Kepala Seksi terkait',
           'Daftar periksa produk layanan dipakai di loket penyerahan.'),
    'u6': ('Latih petugas PTSP tentang standar pelayanan setiap layanan', 'Kasubbag TU',
           'Pelatihan petugas PTSP telah dilaksanakan; daftar hadir terlampir.'),
    'u7': ('Latih petugas PTSP tentang pelayanan prima dan budaya senyum, sapa, salam', 'Kasubbag TU',
           'Pelatihan pelayanan prima telah dilaksanakan.'),
    'u8': ('Tambah kursi dan kipas angin di ruang tunggu PTSP', 'Kasubbag TU',
           'Foto ruang tunggu sesudah perbaikan dipasang di papan informasi.'),
    'u9': ('Tindak lanjuti setiap pengaduan dalam 5 hari kerja dan umumkan rekapnya tiap bulan', 'Petugas pengaduan',
           'Rekap pengaduan bulan ini diumumkan di papan informasi.'),
}
STATUSES = ('selesai', 'berjalan', 'direncanakan')  # for the lowest, the second and the third lowest unsur


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
            for u, status in zip(lowest, STATUSES, strict=False):
                action, owner, evidence = ACTIONS[u.code]  # paired by meaning: the action is about that unsur
                due = period.end + timedelta(days=30) if status != 'berjalan' else today - timedelta(days=7)
                publish.add_rtl(unit.id, period.key, {'unsur': u.code, 'action': action, 'owner': owner,
                                                      'status': status, 'due_date': due,
                                                      'evidence': evidence if status == 'selesai' else None},
                                None, check_scope=False)
            publish.publish(unit, period, None, check_scope=False)
