"""`flask --app portal wbs ...`: retention purge, proof verification, the office's public verify key."""
import os

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


# A proof of filing is about 1 KB; anything far larger is not one, and is not read into memory whole.
PROOF_MAX_BYTES = 64 * 1024


def _read_proof(path):
    """The bytes of the file at `path`, or a one-line ClickException saying why it cannot be read."""
    name = click.format_filename(path)
    if os.path.isdir(path):
        raise click.ClickException(f'{name} adalah folder, bukan berkas bukti penyampaian.')
    try:
        with open(path, 'rb') as f:
            data = f.read(PROOF_MAX_BYTES + 1)
    except FileNotFoundError:
        raise click.ClickException(f'Berkas tidak ditemukan: {name}') from None
    except OSError as exc:
        raise click.ClickException(f'Berkas tidak dapat dibaca: {name} ({exc.strerror or exc})') from None
    if len(data) > PROOF_MAX_BYTES:
        raise click.ClickException(f'Berkas terlalu besar untuk bukti penyampaian (lebih dari '
                                   f'{PROOF_MAX_BYTES // 1024} KB; bukti hanya sekitar 1 KB): {name}')
    return data


@wbs_cli.command('verify')
@click.argument('path')
def verify_command(path):
    """Periksa berkas bukti penyampaian laporan (tanda tangan kantor)."""
    data = _read_proof(path)
    try:
        statement = services.verify_statement(services.read_proof_file(data))
    except services.WbsError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"SAH: laporan {statement['nomor']} tanggal {statement['tanggal']}, SHA-256 {statement['sha256']}")


@wbs_cli.command('public-key')
def public_key_command():
    """Cetak kunci publik Ed25519 kantor (hex) untuk memeriksa bukti penyampaian di luar aplikasi."""
    click.echo(services.signing_key().verify_key.encode().hex())
