"""The survei part: registers its blueprint and commands on the app."""


def init_app(app):
    """Register the part (its models so far)."""
    from . import models  # noqa: F401
