"""Writes on complaints: filing, transitions, notes, assignment, the complainant's answers, closing stale ones.

Each function takes plain values, flushes, writes an audit row and leaves the commit to the caller (one per request
or command). Emails are queued by notify (sent after the commit). `today` may be given (tests, demo, CLI).
"""
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError

from portal import audit
from portal.access import in_scope
from portal.config import RETENTION_MIN_DAYS
from portal.extensions import db
from portal.ids import EARLIEST
from portal.markers import N_
from portal.models import Layanan, Unit, User, subtree_ids, utcnow
from portal.operations import ValidationError
from portal.text import is_blank
from portal.uploads import numbered_name, store_for

from . import codes, notify, redaction
from .deadlines import AUTO_CLOSE_HK, FOLLOW_UP_HK, Calendar, filing_deadlines, next_due, shift_after_pause, today_local
from .models import CATEGORIES, KINDS, PRIVACY, RATING_MAX, Attachment, Complaint, ComplaintEvent, CutiBersama
from .rules import HANDLERS, can_handle, may_verify
from .workflow import CLOSED, COMPLAINANT, STAFF, SYSTEM, WorkflowError, check


@dataclass(frozen=True)
class Submission:
    """What the public form gives, as plain values; files already passed portal.uploads.inspect."""

    kind: str
    category: str
    unit_id: int
    layanan_id: int | None
    title: str
    text: str
    place: str | None
    event_date: date | None
    terlapor: str | None
    privacy: str
    name: str | None
    email: str | None
    phone: str | None
    consent: bool
    files: list = field(default_factory=list)


def calendar():
    """The working-day calendar: national holidays plus every cuti bersama in the table."""
    return Calendar(db.session.scalars(select(CutiBersama.day)))


def _store_files(complaint, files, event=None):
    store = store_for(current_app, 'pengaduan')
    earlier = db.session.scalar(select(func.count(Attachment.id)).where(Attachment.complaint_id == complaint.id)) \
        if complaint.id is not None else 0
    for number, clean in enumerate(files, earlier + 1):
        key = store.save(clean.data)
        db.session.add(Attachment(complaint=complaint, event_id=event.id if event else None, key=key,
                                  name=numbered_name(clean.name, number), mime=clean.mime, size=len(clean.data)))


def submit(sub, today=None, token=None):
    """File a complaint; returns (complaint, tracking code). The code is shown once and never stored in clear.

    With the form's submission `token` (codes.valid_token), see submit_once: the complaint remembers it."""
    if sub.kind not in KINDS or sub.category not in CATEGORIES or sub.privacy not in PRIVACY:
        raise ValidationError(N_('Isian jenis, kategori atau kerahasiaan tidak dikenal.'))
    unit = db.session.get(Unit, sub.unit_id)
    if unit is None or not unit.active:
        raise ValidationError(N_('Unit tidak ditemukan.'))
    if sub.layanan_id is not None:
        layanan = db.session.get(Layanan, sub.layanan_id)
        if layanan is None or layanan.unit_id != unit.id or not layanan.active:
            raise ValidationError(N_('Layanan yang dipilih bukan layanan unit tersebut.'))
    if not sub.consent:
        raise ValidationError(N_('Persetujuan diperlukan.'))
    anonymous = sub.privacy == 'anonim'
    if not anonymous and not (sub.name and (sub.email or sub.phone)):
        raise ValidationError(N_('Nama dan salah satu kontak (email atau telepon) wajib diisi, kecuali anonim.'))
    if len(sub.files) > 3:
        raise ValidationError(N_('Lampiran paling banyak 3 berkas.'))
    today = today or today_local()
    verify_due, final_due = filing_deadlines(calendar(), today)
    code = codes.new_code()
    complaint = Complaint(
        code_digest=codes.digest(code), kind=sub.kind, category=sub.category, unit_id=unit.id,
        layanan_id=sub.layanan_id, handling_unit_id=unit.id, title=sub.title.strip(), text=sub.text.strip(),
        place=sub.place or None, event_date=sub.event_date, terlapor=sub.terlapor or None, privacy=sub.privacy,
        # anonim keeps no name or phone; an email given only to be told each step (domain.md section 4: either
        # privacy may be combined with notifications when a contact is given) is never shown, never exported, and
        # is removed when the complaint closes
        name=None if anonymous else sub.name, email=sub.email or None,
        phone=None if anonymous else (sub.phone or None), consent=True, status='baru', filed_on=today,
        verify_due=verify_due, final_due=final_due, next_due=verify_due,
        submit_digest=codes.token_digest(token) if token else None,
        code_sealed=codes.seal(code, token) if token else None)
    db.session.add(complaint)
    db.session.flush()  # a token filed meanwhile by a concurrent request: IntegrityError (submit_once catches it)
    event = _event(complaint, 'transisi', COMPLAINANT, None, note=None, public=True, to_status='baru',
                   action='diajukan')
    _store_files(complaint, sub.files, event)
    audit.record('pengaduan.diajukan', complaint, actor='pengadu',
                 details={'kind': sub.kind, 'unit_id': unit.id, 'privacy': sub.privacy, 'files': len(sub.files)})
    db.session.flush()
    notify.submitted(complaint, code)
    return complaint, code


def filed_with(token):
    """(complaint, tracking code) of the complaint filed with this submission token, or None."""
    complaint = db.session.scalar(select(Complaint).where(Complaint.submit_digest == codes.token_digest(token)))
    if complaint is None or complaint.code_sealed is None:
        return None
    return complaint, codes.unseal(complaint.code_sealed, token)


def submit_once(sub, token, today=None):
    """File the public form's complaint once per submission token; returns (complaint, code, filed now?).

    A token already filed (a double tap, a retry, the browser resending the form) returns that complaint and its code,
    stores and sends nothing. Two requests with one token at the same moment: the unique digest lets one insert;
    the other rolls back (nothing of its own was written before) and answers with the winner's complaint. A token
    that is missing or not one codes.new_token makes files without one."""
    if not codes.valid_token(token):
        return (*submit(sub, today), True)
    earlier = filed_with(token)
    if earlier is not None:
        return (*earlier, False)
    try:
        return (*submit(sub, today, token=token), True)
    except IntegrityError:
        db.session.rollback()
        earlier = filed_with(token)
        if earlier is None:
            raise
        return (*earlier, False)


def find_by_code(text):
    """The complaint a tracking code belongs to, or None (invalid codes never reach the database)."""
    code = codes.normalize(text)
    if code is None:
        return None
    return db.session.scalar(select(Complaint).where(Complaint.code_digest == codes.digest(code)))


# What the system writes into a step's note, stored in Indonesian as the staff and the emails read it; the
# complainant's page shows it in the visitor's language (note_parts).
FORWARDED = N_('Diteruskan kepada %(unit)s.').msgid
RATED = N_('Penilaian penanganan: %(rating)d dari 5.').msgid


def note_parts(event):
    """A step's note split for showing: (what the system wrote, as an N_ text to translate, or None; the rest, as
    written by the officer or the complainant)."""
    note = event.note or ''
    complaint = event.complaint
    if event.kind == 'penilaian' and complaint.rating is not None:
        rated = N_(RATED, rating=complaint.rating)
        if note == rated:
            return rated, ''
    if event.action == 'verifikasi' and complaint.handling_unit is not None:
        forwarded = N_(FORWARDED, unit=complaint.handling_unit.name)
        if note == forwarded or note.startswith(forwarded + ' '):
            return forwarded, note[len(forwarded):].strip()
    return None, note


def _event(complaint, kind, actor_kind, user, note=None, public=False, action=None, to_status=None,
           from_status=None):
    unit_id = None  # the complainant's own steps carry no unit
    if actor_kind == STAFF:
        unit_id = user.unit_id or complaint.handling_unit_id
    elif actor_kind == SYSTEM:
        unit_id = complaint.handling_unit_id
    event = ComplaintEvent(complaint=complaint, kind=kind, action=action, from_status=from_status,
                           to_status=to_status, actor_kind=actor_kind, actor_id=getattr(user, 'id', None),
                           unit_id=unit_id, note=(note or '').strip() or None, public=public, at=utcnow())
    db.session.add(event)
    db.session.flush()
    return event


def _officer(officer_id, unit_id, user, current=None):
    """The officer to assign for the unit `unit_id`: an active handler of that unit, above it or below it, whom
    `user` may pick (one of the user's own subtree, as the form lists them), or `current`, the officer already
    assigned, kept as is."""
    if not officer_id:
        return None
    officer = db.session.get(User, officer_id)
    if officer is None or not officer.active or officer.role not in HANDLERS or \
            (officer.unit_id is not None and officer.unit_id not in subtree_ids(unit_id)
             and unit_id not in subtree_ids(officer.unit_id)):
        raise ValidationError(N_('Petugas tidak ditemukan pada unit tujuan.'))
    if officer is not current and not in_scope(officer.unit_id, user):  # a forged id: the form never offers them
        raise ValidationError(N_('Petugas tidak ditemukan pada unit tujuan.'))
    return officer


def _end_pause(complaint, cal, today):
    """Restart the clocks that ran when the pause began, moved by its length; forget the pause."""
    if complaint.paused_on is not None:
        complaint.verify_due, complaint.followup_due, complaint.final_due = shift_after_pause(
            cal, complaint.paused_on, today, complaint.verify_due, complaint.followup_due, complaint.final_due,
            paused_from=complaint.resume_status)
    complaint.resume_status, complaint.paused_on = None, None


def transition(complaint, action, *, actor_kind, user=None, note=None, unit_id=None, officer_id=None, today=None,
               files=()):
    """Take one step of the workflow: checked against the table, recorded as an event, audited, notified."""
    t, target = check(complaint.status, action, actor_kind, note, complaint.resume_status)
    if actor_kind == STAFF:
        if user is None or not can_handle(complaint, user):
            raise WorkflowError(N_('Anda tidak berwenang menangani pengaduan ini.'))
        if t.receiving_unit_only and not may_verify(complaint, user):
            raise WorkflowError(N_('Hanya pengelola pengaduan unit penerima yang dapat memverifikasi.'))
    today = today or today_local()
    cal = calendar()
    source = complaint.status
    if source == 'menunggu_informasi':  # every step out of the pause ends it (resuming, or a rejection)
        _end_pause(complaint, cal, today)
    if action == 'verifikasi':
        target_unit = db.session.get(Unit, unit_id) if unit_id else None
        if target_unit is None or not target_unit.active:
            raise WorkflowError(N_('Pilih unit tujuan disposisi.'))
        if not in_scope(target_unit.id, user):
            raise WorkflowError(N_('Unit tujuan disposisi di luar cakupan Anda.'))
        before = complaint.officer
        kept = before is not None and officer_id == before.id  # the form starts with the officer already assigned
        try:
            complaint.officer = _officer(officer_id, target_unit.id, user, current=before)
        except ValidationError:
            if not kept:
                raise
            complaint.officer = None  # they do not serve the unit it goes to
        if before is not None and complaint.officer is None:  # released: the history says so
            note_text = (f'Penugasan {before.name} dilepas: bukan petugas {target_unit.name}.' if kept
                         else f'Penugasan {before.name} dilepas saat disposisi.')
            _event(complaint, 'penugasan', STAFF, user, public=False, note=note_text)
        complaint.handling_unit_id = target_unit.id
        complaint.verified_on = complaint.dispositioned_on = today
        complaint.followup_due = cal.add_working_days(today, FOLLOW_UP_HK)
        note = str(N_(FORWARDED, unit=target_unit.name)) + (f' {note.strip()}' if note and note.strip() else '')
    elif action == 'tolak':
        complaint.verified_on = complaint.verified_on or today
        complaint.closed_on = today
    elif action == 'minta_informasi':
        complaint.resume_status, complaint.paused_on = source, today
    elif action == 'tindak_lanjut':
        complaint.follow_up = note.strip()
        complaint.followed_up_on = today
        complaint.autoclose_on = cal.add_working_days(today, AUTO_CLOSE_HK)
    elif action == 'bantah':
        if complaint.followed_up_on and complaint.followup_due and complaint.followed_up_on > complaint.followup_due:
            complaint.followup_late = True  # the round contested was late: a new round does not make it on time
        complaint.followup_due = cal.add_working_days(today, FOLLOW_UP_HK)
        complaint.autoclose_on = None
    elif action in ('terima', 'tutup_otomatis'):
        complaint.closed_on = today
        complaint.days_to_close = (today - complaint.filed_on).days
        complaint.autoclose_on = None
    complaint.status = target
    complaint.next_due = next_due(target, complaint.verify_due, complaint.followup_due, complaint.final_due)
    event = _event(complaint, 'transisi', actor_kind, user, note=note, public=t.public, action=action,
                   from_status=source, to_status=target)
    if files:
        _store_files(complaint, files, event)
    audit.record(f'pengaduan.{action}', complaint, actor=user if user else actor_kind,
                 details={'from': source, 'to': target})
    db.session.flush()
    if target == 'selesai':
        notify.closed(complaint, event)  # one email: the closing step with the invitation to rate and to the survey
    else:
        notify.step(complaint, event)
    if target in CLOSED and complaint.privacy == 'anonim' and complaint.email:
        complaint.email = None  # the last email is on its way (its address went with it): nothing more to tell
    return event


def add_note(complaint, user, note):
    """An internal note: staff only, never shown to the complainant."""
    if not can_handle(complaint, user):
        raise WorkflowError(N_('Anda tidak berwenang menangani pengaduan ini.'))
    if is_blank(note):
        raise ValidationError(N_('Catatan kosong.'))
    event = _event(complaint, 'catatan', STAFF, user, note=note, public=False)
    audit.record('pengaduan.catatan', complaint, actor=user)
    return event


def assign(complaint, user, officer_id):
    """Assign (or clear, officer_id None) the officer who handles the complaint."""
    if not can_handle(complaint, user):
        raise WorkflowError(N_('Anda tidak berwenang menangani pengaduan ini.'))
    complaint.officer = _officer(officer_id, complaint.handling_unit_id, user, current=complaint.officer)
    label = complaint.officer.name if complaint.officer else 'tanpa petugas'
    event = _event(complaint, 'penugasan', STAFF, user, note=f'Ditugaskan kepada {label}.', public=False)
    audit.record('pengaduan.penugasan', complaint, actor=user, details={'officer_id': officer_id})
    return event


def rate(complaint, rating, comment):
    """The complainant's rating of the handling (1-5), once, after the complaint is closed."""
    if complaint.status not in ('selesai', 'ditolak'):
        raise WorkflowError(N_('Penilaian dapat diberikan setelah pengaduan ditutup.'))
    if complaint.rating is not None:
        raise WorkflowError(N_('Penilaian sudah diberikan. Terima kasih.'))
    if rating not in range(1, RATING_MAX + 1):
        raise ValidationError(N_('Pilih nilai 1 sampai 5.'))
    complaint.rating, complaint.rating_comment, complaint.rated_at = rating, (comment or '').strip() or None, utcnow()
    _event(complaint, 'penilaian', COMPLAINANT, None, note=str(N_(RATED, rating=rating)), public=True)
    audit.record('pengaduan.penilaian', complaint, actor='pengadu', details={'rating': rating})


def close_stale(today=None):
    """Close as selesai every followed-up complaint whose 10 HK for a reply have passed; returns how many."""
    today = today or today_local()
    stale = db.session.scalars(select(Complaint).where(Complaint.status == 'ditindaklanjuti',
                                                       Complaint.autoclose_on < today)).all()
    for complaint in stale:
        transition(complaint, 'tutup_otomatis', actor_kind=SYSTEM, today=today)
    return len(stale)


def retention_days():
    """PENGADUAN_RETENTION_DAYS: how many days after closing a complaint keeps its complainant's personal data; None
    while the office has not set its records schedule (then nothing is removed)."""
    return current_app.config.get('PENGADUAN_RETENTION_DAYS')


def forget_personal_data(days, today=None):
    """Remove the personal data of complaints closed more than `days` days before `today`: the complainant's name,
    email and phone, the name of the person reported, and the attachments (a photo of an ID card, a letter with a
    signature). UU 27/2022, among its principles of processing: personal data is deleted once its retention period
    ends. The complaint itself stays as the office's record and in every figure (kind, category, unit, dates, status,
    rating); its text, the follow-ups and the notes stay too, with the identity those fields named screened out of
    them (pengaduan.redaction: the names, the email, the phone however written).

    Returns (complaints changed, attachment store keys). The caller commits, then deletes the files
    (delete_attachment_files), so a failed commit never leaves rows pointing at deleted files.
    """
    if days is None or days < RETENTION_MIN_DAYS:
        raise ValueError(f'days must be at least {RETENTION_MIN_DAYS}')
    limit = (today or today_local()) - timedelta(days=days)
    held = or_(Complaint.name.isnot(None), Complaint.email.isnot(None), Complaint.phone.isnot(None),
               Complaint.terlapor.isnot(None), Complaint.attachments.any())
    items = db.session.scalars(select(Complaint).where(Complaint.closed_on.isnot(None), Complaint.closed_on < limit,
                                                       held).order_by(Complaint.id)).all()
    keys = []
    for complaint in items:
        files = list(complaint.attachments)
        keys += [a.key for a in files]
        for attachment in files:
            db.session.delete(attachment)
        screened = _screen_identity(complaint)
        complaint.name = complaint.email = complaint.phone = complaint.terlapor = None
        complaint.consent = False
        audit.record('pengaduan.retensi', complaint, actor='sistem',
                     details={'closed_on': complaint.closed_on.isoformat(), 'days': days, 'files': len(files),
                              'screened': screened})
    db.session.flush()
    return len(items), keys


def _screen_identity(complaint):
    """Replace the identity the complaint's fields name in its free text and its events' notes; returns how many."""
    compiled = redaction.patterns(complaint.name, complaint.email, complaint.phone, complaint.terlapor)
    total = 0
    for owner, column in [(complaint, name) for name in ('title', 'text', 'place', 'follow_up', 'rating_comment')] + [
            (event, 'note') for event in complaint.events]:
        value, n = redaction.redact(getattr(owner, column), compiled)
        if n:
            limit = getattr(type(owner).__table__.c[column].type, 'length', None)  # MARK may be longer than a name
            setattr(owner, column, value[:limit] if limit else value)
            total += n
    return total


def delete_attachment_files(keys):
    """Delete stored attachment files by key (after the commit that removed their rows)."""
    store = store_for(current_app, 'pengaduan')
    for key in keys:
        store.delete(key)


def overdue_query(today=None):
    """SELECT of the complaints past their next deadline."""
    today = today or today_local()
    return select(Complaint).where(Complaint.next_due.is_not(None), Complaint.next_due < today)


def remind(today=None):
    """Email each unit head the unit's overdue complaints; returns {unit: count} of the emails queued."""
    overdue = db.session.scalars(overdue_query(today).order_by(Complaint.next_due)).all()
    by_unit = {}
    for complaint in overdue:
        by_unit.setdefault(complaint.handling_unit, []).append(complaint)
    sent = {}
    for unit, items in by_unit.items():
        if unit.head_email and notify.overdue(unit, items):
            sent[unit.slug] = len(items)
            audit.record('pengaduan.pengingat', unit, actor='sistem', details={'count': len(items)})
    return sent


def add_cuti(day, name, user):
    """Enter a cuti bersama day; it counts as a day off in every later deadline. From EARLIEST to the end of next
    year: the SKB sets the coming year's days in its autumn, never further ahead."""
    last = date(today_local().year + 1, 12, 31)
    if not EARLIEST <= day <= last:
        raise ValidationError(N_('Tanggal cuti bersama harus antara %(first)s dan %(last)s.',
                                 first=EARLIEST.isoformat(), last=last.isoformat()))
    if db.session.scalar(select(CutiBersama).where(CutiBersama.day == day)) is not None:
        raise ValidationError(N_('Tanggal itu sudah terdaftar.'))
    off = Calendar().day_off_name(day)  # entering it would change no deadline: the admin has likely mistyped
    if off is not None:
        raise ValidationError(N_('%(day)s sudah bukan hari kerja (%(why)s); periksa tanggal cuti bersama itu.',
                                 day=day.isoformat(), why=off))
    item = CutiBersama(day=day, name=name.strip())
    db.session.add(item)
    db.session.flush()
    audit.record('pengaduan.cuti_bersama.tambah', item, actor=user, details={'day': day.isoformat(), 'name': name})
    return item


def delete_cuti(item, user):
    """Remove a cuti bersama day."""
    audit.record('pengaduan.cuti_bersama.hapus', item, actor=user, details={'day': item.day.isoformat()})
    db.session.delete(item)

