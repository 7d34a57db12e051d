"""Plain text as the portal keeps it: no control characters but tab and line breaks; text a reader cannot see is
no text."""
import re
import unicodedata

# the C0 control characters but tab, line feed and carriage return, and DEL: what plain text never holds
CONTROLS = re.compile('[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]')
_INVISIBLE = re.compile('[\x00-\x08\x0e-\x1f\x7f]')
_BREAKS = re.compile('[\x0b\x0c]')

# Unicode categories that draw nothing: controls (Cc), format characters (Cf: zero-width space U+200B, word joiner
# U+2060, the BOM U+FEFF, soft hyphen, bidi marks and overrides such as U+202E, tags) and separators (Z*).
_UNSEEN_CATEGORIES = frozenset(('Cc', 'Cf', 'Zs', 'Zl', 'Zp'))
# and the few letters and marks that render blank on their own: the Hangul fillers, the blank Braille pattern, the
# combining grapheme joiner, the Khmer inherent vowels and the variation selectors
_UNSEEN = frozenset('\u115f\u1160\u3164\uffa0\u2800\u034f\u17b4\u17b5')
_SELECTORS = ((0xFE00, 0xFE0F), (0xE0100, 0xE01EF))


def strip_controls(value):
    """`value` without C0 control characters (and DEL) other than tab, line feed and carriage return: a vertical tab
    or form feed becomes a line break, anything else goes. They carry nothing a reader sees, and XLSX cannot hold
    them. Anything but a str is returned as it is."""
    if not isinstance(value, str):
        return value
    return _INVISIBLE.sub('', _BREAKS.sub('\n', value))


def _unseen(char):
    code = ord(char)
    return (char.isspace() or char in _UNSEEN or unicodedata.category(char) in _UNSEEN_CATEGORIES
            or any(low <= code <= high for low, high in _SELECTORS))


def is_blank(value):
    """True when `value` shows a reader nothing: None, '', or only whitespace and invisible characters (format
    characters such as U+200B, U+202E, U+2060 and the BOM, controls, fillers). A text field that requires text
    treats such a value as empty. Anything but a str or None is not blank."""
    if value is None:
        return True
    if not isinstance(value, str):
        return False
    return all(_unseen(char) for char in value)


def blank_to_empty(value):
    """'' for a blank str (is_blank), else `value` unchanged: the base form's filter, so that a required field
    refuses invisible-only text and an optional one stores nothing rather than invisible characters."""
    return '' if isinstance(value, str) and value and is_blank(value) else value
