"""The citizen's pages: the survey list, the one-page form at /survei/<unit>/<layanan>, the thank-you page."""
import re
import secrets
from urllib.parse import urlencode

from flask import Blueprint, abort, current_app, redirect, render_template, request, session, url_for
from flask_wtf.csrf import generate_csrf
from sqlalchemy import select

from portal import addresses, pagecache
from portal.extensions import db, limiter
from portal.i18n import switching_language
from portal.models import Layanan, Unit

from . import rules, services
from .models import UNSUR
from .util import done_cookie_value, local_today, read_done_cookie, seconds_since_opened, sign_opened

bp = Blueprint('survei', __name__, url_prefix='/survei')
TOKEN_RE = re.compile(r'^[A-Za-z0-9_-]{16,64}$')
DONE_COOKIE = 'survei_selesai'


@bp.route('/')
def index():
    """Every unit's layanan, for a citizen who has no QR at hand (kept by portal.pagecache)."""
    return pagecache.page(_index)


def _index():
    units = db.session.scalars(select(Unit).where(Unit.active.is_(True)).order_by(Unit.parent_id.isnot(None),
                                                                                  Unit.name)).all()
    layanan = db.session.scalars(select(Layanan).where(Layanan.active.is_(True)).order_by(Layanan.name)).all()
    by_unit = {}
    for item in layanan:
        by_unit.setdefault(item.unit_id, []).append(item)
    return render_template('survei/index.html', units=[u for u in units if u.id in by_unit], by_unit=by_unit)


def _page_or_404(unit_slug, layanan_slug):
    found = services.find_layanan_cached(unit_slug, layanan_slug)
    if found is not None:
        return found
    # A poster printed before a slug changed (portal.addresses): a GET goes on to the current address (302, not a
    # cached 301: the old slug may become current again), a form posted from a page opened before is taken as is.
    current = addresses.layanan_by_alias(unit_slug, layanan_slug)
    if current is not None:
        found = services.find_layanan_cached(current.unit.slug, current.slug)
    if found is None:
        abort(404)
    if request.method != 'POST':
        path = url_for(request.endpoint, **dict(request.view_args, unit_slug=found.unit.slug,
                                                 layanan_slug=found.layanan.slug))
        query = request.query_string.decode('ascii', 'replace')
        abort(redirect(path + (f'?{query}' if query else ''), code=302))
    return found


def _render(unit, layanan, page, form, errors, token, status=200, csrf=None, opened=None):
    return render_template('survei/form.html', unit=unit, layanan=layanan, page=page, form=form, errors=errors,
                           csrf=csrf or generate_csrf(),
                           token=token, opened=opened or form.get('opened') or sign_opened(), today=local_today(),
                           education=rules.EDUCATION, occupation=rules.OCCUPATION, genders=rules.GENDERS), status


# The form as a citizen first sees it is the same page for everyone but for three hidden values: the CSRF token,
# the idempotency token and the signed opening time. It is rendered with a random mark in each slot and kept by
# portal.pagecache (never for a visitor with something of their own on the page); each request puts its own values
# in. The key holds the unit and layanan as resolved (value objects with their names), so a rename picked up by the
# 5 s survey-URL memory makes a new page at once, besides the versions shown and the day.
_SLOTS = {name: f'slot-{secrets.token_hex(12)}-{name}' for name in ('csrf', 'token', 'opened')}
_SLOT_RE = re.compile(f'({"|".join(_SLOTS.values())})')
_SLOT_NAMES = {mark: name for name, mark in _SLOTS.items()}


def _fresh_form(target, page, today):
    def pieces():
        html, _status = _render(target.unit, target.layanan, page, {'service_date': today.isoformat()}, {},
                                _SLOTS['token'], csrf=_SLOTS['csrf'], opened=_SLOTS['opened'])
        return [_SLOT_NAMES.get(p, p) for p in _SLOT_RE.split(html)]

    # pieces alternate: text, slot name, text, ..., text. The values are URL-safe: nothing in them needs escaping.
    values = {'csrf': generate_csrf(), 'token': secrets.token_urlsafe(24), 'opened': sign_opened()}
    return ''.join(values[p] if i % 2 else p
                   for i, p in enumerate(pagecache.page(pieces, page.key, target.unit, target.layanan, today)))


def complaint_url(unit, layanan):
    """The pengaduan form with unit and layanan filled in (the pengaduan part reads these parameters)."""
    return '/pengaduan/baru?' + urlencode({'unit': unit.slug, 'layanan': layanan.slug})


def _open(unit_slug, layanan_slug):
    """What a survey URL shows today, and the layanan this browser already answered today."""
    target = _page_or_404(unit_slug, layanan_slug)
    today = local_today()
    return target, services.survey_page(target), today, read_done_cookie(request.cookies.get(DONE_COOKIE), today)


# One address, two views: the rate limit is the POST's alone, so a GET does not pay for evaluating it.
@bp.get('/<unit_slug>/<layanan_slug>')
def form(unit_slug, layanan_slug):
    """The one-page survey: IKM, the perception items the layanan runs, the profile, an optional saran."""
    target, page, today, done = _open(unit_slug, layanan_slug)
    if target.layanan.id in done:
        return render_template('survei/done.html', unit=target.unit, layanan=target.layanan)
    return _fresh_form(target, page, today)


@bp.post('/<unit_slug>/<layanan_slug>')
@limiter.limit(lambda: current_app.config['SURVEI_RATE_LIMIT'])  # default: rules.RATE_LIMIT (survei.init_app)
def submit(unit_slug, layanan_slug):
    """A citizen's answers: stored once (whatever the retries), then the thank-you page."""
    target, page, today, done = _open(unit_slug, layanan_slug)
    unit, layanan = target.unit, target.layanan
    token = request.form.get('token', '')
    if not TOKEN_RE.match(token):
        token = secrets.token_urlsafe(24)
    if switching_language():  # the form's language button: the same answers, in the other language, nothing stored
        return _render(unit, layanan, page, request.form, {}, token)
    if layanan.id in done:
        existing = services.by_token(token)
        if existing is not None:  # a retry after the first one was stored and its cookie arrived
            return _thanks_redirect(unit, layanan, rules.any_low(getattr(existing, u) for u in UNSUR), done, today)
        return render_template('survei/done.html', unit=unit, layanan=layanan), 409
    if request.form.get('versi') != page.mark:
        # An admin saved new perception questions while this form was open (or another server still showed the old
        # ones): the same codes now ask other questions. Store nothing; show the current questions, keeping the IKM
        # answers and the profile, which mean what they meant.
        kept = {key: value for key, value in request.form.items() if not key.startswith(('ipkp', 'ipak'))}
        return _render(unit, layanan, page, kept, {'versi': rules.QUESTIONS_CHANGED}, token, status=409)
    values, errors = rules.validate_submission(request.form, page.codes, today)
    if errors:
        return _render(unit, layanan, page, request.form, errors, token, status=422)
    burst_max = int(current_app.config.get('SURVEI_BURST_MAX', rules.BURST_MAX))
    flags = rules.flag_reasons(seconds_since_opened(request.form.get('opened')),
                               services.recent_online_count(layanan.id, cap=burst_max),
                               bool(request.form.get('website')), burst_max=burst_max)
    # A double tap or a retry of a stored response inserts nothing: the unique token turns it away, and the
    # citizen gets the same thank-you page.
    services.submit(target, page, values, token, flags)
    return _thanks_redirect(unit, layanan, rules.any_low(values['answers'][u] for u in UNSUR), done, today)


def _thanks_redirect(unit, layanan, low, done, today):
    session['survei_rendah'] = {'l': layanan.id, 'low': low}
    target = redirect(url_for('survei.thanks', unit_slug=unit.slug, layanan_slug=layanan.slug), code=303)
    target.set_cookie(DONE_COOKIE, done_cookie_value(done | {layanan.id}, today), max_age=86400, httponly=True,
                      samesite='Lax', secure=current_app.config['SESSION_COOKIE_SECURE'],
                      path='/survei/')
    return target


@bp.route('/<unit_slug>/<layanan_slug>/terima-kasih')
def thanks(unit_slug, layanan_slug):
    """Thanks; when an unsur was answered 1 or 2, an offer to file a complaint about this layanan."""
    target = _page_or_404(unit_slug, layanan_slug)
    unit, layanan = target.unit, target.layanan
    info = session.get('survei_rendah') or {}
    low = info.get('l') == layanan.id and info.get('low')
    return render_template('survei/thanks.html', unit=unit, layanan=layanan, low=low,
                           complaint_url=complaint_url(unit, layanan))
