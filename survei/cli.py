"""Commands under `flask --app portal survei`: qr, poster, import, questionnaires."""
import os
from urllib.parse import urlsplit

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from portal.cli import read_csv_file, unit_or_abort, write_file
from portal.extensions import db
from portal.models import Layanan

from . import rules, services
from .qr import poster_pdf, qr_png, qr_svg
from .util import survey_url

survei_cli = AppGroup('survei', help='Survei IKM/IPKP/IPAK: kode QR, poster, impor survei kertas.')
MAX_ERRORS_SHOWN = 200

ALLOW_LOCAL = click.option('--izinkan-lokal', 'allow_local', is_flag=True,
                           help='Tetap buat walau PUBLIC_BASE_URL menunjuk komputer ini (hanya untuk uji coba).')


def check_public_base_url(allow_local=False):
    """Refuse (a command error) to print a QR code or poster that leads nowhere: PUBLIC_BASE_URL left at its default
    http://localhost:5000 or set to this computer (a phone scanning it opens itself), unless `allow_local`, or still the
    example address of deploy/portal.env.example; warn, but go on, when the address is http:// (citizens' answers and
    cookies would cross the network in clear)."""
    base = str(current_app.config.get('PUBLIC_BASE_URL') or '')
    problem = rules.base_url_problem(base)
    if problem == 'contoh':
        raise click.ClickException(
            f'PUBLIC_BASE_URL ({base}) masih alamat contoh dari deploy/portal.env.example. Atur PUBLIC_BASE_URL ke '
            'alamat publik portal Anda di /etc/portal/portal.env lalu ulangi.')
    if problem == 'lokal' and not allow_local:
        raise click.ClickException(
            f'PUBLIC_BASE_URL ({base or "kosong"}; bawaannya http://localhost:5000) menunjuk komputer ini sendiri: '
            'kode QR dan poster dengan alamat itu tidak dapat dibuka dari ponsel warga. Atur PUBLIC_BASE_URL ke '
            'alamat publik portal (misalnya https://layanan.kantor-anda.go.id, di /etc/portal/portal.env atau sebagai '
            'variabel lingkungan) lalu ulangi; untuk uji coba saja, tambahkan --izinkan-lokal.')
    if urlsplit(base).scheme != 'https':
        click.echo(f'Peringatan: PUBLIC_BASE_URL ({base}) memakai {urlsplit(base).scheme}://, bukan https://; '
                   'jawaban warga akan dikirim tanpa enkripsi. Pasang sertifikat TLS dan atur PUBLIC_BASE_URL ke '
                   'https://... sebelum mencetak poster untuk loket.', err=True)


def _layanan(unit, slug):
    item = db.session.scalar(select(Layanan).where(Layanan.unit_id == unit.id, Layanan.slug == slug))
    if item is None:
        raise click.ClickException(f'layanan {slug} tidak ada di unit {unit.slug}')
    return item


@survei_cli.command('qr')
@click.option('--unit', 'unit_slug', required=True, help='slug unit')
@click.option('--layanan', 'layanan_slug', required=True, help='slug layanan')
@click.option('--out', required=True, type=click.Path(dir_okay=False, writable=True), help='berkas .png atau .svg')
@ALLOW_LOCAL
def qr_command(unit_slug, layanan_slug, out, allow_local):
    """Tulis kode QR survei satu layanan (PNG atau SVG menurut akhiran berkas) dan cetak URL-nya."""
    if not out.lower().endswith(('.png', '.svg')):
        raise click.ClickException(f'{out}: akhiri nama berkas dengan .png atau .svg (jenis gambar yang ditulis).')
    check_public_base_url(allow_local)
    unit = unit_or_abort(unit_slug)
    layanan = _layanan(unit, layanan_slug)
    url = survey_url(unit.slug, layanan.slug)
    write_file(out, qr_svg(url) if out.lower().endswith('.svg') else qr_png(url))
    click.echo(url)


@survei_cli.command('poster')
@click.option('--unit', 'unit_slug', required=True, help='slug unit')
@click.option('--layanan', 'layanan_slug', default=None, help='slug layanan (tanpa ini: semua layanan unit)')
@click.option('--out', required=True, type=click.Path(dir_okay=False, writable=True), help='berkas .pdf')
@ALLOW_LOCAL
def poster_command(unit_slug, layanan_slug, out, allow_local):
    """Tulis poster A4 berkode QR: satu layanan, atau semua layanan aktif unit dalam satu PDF."""
    if not out.lower().endswith('.pdf'):
        raise click.ClickException(f'{out}: poster ditulis sebagai PDF; akhiri nama berkas dengan .pdf.')
    check_public_base_url(allow_local)
    unit = unit_or_abort(unit_slug)
    items = [_layanan(unit, layanan_slug)] if layanan_slug else [x for x in unit.layanan if x.active]
    if not items:
        raise click.ClickException('unit ini belum punya layanan aktif')
    write_file(out, poster_pdf([(unit, item) for item in items]))
    click.echo(f'{len(items)} poster ditulis ke {out}')


@survei_cli.command('import')
@click.argument('path', type=click.Path(exists=True, dir_okay=False))
@click.option('--impor-ulang', 'again', is_flag=True,
              help='Impor juga bila isi berkas ini sudah pernah diimpor (setiap responsnya akan terhitung dua kali).')
def import_command(path, again):
    """Impor survei kertas dari CSV (tanggal,unit,layanan,jenis_kelamin,umur,pendidikan,pekerjaan,u1..u9,saran).

    Semua atau tidak sama sekali: satu baris salah membatalkan seluruh berkas. Berkas yang isinya sudah pernah
    diimpor ditolak, kecuali dengan --impor-ulang.
    """
    text = read_csv_file(path, refuse_nul=False)  # not UTF-8: a message naming the line; a NUL: its cell, below
    try:
        try:
            count = services.import_csv(text, actor='cli')
        except services.ImportRepeated as exc:
            if not again:
                raise
            db.session.rollback()  # the refused attempt's audit row goes; the deliberate repeat names the import
            count = services.import_csv(text, actor='cli', repeat_of=exc.earlier_id)
    except services.ImportRepeated as exc:
        db.session.rollback()
        raise click.ClickException(f'{os.path.basename(path)}: {exc.errors[0][1]}. Tidak ada respons yang diimpor; '
                                   'bila berkas ini memang harus diimpor lagi, tambahkan --impor-ulang.') from None
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
