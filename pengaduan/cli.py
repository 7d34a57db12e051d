"""Commands under `flask --app portal pengaduan`: close-stale and remind (run daily), cuti bersama, deadlines."""

import click
from flask.cli import AppGroup
from sqlalchemy import select

from portal.cli import DATE
from portal.config import RETENTION_MIN_DAYS
from portal.extensions import db
from portal.operations import ValidationError

from . import services
from .jobs import retention_job

cli = AppGroup('pengaduan', help='Pengaduan masyarakat.')




@cli.command('close-stale')
@click.option('--today', type=DATE, help='Tanggal acuan (YYYY-MM-DD), bawaan: hari ini (WIB).')
def close_stale(today):
    """Tutup pengaduan yang sudah ditindaklanjuti tanpa tanggapan 10 hari kerja (jalankan harian)."""
    count = services.close_stale(today)
    db.session.commit()
    click.echo(f'{count} pengaduan ditutup otomatis.')


@cli.command('retention')
@click.option('--days', type=click.IntRange(min=RETENTION_MIN_DAYS),
              help='Hari setelah ditutup; bawaan: PENGADUAN_RETENTION_DAYS.')
@click.option('--today', type=DATE, help='Tanggal acuan (YYYY-MM-DD), bawaan: hari ini (WIB).')
def retention(days, today):
    """Hapus data pribadi pengaduan yang sudah ditutup lebih dari N hari: identitas, kontak, nama terlapor, lampiran."""
    days = days or services.retention_days()
    if days is None:
        raise click.ClickException('Masa retensi belum ditetapkan: setel PORTAL_PENGADUAN_RETENTION_DAYS (misalnya '
                                   'sesuai jadwal retensi arsip kantor) atau beri --days.')
    count = retention_job(days, today)
    click.echo(f'{count} pengaduan: data pribadi dihapus (ditutup lebih dari {days} hari).')


@cli.command('remind')
@click.option('--today', type=DATE, help='Tanggal acuan (YYYY-MM-DD), bawaan: hari ini (WIB).')
def remind(today):
    """Kirim daftar pengaduan terlambat kepada kepala tiap unit (jalankan harian)."""
    sent = services.remind(today)
    db.session.commit()
    for slug, count in sent.items():
        click.echo(f'{slug}: {count} pengaduan terlambat')
    click.echo(f'{len(sent)} email pengingat diantrekan.')


@cli.command('cuti-add')
@click.argument('day', type=DATE)
@click.argument('name')
def cuti_add(day, name):
    """Tambah satu hari cuti bersama (YYYY-MM-DD "keterangan")."""
    try:
        services.add_cuti(day, name, 'cli')
    except ValidationError as exc:
        raise click.ClickException(str(exc)) from None
    db.session.commit()
    click.echo(f'Cuti bersama {day.isoformat()} ditambahkan.')


@cli.command('cuti-remove')
@click.argument('day', type=DATE)
def cuti_remove(day):
    """Hapus satu hari cuti bersama (YYYY-MM-DD), misalnya yang salah ketik."""
    from .models import CutiBersama
    item = db.session.scalar(select(CutiBersama).where(CutiBersama.day == day))
    if item is None:
        raise click.ClickException(f'{day.isoformat()} tidak terdaftar sebagai cuti bersama.')
    services.delete_cuti(item, 'cli')
    db.session.commit()
    click.echo(f'Cuti bersama {day.isoformat()} dihapus.')


@cli.command('deadline')
@click.argument('filed', type=DATE)
def deadline(filed):
    """Tampilkan tenggat verifikasi dan penyelesaian untuk tanggal pengaduan FILED (YYYY-MM-DD)."""
    from .deadlines import filing_deadlines
    verify, final = filing_deadlines(services.calendar(), filed)
    click.echo(f'verifikasi: {verify.isoformat()}  penyelesaian: {final.isoformat()}')
