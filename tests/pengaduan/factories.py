"""Factories for the pengaduan tests: a unit tree with staff, and complaints walked through the real services."""
from datetime import date

from pengaduan import services
from pengaduan.workflow import COMPLAINANT, STAFF
from portal.extensions import db
from tests.factories import make_layanan, make_unit, make_user


def make_tree():
    """Kanwil with two Kantor Kemenag; a petugas in each; a layanan at Kota. Returns a dict of names."""
    kanwil = make_unit('Kanwil Uji', kind='kanwil')
    kota = make_unit('Kemenag Kota Uji', parent=kanwil, head_email='kepala.kota@uji.test')
    seluma = make_unit('Kemenag Seluma Uji', parent=kanwil, head_email='kepala.seluma@uji.test')
    layanan = make_layanan(kota, 'Legalisir Ijazah', slug='legalisir-ijazah')
    return {'kanwil': kanwil, 'kota': kota, 'seluma': seluma, 'layanan': layanan,
            'p_kanwil': make_user('petugas_pengaduan', kanwil), 'p_kota': make_user('petugas_pengaduan', kota),
            'p_seluma': make_user('petugas_pengaduan', seluma)}


def make_complaint(unit, layanan=None, privacy='biasa', today=date(2026, 3, 2), email='warga@uji.test', **kw):
    """A committed complaint filed on `today`; returns (complaint, code)."""
    sub = services.Submission(
        kind=kw.pop('kind', 'pengaduan'), category=kw.pop('category', 'waktu'), unit_id=unit.id,
        layanan_id=layanan.id if layanan else None, title=kw.pop('title', 'Antrean terlalu lama'),
        text='Saya menunggu lebih dari tiga jam di loket tanpa kepastian.', place='Loket PTSP',
        event_date=date(2026, 3, 1), terlapor=None, privacy=privacy,
        name=None if privacy == 'anonim' else 'Siti Warga', email=None if privacy == 'anonim' else email,
        phone=None, consent=True)
    complaint, code = services.submit(sub, today=today)
    db.session.commit()
    return complaint, code


def walk(complaint, steps, staff, today, unit=None):
    """Apply steps (action names) in order, staff or complainant as the table says; commits."""
    for action in steps:
        actor = COMPLAINANT if action in ('terima', 'bantah', 'lengkapi_informasi') else STAFF
        services.transition(complaint, action, actor_kind=actor, user=staff if actor == STAFF else None,
                            note='Keterangan uji.', unit_id=(unit or staff.unit).id if action == 'verifikasi' else None,
                            today=today)
    db.session.commit()
    return complaint


__all__ = ['make_tree', 'make_complaint', 'walk', 'make_user']
