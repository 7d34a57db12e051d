"""Tracking codes: 11 random Crockford base32 symbols (55 bits from `secrets`) and one check symbol (Luhn mod 32).

The alphabet has no I, L, O or U, so a code read aloud or copied from paper is hard to get wrong; when a visitor types
an I, L or O anyway, `normalize` reads it as 1, 1 or 0. The check symbol catches any single mistyped symbol and every
swap of two neighbours but 0 and Z (Luhn's one blind spot) before the database is asked. No Flask import: used by the
web, the CLI and the tests.
"""
import base64
import binascii
import hashlib
import re
import secrets

from nacl.encoding import RawEncoder
from nacl.exceptions import CryptoError
from nacl.hash import blake2b
from nacl.secret import SecretBox

ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
RANDOM_SYMBOLS = 11  # 11 x 5 bits = 55 bits of randomness (the issue asks for at least 50)
LENGTH = RANDOM_SYMBOLS + 1
_VALUE = {c: i for i, c in enumerate(ALPHABET)}
_ALIASES = str.maketrans({'I': '1', 'L': '1', 'O': '0'})


def check_symbol(body):
    """The Luhn mod 32 check symbol of `body` (symbols of ALPHABET)."""
    n = len(ALPHABET)
    total, factor = 0, 2
    for char in reversed(body):
        addend = factor * _VALUE[char]
        total += addend // n + addend % n
        factor = 1 if factor == 2 else 2
    return ALPHABET[(n - total % n) % n]


def new_code():
    """A fresh code of LENGTH symbols, without separators."""
    body = ''.join(secrets.choice(ALPHABET) for _ in range(RANDOM_SYMBOLS))
    return body + check_symbol(body)


def normalize_loosely(text):
    """What a visitor typed, upper-cased, without spaces or dashes, look-alikes read as digits (maybe not a code)."""
    return ''.join((text or '').upper().split()).replace('-', '').translate(_ALIASES)


def normalize(text):
    """The canonical form of what a visitor typed (case, spaces, dashes, look-alikes forgiven), or None if invalid."""
    code = normalize_loosely(text)
    return None if problem(code) else code


def problem(text):
    """Why what a visitor typed is not a code, or None when it is one: 'panjang' (not LENGTH symbols), 'simbol' (a
    character outside the alphabet) or 'cek' (the check symbol disagrees: a symbol mistyped, or two swapped)."""
    code = normalize_loosely(text)
    if len(code) != LENGTH:
        return 'panjang'
    if any(c not in _VALUE for c in code):
        return 'simbol'
    return None if check_symbol(code[:-1]) == code[-1] else 'cek'


def display(code):
    """The code in groups of four for reading: ABCD-EFGH-JKMN."""
    return '-'.join(code[i:i + 4] for i in range(0, len(code), 4))


def digest(code):
    """What the database keeps instead of the code: its SHA-256 (the code itself is the complainant's credential)."""
    return hashlib.sha256(code.encode('ascii')).hexdigest()


# ---------------------------------------------------------------- the form's submission token
# Each complaint form carries a random token: a second POST of the same form (a double tap, a retry after a lost
# answer on a slow network, the browser's "resend") files nothing new and shows the same tracking code again. The
# database keeps only the token's digest, and the code sealed under a key derived from the token: the token itself
# lives only in the complainant's page, so the database alone still cannot tell anyone a code.
_TOKEN_RE = re.compile(r'^[A-Za-z0-9_-]{16,64}$')


def new_token():
    """A fresh submission token (32 URL-safe characters, 192 bits)."""
    return secrets.token_urlsafe(24)


def valid_token(text):
    """True for a token as new_token makes them (anything else is ignored: a fresh filing)."""
    return bool(text) and bool(_TOKEN_RE.match(text))


def token_digest(token):
    """What the database keeps of a submission token."""
    return hashlib.sha256(b'pengaduan-kiriman:' + token.encode('ascii')).hexdigest()


def _box(token):
    key = blake2b(token.encode('ascii'), digest_size=SecretBox.KEY_SIZE, person=b'pengaduan-kode', encoder=RawEncoder)
    return SecretBox(key)


def seal(code, token):
    """The tracking code encrypted under a key derived from the submission token (XSalsa20-Poly1305)."""
    return bytes(_box(token).encrypt(code.encode('ascii')))


def unseal(sealed, token):
    """The tracking code sealed with this token."""
    return _box(token).decrypt(bytes(sealed)).decode('ascii')


# ---------------------------------------------------------------- the code on its way to the thank-you page
# The thank-you page shows the code for ten minutes after filing, from the browser's session cookie, which Flask signs
# but does not encrypt. The code goes there sealed under a key derived from the app's secret key, so a cookie read
# later (a shared computer at the counter, a copied cookie file) does not tell anyone the code.

def _browser_box(secret):
    material = secret if isinstance(secret, bytes) else str(secret).encode()
    key = blake2b(material, digest_size=SecretBox.KEY_SIZE, person=b'pengaduan-sesi', encoder=RawEncoder)
    return SecretBox(key)


def seal_for_browser(code, secret):
    """The tracking code sealed for the session cookie (URL-safe text)."""
    return base64.urlsafe_b64encode(bytes(_browser_box(secret).encrypt(code.encode('ascii')))).decode('ascii')


def unseal_for_browser(text, secret):
    """The code seal_for_browser sealed under this secret, or None for anything else."""
    try:
        return _browser_box(secret).decrypt(base64.urlsafe_b64decode(str(text).encode('ascii'))).decode('ascii')
    except (CryptoError, binascii.Error, ValueError, UnicodeError):
        return None
