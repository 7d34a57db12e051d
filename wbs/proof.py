"""Proof of filing: a signed statement (report number, date, SHA-256 of the content) as a text file; no Flask."""
import base64

from . import crypto

BEGIN = '-----BEGIN WBS STATEMENT-----'
END = '-----END WBS STATEMENT-----'


def make_statement(signing_key, office, number, filed_on, digest):
    """The statement text the reporter downloads."""
    statement = {'v': 1, 'kantor': office, 'nomor': number, 'tanggal': filed_on, 'sha256': digest}
    payload, signature = crypto.sign_statement(signing_key, statement)
    return '\n'.join([
        'BUKTI PENYAMPAIAN LAPORAN PENGADUAN PELANGGARAN (WBS)',
        f'Kantor        : {office}',
        f'Nomor laporan : {number}',
        f'Tanggal       : {filed_on}',
        f'SHA-256 isi   : {digest}',
        '',
        'Bukti ini ditandatangani secara elektronik oleh kantor (Ed25519). Kantor dapat memeriksa keasliannya',
        'tanpa melihat isi laporan. Simpan berkas ini di tempat yang aman; berkas ini tidak memuat tanda terima.',
        '',
        BEGIN,
        base64.b64encode(payload).decode(),
        base64.b64encode(signature).decode(),
        END,
        '',
    ])


def verify_text(verify_key, text):
    """The statement dict inside `text` when its signature holds under the office key, else crypto.CryptoError."""
    lines = [line.strip() for line in (text or '').splitlines()]
    try:
        start = lines.index(BEGIN)
        payload = base64.b64decode(lines[start + 1], validate=True)
        signature = base64.b64decode(lines[start + 2], validate=True)
        if lines[start + 3] != END:
            raise ValueError
    except (ValueError, IndexError) as exc:
        raise crypto.CryptoError('format bukti tidak dikenali') from exc
    return crypto.verify_statement(verify_key, payload, signature)
