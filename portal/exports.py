"""What every CSV/XLSX export shares: cells a spreadsheet will not run as formulas, nor refuse.

A CSV cell can only be defused by changing its text (a leading apostrophe: safe_cell). An XLSX cell can say what it
is: xlsx_row stores such text as it was typed, as a text cell with Excel's "quotePrefix" style (the apostrophe shows
only in the edit bar, and editing the cell keeps it text)."""
from decimal import Decimal

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


def _is_number(value):
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def xlsx_row(ws, values, formats=None):
    """A row for ws.append() on an openpyxl write-only sheet: text without control characters; text a spreadsheet
    would read as a formula kept intact as a quotePrefix text cell (never a formula); a number in column i with the
    number format formats[i] when given ('0.0000', '0.00', ...)."""
    from openpyxl.cell import WriteOnlyCell
    formats = formats or {}
    out = []
    for i, value in enumerate(values):
        value = strip_controls(value)
        if isinstance(value, str) and value.startswith(FORMULA_STARTS):
            cell = WriteOnlyCell(ws, value=value)
            cell.data_type = 's'  # openpyxl reads a leading '=' as a formula: it is text
            cell.quotePrefix = True
            out.append(cell)
        elif i in formats and _is_number(value):
            cell = WriteOnlyCell(ws, value=value)
            cell.number_format = formats[i]
            out.append(cell)
        else:
            out.append(value)
    return out
