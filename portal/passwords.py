"""Password hashing with Argon2id (argon2-cffi's defaults follow RFC 9106)."""
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from .markers import N_

_hasher = PasswordHasher()
# Verified against when the email is unknown, so a wrong email costs the same time as a wrong password.
_DUMMY = _hasher.hash('tidak-ada-pengguna-ini')

MIN_LENGTH = 10


def hash_password(password):
    """An Argon2id hash of the password."""
    return _hasher.hash(password)


def verify_password(stored_hash, password):
    """True when the password matches; a None hash is checked against a dummy to keep timing even."""
    try:
        return _hasher.verify(stored_hash or _DUMMY, password) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash):
    """True when the hash was made with weaker parameters than today's."""
    return _hasher.check_needs_rehash(stored_hash)


def weak_password_reason(password):
    """A reason (Bahasa Indonesia) when the password is too weak, else None."""
    if len(password) < MIN_LENGTH:
        return N_('Kata sandi minimal %(n)s karakter.', n=MIN_LENGTH)
    if password.isdigit() or password.isalpha():
        return N_('Kata sandi harus memuat huruf dan angka atau simbol.')
    return None
