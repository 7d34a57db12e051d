"""Commands under `flask --app portal survei`: qr, poster, import, questionnaires."""
import os

import click
from flask.cli import AppGroup
from sqlalchemy import select

from portal.cli import unit_or_abort
from portal.extensions import db
from portal.models import Layanan

from . import services
from .qr import poster_pdf, qr_png, qr_svg
from .util import survey_url

survei_cli = AppGroup('survei', help='Survei IKM/IPKP/IPAK: kode QR, poster, impor survei kertas.')
MAX_ERRORS_SHOWN = 200


def _layanan(unit, slug):
    item = db.session.scalar(select(Layanan).where(Layanan.unit_id == unit.id, Layanan.slug == slug))
    if item is None:
        raise click.ClickException(f'layanan {slug} tidak ada di unit {unit.slug}')
    return item


@survei_cli.command('qr')
@click.option('--unit', 'unit_slug', required=True, help='slug unit')
@click.option('--layanan', 'layanan_slug', required=True, help='slug layanan')
@click.option('--out', required=True, type=click.Path(dir_okay=False, writable=True), help='berkas .png atau .svg')
def qr_command(unit_slug, layanan_slug, out):
    """Tulis kode QR survei satu layanan (PNG atau SVG menurut akhiran berkas) dan cetak URL-nya."""
    unit = unit_or_abort(unit_slug)
    layanan = _layanan(unit, layanan_slug)
    url = survey_url(unit.slug, layanan.slug)
    data = qr_svg(url) if out.lower().endswith('.svg') else qr_png(url)
    with open(out, 'wb') as f:
        f.write(data)
    click.echo(url)


@survei_cli.command('poster')
@click.option('--unit', 'unit_slug', required=True, help='slug unit')
@click.option('--layanan', 'layanan_slug', default=None, help='slug layanan (tanpa ini: semua layanan unit)')
@click.option('--out', required=True, type=click.Path(dir_okay=False, writable=True), help='berkas .pdf')
def poster_command(unit_slug, layanan_slug, out):
    """Tulis poster A4 berkode QR: satu layanan, atau semua layanan aktif unit dalam satu PDF."""
    unit = unit_or_abort(unit_slug)
    items = [_layanan(unit, layanan_slug)] if layanan_slug else [x for x in unit.layanan if x.active]
    if not items:
        raise click.ClickException('unit ini belum punya layanan aktif')
    with open(out, 'wb') as f:
        f.write(poster_pdf([(unit, item) for item in items]))
    click.echo(f'{len(items)} poster ditulis ke {out}')


@survei_cli.command('import')
@click.argument('path', type=click.Path(exists=True, dir_okay=False))
def import_command(path):
    """Impor survei kertas dari CSV (tanggal,unit,layanan,jenis_kelamin,umur,pendidikan,pekerjaan,u1..u9,saran).

    Semua atau tidak sama sekali: satu baris salah membatalkan seluruh berkas.
    """
    with open(path, encoding='utf-8-sig', newline='') as f:
        text = f.read()
    try:
        count = services.import_csv(text, actor='cli')
    except services.ImportFailed as exc:
        db.session.rollback()
        for line, msg in exc.errors[:MAX_ERRORS_SHOWN]:
            click.echo(f'{os.path.basename(path)}:{line}: {msg}', err=True)
        if len(exc.errors) > MAX_ERRORS_SHOWN:
            click.echo(f'... dan {len(exc.errors) - MAX_ERRORS_SHOWN} kesalahan lain', err=True)
        raise click.ClickException(f'{len(exc.errors)} kesalahan; tidak ada respons yang diimpor.') from None
    db.session.commit()
    click.echo(f'{count} respons diimpor.')


@survei_cli.command('questionnaires')
def questionnaires_command():
    """Pastikan kuesioner bawaan (IKM terkunci, IPKP, IPAK versi 1) ada; aman dijalankan berulang."""
    services.ensure_questionnaires()
    db.session.commit()
    for kind in ('ikm', 'ipkp', 'ipak'):
        q = services.current(kind)
        click.echo(f'{kind}: versi {q.version}, {len(q.items)} butir{" (terkunci)" if q.locked else ""}')
