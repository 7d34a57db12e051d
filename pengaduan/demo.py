"""Demo complaints for `seed-demo`: a dozen in various states, walked through the real services."""
from datetime import date, timedelta

from sqlalchemy import select

from portal.extensions import db
from portal.models import Layanan, Unit, User

from . import services
from .deadlines import today_local
from .models import Complaint, CutiBersama
from .workflow import COMPLAINANT, STAFF

# SKB 3 Menteri 2026 (entered by an admin in production; seeded here for the demo).
CUTI_2026 = [(date(2026, 2, 16), 'Cuti bersama Tahun Baru Imlek'), (date(2026, 3, 18), 'Cuti bersama Nyepi'),
             (date(2026, 3, 20), 'Cuti bersama Idul Fitri'), (date(2026, 3, 23), 'Cuti bersama Idul Fitri'),
             (date(2026, 3, 24), 'Cuti bersama Idul Fitri'), (date(2026, 5, 15), 'Cuti bersama Kenaikan Isa Almasih'),
             (date(2026, 5, 28), 'Cuti bersama Idul Adha'), (date(2026, 12, 24), 'Cuti bersama Natal')]

# (title, kind, category, layanan slug, privacy, days ago, steps)
STORIES = [
    ('Antrean legalisir ijazah sangat lama', 'pengaduan', 'waktu', 'legalisir-ijazah', 'biasa', 1, []),
    ('Persyaratan paspor umrah berbeda dengan di papan informasi', 'pengaduan', 'persyaratan_prosedur',
     'rekomendasi-paspor', 'rahasia', 2, []),
    ('Usul layanan daring untuk duplikat buku nikah', 'aspirasi', 'informasi', 'duplikat-buku-nikah', 'biasa', 9, []),
    ('Petugas tidak ramah di loket haji', 'pengaduan', 'perilaku_petugas', 'pendaftaran-haji', 'anonim', 6,
     ['verifikasi']),
    ('Informasi jadwal keberangkatan haji', 'permintaan_informasi', 'informasi', 'pendaftaran-haji', 'biasa', 8,
     ['verifikasi', 'proses']),
    ('Ruang tunggu PTSP panas dan sempit', 'pengaduan', 'sarana', None, 'biasa', 12,
     ['verifikasi', 'proses', 'minta_informasi']),
    ('Rekomendasi pindah madrasah belum terbit', 'pengaduan', 'waktu', 'pindah-madrasah', 'rahasia', 15,
     ['verifikasi', 'proses', 'tindak_lanjut']),
    ('Surat izin operasional TPQ belum jelas', 'pengaduan', 'persyaratan_prosedur', 'izin-operasional', 'biasa', 25,
     ['verifikasi', 'proses', 'tindak_lanjut', 'terima']),
    ('Biaya legalisir ditanyakan petugas', 'pengaduan', 'biaya', 'legalisir-ijazah', 'biasa', 30,
     ['verifikasi', 'proses', 'tindak_lanjut', 'bantah']),
    ('Pengaduan ganda tentang antrean', 'pengaduan', 'waktu', 'legalisir-ijazah', 'biasa', 4, ['tolak']),
    ('Kenaikan gaji berkala terlambat diproses', 'pengaduan', 'waktu', 'kepegawaian', 'biasa', 40,
     ['verifikasi', 'proses', 'tindak_lanjut', 'terima']),
    ('Papan standar pelayanan tidak terbaca', 'aspirasi', 'informasi', None, 'anonim', 20,
     ['verifikasi', 'proses', 'tindak_lanjut']),
]
NOTES = {'tolak': 'Alasan: duplikat. Pengaduan yang sama sudah kami terima dan sedang diproses.',
         'minta_informasi': 'Mohon sebutkan tanggal dan jam kunjungan Anda.',
         'tindak_lanjut': 'Kami telah menegur petugas terkait dan memperbaiki alur antrean. Terima kasih.',
         'bantah': 'Masalahnya belum selesai, saya masih diminta biaya.'}


def seed(root):
    """Add the demo cuti bersama and complaints (once: nothing happens when complaints exist)."""
    for day, name in CUTI_2026:
        if db.session.scalar(select(CutiBersama).where(CutiBersama.day == day)) is None:
            db.session.add(CutiBersama(day=day, name=name))
    if db.session.scalar(select(Complaint.id).limit(1)) is not None:
        return
    kota = db.session.scalar(select(Unit).where(Unit.slug == 'kemenag-kota-bengkulu')) or root
    staff = db.session.scalar(select(User).where(User.role == 'petugas_pengaduan', User.unit_id == root.id))
    staff = staff or db.session.scalar(select(User).where(User.role == 'superadmin'))
    today = today_local()
    for i, (title, kind, category, slug, privacy, ago, steps) in enumerate(STORIES):
        unit = kota if i % 2 == 0 else root
        layanan = db.session.scalar(select(Layanan).where(Layanan.unit_id == unit.id, Layanan.slug == slug)) \
            if slug else None
        anonymous = privacy == 'anonim'
        sub = services.Submission(
            kind=kind, category=category, unit_id=unit.id, layanan_id=layanan.id if layanan else None, title=title,
            text=f'{title}. Kejadian ini saya alami saat mengurus layanan di kantor, mohon ditindaklanjuti.',
            place=unit.name, event_date=today - timedelta(days=ago + 1), terlapor=None, privacy=privacy,
            name=None if anonymous else f'Warga Demo {i + 1}', email=None if anonymous else f'warga{i + 1}@demo.test',
            phone=None, consent=True)
        complaint, _code = services.submit(sub, today=today - timedelta(days=ago))
        day = today - timedelta(days=ago)
        for step in steps:
            day = min(day + timedelta(days=2), today)
            actor = COMPLAINANT if step in ('terima', 'bantah') else STAFF
            services.transition(complaint, step, actor_kind=actor, user=staff if actor == STAFF else None,
                                note=NOTES.get(step), unit_id=kota.id if step == 'verifikasi' else None, today=day)
    db.session.flush()
