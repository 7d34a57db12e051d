"""Public pages whose URLs are printed on posters: /, /unit/<slug>, /healthz, the language switch."""
from flask import Blueprint, current_app, redirect, render_template, request, url_for
from sqlalchemy import select, text

from . import pagecache
from .extensions import db
from .i18n import remember_language
from .jobs import backend_health
from .models import Layanan, Unit
from .security import local_path
from .views_util import active_unit_or_404

bp = Blueprint('public', __name__)


def public_links():
    """Links the parts register for the home page (survey, complaint, WBS, results), in registration order."""
    return [link for link in current_app.extensions.get('public_links', []) if link['endpoint'] in
            current_app.view_functions]


def _home():
    units = db.session.scalars(select(Unit).where(Unit.active.is_(True)).order_by(Unit.name)).all()
    ids = {u.id for u in units}
    children = {}
    for u in units:  # one query for the whole tree; a unit under an inactive parent shows as a root
        children.setdefault(u.parent_id if u.parent_id in ids else None, []).append(u)
    return render_template('portal/home.html', roots=children.get(None, []), children=children,
                           links=public_links())


@bp.route('/')
def home():
    """What the office offers, and every unit's page (kept by portal.pagecache)."""
    return pagecache.page(_home)


@bp.route('/unit/<slug>')
def unit_page(slug):
    """A unit's layanan with their standar pelayanan, and its maklumat pelayanan (kept by portal.pagecache)."""
    return pagecache.page(lambda: _unit_page(slug))


def _unit_page(slug):
    unit = active_unit_or_404(slug, lambda current: url_for('public.unit_page', slug=current))
    layanan = db.session.scalars(select(Layanan).where(Layanan.unit_id == unit.id, Layanan.active.is_(True))
                                 .order_by(Layanan.name)).all()
    children = [c for c in unit.children if c.active]
    return render_template('portal/unit.html', unit=unit, layanan=layanan, children=children, links=public_links())


@bp.route('/healthz')
def healthz():
    """503 when the database does not answer. Otherwise 200: "ok", or "degraded" when REDIS_URL is set and Redis does
    not answer, or no RQ worker takes the queue (emails and PDF reports wait). A degraded server still serves every
    request (rate limits in each process's memory and jobs inline while Redis is away: portal.redisconn); a load
    balancer must not take it out: every server shares the one Redis and the one queue."""
    try:
        db.session.execute(text('SELECT 1'))
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        db.session.rollback()
        return {'status': 'error', 'database': 'unreachable'}, 503
    body = {'status': 'ok', 'database': 'ok'}
    redis_state, queue = backend_health()
    if redis_state is not None:
        body['redis'] = redis_state
        if queue is not None:
            body['queue'] = {key: queue[key] for key in ('workers', 'queued', 'oldest_seconds')}
        if queue is None or not queue['ok']:
            body['status'] = 'degraded'
    return body


@bp.route('/bahasa/<code>')
def set_language(code):
    """Remember the chosen language in a cookie and go back to a local page."""
    target = local_path(request.args.get('next'), url_for('public.home'))
    if code in current_app.config['LANGUAGES'] and target.split('?')[0].startswith('/wbs'):
        # The whistleblowing pages set no cookie before a receipt login: the choice rides in the address instead.
        return redirect(target + ('&' if '?' in target else '?') + f'lang={code}')
    response = redirect(target)
    if code in current_app.config['LANGUAGES']:
        remember_language(response, code)
    return response
