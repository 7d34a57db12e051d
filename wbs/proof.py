"""Proof of filing: a signed statement (report number, date, SHA-256 of the content) as a text file; no Flask.

Checking one says what is wrong when it is not valid (ProofError.reason), so the office can tell a file that is no
proof at all from one changed after signing or one signed with another key.
"""
import base64
import binascii
import codecs
import json

from . import crypto

BEGIN = '-----BEGIN WBS STATEMENT-----'
END = '-----END WBS STATEMENT-----'
VERSION = 2  # 2 names the signing key inside the statement ('kunci'); 1 did not, and still verifies
# The readable lines above the signed block: label -> the statement's field they repeat
HEADER = {'Kantor': 'kantor', 'Nomor laporan': 'nomor', 'Tanggal': 'tanggal', 'SHA-256 isi': 'sha256'}
FIELDS = ('kantor', 'nomor', 'tanggal', 'sha256')
SIGNATURE_BYTES = 64


class ProofError(crypto.CryptoError):
    """Why a text is not a valid proof. `reason` is one of:

    kosong (empty), bukan_teks (binary or not text), bukan_bukti (no signed block), terpotong (the signed block is
    cut short), tanpa_tanda_tangan (its signature line is gone), tanda_tangan_rusak (the signature is not 64 bytes of
    base64), diubah (the signed part was changed), isi_diubah (a readable line differs from what was signed:
    `field`, `written`, `signed`), kunci_lain (validly signed, by another key: `theirs`, `ours`, `office`),
    tidak_cocok (an older proof that names no key and does not verify: changed, or another key).
    """

    def __init__(self, reason, **details):
        super().__init__(reason)
        self.reason, self.details = reason, details


def make_statement(signing_key, office, number, filed_on, digest):
    """The statement text the reporter downloads."""
    statement = {'v': VERSION, 'kantor': office, 'nomor': number, 'tanggal': filed_on, 'sha256': digest,
                 'kunci': crypto.verify_key_hex(signing_key)}
    payload, signature = crypto.sign_statement(signing_key, statement)
    return '\n'.join([
        'BUKTI PENYAMPAIAN LAPORAN PENGADUAN PELANGGARAN (WBS)',
        *(f'{label:<14}: {statement[field]}' for label, field in HEADER.items()),
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


def decode(data):
    """The text of a proof file's bytes, or ProofError('bukan_teks') for a binary (an image, a PDF) or non-text file.

    Also reads a proof an editor saved as UTF-16 or in a Windows code page: the signed lines are ASCII either way.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode('utf-16')
        except UnicodeDecodeError:
            raise ProofError('bukan_teks') from None
    if b'\0' not in data:
        try:
            return data.decode('utf-8-sig')
        except UnicodeDecodeError:
            if BEGIN.encode('ascii') in data:
                return data.decode('cp1252', errors='replace')
    raise ProofError('bukan_teks')


def _b64(line):
    """The bytes of a base64 line, or None. Only the one spelling make_statement writes: base64 ignores the spare
    bits of the last character, and a changed character must not pass because it changed only those."""
    try:
        data = base64.b64decode(line, validate=True)
    except (binascii.Error, ValueError):
        return None
    return data if base64.b64encode(data).decode('ascii') == line else None


def _statement(payload):
    """The statement dict a decoded payload holds, or None when it is not one (changed or damaged)."""
    try:
        value = json.loads(payload.decode('utf-8'))
    except (UnicodeDecodeError, ValueError, RecursionError):  # RecursionError: '[[[[...' nested thousands deep
        return None
    if not isinstance(value, dict) or not all(isinstance(value.get(f), str) for f in FIELDS):
        return None
    return value


def _signed_block(lines):
    """(payload, statement, signature) from the lines after BEGIN (up to END), or ProofError saying what is wrong."""
    block = []
    for line in lines:
        if line == END:
            break
        if line:
            block.append(line)
    if not block:
        raise ProofError('terpotong')
    payload = _b64(block[0])
    statement = _statement(payload) if payload is not None else None
    if statement is None:
        raise ProofError('diubah' if len(block) > 1 else 'terpotong')
    if len(block) == 1:
        raise ProofError('tanpa_tanda_tangan')
    if len(block) > 2:
        raise ProofError('diubah')
    signature = _b64(block[1])
    if signature is None or len(signature) != SIGNATURE_BYTES:
        raise ProofError('tanda_tangan_rusak')
    return payload, statement, signature


def _shown(value):
    """A value for a one-line message: whitespace (line breaks included) collapsed, at most 80 characters."""
    return ' '.join(str(value).split())[:80]


def _why_not(verify_key, payload, statement, signature):
    """The ProofError for a signature that does not hold under the office key."""
    claimed = statement.get('kunci')
    if not isinstance(claimed, str):
        # A version 1 proof names no key: changed, or signed with another key, there is no telling which. A later
        # one without its key was changed (the key's name, say).
        return ProofError('tidak_cocok' if statement.get('v') == 1 else 'diubah')
    ours = bytes(verify_key).hex()
    if claimed.lower() != ours:
        try:
            crypto.verify_statement(bytes.fromhex(claimed), payload, signature)
        except (ValueError, crypto.CryptoError):
            return ProofError('diubah')
        return ProofError('kunci_lain', theirs=claimed[:16].lower(), ours=ours[:16],
                          office=_shown(statement['kantor']))
    return ProofError('diubah')


def _check_header(lines, statement):
    """The readable lines must repeat what was signed: one changed after signing is refused, not ignored."""
    for line in lines:
        label, sep, written = line.partition(':')
        field = HEADER.get(label.strip())
        if sep and field and written.strip() != statement[field].strip():
            raise ProofError('isi_diubah', field=field, written=_shown(written), signed=_shown(statement[field]))


def verify_text(verify_key, text):
    """The statement dict inside `text` when its signature holds under the office key and its readable lines agree
    with it, else ProofError (a crypto.CryptoError) with the reason."""
    if not (text or '').strip():
        raise ProofError('kosong')
    if '\0' in text:
        raise ProofError('bukan_teks')
    lines = [line.strip() for line in text.splitlines()]
    if BEGIN not in lines:
        raise ProofError('bukan_bukti')
    start = lines.index(BEGIN)
    payload, statement, signature = _signed_block(lines[start + 1:])
    try:
        crypto.verify_statement(verify_key, payload, signature)
    except crypto.CryptoError:
        raise _why_not(verify_key, payload, statement, signature) from None
    _check_header(lines[:start], statement)
    return statement
