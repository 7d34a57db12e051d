"""A small world for the security suite: a Kanwil with two Kantor Kemenag (A and B), objects of every part in each,
and one staff user of every role bound to A. Also counters of stored rows and files."""
import io
import os
from datetime import date

from PIL import Image
from sqlalchemy import func, select

from analytics.models import HasilInput, RtlAction
from pengaduan import services as pengaduan_services
from pengaduan.models import Attachment, Complaint, CutiBersama
from portal.extensions import db
from portal.uploads import inspect
from survei import services as survei_services
from survei.models import Response, ServiceUserCount
from tests.factories import PASSWORD, make_layanan, make_unit, make_user
from wbs import services as wbs_services
from wbs.models import WbsFile, WbsMember, WbsMessage, WbsReport

ROLES = ('anonymous', 'superadmin', 'admin_unit', 'petugas_pengaduan', 'tim_wbs', 'pimpinan')
WBS_ANSWERS = {'kategori': 'gratifikasi', 'apa': 'Penerimaan hadiah', 'terlapor_nama': 'Pak Fulan',
               'terlapor_jabatan': 'Kepala Seksi', 'terlapor_unit': None, 'terlapor_unit_lain': '',
               'kapan': 'Maret 2026', 'dimana': 'Ruang rapat', 'bagaimana': 'Amplop diserahkan', 'kerugian': None,
               'sertakan_identitas': False, 'identitas_nama': None, 'identitas_kontak': None}


def png(size=(40, 30), color=(200, 30, 30)):
    out = io.BytesIO()
    Image.new('RGB', size, color).save(out, 'PNG')
    return out.getvalue()


def make_wbs_member(unit=None):
    """A tim_wbs user (bound to `unit`) with a WBS key pair wrapped under PASSWORD (as tests/wbs/factories)."""
    user = make_user('tim_wbs', unit)
    member = wbs_services.start_setup(user)
    params = wbs_services.params()
    mk = wbs_services.crypto.new_member_keys(PASSWORD, params)
    member.public_key, member.pw_wrapped, member.pw_salt = mk.public_key, mk.pw_wrapped, mk.pw_salt
    member.pw_ops, member.pw_mem, member.recovery_wrapped = params.ops, params.mem, mk.recovery_wrapped
    member.admitted_on = wbs_services.today()  # of the team
    db.session.commit()
    return member


def _objects(unit, tag):
    layanan = make_layanan(unit, f'Layanan {tag}', slug=f'layanan-{tag.lower()}')
    response = Response(unit_id=unit.id, layanan_id=layanan.id, service_date=date.today(), saran=f'Saran {tag}',
                        flags='cepat', counted=False, **{f'u{i}': 4 for i in range(1, 10)})
    db.session.add(response)
    sub = pengaduan_services.Submission(
        kind='pengaduan', category='waktu', unit_id=unit.id, layanan_id=layanan.id, title=f'Antrean lama {tag}',
        text='Saya menunggu lebih dari tiga jam di loket tanpa kepastian.', place='Loket PTSP',
        event_date=date(2026, 3, 1), terlapor=None, privacy='biasa', name='Siti Warga', email='warga@uji.test',
        phone=None, consent=True, files=[inspect('bukti.png', png())])
    complaint, code = pengaduan_services.submit(sub, today=date(2026, 3, 2))
    report, receipt, _private = wbs_services.submit_report(dict(WBS_ANSWERS, terlapor_unit=unit.id), 'gratifikasi',
                                                          unit.id, [inspect('bukti.png', png())])
    hasil = HasilInput(unit_id=unit.id, year=date.today().year, capaian_kinerja=4, pengungkit=50, tlhp_percent=90)
    rtl = RtlAction(unit_id=unit.id, period_key=str(date.today().year), unsur='u1', action=f'Perbaiki {tag}',
                    owner='Kepala', due_date=date(2026, 12, 31))
    target = make_user('petugas_pengaduan', unit, name=f'Sasaran {tag}')
    users_count = ServiceUserCount(layanan_id=layanan.id, period_start=date(2026, 1, 1), period_end=date(2026, 1, 31),
                                   count=120)
    db.session.add_all([hasil, rtl, users_count])
    db.session.commit()
    return {'unit': unit.id, 'layanan': layanan.id, 'response': response.id, 'complaint': complaint.id,
            'attachment': complaint.attachments[0].id, 'code': code, 'report': report.id,
            'wbs_file': report.files[0].id, 'receipt': receipt, 'rtl': rtl.id, 'user': target.id,
            'unit_slug': unit.slug, 'layanan_slug': layanan.slug, 'users_count': users_count.id,
            'wbs_member': make_wbs_member(unit).id}


def build_world():
    """The two units' objects ('own' = A, 'other' = B) and the users of every role bound to A."""
    survei_services.ensure_questionnaires()
    kanwil = make_unit('Kanwil Uji Keamanan', kind='kanwil')
    a = make_unit('Kemenag A', parent=kanwil)
    b = make_unit('Kemenag B', parent=kanwil)
    member = make_wbs_member(a)  # before the reports, so the member holds their keys
    users = {role: make_user(role, a) for role in ROLES[1:] if role != 'tim_wbs'}
    users['tim_wbs'] = member.user
    world = {'kanwil': kanwil.id, 'A': a, 'B': b, 'own': _objects(a, 'A'), 'other': _objects(b, 'B'),
             'users': users, 'member': member}
    cuti = [CutiBersama(day=date(2026, 12, 24), name='Cuti A'), CutiBersama(day=date(2026, 12, 26), name='Cuti B')]
    db.session.add_all(cuti)
    db.session.commit()
    world['own']['cuti'], world['other']['cuti'] = cuti[0].id, cuti[1].id
    return world


COUNTED = (Response, Complaint, Attachment, WbsReport, WbsMessage, WbsFile, WbsMember)


def counts():
    """Rows of every table a public form writes to."""
    db.session.expire_all()
    return {m.__name__: db.session.scalar(select(func.count()).select_from(m)) for m in COUNTED}


def stored_files(app):
    """Every file under UPLOAD_FOLDER."""
    root = app.config['UPLOAD_FOLDER']
    return sorted(os.path.join(d, f) for d, _s, fs in os.walk(root) for f in fs)
