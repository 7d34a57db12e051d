"""Plain text as the portal keeps it: no control characters but tab and line breaks."""
import re

# the C0 control characters but tab, line feed and carriage return, and DEL: what plain text never holds
CONTROLS = re.compile('[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]')
_INVISIBLE = re.compile('[\x00-\x08\x0e-\x1f\x7f]')
_BREAKS = re.compile('[\x0b\x0c]')


def strip_controls(value):
    """`value` without C0 control characters (and DEL) other than tab, line feed and carriage return: a vertical tab
    or form feed becomes a line break, anything else goes. They carry nothing a reader sees, and XLSX cannot hold
    them. Anything but a str is returned as it is."""
    if not isinstance(value, str):
        return value
    return _INVISIBLE.sub('', _BREAKS.sub('\n', value))
