"""Public WBS pages: information, the report form with its review step, the receipt, and the reporter's page.

No Flask session, no flash, no IP or user agent: the blueprint is exempt from the session-bound CSRFProtect and uses
the double-submit cookie of cookies.py; every response is no-store and no-referrer (portal.security.no_trace).
"""
import hashlib
import hmac
from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, has_request_context, redirect, render_template, request, url_for
from flask_babel import format_number
from flask_babel import gettext as _
from sqlalchemy import select

from portal import once
from portal.extensions import db, limiter
from portal.i18n import error_text, switching_language
from portal.logs import is_no_trace_path
from portal.markers import N_
from portal.models import Unit, utcnow
from portal.security import no_trace
from portal.uploads import UploadError, inspect, read_storage
from portal.views_util import ONCE_STALE, posted_once

from . import cookies, services
from .forms import ANSWER_FIELDS, ReceiptForm, ReporterMessageForm, ReportForm
from .models import WbsOnceClaim
from .receipt import format_receipt
from .workflow import CATEGORIES, OUTCOMES, STATUSES

bp = Blueprint('wbs', __name__, url_prefix='/wbs')
MAX_FILES = 3  # the upload rule of pengaduan: up to 3 files of 5 MB
FORM_TOO_OLD = N_('Halaman ini dibuka lebih dari %(days)s hari yang lalu atau sebelum aplikasi diperbarui, jadi '
                  'tidak dapat dipastikan laporan ini belum pernah terkirim. Periksa isian Anda, pilih lagi berkas '
                  'bila ada, lalu tekan Kirim sekali lagi.')


def anonymous_key():
    """Rate-limit key: the address under a keyed hash, so no limiter store ever holds an IP.

    The key is a subkey of the instance's WBS secret, the same on every app server, so a limit held in Redis counts
    one visitor across all servers and workers; the limiter keeps the hashed key only for the limit's window.
    """
    key = services.server_key('rate-limit')
    return 'wbs:' + hmac.new(key, (request.remote_addr or '').encode(), hashlib.sha256).hexdigest()[:16]


def language_url(code):
    """The language switch on a public WBS page: the same page with ?lang=<code> (other arguments kept), or None
    elsewhere.

    The portal's switch (/bahasa/<code>?next=...) is a request outside /wbs, which the request log and the proxy
    record with the visitor's address and user agent, and the WBS page in its query; this one never leaves /wbs.
    """
    if not is_no_trace_path(request.path):
        return None
    args = [(k, v) for k, v in request.args.items(multi=True) if k != 'lang'] + [('lang', code)]
    return request.script_root + request.path + '?' + urlencode(args)


def _chosen_language():
    """The language the visitor chose: in the address (?lang=), or with the report form's language button; or None."""
    if not has_request_context():
        return None
    code = switching_language() or request.args.get('lang')
    return code if code in current_app.config['LANGUAGES'] else None


def _failed(response):
    return response.status_code != 302


@bp.before_request
def before():
    """Every WBS page leaves no trace in caches or referrers."""
    no_trace()


@bp.url_defaults
def keep_language(endpoint, values):
    """Every WBS address built while the request carries ?lang= carries it too, so a choice made with the WBS
    language switch holds from page to page (links, form actions, redirects) without a cookie."""
    code = _chosen_language()
    if code and 'lang' not in values:
        values['lang'] = code


@bp.after_request
def after(response):
    """Set or clear the WBS cookies."""
    return cookies.apply(response)


@bp.context_processor
def helpers():
    """Template helpers: the CSRF token, labels, and no staff bar on reporter pages."""
    return {'wbs_csrf': cookies.csrf_token, 'CATEGORIES': CATEGORIES, 'STATUSES': STATUSES, 'OUTCOMES': OUTCOMES,
            'hide_staff_bar': True, 'format_number': format_number, 'chosen_language': _chosen_language}


def _unit_choices():
    units = db.session.scalars(select(Unit).where(Unit.active.is_(True)).order_by(Unit.name)).all()
    return [(0, _('— tidak tahu / lainnya —'))] + [(u.id, u.name) for u in units]


def _clean_files(storages):
    """CleanFiles from the uploaded files (empty inputs skipped); raises UploadError."""
    storages = [f for f in storages if f and f.filename]
    if len(storages) > MAX_FILES:
        raise UploadError(_('Paling banyak %(n)d berkas.', n=MAX_FILES))
    return [inspect(f.filename, read_storage(f, current_app.config['UPLOAD_MAX_BYTES'])) for f in storages]


@bp.route('', strict_slashes=False)
def info():
    """What to report here, how anonymity works and its limits, the reporter's rights, what happens next."""
    return render_template('wbs/info.html')


@bp.route('/lapor', methods=['GET', 'POST'])
@limiter.limit('20 per hour', key_func=anonymous_key, methods=['POST'])
def lapor():
    """Step 1: the answers; step 2: review, attach evidence and send. Answers travel in the form, never stored."""
    form = ReportForm()
    form.terlapor_unit.choices = _unit_choices()
    if request.method == 'GET':
        return render_template('wbs/lapor.html', form=form)
    if not cookies.csrf_valid() and cookies.just_filed():
        # a reload (or Back and Send again) of a form whose report was sent: never a second report
        held = cookies.held_receipt() is not None
        return redirect(url_for('wbs.tanda_terima' if held else 'wbs.laporan', ulang=1), code=303)
    cookies.check_csrf()
    if switching_language():  # the form's language button: the answers so far, in the other language
        return render_template('wbs/lapor.html', form=form)
    action = request.form.get('aksi')
    if action == 'ubah':
        return render_template('wbs/lapor.html', form=form)
    if not form.validate():
        return render_template('wbs/lapor.html', form=form), 422
    # the unit chosen, or what the reporter wrote for "other"; none when neither: the list's "don't know" line is
    # for choosing, not for reading back
    unit_name = dict(form.terlapor_unit.choices).get(form.terlapor_unit.data) if form.terlapor_unit.data else None
    if action != 'kirim':
        return render_template('wbs/tinjau.html', form=form, fields=ANSWER_FIELDS, unit_name=unit_name)
    token, today = request.form.get(once.FIELD, ''), utcnow().date()
    if once.state(token, today) != once.FRESH:  # older than once.KEEP_DAYS, from before the check, forged
        return render_template('wbs/tinjau.html', form=form, fields=ANSWER_FIELDS, unit_name=unit_name,
                               file_error=_(FORM_TOO_OLD, days=once.KEEP_DAYS)), 422
    try:
        files = _clean_files(request.files.getlist('lampiran'))
    except UploadError as exc:
        return render_template('wbs/tinjau.html', form=form, fields=ANSWER_FIELDS, unit_name=unit_name,
                               file_error=error_text(exc)), 422
    receipt = services.form_receipt(cookies.browser_secret(), token)
    if not once.claim(db.session, WbsOnceClaim, 'wbs.lapor', token, today):
        return _sent_before(receipt)
    answers = form.answers()
    report, receipt, private = services.submit_report(answers, form.kategori.data, answers['terlapor_unit'], files,
                                                      receipt=receipt)
    db.session.commit()
    return _receipt_page(report, private, receipt)  # a reload or a language switch shows it again


def _receipt_page(report, private, receipt, **args):
    """To the receipt page of a report sent from this browser: a fresh CSRF cookie (the sent form no longer
    validates), the reporter's session, and the receipt held in its encrypted cookie."""
    cookies.rotate_csrf()
    cookies.start_reporter_session(report, private, filed=True)
    cookies.hold_receipt(report, receipt)
    return redirect(url_for('wbs.tanda_terima', **args), code=303)


def _sent_before(receipt):
    """The answer to a report form sent again before this browser had the first sending's answer: a double click, or
    "send" pressed again after the answer was lost on a slow network. Nothing is filed twice; the first sending's
    report opens with the receipt the same form and browser give (services.form_receipt), which is shown as if the
    first answer had arrived. The same form from another browser opens nothing: it is sent to the receipt login."""
    db.session.rollback()
    found = services.open_with_receipt(receipt)
    if found is None:
        return redirect(url_for('wbs.masuk', sudah=1), code=303)
    return _receipt_page(*found, receipt, ulang=1)


@bp.route('/tanda-terima', methods=['GET', 'POST'])
def tanda_terima():
    """The receipt, shown while this browser holds it (WBS_RECEIPT_HOLD_MINUTES after sending at most) and until the
    reporter says it is written down; then this page sends them to their report."""
    if request.method == 'POST':
        cookies.check_csrf()
        cookies.forget_receipt()
        return redirect(url_for('wbs.laporan'), code=303)
    held = cookies.held_receipt()
    if held is None:
        return redirect(url_for('wbs.laporan', tanda=1), code=303)
    cookies.reporter()  # keep the session of the report just sent alive while its receipt page is reloaded
    report, receipt = held
    minutes = int(current_app.config.get('WBS_RECEIPT_HOLD_MINUTES', 30))
    return render_template('wbs/tanda_terima.html', report=report, receipt=format_receipt(receipt), minutes=minutes,
                           again=request.args.get('ulang') == '1')


@bp.route('/masuk', methods=['GET', 'POST'])
@limiter.limit('5 per minute;20 per hour', key_func=anonymous_key, methods=['POST'], deduct_when=_failed)
@limiter.limit('120 per minute', key_func=lambda: 'wbs:masuk:semua', methods=['POST'], deduct_when=_failed)
def masuk():
    """Open a report with its receipt; a wrong receipt and an unknown report get the very same answer."""
    form = ReceiptForm()
    failed = False
    if request.method == 'POST':
        cookies.check_csrf()
        found = services.open_with_receipt(form.tanda_terima.data or '')
        if found:
            if services.adopt_orphan(*found):
                db.session.commit()
            cookies.rotate_csrf()
            cookies.start_reporter_session(*found)
            return redirect(url_for('wbs.laporan'), code=302)
        failed = True
        form.tanda_terima.data = ''
    return render_template('wbs/masuk.html', form=form, failed=failed, expired=request.args.get('habis') == '1',
                           sent_before=request.args.get('sudah') == '1'), 401 if failed else 200


def _reporter_or_redirect():
    found = cookies.reporter()
    if found is None:
        return None, redirect(url_for('wbs.masuk', habis=1), code=303)
    return found, None


@bp.route('/laporan', methods=['GET', 'POST'])
@limiter.limit('30 per hour', key_func=anonymous_key, methods=['POST'])
def laporan():
    """The reporter's page: status, messages both ways, adding a message or evidence, once per form (portal.once,
    claimed in the reporter's own table, WbsOnceClaim: the same message sent twice is stored once)."""
    found, away = _reporter_or_redirect()
    if away:
        return away
    report, private = found
    form = ReporterMessageForm()
    error = None
    if request.method == 'POST':
        cookies.check_csrf()
        posted = posted_once()
        text = (form.pesan.data or '').strip()
        try:
            files = _clean_files(request.files.getlist('lampiran')) if form.validate() else None
        except UploadError as exc:
            files, error = None, error_text(exc)
        if files is None and error is None:
            error = _('Periksa kembali pesan Anda.')
        elif files is not None and not text and not files:
            error = _('Tulis pesan atau pilih berkas.')
        elif posted.stale:
            error = str(ONCE_STALE)
        if error is None:
            if not posted.claim('wbs.pelapor', WbsOnceClaim):
                return redirect(url_for('wbs.laporan', sudah=1), code=303)  # where the first one went; no flash here
            if text:
                services.add_message(report, 'pelapor', text)
            if files:
                services.add_files(report, files, from_reporter=True)
            db.session.commit()
            return redirect(url_for('wbs.laporan', terkirim=1), code=303)
    return render_template('wbs/laporan.html', report=report, form=form, error=error,
                           content=services.read_content(report, private),
                           messages=services.read_messages(report, private),
                           files=services.read_files(report, private), sent=request.args.get('terkirim') == '1',
                           again=request.args.get('ulang') == '1', receipt_gone=request.args.get('tanda') == '1',
                           replayed=request.args.get('sudah') == '1'), 422 if error else 200


@bp.route('/laporan/bukti')
def bukti():
    """Download the signed proof of filing."""
    found, away = _reporter_or_redirect()
    if away:
        return away
    report, private = found
    return Response(services.statement_for(report, private), mimetype='text/plain',
                    headers={'Content-Disposition': f'attachment; filename="bukti-{report.number}.txt"'})


@bp.route('/keluar', methods=['POST'])
def keluar():
    """End the reporter's session on this browser."""
    cookies.check_csrf()
    cookies.end_reporter_session()
    return redirect(url_for('wbs.info'), code=303)
