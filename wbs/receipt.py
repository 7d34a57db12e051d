"""Receipts (16 random digits, GlobaLeaks style) and public report numbers; no Flask here."""
import re
import secrets

DIGITS = 16
NUMBER_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'  # no 0/O, 1/I: read aloud or copied by hand


def new_receipt():
    """16 digits from the operating system's CSPRNG (about 53 bits)."""
    return f'{secrets.randbelow(10 ** DIGITS):0{DIGITS}d}'


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
