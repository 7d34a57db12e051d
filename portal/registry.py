"""How the parts plug into the portal without the portal importing their internals."""


def _list(app, name):
    return app.extensions.setdefault(name, [])


def add_public_link(app, endpoint, title, text, order=50, unit_arg=None):
    """A card on the public home page (survey, complaint, WBS, results), and a chip on each unit page.

    With `unit_arg`, the unit page's chip passes the unit's slug as that query argument (e.g. ?unit=<slug>).
    """
    _list(app, 'public_links').append({'endpoint': endpoint, 'title': title, 'text': text, 'order': order,
                                       'unit_arg': unit_arg})
    app.extensions['public_links'].sort(key=lambda link: link['order'])


def add_staff_nav(app, endpoint, title, roles, order=50):
    """A link on the staff home and menu for the given roles."""
    _list(app, 'staff_nav').append({'endpoint': endpoint, 'title': title, 'roles': tuple(roles), 'order': order})
    app.extensions['staff_nav'].sort(key=lambda link: link['order'])


def add_demo_seeder(app, func):
    """A function(root_unit) that `seed-demo` calls after the units and users exist."""
    _list(app, 'demo_seeders').append(func)


def add_password_change_hook(app, func):
    """A function(user, old_password, new_password) called when a staff user changes their password."""
    _list(app, 'password_change_hooks').append(func)


def add_layanan_action(app, func):
    """A function(unit, layanan) -> {'url', 'label'} or None: a button under each layanan on the public unit page."""
    _list(app, 'layanan_actions').append(func)


def layanan_actions(app, unit, layanan):
    """The actions the parts offer for one layanan."""
    return [a for a in (f(unit, layanan) for f in app.extensions.get('layanan_actions', [])) if a]


def add_setup_check(app, func):
    """A function() -> a message (or None) telling the superadmin, on the staff home, of a step of the set-up a part
    still needs before citizens use it."""
    _list(app, 'setup_checks').append(func)


def setup_warnings(app):
    """The messages of the parts' set-up checks that have something to say."""
    return [m for m in (f() for f in app.extensions.get('setup_checks', [])) if m]


def add_daily_task(app, path):
    """A job (dotted path to a function without arguments) that `flask --app portal daily` runs once a day."""
    _list(app, 'daily_tasks').append(path)
