"""The analytics part: registers its blueprint and commands on the app."""


def init_app(app):
    """Nothing yet: the part plugs in here."""
