"""What every CSV/XLSX export shares: cells a spreadsheet will not run as formulas, nor refuse."""
from .text import strip_controls

FORMULA_STARTS = ('=', '+', '-', '@', '\t', '\r')


def safe_cell(value):
    """The value, with text that a spreadsheet would read as a formula (= + - @ ...) prefixed by an apostrophe, and
    without the control characters an XLSX file cannot hold (openpyxl refuses them: a text stored before they were
    cleaned on input would break every export)."""
    if isinstance(value, str):
        value = strip_controls(value)
        if value.startswith(FORMULA_STARTS):
            return "'" + value
    return value


def safe_row(values):
    """A row of safe cells."""
    return [safe_cell(v) for v in values]
