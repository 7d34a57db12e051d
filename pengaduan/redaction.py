"""Screening a complaint's free text for the identity its own fields name, when the retention period removes them.

The complainant's name, email and phone and the person reported are known exactly: the form asked for them. When
retention (UU 27/2022) removes those fields, the same strings written in the title, the text, the place, the
follow-ups, the rating's comment and the notes go too, replaced by MARK. What this finds:

- the complainant's and the reported person's name as written in the field, in any case and spacing;
- each word of the complainant's name of three letters or more, written with a capital as names are ("Pak Budi"),
  so that "indah" in the middle of a sentence stays while "Indah" the complainant goes;
- the email address, in any case;
- the phone number however it is written: 0812-3456-7890, 0812 3456 7890, +62 812 3456 7890, 6281234567890.

It does not find other people's names, nor an identity told in other words ("the teacher of the third grade"): staff
who write notes know the period and what it removes. No Flask import: plain text in, plain text out.
"""
import re

MARK = '[dihapus]'
MIN_WORD = 3  # letters: shorter words of a name ("Nu", "A.") are not screened on their own
MIN_PHONE_DIGITS = 8
_SEP = r'[\s.\-()]?'


def _phrase(text):
    words = text.split()
    if not words or len(''.join(words)) < MIN_WORD:
        return None
    return re.compile(r'(?<!\w)' + r'\s+'.join(re.escape(w) for w in words) + r'(?!\w)', re.IGNORECASE)


def _name_words(name):
    for word in set(re.findall(r'\w+', name)):
        if len(word) >= MIN_WORD and not word.isdigit():
            # a capital first letter, the rest in any case: "Budi", "BUDI"
            first, rest = word[0], word[1:]
            yield re.compile(r'(?<!\w)' + re.escape(first.upper()) + '(?i:' + re.escape(rest) + r')(?!\w)')


def _phone(phone):
    digits = re.sub(r'\D', '', phone)
    if digits.startswith('62'):
        digits = digits[2:]
    elif digits.startswith('0'):
        digits = digits[1:]
    if len(digits) + 1 < MIN_PHONE_DIGITS:
        return None
    body = _SEP.join(digits)
    return re.compile(r'(?<![\d+])(?:\+\s?62' + _SEP + '|62' + _SEP + '|0)' + body + r'(?!\d)')


def patterns(name=None, email=None, phone=None, terlapor=None):
    """The compiled patterns for one complaint's identity: the whole names first, so a full name is one mark."""
    found = []
    for phrase in (name, terlapor):
        if phrase and (pattern := _phrase(phrase)):
            found.append(pattern)
    if email and email.strip():
        found.append(re.compile(r'(?<![\w.+-])' + re.escape(email.strip()) + r'(?![\w-])', re.IGNORECASE))
    if phone and (pattern := _phone(phone)):
        found.append(pattern)
    if name:
        found.extend(_name_words(name))
    return found


def redact(text, compiled):
    """(text with every match of `compiled` replaced by MARK, how many were replaced); None stays None."""
    if not text:
        return text, 0
    total = 0
    for pattern in compiled:
        text, n = pattern.subn(MARK, text)
        total += n
    return (_RUNS.sub(MARK, text) if total else text), total


_RUNS = re.compile(re.escape(MARK) + r'(?:\s+' + re.escape(MARK) + ')+')  # "Siti Warga" word by word: one mark
