"""Public pages: file a complaint (/pengaduan/baru), see the tracking code, follow and answer (/pengaduan/lacak)."""
import time

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from portal import addresses
from portal.extensions import db, limiter
from portal.i18n import error_text, switching_language
from portal.ids import parse_id
from portal.mail import mail_configured
from portal.models import Layanan, Unit
from portal.operations import ValidationError
from portal.security import no_trace
from portal.text import is_blank
from portal.uploads import UploadError, inspect, read_storage
from portal.views_util import ONCE_STALE, posted_once, replayed

from . import codes, services
from .forms import ComplainantActionForm, ComplaintForm, TrackForm
from .models import CATEGORIES, KINDS, PRIVACY
from .workflow import COMPLAINANT, STATES, WorkflowError

bp = Blueprint('pengaduan', __name__, url_prefix='/pengaduan')


@bp.context_processor
def _labels():
    return {'privacy_labels': PRIVACY, 'note_parts': services.note_parts}


def _submit_limit():
    return current_app.config.get('PENGADUAN_SUBMIT_LIMIT', '10 per minute;40 per hour')


def _track_limit():
    return current_app.config.get('PENGADUAN_TRACK_LIMIT', '20 per minute;120 per hour')


def _units():
    units = db.session.scalars(select(Unit).where(Unit.active.is_(True)).order_by(Unit.parent_id.is_not(None),
                                                                                  Unit.name)).all()
    layanan = db.session.scalars(select(Layanan).where(Layanan.active.is_(True)).order_by(Layanan.name)).all()
    by_unit = {}
    for item in layanan:
        by_unit.setdefault(item.unit_id, []).append(item)
    return units, by_unit


def _root_unit(units):
    roots = [u for u in units if u.parent_id is None]
    return roots[0] if roots else None


def _read_files(form, fields):
    """Inspect every attached file; on a refusal put the message on its field and return None."""
    files, refused = [], False
    for name in fields:
        storage = form[name].data
        if not storage or not getattr(storage, 'filename', ''):
            continue
        try:
            files.append(inspect(storage.filename, read_storage(storage, current_app.config['UPLOAD_MAX_BYTES']),
                                 max_bytes=current_app.config['UPLOAD_MAX_BYTES'],
                                 max_pixels=current_app.config['UPLOAD_MAX_PIXELS']))
        except UploadError as exc:
            form[name].errors = [error_text(exc) + ' ' + _('Isian lain tetap tersimpan di formulir; pilih ulang berkas '
                                                           'lampiran.')]
            refused = True
    return None if refused else files


def _resolve_unit(form, units):
    """The (unit_id, layanan_id) pair the form names, checked together; errors go on the fields."""
    unit_ids = {str(u.id): u for u in units}
    unit = unit_ids.get(form.unit.data or '')
    if form.unit.data and unit is None:
        form.unit.errors = [_('Unit tidak dikenal.')]
        return None
    layanan = None
    if form.layanan.data:
        layanan = db.session.get(Layanan, layanan_id) if (layanan_id := parse_id(form.layanan.data)) else None
        if layanan is None or not layanan.active:
            form.layanan.errors = [_('Layanan tidak dikenal.')]
            return None
        if unit is None:
            unit = layanan.unit
        elif layanan.unit_id != unit.id:
            form.layanan.errors = [_('Layanan ini bukan layanan unit yang dipilih. Pilih layanan dari kelompok unit '
                                     'tersebut, atau "Tidak tahu".')]
            return None
    unit = unit or _root_unit(units)
    if unit is None:
        form.unit.errors = [_('Belum ada unit terdaftar.')]
        return None
    return unit.id, layanan.id if layanan else None


@bp.route('/baru', methods=['GET', 'POST'])
@limiter.limit(_submit_limit, methods=['POST'])
def new():
    """The public complaint form, optionally prefilled from ?unit=<slug>&layanan=<slug>."""
    form = ComplaintForm()
    units, layanan_by_unit = _units()
    if request.method == 'GET':
        # a link made before a slug changed still fills the form in (portal.addresses)
        unit_slug, layanan_slug = addresses.current_slugs(request.args.get('unit'), request.args.get('layanan'))
        unit = next((u for u in units if u.slug == unit_slug), None)
        if unit is not None:
            form.unit.data = str(unit.id)
            item = next((li for li in layanan_by_unit.get(unit.id, []) if li.slug == layanan_slug), None)
            form.layanan.data = str(item.id) if item else ''
    status = 200
    switching = switching_language()  # the form's language button: what was entered comes back in the other language
    if request.method == 'POST' and not switching:
        if form.privacy.data in ('anonim', 'rahasia'):
            no_trace()  # the request log keeps no address or browser beside the time of this filing
        if form.website.data:
            abort(400)  # the honeypot was filled: a robot
        valid = form.validate_on_submit()
        pair = _resolve_unit(form, units)
        files = _read_files(form, ('lampiran1', 'lampiran2', 'lampiran3'))
        if valid and pair is not None and files is not None:
            sub = services.Submission(
                kind=form.kind.data, category=form.category.data, unit_id=pair[0], layanan_id=pair[1],
                title=form.title.data, text=form.text.data, place=form.place.data, event_date=form.event_date.data,
                terlapor=form.terlapor.data, privacy=form.privacy.data, name=(form.name.data or '').strip(),
                email=(form.email.data or '').strip().lower(), phone=(form.phone.data or '').strip(),
                consent=form.consent.data, files=files)
            try:
                complaint, code, filed_now = services.submit_once(sub, form.token.data)
            except ValidationError as exc:
                db.session.rollback()
                flash(error_text(exc), 'error')
            else:
                db.session.commit()
                session['pengaduan_kode'] = {'sandi': codes.seal_for_browser(code, current_app.secret_key),
                                             'email': bool(complaint.email), 'sejak': int(time.time()),
                                             'ulang': not filed_now}
                return redirect(url_for('pengaduan.sent'))
        status = 400
        current_app.logger.debug('pengaduan form refused: %s', form.errors)
    dropped = bool(switching) and any(f.filename for f in request.files.values())
    return render_template('pengaduan/form.html', form=form, units=units, layanan_by_unit=layanan_by_unit,
                           root=_root_unit(units), files_dropped=dropped,
                           retention_days=services.retention_days()), status


# The thank-you page shows the tracking code for this long after filing, so a reload or the language switch does not
# lose it; then the session forgets it.
SENT_SHOWN_SECONDS = 10 * 60


@bp.route('/terkirim')
def sent():
    """The tracking code, shown after filing (for SENT_SHOWN_SECONDS, in this browser only)."""
    no_trace()
    held = session.get('pengaduan_kode')
    if isinstance(held, str):  # a session from before the code was held (a deploy in between): held from now
        held = {'kode': held, 'email': session.pop('pengaduan_email', False), 'sejak': int(time.time())}
        session['pengaduan_kode'] = held
    if not isinstance(held, dict) or not 0 <= time.time() - held.get('sejak', 0) < SENT_SHOWN_SECONDS:
        session.pop('pengaduan_kode', None)
        return redirect(url_for('pengaduan.track'))
    # 'kode' in plain text: a session from the version before the code was sealed (a deploy in between)
    code = codes.unseal_for_browser(held['sandi'], current_app.secret_key) if 'sandi' in held else held.get('kode')
    if not code:  # sealed under another secret key (the key was changed): nothing to show
        session.pop('pengaduan_kode', None)
        return redirect(url_for('pengaduan.track'))
    return render_template('pengaduan/sent.html', code=codes.display(code), raw=code,
                           emailed=held.get('email') and mail_configured(), again=held.get('ulang', False))


def _show(complaint, code):
    events = [e for e in complaint.events if e.public]
    return render_template('pengaduan/status.html', c=complaint, code=codes.display(code), raw=code, events=events,
                           states=STATES, kinds=KINDS, categories=CATEGORIES, form=ComplainantActionForm())


def _track_error(typed):
    """What to tell a visitor whose code found nothing: what is wrong with what they typed, as far as it shows."""
    problem = codes.problem(typed)
    if problem == 'panjang':
        return _('Kode terdiri dari 12 huruf/angka; yang Anda ketik %(n)d. Periksa kembali kode Anda.',
                 n=len(codes.normalize_loosely(typed)))
    if problem == 'simbol':
        return _('Kode hanya memuat angka 0-9 dan huruf A-Z (tanpa U). Periksa kembali kode Anda.')
    if problem == 'cek':
        return _('Ada huruf atau angka yang salah ketik, atau dua yang tertukar. Periksa kembali kode Anda.')
    return _('Kode tidak ditemukan. Periksa kembali kode Anda.')


@bp.route('/lacak', methods=['GET', 'POST'])
@limiter.shared_limit(_track_limit, scope='pengaduan-lacak', methods=['POST'])
def track():
    """Enter a tracking code (POST keeps the code out of the address bar)."""
    no_trace()
    form = TrackForm()
    if switching_language() and not (form.kode.data or '').strip():
        return render_template('pengaduan/track.html', form=form)  # nothing typed yet: no error to show
    if form.validate_on_submit():
        code = codes.normalize(form.kode.data)
        complaint = services.find_by_code(code) if code else None
        if complaint is not None:
            return _show(complaint, code)
        form.kode.errors = [_track_error(form.kode.data)]
        return render_template('pengaduan/track.html', form=form), 404
    return render_template('pengaduan/track.html', form=form)


@bp.route('/lacak/<kode>')
@limiter.shared_limit(_track_limit, scope='pengaduan-lacak')
def track_code(kode):
    """The tracking page of one code (the link on the thank-you page)."""
    no_trace()
    code = codes.normalize(kode)
    complaint = services.find_by_code(code) if code else None
    if complaint is None:
        abort(404)
    return _show(complaint, code)


@bp.route('/lacak/tindakan', methods=['POST'])
@limiter.shared_limit(_track_limit, scope='pengaduan-lacak')
def act():
    """The complainant answers: adds information, accepts or contests the follow-up, rates the handling; once per
    form (portal.once: the same answer sent twice says it was stored and stores nothing more)."""
    no_trace()
    form = ComplainantActionForm()
    if not form.validate_on_submit():
        abort(400)
    code = codes.normalize(form.kode.data)
    complaint = services.find_by_code(code) if code else None
    if complaint is None:
        abort(404)
    posted = posted_once()
    back = url_for('pengaduan.track_code', kode=code)
    if posted.stale:
        flash(str(ONCE_STALE), 'error')
        return redirect(back)
    action = form.aksi.data
    if action not in ('nilai', 'lengkapi_informasi', 'terima', 'bantah'):
        abort(400)
    try:
        if not posted.claim('pengaduan.tindakan'):
            return replayed(back)
        if action == 'nilai':
            services.rate(complaint, int(form.rating.data or 0), form.note.data)
            message = _('Terima kasih atas penilaian Anda.')
        elif action in ('lengkapi_informasi', 'bantah') and is_blank(form.note.data):
            raise ValidationError(_('Tuliskan informasi tambahan yang diminta petugas, lalu kirim lagi.')
                                  if action == 'lengkapi_informasi' else
                                  _('Tuliskan mengapa pengaduan Anda belum selesai, lalu kirim lagi.'))
        else:
            files = []
            if action == 'lengkapi_informasi':
                files = _read_files(form, ('lampiran1',))
                if files is None:
                    raise ValidationError(form.lampiran1.errors[0])
            services.transition(complaint, action, actor_kind=COMPLAINANT, note=form.note.data, files=files)
            message = {'lengkapi_informasi': _('Informasi tambahan terkirim.'),
                       'terima': _('Terima kasih. Pengaduan Anda dinyatakan selesai.'),
                       'bantah': _('Tanggapan Anda terkirim. Pengaduan dibuka kembali.')}[action]
    except (WorkflowError, ValidationError) as exc:
        db.session.rollback()
        flash(error_text(exc), 'error')
    else:
        db.session.commit()
        flash(message, 'success')
    return redirect(back)
