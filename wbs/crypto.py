"""The WBS encryption protocol (GlobaLeaks' design) on libsodium through PyNaCl; no Flask here.

- Every team member has a Curve25519 key pair. The private key is stored twice, wrapped with XSalsa20-Poly1305
  (SecretBox): under a key derived from the password with Argon2id, and under a random 32-byte recovery key that is
  shown once.
- Every report has its own Curve25519 key pair. Its private key is sealed (SealedBox: X25519 + XSalsa20-Poly1305 with
  an ephemeral sender key) to the receipt key (a Curve25519 key derived from the receipt with Argon2id) and to the
  public key of each member with access.
- Everything the reporter or the team writes (answers, identity, messages, notes, file names and file bytes) is sealed
  to the report's public key, so anyone may add to a report but only holders of its private key read it.
- The receipt is stored only as Argon2id output: one Argon2id run gives 64 bytes, the first half is kept as the
  verifier, the second half seeds the receipt key and is never stored.
- Proofs of filing are signed with an Ed25519 office key.
"""
import base64
import hashlib
import hmac
import json
from dataclasses import dataclass

import nacl.exceptions
import nacl.pwhash.argon2id as argon2id
import nacl.utils
from nacl.public import PrivateKey, PublicKey, SealedBox
from nacl.secret import SecretBox
from nacl.signing import SigningKey, VerifyKey

# libsodium's MODERATE preset: 3 passes over 256 MiB (about 0.35 s on one core of the dev machine).
OPS_DEFAULT = argon2id.OPSLIMIT_MODERATE
MEM_DEFAULT = argon2id.MEMLIMIT_MODERATE
SALT_BYTES = argon2id.SALTBYTES  # 16
KEY_BYTES = 32
LOOKUP_BITS = 20  # the receipt lookup tag keeps 20 bits: a bucket, not a verifier (see docs/wbs.md)


class CryptoError(Exception):
    """A key or secret that does not open what it should (wrong password, wrong receipt, tampered data)."""


@dataclass(frozen=True)
class Params:
    """Argon2id cost: passes (opslimit) and memory in bytes (memlimit); stored next to what they protect."""

    ops: int = OPS_DEFAULT
    mem: int = MEM_DEFAULT


def argon2(secret, salt, params, size=KEY_BYTES):
    """Argon2id (libsodium crypto_pwhash, ALG_ARGON2ID13) of `secret` (str or bytes)."""
    if isinstance(secret, str):
        secret = secret.encode('utf-8')
    return argon2id.kdf(size, secret, salt, opslimit=params.ops, memlimit=params.mem)


def new_salt():
    """A random Argon2id salt."""
    return nacl.utils.random(SALT_BYTES)


# --- member key pairs ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class MemberKeys:
    """What is stored for a member (public key, both wrapped copies, salt) plus the recovery key to show once."""

    public_key: bytes
    pw_wrapped: bytes
    pw_salt: bytes
    recovery_wrapped: bytes
    recovery_key: bytes
    private_key: PrivateKey


def wrap(key, private_key):
    """SecretBox-encrypt a private key under a 32-byte key."""
    return bytes(SecretBox(key).encrypt(bytes(private_key)))


def unwrap(key, blob):
    """The private key a SecretBox blob holds, or CryptoError."""
    try:
        return PrivateKey(SecretBox(key).decrypt(blob))
    except (nacl.exceptions.CryptoError, ValueError, TypeError) as exc:
        raise CryptoError('kunci tidak cocok') from exc


def new_member_keys(password, params):
    """A fresh key pair wrapped under the password and under a new recovery key."""
    private = PrivateKey.generate()
    salt = new_salt()
    recovery = nacl.utils.random(KEY_BYTES)
    return MemberKeys(public_key=bytes(private.public_key), pw_wrapped=wrap(argon2(password, salt, params), private),
                      pw_salt=salt, recovery_wrapped=wrap(recovery, private), recovery_key=recovery,
                      private_key=private)


def unwrap_with_password(pw_wrapped, pw_salt, params, password):
    """The member's private key from the password, or CryptoError."""
    return unwrap(argon2(password, pw_salt, params), pw_wrapped)


def rewrap_with_password(private_key, password, params):
    """(wrapped, salt) of the private key under a new password."""
    salt = new_salt()
    return wrap(argon2(password, salt, params), private_key), salt


def format_recovery_key(key):
    """The recovery key as 13 groups of 4 base32 characters (what the member writes down)."""
    text = base64.b32encode(key).decode().rstrip('=')
    return '-'.join(text[i:i + 4] for i in range(0, len(text), 4))


def parse_recovery_key(text):
    """The 32 bytes of a recovery key typed with any spacing, dashes or case; CryptoError when malformed."""
    clean = ''.join(ch for ch in (text or '').upper() if ch.isalnum())
    try:
        key = base64.b32decode(clean + '=' * (-len(clean) % 8))
    except (ValueError, base64.binascii.Error) as exc:
        raise CryptoError('kunci pemulihan tidak valid') from exc
    if len(key) != KEY_BYTES:
        raise CryptoError('kunci pemulihan tidak valid')
    return key


# --- receipts and report key pairs --------------------------------------------------------------------------------

def receipt_secrets(receipt, salt, params):
    """(verifier, receipt private key) from one Argon2id run over the 16-digit receipt."""
    out = argon2(receipt, salt, params, size=64)
    return out[:32], PrivateKey(out[32:])


def lookup_tag(server_key, receipt):
    """A short keyed hash of the receipt: finds the candidate reports without being able to confirm a receipt."""
    digest = hmac.new(server_key, receipt.encode('ascii'), hashlib.sha256).digest()
    return format(int.from_bytes(digest[:4], 'big') >> (32 - LOOKUP_BITS), '05x')


@dataclass(frozen=True)
class ReportKeys:
    """What is stored for a new report, and its private key for sealing it to the members."""

    public_key: bytes
    receipt_salt: bytes
    receipt_hash: bytes
    sealed_for_receipt: bytes
    private_key: PrivateKey


def new_report_keys(receipt, params):
    """A report key pair whose private key is sealed to the receipt key."""
    private = PrivateKey.generate()
    salt = new_salt()
    verifier, receipt_key = receipt_secrets(receipt, salt, params)
    return ReportKeys(public_key=bytes(private.public_key), receipt_salt=salt, receipt_hash=verifier,
                      sealed_for_receipt=seal(receipt_key.public_key, bytes(private)), private_key=private)


def open_with_receipt(receipt, salt, params, receipt_hash, sealed_for_receipt):
    """The report's private key when the receipt is right, else CryptoError (constant-time check first)."""
    verifier, receipt_key = receipt_secrets(receipt, salt, params)
    if not hmac.compare_digest(verifier, receipt_hash):
        raise CryptoError('tanda terima salah')
    return PrivateKey(unseal(receipt_key, sealed_for_receipt))


def burn_time(params):
    """An Argon2id run on nothing: a wrong receipt with no candidate costs as much as one with a candidate."""
    receipt_secrets('0' * 16, b'\0' * SALT_BYTES, params)


# --- sealing ------------------------------------------------------------------------------------------------------

def _public(key):
    return key if isinstance(key, PublicKey) else PublicKey(bytes(key))


def seal(public_key, data):
    """SealedBox-encrypt bytes to a public key (anyone can seal, only the private key opens)."""
    return bytes(SealedBox(_public(public_key)).encrypt(data))


def unseal(private_key, blob):
    """Open a SealedBox blob, or CryptoError."""
    try:
        return SealedBox(private_key).decrypt(blob)
    except (nacl.exceptions.CryptoError, ValueError, TypeError) as exc:
        raise CryptoError('tidak dapat dibuka') from exc


def seal_json(public_key, value):
    """Seal a JSON-serialisable value."""
    return seal(public_key, json.dumps(value, ensure_ascii=False, sort_keys=True).encode('utf-8'))


def unseal_json(private_key, blob):
    """Open a sealed JSON value."""
    return json.loads(unseal(private_key, blob).decode('utf-8'))


def share_report_key(report_private_key, member_public_key):
    """The report's private key sealed to one more member (what 'sharing a report' stores)."""
    return seal(member_public_key, bytes(report_private_key))


def open_report_key(member_private_key, sealed):
    """The report's private key from a member's sealed copy."""
    return PrivateKey(unseal(member_private_key, sealed))


# --- symmetric boxes for short-lived client-held state -------------------------------------------------------------

def subkey(master, purpose):
    """A 32-byte key for one purpose from a master secret (BLAKE2b keyed, personalised)."""
    return hashlib.blake2b(purpose.encode(), key=master[:64], digest_size=32).digest()


def box(key, data):
    """SecretBox-encrypt bytes under a 32-byte key."""
    return bytes(SecretBox(key).encrypt(data))


def unbox(key, blob):
    """Open a SecretBox blob, or CryptoError."""
    try:
        return SecretBox(key).decrypt(blob)
    except (nacl.exceptions.CryptoError, ValueError, TypeError) as exc:
        raise CryptoError('tidak dapat dibuka') from exc


# --- proof of filing ----------------------------------------------------------------------------------------------

def content_digest(content):
    """SHA-256 (hex) of the report's answers in canonical JSON: what the proof of filing vouches for."""
    return hashlib.sha256(json.dumps(content, ensure_ascii=False, sort_keys=True,
                                     separators=(',', ':')).encode('utf-8')).hexdigest()


def sign_statement(signing_key, statement):
    """(canonical bytes, Ed25519 signature) of a statement dict."""
    payload = json.dumps(statement, ensure_ascii=False, sort_keys=True, separators=(',', ':')).encode('utf-8')
    return payload, SigningKey(bytes(signing_key)).sign(payload).signature


def verify_key_hex(signing_key):
    """The hex of the Ed25519 verify key that checks what `signing_key` signs (what `wbs public-key` prints)."""
    return SigningKey(bytes(signing_key)).verify_key.encode().hex()


def verify_statement(verify_key, payload, signature):
    """The statement dict when the signature holds, else CryptoError."""
    try:
        VerifyKey(bytes(verify_key)).verify(payload, signature)
    except (nacl.exceptions.BadSignatureError, ValueError, TypeError) as exc:
        raise CryptoError('tanda tangan tidak sah') from exc
    return json.loads(payload.decode('utf-8'))
