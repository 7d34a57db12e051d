"""Demo data for `seed-demo`: one anonymous report, so a demo WBS team has something to open.

It is filed before any team member has keys, so no member can read it yet; it reaches the team the first time someone
opens it with the receipt printed here (wbs.services.adopt_orphan), which is how the demo shows the receipt login.
"""
import click
from sqlalchemy import func, select

from portal.extensions import db

from . import services
from .models import WbsReport
from .receipt import format_receipt

DEMO_ANSWERS = {
    'kategori': 'pungli', 'apa': 'Pemohon legalisir ijazah diminta membayar Rp50.000 "uang map" di loket PTSP.',
    'terlapor_nama': 'Petugas loket (nama tidak diketahui)', 'terlapor_jabatan': 'Petugas PTSP',
    'terlapor_unit': None, 'terlapor_unit_lain': '', 'kapan': 'Awal bulan ini, pagi hari',
    'dimana': 'Loket PTSP', 'bagaimana': 'Diminta secara lisan sebelum berkas diterima; tidak ada kuitansi.',
    'kerugian': None, 'sertakan_identitas': False, 'identitas_nama': None, 'identitas_kontak': None,
}


def seed(root):
    """File one demo report when the WBS has none; print its receipt (demo data only)."""
    if db.session.scalar(select(func.count(WbsReport.id))):
        return
    answers = dict(DEMO_ANSWERS, terlapor_unit=root.id)
    report, receipt, _private = services.submit_report(answers, answers['kategori'], root.id, [])
    click.echo(f'WBS: laporan demo {report.number}; buka di /wbs/masuk dengan tanda terima {format_receipt(receipt)}')
