"""Public pages rendered once per process and served again for a few seconds.

A citizen's page (the home page, a unit's page, a survey form) is the same for every anonymous visitor who reads
it in the same language at the same address, and it changes only when staff change what it shows. Rendering it
costs several times what serving it does, so each process keeps what it rendered for PAGE_MAX_AGE seconds.

- A visitor with something of their own on the page (a signed-in staff member, a message waiting to be shown)
  always gets a fresh render, and it is not kept.
- A change written in this process (any flush) forgets every page at once; the other processes show it within
  PAGE_MAX_AGE seconds, as they do for the survey URLs they remember (`survei.services.TARGET_MAX_AGE`).
- Per-visitor values (a CSRF token, say) must not be rendered into a kept page: render marks instead and fill
  them in on every request, as the survey form does.
"""
import time

from flask import current_app, request, session
from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy import event
from sqlalchemy.orm import Session

PAGE_MAX_AGE = 5.0  # seconds
MAX_PAGES = 512  # pages of about 4-15 KB: at most ~8 MB per process, even under a scan of made-up addresses
_PAGES = {}  # key -> (monotonic time it expires, what render() returned)


def visitor_owns_nothing():
    """True when the page would hold nothing of this visitor's own: nobody signed in, no message waiting."""
    return not current_user.is_authenticated and '_flashes' not in session


def page(render, *key, now=None):
    """What `render()` returns for this request, kept and served again for PAGE_MAX_AGE seconds to every
    anonymous visitor asking for the same address in the same language. `key` adds whatever else the page depends
    on (the questionnaire versions shown, the day)."""
    if request.method != 'GET' or not visitor_owns_nothing():
        return render()
    now = time.monotonic() if now is None else now
    full_key = (id(current_app._get_current_object()), str(get_locale()), request.full_path, *key)
    hit = _PAGES.get(full_key)
    if hit is not None and now < hit[0]:
        return hit[1]
    rendered = render()
    if len(_PAGES) >= MAX_PAGES:
        _PAGES.clear()
    _PAGES[full_key] = (now + PAGE_MAX_AGE, rendered)
    return rendered


def forget_pages():
    """Drop every page this process keeps."""
    _PAGES.clear()


@event.listens_for(Session, 'before_flush')
def _forget_on_change(session, _context, _instances):
    if session.new or session.dirty or session.deleted:
        forget_pages()
