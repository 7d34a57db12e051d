"""Commands under `flask --app portal pengaduan`: close-stale and remind (run daily), cuti bersama, deadlines."""
from datetime import date

import click
from flask.cli import AppGroup

from portal.extensions import db
from portal.operations import ValidationError

from . import services

cli = AppGroup('pengaduan', help='Pengaduan masyarakat.')


def _day(value):
    return date.fromisoformat(value) if value else None


@cli.command('close-stale')
@click.option('--today', help='Tanggal acuan (YYYY-MM-DD), bawaan: hari ini (WIB).')
def close_stale(today):
    """Tutup pengaduan yang sudah ditindaklanjuti tanpa tanggapan 10 hari kerja (jalankan harian)."""
    count = services.close_stale(_day(today))
    db.session.commit()
    click.echo(f'{count} pengaduan ditutup otomatis.')


@cli.command('remind')
@click.option('--today', help='Tanggal acuan (YYYY-MM-DD), bawaan: hari ini (WIB).')
def remind(today):
    """Kirim daftar pengaduan terlambat kepada kepala tiap unit (jalankan harian)."""
    sent = services.remind(_day(today))
    db.session.commit()
    for slug, count in sent.items():
        click.echo(f'{slug}: {count} pengaduan terlambat')
    click.echo(f'{len(sent)} email pengingat diantrekan.')


@cli.command('cuti-add')
@click.argument('day')
@click.argument('name')
def cuti_add(day, name):
    """Tambah satu hari cuti bersama (YYYY-MM-DD "keterangan")."""
    try:
        services.add_cuti(date.fromisoformat(day), name, 'cli')
    except ValidationError as exc:
        raise click.ClickException(str(exc)) from None
    db.session.commit()
    click.echo(f'Cuti bersama {day} ditambahkan.')


@cli.command('deadline')
@click.argument('filed')
def deadline(filed):
    """Tampilkan tenggat verifikasi dan penyelesaian untuk tanggal pengaduan FILED (YYYY-MM-DD)."""
    from .deadlines import filing_deadlines
    verify, final = filing_deadlines(services.calendar(), date.fromisoformat(filed))
    click.echo(f'verifikasi: {verify.isoformat()}  penyelesaian: {final.isoformat()}')
