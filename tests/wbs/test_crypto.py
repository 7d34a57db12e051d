"""The encryption protocol with plain values: member keys, report keys, receipts, sealing, proofs of filing."""
import pytest
from nacl.public import PrivateKey

from wbs import crypto, proof
from wbs.receipt import format_receipt, new_receipt, new_report_number, normalize_receipt

LOW = crypto.Params(ops=1, mem=8192)


def test_production_defaults_are_libsodium_moderate():
    assert crypto.Params() == crypto.Params(ops=3, mem=256 * 1024 * 1024)


def test_member_key_opens_with_password_and_with_recovery_key_only():
    mk = crypto.new_member_keys('sandi-rahasia-1', LOW)
    assert bytes(crypto.unwrap_with_password(mk.pw_wrapped, mk.pw_salt, LOW, 'sandi-rahasia-1')) == bytes(
        mk.private_key)
    with pytest.raises(crypto.CryptoError):
        crypto.unwrap_with_password(mk.pw_wrapped, mk.pw_salt, LOW, 'sandi-salah-1')
    text = crypto.format_recovery_key(mk.recovery_key)
    assert len(text.split('-')) == 13
    typed = text.lower().replace('-', ' ')
    assert bytes(crypto.unwrap(crypto.parse_recovery_key(typed), mk.recovery_wrapped)) == bytes(mk.private_key)
    with pytest.raises(crypto.CryptoError):
        crypto.unwrap(crypto.parse_recovery_key('A' * 52), mk.recovery_wrapped)
    with pytest.raises(crypto.CryptoError):
        crypto.parse_recovery_key('tidak valid')
    assert mk.pw_wrapped.find(bytes(mk.private_key)) == -1


def test_rewrap_under_a_new_password():
    mk = crypto.new_member_keys('lama-sandi-1', LOW)
    blob, salt = crypto.rewrap_with_password(mk.private_key, 'baru-sandi-2', LOW)
    assert bytes(crypto.unwrap_with_password(blob, salt, LOW, 'baru-sandi-2')) == bytes(mk.private_key)
    with pytest.raises(crypto.CryptoError):
        crypto.unwrap_with_password(blob, salt, LOW, 'lama-sandi-1')


def test_report_key_opens_with_the_receipt_and_with_a_member_grant():
    receipt = new_receipt()
    rk = crypto.new_report_keys(receipt, LOW)
    opened = crypto.open_with_receipt(receipt, rk.receipt_salt, LOW, rk.receipt_hash, rk.sealed_for_receipt)
    assert bytes(opened) == bytes(rk.private_key)
    wrong = f'{(int(receipt) + 1) % 10 ** 16:016d}'
    with pytest.raises(crypto.CryptoError):
        crypto.open_with_receipt(wrong, rk.receipt_salt, LOW, rk.receipt_hash, rk.sealed_for_receipt)
    member = PrivateKey.generate()
    grant = crypto.share_report_key(rk.private_key, member.public_key)
    assert bytes(crypto.open_report_key(member, grant)) == bytes(rk.private_key)
    with pytest.raises(crypto.CryptoError):
        crypto.open_report_key(PrivateKey.generate(), grant)


def test_receipt_verifier_and_key_come_from_one_argon2id_run_and_differ():
    salt = crypto.new_salt()
    verifier, key = crypto.receipt_secrets('1234567812345678', salt, LOW)
    out = crypto.argon2('1234567812345678', salt, LOW, size=64)
    assert verifier == out[:32] and bytes(key) == out[32:] and verifier != bytes(key)


def test_anyone_can_seal_to_a_report_but_only_its_key_opens():
    rk = crypto.new_report_keys(new_receipt(), LOW)
    blob = crypto.seal_json(rk.public_key, {'apa': 'penanda-rahasia'})
    assert b'penanda-rahasia' not in blob
    assert crypto.unseal_json(rk.private_key, blob) == {'apa': 'penanda-rahasia'}
    with pytest.raises(crypto.CryptoError):
        crypto.unseal(PrivateKey.generate(), blob)
    with pytest.raises(crypto.CryptoError):
        crypto.unseal(rk.private_key, blob[:-1] + bytes([blob[-1] ^ 1]))


def test_lookup_tag_is_a_short_bucket_keyed_by_the_server():
    a = crypto.lookup_tag(b'k' * 32, '1234567812345678')
    assert len(a) == 5 and int(a, 16) < 2 ** crypto.LOOKUP_BITS
    assert a == crypto.lookup_tag(b'k' * 32, '1234567812345678') != crypto.lookup_tag(b'j' * 32, '1234567812345678')


def test_boxes_and_subkeys():
    k1, k2 = crypto.subkey(b'm' * 64, 'csrf'), crypto.subkey(b'm' * 64, 'totp')
    assert len(k1) == 32 and k1 != k2
    assert crypto.unbox(k1, crypto.box(k1, b'isi')) == b'isi'
    with pytest.raises(crypto.CryptoError):
        crypto.unbox(k2, crypto.box(k1, b'isi'))


def test_receipts_are_16_digits_and_typing_is_forgiving():
    receipts = {new_receipt() for _ in range(200)}
    assert len(receipts) == 200 and all(len(r) == 16 and r.isdigit() for r in receipts)
    assert format_receipt('1234567890123456') == '1234 5678 9012 3456'
    assert normalize_receipt(' 1234-5678 9012.3456 ') == '1234567890123456'
    assert normalize_receipt('1234') is None and normalize_receipt('abcd567890123456') is None
    assert normalize_receipt(None) is None
    assert new_report_number().startswith('WBS-') and len(new_report_number()) == 13


def test_proof_of_filing_verifies_and_detects_tampering():
    from nacl.signing import SigningKey
    key = SigningKey.generate()
    digest = crypto.content_digest({'apa': 'x', 'lampiran_sha256': []})
    text = proof.make_statement(key, 'Kanwil', 'WBS-AAAA-BBBB', '2026-11-26', digest)
    assert 'WBS-AAAA-BBBB' in text and digest in text
    statement = proof.verify_text(key.verify_key, text)
    assert statement['nomor'] == 'WBS-AAAA-BBBB' and statement['sha256'] == digest
    lines = text.splitlines()
    i = lines.index(proof.BEGIN)
    forged_payload = lines[i + 1][:-4] + ('AAAA' if not lines[i + 1].endswith('AAAA') else 'BBBB')
    with pytest.raises(crypto.CryptoError):
        proof.verify_text(key.verify_key, '\n'.join(lines[:i + 1] + [forged_payload] + lines[i + 2:]))
    with pytest.raises(crypto.CryptoError):
        proof.verify_text(SigningKey.generate().verify_key, text)
    with pytest.raises(crypto.CryptoError):
        proof.verify_text(key.verify_key, 'bukan bukti')


def test_content_digest_is_canonical():
    assert crypto.content_digest({'b': 1, 'a': 'é'}) == crypto.content_digest({'a': 'é', 'b': 1})
