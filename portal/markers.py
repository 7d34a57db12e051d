"""A marker for labels kept in plain modules (no Flask): pybabel extracts them (-k N_), templates translate them."""


def N_(text):  # noqa: N802 - the conventional name of gettext's no-op marker
    """Mark a label for translation and return it unchanged; show it with _() in the template."""
    return text
