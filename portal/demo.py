"""Demo data: the Kemenag tree of Provinsi Bengkulu and a realistic PTSP layanan list (domain.md section 1)."""
from sqlalchemy import func, select

from .extensions import db
from .models import Layanan, Unit, User
from .passwords import hash_password

KABKOTA = ['Kota Bengkulu', 'Bengkulu Selatan', 'Bengkulu Utara', 'Bengkulu Tengah', 'Kaur', 'Kepahiang', 'Lebong',
           'Mukomuko', 'Rejang Lebong', 'Seluma']

# (slug, name, persyaratan, waktu, biaya, produk)
LAYANAN = [
    ('legalisir-ijazah', 'Legalisir Ijazah dan Dokumen', 'Ijazah asli; fotokopi ijazah yang akan dilegalisir',
     '1 hari kerja', 'Gratis', 'Fotokopi ijazah terlegalisir'),
    ('pengganti-ijazah', 'Surat Keterangan Pengganti/Penyetaraan Ijazah',
     'Surat keterangan hilang dari kepolisian; fotokopi KTP; pas foto 3x4', '5 hari kerja', 'Gratis',
     'Surat keterangan pengganti ijazah'),
    ('pindah-madrasah', 'Rekomendasi Pindah Madrasah', 'Surat pindah dari madrasah asal; rapor; kartu keluarga',
     '1 hari kerja', 'Gratis', 'Surat rekomendasi pindah'),
    ('mutasi-guru', 'Rekomendasi Mutasi Guru', 'Surat permohonan; SK terakhir; surat lolos butuh',
     '5 hari kerja', 'Gratis', 'Surat rekomendasi mutasi'),
    ('izin-operasional', 'Izin Operasional Madrasah / RA / Madrasah Diniyah / Pondok Pesantren / TPQ',
     'Proposal pendirian; akta yayasan; bukti kepemilikan lahan; data santri dan pengajar', '14 hari kerja', 'Gratis',
     'Piagam izin operasional'),
    ('bantuan-pontren', 'Rekomendasi Bantuan Pondok Pesantren / TPQ', 'Proposal; izin operasional; rekening lembaga',
     '3 hari kerja', 'Gratis', 'Surat rekomendasi'),
    ('pendaftaran-haji', 'Pendaftaran Haji Reguler', 'KTP; kartu keluarga; bukti setoran awal BPIH; pas foto',
     '1 hari kerja', 'Gratis (setoran awal ke BPS-BPIH)', 'Nomor porsi haji'),
    ('pembatalan-haji', 'Pembatalan Setoran Haji', 'Surat permohonan; bukti setoran awal; KTP; buku tabungan',
     '5 hari kerja', 'Gratis', 'Surat pembatalan'),
    ('pelimpahan-porsi', 'Pelimpahan Porsi Haji', 'Surat kematian/keterangan sakit permanen; surat kuasa ahli waris',
     '5 hari kerja', 'Gratis', 'Surat pelimpahan porsi'),
    ('rekomendasi-paspor', 'Rekomendasi Paspor Haji/Umrah', 'KTP; kartu keluarga; bukti pendaftaran haji/umrah',
     '1 hari kerja', 'Gratis', 'Surat rekomendasi paspor'),
    ('rumah-ibadah', 'Rekomendasi Pendirian Rumah Ibadah', 'Rekomendasi FKUB; daftar pengguna; persetujuan warga',
     '7 hari kerja', 'Gratis', 'Surat rekomendasi'),
    ('skt-majelis-taklim', 'SKT Majelis Taklim', 'Surat permohonan; susunan pengurus; daftar jamaah',
     '5 hari kerja', 'Gratis', 'Surat keterangan terdaftar'),
    ('duplikat-buku-nikah', 'Legalisir/Duplikat Buku Nikah', 'Buku nikah atau surat keterangan hilang; KTP',
     '1 hari kerja', 'Gratis', 'Duplikat/legalisir buku nikah'),
    ('informasi-publik', 'Layanan Informasi Publik (PPID)', 'Formulir permohonan informasi; KTP',
     '10 hari kerja', 'Gratis', 'Informasi publik'),
    ('kepegawaian', 'Kepegawaian (kenaikan pangkat, kenaikan gaji berkala, cuti, mutasi, pensiun)',
     'Surat pengantar unit; berkas sesuai jenis layanan', '5 hari kerja', 'Gratis', 'SK/surat kepegawaian'),
]
PROSEDUR = ('1. Ambil nomor antrean di loket PTSP. 2. Serahkan berkas persyaratan kepada petugas. '
            '3. Petugas memeriksa kelengkapan berkas. 4. Berkas diproses sesuai standar waktu. '
            '5. Produk layanan diserahkan di loket PTSP.')
MAKLUMAT = ('Dengan ini kami menyatakan sanggup menyelenggarakan pelayanan sesuai standar pelayanan yang telah '
            'ditetapkan dan apabila tidak menepati janji ini, kami siap menerima sanksi sesuai peraturan '
            'perundang-undangan yang berlaku.')
DEMO_PASSWORD = 'demo-sandi-2026'  # noqa: S105 - demo accounts, seed-demo only  # nosec B105


def slugify(text):
    """A URL slug of a name: lower case, words joined by dashes."""
    return '-'.join(''.join(c if c.isalnum() else ' ' for c in text.lower()).split())


def _unit(slug, name, kind, parent):
    unit = db.session.scalar(select(Unit).where(Unit.slug == slug))
    if unit is None:
        unit = Unit(slug=slug, name=name, kind=kind, parent=parent, active=True, maklumat=MAKLUMAT)
        db.session.add(unit)
    return unit


def seed_units():
    """The Kanwil and its 10 Kantor Kemenag, each with the PTSP layanan list; returns the root."""
    root = _unit('kanwil-bengkulu', 'Kanwil Kementerian Agama Provinsi Bengkulu', 'kanwil', None)
    offices = [root]
    for name in KABKOTA:
        label = name if name.startswith('Kota') else f'Kabupaten {name}'
        offices.append(_unit(f'kemenag-{slugify(name)}', f'Kantor Kemenag {label}', 'kankemenag', root))
    db.session.flush()
    for office in offices:
        have = {item.slug for item in office.layanan}
        for slug, name, syarat, waktu, biaya, produk in LAYANAN:
            if slug not in have:
                db.session.add(Layanan(unit=office, slug=slug, name=name, persyaratan=syarat, prosedur=PROSEDUR,
                                       waktu=waktu, biaya=biaya, produk=produk, active=True))
    db.session.flush()
    return root


def not_demo_data():
    """What the database holds besides the demo's own units and accounts ('2 unit, 1 akun'), or '' when nothing."""
    slugs = {'kanwil-bengkulu', *(f'kemenag-{slugify(name)}' for name in KABKOTA)}
    units = db.session.scalar(select(func.count(Unit.id)).where(Unit.slug.not_in(slugs)))
    users = db.session.scalar(select(func.count(User.id)).where(User.email.not_like('%@demo.test')))
    return ', '.join(f'{n} {what}' for n, what in ((units, 'unit'), (users, 'akun')) if n)


def seed_users(root):
    """One demo account per role (password DEMO_PASSWORD); returns their emails."""
    kota = db.session.scalar(select(Unit).where(Unit.slug == 'kemenag-kota-bengkulu'))
    accounts = [('superadmin@demo.test', 'Superadmin Demo', 'superadmin', None),
                ('admin.kanwil@demo.test', 'Admin Kanwil', 'admin_unit', root),
                ('admin.kota@demo.test', 'Admin Kemenag Kota Bengkulu', 'admin_unit', kota),
                ('pengaduan@demo.test', 'Petugas Pengaduan Kanwil', 'petugas_pengaduan', root),
                ('pengaduan.kota@demo.test', 'Petugas Pengaduan Kota', 'petugas_pengaduan', kota),
                ('wbs@demo.test', 'Tim WBS Demo', 'tim_wbs', root),
                ('pimpinan@demo.test', 'Kepala Kanwil', 'pimpinan', root)]
    hashed = hash_password(DEMO_PASSWORD)
    for email, name, role, unit in accounts:
        if db.session.scalar(select(User).where(User.email == email)) is None:
            db.session.add(User(email=email, name=name, role=role, unit=unit, password_hash=hashed, active=True))
    db.session.flush()
    return [a[0] for a in accounts]
