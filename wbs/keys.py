"""The server's own WBS secrets in the instance folder, generated on first use (never hard-coded); no Flask here.

- `wbs_secret`: 64 random bytes; subkeys for the receipt lookup tag, the TOTP secrets, the public CSRF cookie, the
  reporter's session cookie and the member's unlocked-key cookie (see crypto.subkey).
- `wbs_signing_key`: the Ed25519 seed that signs proofs of filing.
"""
import os
from pathlib import Path

import nacl.utils
from nacl.signing import SigningKey


def _load_or_create(path, size):
    path = Path(path)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f'.{path.name}.{os.getpid()}')
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, 'w') as f:
            f.write(nacl.utils.random(size).hex())
        try:
            os.link(tmp, path)  # atomic: a concurrent worker either wins or reads the winner's complete file
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    data = bytes.fromhex(path.read_text().strip())
    if len(data) != size:
        raise RuntimeError(f'{path} is damaged: expected {size} bytes')
    return data


def master_secret(instance_path):
    """The 64-byte WBS master secret of this installation."""
    return _load_or_create(Path(instance_path) / 'wbs_secret', 64)


def signing_key(instance_path):
    """The office's Ed25519 signing key for proofs of filing."""
    return SigningKey(_load_or_create(Path(instance_path) / 'wbs_signing_key', 32))
