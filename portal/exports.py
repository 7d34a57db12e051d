"""What every CSV/XLSX export shares: cells a spreadsheet will not run as formulas."""

FORMULA_STARTS = ('=', '+', '-', '@', '\t', '\r')


def safe_cell(value):
    """The value, with text that a spreadsheet would read as a formula (= + - @ ...) prefixed by an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values):
    """A row of safe cells."""
    return [safe_cell(v) for v in values]
