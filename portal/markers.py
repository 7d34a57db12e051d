"""A marker for texts kept in plain modules (no Flask): pybabel extracts them (-k N_), templates translate them."""


class Text(str):
    """An Indonesian text from a plain module that can still be translated when shown: it reads as the formatted
    Indonesian text, and keeps its message id and values for the `tr` template filter."""

    __slots__ = ('msgid', 'values')

    def __new__(cls, msgid, values):
        text = super().__new__(cls, msgid % values if values else msgid)
        text.msgid, text.values = msgid, values
        return text

    def __reduce__(self):  # pickled (an RQ job's argument) as what it was made from
        return Text, (self.msgid, self.values)


def N_(text, **values):  # noqa: N802 - the conventional name of gettext's no-op marker
    """Mark a text for translation, with its %(name)s values; returns it in Indonesian. Show it with `|tr` (or `_()`
    when it has no values) in a template."""
    return Text(text, values)
