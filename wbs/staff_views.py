"""The WBS team's pages under /staf/wbs: tim_wbs only, TOTP + password to unlock the member's key, all audited.

The unlocked private key is kept for the session in the Flask session cookie, encrypted (SecretBox) under a server
subkey, bound to the user, their session version and their sign-in time, and dropped after WBS_MEMBER_IDLE_MINUTES
without activity: neither the cookie alone nor the server's disk alone holds it.
"""
import base64
import io
import time
from functools import wraps

import pyotp
import qrcode
import qrcode.image.svg
from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import format_number
from flask_babel import gettext as _
from flask_login import current_user
from nacl.public import PrivateKey
from sqlalchemy import false, select

from portal import audit
from portal.access import roles_required
from portal.extensions import db, limiter
from portal.i18n import error_text
from portal.ids import parse_id
from portal.models import User
from portal.security import no_trace
from portal.views_util import ONCE_STALE, commit_or_flash, confirmed, posted_once, replayed, shown_status

from . import services
from .forms import FactorsForm, MemberForm, RecoverForm, StatusForm, TextForm, UndoExclusionForm, VerifyForm
from .models import WbsExclusion, WbsFile, WbsMember, WbsReport
from .workflow import CATEGORIES, DESTINATIONS, OUTCOMES, STATUSES, TRANSITIONS, WorkflowError, suggests_kpk

bp = Blueprint('wbs_staff', __name__, url_prefix='/staf/wbs')
UNLOCK = 'wbs_unlock'


@bp.before_request
def guard():
    """Nothing here is cached or sent as a referrer, refusals included; then only tim_wbs users go on."""
    no_trace()
    return _team_only()


@roles_required('tim_wbs')
def _team_only():
    return None


@bp.context_processor
def helpers():
    return {'CATEGORIES': CATEGORIES, 'STATUSES': STATUSES, 'OUTCOMES': OUTCOMES, 'DESTINATIONS': DESTINATIONS,
            'format_number': format_number}


def _bind():
    user = current_user
    return [user.id, user.session_version, user.last_login_at.isoformat() if user.last_login_at else '']


def _remember(private):
    data = {'b': _bind(), 'k': bytes(private).hex(), 't': int(time.time())}
    session[UNLOCK] = base64.b64encode(services.session_blob('member-session', data)).decode()


def _unlocked():
    raw = session.get(UNLOCK)
    if not raw:
        return None
    data = services.session_open('member-session', base64.b64decode(raw))
    idle = 60 * int(current_app.config.get('WBS_MEMBER_IDLE_MINUTES', 30))
    if not data or data.get('b') != _bind() or time.time() - data['t'] > idle:
        session.pop(UNLOCK, None)
        return None
    private = PrivateKey(bytes.fromhex(data['k']))
    _remember(private)  # slide the idle window
    return private


def _ready_member():
    """The signed-in user's WBS membership when its access is set up; None sends them to the setup page."""
    member = services.member_of(current_user)
    return member if member is not None and member.ready else None


def _open_key(call):
    """Run a service call that opens the member's key (setup, unlock, recovery): its result, or None after flashing
    why. Commits either way: a failed attempt keeps its audit row."""
    try:
        result = call()
    except services.WbsError as exc:
        db.session.commit()
        flash(error_text(exc), 'error')
        return None
    db.session.commit()
    return result


def member_required(view):
    """The member must have set up WBS access and unlocked it in this session (password + TOTP)."""
    @wraps(view)
    def wrapped(*args, **kwargs):
        member = _ready_member()
        if member is None:
            return redirect(url_for('wbs_staff.setup'))
        private = _unlocked()
        if private is None:
            return redirect(url_for('wbs_staff.unlock', next=request.path))
        g.member, g.private = member, private
        return view(*args, **kwargs)
    return wrapped


def _qr_svg(uri):
    img = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    out = io.BytesIO()
    img.save(out)
    return 'data:image/svg+xml;base64,' + base64.b64encode(out.getvalue()).decode()


@bp.route('/siapkan', methods=['GET', 'POST'])
@limiter.limit('10 per minute', methods=['POST'])
def setup():
    """First use: enrol TOTP, then create the key pair and show the recovery key once."""
    member = services.start_setup(current_user._get_current_object())
    db.session.commit()
    if member.ready:
        return redirect(url_for('wbs_staff.index'))
    form = FactorsForm()
    opened = _open_key(lambda: services.finish_setup(member, form.password.data, form.code.data)) \
        if form.validate_on_submit() else None
    if opened is not None:
        private, recovery = opened
        _remember(private)
        return render_template('wbs/staf/recovery.html', recovery=recovery)
    try:
        secret = services.enrolment_secret(member)
    except services.WbsError:  # confirmed meanwhile (another tab): never show the secret again
        return redirect(url_for('wbs_staff.index'))
    db.session.commit()
    uri = pyotp.TOTP(secret).provisioning_uri(name=current_user.email,
                                              issuer_name=services.authenticator_issuer(current_app.config['OFFICE_NAME']))
    return render_template('wbs/staf/setup.html', form=form, secret=secret, qr=_qr_svg(uri)), shown_status()


@bp.route('/buka', methods=['GET', 'POST'])
@limiter.limit('10 per minute;30 per hour', methods=['POST'])
def unlock():
    """Sign in to the WBS area: password (opens the key) and a TOTP code."""
    member = _ready_member()
    if member is None:
        return redirect(url_for('wbs_staff.setup'))
    form = FactorsForm()
    private = _open_key(lambda: services.unlock(member, form.password.data, form.code.data)) \
        if form.validate_on_submit() else None
    if private is not None:
        _remember(private)
        target = request.args.get('next') or ''
        return redirect(target if target.startswith('/staf/wbs') else url_for('wbs_staff.index'))
    return render_template('wbs/staf/unlock.html', form=form), shown_status(401)


@bp.route('/pulihkan', methods=['GET', 'POST'])
@limiter.limit('5 per minute;20 per hour', methods=['POST'])
def recover():
    """Open the key with the recovery key and rewrap it under the current password."""
    member = _ready_member()
    if member is None:
        return redirect(url_for('wbs_staff.setup'))
    form = RecoverForm()
    private = _open_key(lambda: services.recover(member, form.recovery.data, form.password.data, form.code.data)) \
        if form.validate_on_submit() else None
    if private is not None:
        _remember(private)
        flash(_('Kunci WBS dipulihkan dan dibungkus ulang dengan kata sandi Anda.'), 'success')
        return redirect(url_for('wbs_staff.index'))
    return render_template('wbs/staf/recover.html', form=form), shown_status(401)


@bp.route('/kunci', methods=['POST'])
def lock():
    """Leave the WBS area: forget the unlocked key."""
    session.pop(UNLOCK, None)
    flash(_('Area WBS dikunci.'), 'success')
    return redirect(url_for('staff.home'))


def _visible_reports(member):
    if member.admitted_on is None:  # not yet let into the team: not even the reports' clear metadata
        return select(WbsReport).where(false())
    excluded = select(WbsExclusion.report_id).where(WbsExclusion.member_id == member.id)
    return select(WbsReport).where(WbsReport.id.not_in(excluded))


@bp.route('/')
@member_required
def index():
    """Reports with their clear metadata (status, category, dates); no content is decrypted here."""
    q = _visible_reports(g.member)
    if request.args.get('status') in STATUSES:
        q = q.where(WbsReport.status == request.args['status'])
    reports = db.session.scalars(q.order_by(WbsReport.id.desc())).all()
    access = {a.report_id for r in reports for a in r.access if a.member_id == g.member.id}
    audit.record('wbs.list', object_type='wbs_report', details={'count': len(reports)})
    db.session.commit()
    return render_template('wbs/staf/list.html', reports=reports, access=access,
                           awaiting=services.awaiting_team([r.id for r in reports]),
                           waiting=services.waiting_members() if g.member.admitted_on else [])


@bp.route('/anggota/<int:member_id>/terima', methods=['POST'])
@member_required
def admit(member_id):
    """Let a tim_wbs user who has set up their keys into the team (a member's decision, never an admin's)."""
    other = db.get_or_404(WbsMember, member_id)
    if not confirmed():
        flash(_('Centang konfirmasi untuk menerima anggota ini.'), 'error')
    else:
        commit_or_flash(lambda: services.admit(g.member, other), _('Anggota diterima di tim WBS.'),
                        errors=(services.WbsError,))
    return redirect(url_for('wbs_staff.index'))


def _report_or_404(report_id):
    report = db.get_or_404(WbsReport, report_id)
    if g.member.admitted_on is None or services.is_excluded(report, g.member):
        abort(404)
    return report


def _others(report):
    """Choices for sharing (active tim_wbs members only) and for excluding (any tim_wbs member with keys)."""
    members = db.session.scalars(select(WbsMember).join(User).where(WbsMember.public_key.isnot(None),
                                                                    WbsMember.id != g.member.id,
                                                                    User.role == 'tim_wbs')).all()
    active = {m.id for m in services.team_members()}
    has = {a.member_id for a in report.access}
    excluded = {e.member_id for e in report.exclusions}
    share = [(m.id, m.user.name) for m in members if m.id in active and m.id not in has and m.id not in excluded]
    exclude = [(m.id, m.user.name) for m in members if m.id not in excluded]
    return share, exclude


@bp.route('/laporan/<int:report_id>')
@member_required
def detail(report_id):
    """One report, decrypted in memory for this request; the read is audited."""
    return _render_detail(_report_or_404(report_id))


def _render_detail(report, exclude_form=None, exclude_error=None, undo_error=None, undo_for=None, text_kind=None,
                   text_typed=None, text_error=None):
    """The report page; after a refused exclusion (`exclude_form`: the posted form) or a refused undoing of one (for
    the member `undo_for`, when it names one listed) with its error in that box, as a 400; after a refused message or
    note (`text_kind`: pesan or catatan) with what was typed and the reason in its box, as a 422."""
    key = services.report_key(report, g.member, g.private)
    audit.record('wbs.read', report, details={'access': key is not None})
    db.session.commit()
    ctx = {'report': report, 'has_key': key is not None}
    if key is not None:
        content = services.read_content(report, key)
        share, exclude = _others(report)
        share_form = MemberForm(prefix='s', formdata=None)
        exclude_form = exclude_form or MemberForm(prefix='x', formdata=None)
        share_form.member_id.choices, exclude_form.member_id.choices = share, exclude
        excluded = [db.session.get(WbsMember, e.member_id) for e in report.exclusions]
        excluded = [{'id': m.id, 'name': m.user.name} for m in excluded if m is not None]
        ctx.update(content=content, messages=services.read_messages(report, key, include_notes=True),
                   files=services.read_files(report, key), status_form=StatusForm(formdata=None),
                   text_form=TextForm(formdata=None), share_form=share_form, exclude_form=exclude_form,
                   exclude_error=exclude_error, excluded=excluded, undo_error=undo_error, undo_for=undo_for,
                   undo_form=UndoExclusionForm(prefix='u', formdata=None), text_kind=text_kind,
                   text_typed=text_typed, text_error=text_error,
                   next_statuses=TRANSITIONS[report.status], kpk=suggests_kpk(content.get('kerugian')),
                   digest=services.crypto.content_digest(content))
    return render_template('wbs/staf/detail.html', **ctx), (400 if exclude_error or undo_error else
                                                            422 if text_error else 200)


def _key_or_404(report):
    key = services.report_key(report, g.member, g.private)
    if key is None:
        abort(404)
    return key


@bp.route('/laporan/<int:report_id>/status', methods=['POST'])
@member_required
def status(report_id):
    """Move the report along the ISO 37002 workflow."""
    report = _report_or_404(report_id)
    _key_or_404(report)
    form = StatusForm()
    if form.validate_on_submit():
        commit_or_flash(lambda: services.change_status(report, g.member, form.status.data, form.outcome.data or None,
                                                       form.destination.data or None, form.risk.data or None,
                                                       form.risk_note.data, form.feedback.data, form.lessons.data),
                        _('Status diperbarui.'), errors=(WorkflowError,))
    else:
        flash(_('Pilih status yang tersedia.'), 'error')
    return redirect(url_for('wbs_staff.detail', report_id=report_id))


@bp.route('/laporan/<int:report_id>/<any(pesan, catatan):kind>', methods=['POST'])
@member_required
def write(report_id, kind):
    """A message to the reporter (pesan) or a private note between members (catatan), once per form (portal.once).
    Refused (empty or invisible-only, too long, a form too old), the page comes back with the text as typed in its
    box and the reason, as a 422."""
    report = _report_or_404(report_id)
    _key_or_404(report)
    posted = posted_once()
    form = TextForm()
    error = None
    if not form.validate_on_submit():
        error = ' '.join(map(str, form.text.errors)) or _('Isi tidak boleh kosong.')
    elif posted.stale:
        error = str(ONCE_STALE)
    if error:
        return _render_detail(report, text_kind=kind, text_typed=form.text.data or '', text_error=error)
    if not posted.claim(f'wbs.{kind}'):
        return replayed(url_for('wbs_staff.detail', report_id=report_id))
    services.add_message(report, 'tim' if kind == 'pesan' else 'catatan', form.text.data.strip(), author=g.member)
    audit.record('wbs.message' if kind == 'pesan' else 'wbs.note', report)
    db.session.commit()
    flash(_('Pesan terkirim ke pelapor.') if kind == 'pesan' else _('Catatan disimpan.'), 'success')
    return redirect(url_for('wbs_staff.detail', report_id=report_id))


@bp.route('/laporan/<int:report_id>/<any(bagikan, kecualikan):action>', methods=['POST'])
@member_required
def membership(report_id, action):
    """Share the report with another member, or exclude one from it."""
    report = _report_or_404(report_id)
    key = _key_or_404(report)
    form = MemberForm(prefix='s' if action == 'bagikan' else 'x')
    share, exclude = _others(report)
    form.member_id.choices = share if action == 'bagikan' else exclude
    if form.validate_on_submit():
        if action == 'kecualikan' and not request.form.get('x-yakin'):
            return _render_detail(report, exclude_form=form, exclude_error=_(
                'Centang konfirmasi untuk mengecualikan anggota ini.'))
        other = db.get_or_404(WbsMember, form.member_id.data)
        try:
            if action == 'bagikan':
                services.share(report, g.member, key, other)
            else:
                services.exclude(report, g.member, other)
        except services.WbsError as exc:
            db.session.rollback()
            flash(error_text(exc), 'error')
        else:
            db.session.commit()
            flash(_('Akses dibagikan.') if action == 'bagikan' else _('Anggota dikecualikan dari laporan ini.'),
                  'success')
    else:
        flash(_('Pilih anggota tim.'), 'error')
    return redirect(url_for('wbs_staff.detail', report_id=report_id))


@bp.route('/laporan/<int:report_id>/batalkan-pengecualian', methods=['POST'])
@member_required
def undo_exclusion(report_id):
    """Lift an exclusion the page lists, once confirmed. It gives no access back: the page says to share again.

    Only a member who can open the report may (anyone else gets its 404). A refused undo (no confirmation, or an id
    that names no member excluded from this report) shows the page again with the reason in the exclusion box, as a
    400, like a refused exclusion."""
    report = _report_or_404(report_id)
    _key_or_404(report)
    form = UndoExclusionForm(prefix='u')
    other_id = parse_id(form.member_id.data)
    listed = any(e.member_id == other_id for e in report.exclusions)
    if listed and not (form.validate_on_submit() and form.yakin.data):
        return _render_detail(report, undo_for=other_id, undo_error=_(
            'Centang konfirmasi untuk membatalkan pengecualian anggota ini.'))
    try:  # an id that names no member excluded from this report is refused here, with its reason
        other = services.undo_exclusion(report, g.member, other_id)
    except services.WbsError as exc:
        db.session.rollback()
        return _render_detail(report, undo_error=error_text(exc))
    db.session.commit()
    flash(_('Pengecualian %(name)s dibatalkan. Ia belum dapat membuka laporan ini: anggota yang memiliki akses perlu '
            'membagikannya lagi lewat "Bagikan akses".', name=other.user.name), 'success')
    return redirect(url_for('wbs_staff.detail', report_id=report.id))


@bp.route('/laporan/<int:report_id>/berkas/<int:file_id>')
@member_required
def download(report_id, file_id):
    """Download one evidence file, decrypted for this response only; audited."""
    report = _report_or_404(report_id)
    key = _key_or_404(report)
    item = db.session.get(WbsFile, file_id)
    if item is None or item.report_id != report.id:
        abort(404)
    data, meta = services.load_file(item, key)
    audit.record('wbs.download', report, details={'file': item.id})
    db.session.commit()
    return Response(data, mimetype=meta['mime'],
                    headers={'Content-Disposition': f'attachment; filename="{meta["name"]}"'})


@bp.route('/verifikasi', methods=['GET', 'POST'])
@member_required
def verify():
    """Check a proof of filing against the office signing key (no content needed)."""
    form = VerifyForm()
    result = error = None
    if form.validate_on_submit():
        reason = None
        try:
            result = services.verify_statement(form.text.data)
        except services.ProofRefused as exc:
            error, reason = error_text(exc), exc.reason
        audit.record('wbs.verify', object_type='wbs_report',
                     details={'valid': False, 'reason': reason} if reason else {'valid': True})
        db.session.commit()
        if result:
            result['exists'] = db.session.scalar(select(WbsReport.id).where(WbsReport.number == result['nomor']))
    return render_template('wbs/staf/verify.html', form=form, result=result, error=error)
