"""Receipts (16 random digits, GlobaLeaks style) and public report numbers; no Flask here."""
import hashlib
import hmac
import re
import secrets

DIGITS = 16
NUMBER_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'  # no 0/O, 1/I: read aloud or copied by hand


def new_receipt():
    """16 digits from the OS's CSPRNG (about 53 bits): the demo's reports (the form's: receipt_for_form)."""
    return f'{secrets.randbelow(10 ** DIGITS):0{DIGITS}d}'


def receipt_for_form(key, browser_secret, token):
    """The receipt of the report one sending of the report form files: 16 digits of HMAC-SHA256 under `key` (a
    server subkey) of the browser's CSRF cookie value and the form's once token, both random (256 and 192 bits).

    The same form sent twice from the same browser (a double click, "send" again after an answer lost on a slow
    network) therefore gets the same receipt back without the server keeping it: the second sending files nothing and
    opens the first one's report with it. Neither input is stored, and neither alone, nor the key without both, gives
    the receipt; from another browser the same form gives another receipt, which opens nothing.
    """
    mac = hmac.new(key, f'{browser_secret}\n{token}'.encode('utf-8', 'backslashreplace'), hashlib.sha256).digest()
    return f'{int.from_bytes(mac, "big") % 10 ** DIGITS:0{DIGITS}d}'  # bias below 10^16 / 2^256: none to speak of


def format_receipt(receipt):
    """The receipt in groups of four digits: 1234 5678 9012 3456."""
    return ' '.join(receipt[i:i + 4] for i in range(0, len(receipt), 4))


def normalize_receipt(text):
    """The 16 digits of a typed receipt (spaces, dashes and dots forgiven), or None when it is not one."""
    clean = re.sub(r'[\s\-.]', '', text or '')
    return clean if re.fullmatch(rf'[0-9]{{{DIGITS}}}', clean) else None  # ASCII digits only


def new_report_number():
    """A random public report number such as WBS-7KQ3-M2XP (not sequential: it reveals no volume or order)."""
    chars = ''.join(secrets.choice(NUMBER_ALPHABET) for _ in range(8))
    return f'WBS-{chars[:4]}-{chars[4:]}'
