"""`flask --app portal wbs ...`: retention purge, proof verification, the office's public verify key."""
import click
from flask.cli import AppGroup

from portal.extensions import db

from . import services

wbs_cli = AppGroup('wbs', help='Whistleblowing system (WBS).')


@wbs_cli.command('purge')
def purge_command():
    """Hapus laporan yang selesai lebih lama dari WBS_RETENTION_DAYS beserta berkasnya."""
    count = services.purge()
    db.session.commit()
    click.echo(f'{count} laporan WBS dihapus (retensi).')


@wbs_cli.command('verify')
@click.argument('path', type=click.Path(exists=True, dir_okay=False))
def verify_command(path):
    """Periksa berkas bukti penyampaian laporan (tanda tangan kantor)."""
    with open(path, encoding='utf-8') as f:
        text = f.read()
    try:
        statement = services.verify_statement(text)
    except services.WbsError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"SAH: laporan {statement['nomor']} tanggal {statement['tanggal']}, SHA-256 {statement['sha256']}")


@wbs_cli.command('public-key')
def public_key_command():
    """Cetak kunci publik Ed25519 kantor (hex) untuk memeriksa bukti penyampaian di luar aplikasi."""
    click.echo(services.signing_key().verify_key.encode().hex())
