"""WBS writes and key handling: reporters' reports and messages, members' keys, sharing, workflow, retention.

Services flush and audit; the view (or CLI command) commits once. Plaintext exists only in the request's memory.
"""
import hashlib
import hmac
import json
import time
from datetime import datetime, timedelta
from datetime import time as dt_time

import pyotp
from flask import current_app
from sqlalchemy import func, select

from portal import audit, once
from portal.extensions import db
from portal.markers import N_, Text
from portal.models import User
from portal.passwords import verify_password
from portal.text import is_blank
from portal.uploads import numbered_name, store_for

from . import crypto, keys, proof
from .models import WbsAccess, WbsExclusion, WbsFile, WbsMember, WbsMessage, WbsOnceClaim, WbsReport, today
from .receipt import new_receipt, new_report_number, normalize_receipt, receipt_for_form
from .workflow import CLOSED, RETALIATION_RISKS, check_transition


class WbsError(Exception):
    """Something a member or reporter asked that cannot be done; the message is for them."""


class ProofRefused(WbsError):
    """A proof of filing that does not hold; `reason` is proof.ProofError's code (kept in the audit)."""

    def __init__(self, message, reason):
        super().__init__(message)
        self.reason = reason


# --- configuration and server keys ---------------------------------------------------------------------------------

def params():
    """The Argon2id cost for new wrappings and receipts (WBS_ARGON2_OPS / WBS_ARGON2_MEM)."""
    cfg = current_app.config
    return crypto.Params(ops=int(cfg.get('WBS_ARGON2_OPS') or crypto.OPS_DEFAULT),
                         mem=int(cfg.get('WBS_ARGON2_MEM') or crypto.MEM_DEFAULT))


def server_key(purpose):
    """A 32-byte subkey of the instance's WBS master secret."""
    cache = current_app.extensions.setdefault('wbs_keys', {})
    path = current_app.instance_path
    if cache.get('path') != path:
        cache.clear()
        cache.update(path=path, master=keys.master_secret(path))
    return crypto.subkey(cache['master'], purpose)


def form_receipt(browser_secret, token):
    """The receipt of the report this browser's sending of the form with once token `token` files (receipt_for_form),
    under the instance's own subkey."""
    return receipt_for_form(server_key('form-receipt'), browser_secret, token)


def signing_key():
    """The office's Ed25519 key for proofs of filing."""
    return keys.signing_key(current_app.instance_path)


def file_store():
    """Where the sealed evidence files live; their file times keep only the day, as the tables do."""
    return store_for(current_app, 'wbs', day_only_times=True)


# --- reporter side ------------------------------------------------------------------------------------------------

def _store_files(report, public_key, files, from_reporter):
    digests = []
    for number, f in enumerate(files, len(report.files) + 1):
        digest = hashlib.sha256(f.data).hexdigest()
        key = file_store().save(crypto.seal(public_key, f.data))
        meta = crypto.seal_json(public_key, {'name': numbered_name(f.name, number), 'mime': f.mime, 'sha256': digest})
        report.files.append(WbsFile(store_key=key, meta=meta, from_reporter=from_reporter))
        digests.append(digest)
    return digests


def submit_report(answers, category, unit_id, files, receipt=None):
    """File a report; returns (report, receipt, report private key). Content is sealed before it reaches the DB.
    `receipt`: the one form_receipt gives the form being sent (a new random one when None)."""
    receipt = receipt or new_receipt()
    rk = crypto.new_report_keys(receipt, params())
    report = WbsReport(number=new_report_number(), lookup_tag=crypto.lookup_tag(server_key('lookup'), receipt),
                       receipt_salt=rk.receipt_salt, receipt_hash=rk.receipt_hash, receipt_ops=params().ops,
                       receipt_mem=params().mem, sealed_for_receipt=rk.sealed_for_receipt, public_key=rk.public_key,
                       content=b'', category=category, unit_id=unit_id or None, status='diterima')
    digests = _store_files(report, rk.public_key, files, True)
    content = dict(answers, lampiran_sha256=digests)
    report.content = crypto.seal_json(rk.public_key, content)
    for member in team_members():
        report.access.append(WbsAccess(member=member,
                                       sealed_key=crypto.share_report_key(rk.private_key, member.public_key)))
    db.session.add(report)
    db.session.flush()
    return report, receipt, rk.private_key


def day_start(day=None):
    """00:00 of a WBS day (default today) as the naive UTC datetime timestamp columns store.

    WBS dates are UTC days (models.today); a row that must not tell the time of a reporter's visit keeps this instead
    of the clock. Using the same day boundary as the dates matters: mixing two boundaries (UTC and WIB) would narrow
    the day down to the hours they share.
    """
    return datetime.combine(day or today(), dt_time.min)


def reporter_may_enter(report):
    """False once the report has been closed longer than WBS_REPORTER_ACCESS_DAYS."""
    days = int(current_app.config.get('WBS_REPORTER_ACCESS_DAYS', 90))
    return report.closed_on is None or report.closed_on + timedelta(days=days) >= today()


def open_with_receipt(typed):
    """(report, private key) for a typed receipt, or None. Costs one Argon2id run whether or not a report matches."""
    receipt = normalize_receipt(typed)
    candidates = []
    if receipt:
        tag = crypto.lookup_tag(server_key('lookup'), receipt)
        candidates = db.session.scalars(select(WbsReport).where(WbsReport.lookup_tag == tag)).all()
    found = None
    for report in candidates:
        try:
            private = crypto.open_with_receipt(receipt, report.receipt_salt,
                                               crypto.Params(report.receipt_ops, report.receipt_mem),
                                               report.receipt_hash, report.sealed_for_receipt)
        except crypto.CryptoError:
            continue
        found = (report, private)
        break
    if not candidates:
        crypto.burn_time(params())
    if found and not reporter_may_enter(found[0]):
        found = None  # access ended: the same answer, and the same delay, as a wrong receipt
    if found is None:
        time.sleep(float(current_app.config.get('WBS_FAIL_DELAY', 1.0)))
    return found


def awaiting_team(report_ids):
    """The reports among these whose latest message between reporter and team is the reporter's: an answer or
    question the team has not replied to (from clear metadata: the messages' kinds and order, never their content)."""
    if not report_ids:
        return set()
    last = (select(WbsMessage.report_id, func.max(WbsMessage.id).label('last'))
            .where(WbsMessage.report_id.in_(report_ids), WbsMessage.kind.in_(('pelapor', 'tim')))
            .group_by(WbsMessage.report_id).subquery())
    return set(db.session.scalars(select(WbsMessage.report_id).join(last, WbsMessage.id == last.c.last)
                                  .where(WbsMessage.kind == 'pelapor')))


def add_message(report, kind, text, author=None):
    """Seal a message (pelapor, tim) or a note (catatan) to the report."""
    message = WbsMessage(kind=kind, author=author, body=crypto.seal(report.public_key, text.encode('utf-8')))
    report.messages.append(message)
    report.updated_on = today()
    db.session.flush()
    return message


def add_files(report, files, from_reporter):
    """Seal more evidence files to the report."""
    _store_files(report, report.public_key, files, from_reporter)
    report.updated_on = today()
    db.session.flush()


def read_content(report, private):
    """The report's answers."""
    return crypto.unseal_json(private, report.content)


def read_messages(report, private, include_notes=False):
    """Messages (and notes for members) as dicts, oldest first."""
    out = []
    for m in report.messages:
        if m.kind == 'catatan' and not include_notes:
            continue
        out.append({'id': m.id, 'kind': m.kind, 'on': m.created_on, 'author': m.author.user.name if m.author else None,
                    'text': crypto.unseal(private, m.body).decode('utf-8')})
    return out


def read_files(report, private):
    """File metadata (name, type, hash) as dicts."""
    return [dict(crypto.unseal_json(private, f.meta), id=f.id, on=f.created_on, from_reporter=f.from_reporter)
            for f in report.files]


def load_file(report_file, private):
    """The decrypted bytes of one evidence file and its metadata."""
    meta = crypto.unseal_json(private, report_file.meta)
    return crypto.unseal(private, file_store().load(report_file.store_key)), meta


def statement_for(report, private):
    """The signed proof of filing (text) for the report."""
    digest = crypto.content_digest(read_content(report, private))
    return proof.make_statement(signing_key(), current_app.config['OFFICE_NAME'], report.number,
                                report.created_on.isoformat(), digest)


# --- members: TOTP, key pairs, unlocking ---------------------------------------------------------------------------

# The office's name as an authenticator app shows it beside the code: short, in the words offices use themselves.
_SHORT_NAMES = (('Kantor Wilayah Kementerian Agama', 'Kanwil Kemenag'), ('Kantor Kementerian Agama', 'Kankemenag'),
                ('Kementerian Agama', 'Kemenag'), ('Kantor Wilayah', 'Kanwil'), ('Kabupaten', 'Kab.'),
                ('Provinsi', 'Prov.'))
ISSUER_MAX = 40


def authenticator_issuer(office_name):
    """'WBS Kanwil Kemenag Prov. Lampung' for the TOTP entry: the usual short forms, then whole words up to
    ISSUER_MAX characters (never a word cut in the middle, as 'Provins')."""
    name = ' '.join((office_name or '').split())
    for long, short in _SHORT_NAMES:
        name = name.replace(long, short)
    words, issuer = name.split(' '), 'WBS'
    for word in words:
        if len(issuer) + 1 + len(word) > ISSUER_MAX:
            break
        issuer += ' ' + word
    return issuer


def setup_warning():
    """The staff home's warning while no WBS team member has keys: a report filed now reaches the team only once its
    reporter signs in again with the receipt (adopt_orphan). None once one member has finished the set-up."""
    if team_members():
        return None
    return N_('Belum ada anggota tim WBS yang menyiapkan area WBS. Laporan yang masuk sekarang baru sampai ke tim '
              'setelah pelapornya masuk lagi dengan tanda terima. Buat pengguna berperan tim_wbs, lalu minta ia '
              'masuk ke menu WBS untuk menyiapkan kunci dan aplikasi autentikator sebelum layanan dibuka.')


def _members(admitted, *where):
    """Members with a key pair whose user is still active in the tim_wbs role, let into the team or not yet."""
    return (select(WbsMember).join(User, WbsMember.user_id == User.id)
            .where(WbsMember.public_key.isnot(None),
                   WbsMember.admitted_on.isnot(None) if admitted else WbsMember.admitted_on.is_(None),
                   User.active.is_(True), User.role == 'tim_wbs', *where).order_by(WbsMember.id))


def team_members():
    """Members a report may be shared with: a key pair, let into the team, and a user still active in the tim_wbs
    role.

    A member row outlives its user's role: someone moved to another role or deactivated keeps the row (and the
    access already granted) but must get no new report.
    """
    return db.session.scalars(_members(True)).all()


def waiting_members():
    """Active tim_wbs users who have set up their keys and wait for a member to let them into the team."""
    return db.session.scalars(_members(False)).all()


def admit(member, other):
    """`member` (of the team) lets `other` in: from now on new reports are sealed to them too, and members may
    share reports with them. Audited. Whoever can make accounts (a superadmin) cannot make a team member alone."""
    if member.admitted_on is None:
        raise WbsError(N_('Anda sendiri belum diterima di tim WBS.'))
    if db.session.scalar(_members(False, WbsMember.id == other.id)) is None:
        raise WbsError(N_('Anggota itu tidak sedang menunggu persetujuan.'))
    other.admitted_on = today()
    audit.record('wbs.member_admitted', other.user, actor=member.user, details={'member': other.user.email})
    db.session.flush()


def member_of(user):
    """The user's WbsMember row, or None."""
    return db.session.scalar(select(WbsMember).where(WbsMember.user_id == user.id))


def start_setup(user):
    """Create (or return) the member row with a fresh TOTP secret, encrypted under a server key."""
    member = member_of(user)
    if member is None:
        member = WbsMember(user=user, totp_secret=crypto.box(server_key('totp'), pyotp.random_base32().encode()))
        db.session.add(member)
        db.session.flush()
    return member


def totp_secret(member):
    """The member's TOTP secret (base32)."""
    return crypto.unbox(server_key('totp'), member.totp_secret).decode()


def enrolment_secret(member):
    """The TOTP secret to enrol, only while set-up is not confirmed yet; every showing is audited.

    Once a first code and the password have confirmed the set-up, the secret is never shown again.
    """
    if member.ready:
        raise WbsError(N_('Akses WBS sudah disiapkan.'))
    audit.record('wbs.totp_shown', member.user, actor=member.user)
    return totp_secret(member)


def _current_step(member, code):
    """The time step whose code this is (one step of clock drift allowed), used or not, or None."""
    code = ''.join(ch for ch in (code or '') if ch in '0123456789')  # ASCII only: '٣'.isdigit() is True too
    totp = pyotp.TOTP(totp_secret(member))
    now = int(time.time())
    for drift in (-1, 0, 1):
        step = (now // totp.interval) + drift
        if len(code) == totp.digits and hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def totp_step(member, code):
    """The time step of a current code not used before (one step of clock drift allowed), or None. Spends nothing."""
    step = _current_step(member, code)
    return step if step is not None and step > member.totp_last_step else None


def _check_factors(member, password, code):
    """Password and TOTP code together; the code's step is spent only when both are right."""
    user = member.user
    step = _current_step(member, code)
    password_ok = verify_password(user.password_hash, password or '')
    if not password_ok or step is None or step <= member.totp_last_step:
        audit.record('wbs.unlock_failed', member.user, actor=user)
        if password_ok and step is not None:
            # the right password and a code already spent (signing in again within its 30 s): only someone who
            # holds the authenticator learns here that the password was right
            raise WbsError(N_('Kode autentikator ini sudah dipakai. Tunggu kode berikutnya di aplikasi '
                              'autentikator (berganti setiap 30 detik), lalu coba lagi.'))
        raise WbsError(N_('Kata sandi atau kode autentikator salah.'))
    member.totp_last_step = step


def finish_setup(member, password, code):
    """Check password and a first TOTP code, then create the key pair; returns (private key, recovery key text)."""
    if member.ready:
        raise WbsError(N_('Akses WBS sudah disiapkan.'))
    _check_factors(member, password, code)
    if not team_members():  # the first member founds the team; every later one waits for a member's admit()
        member.admitted_on = today()
    mk = crypto.new_member_keys(password, params())
    member.public_key, member.pw_wrapped, member.pw_salt = mk.public_key, mk.pw_wrapped, mk.pw_salt
    member.pw_ops, member.pw_mem, member.recovery_wrapped = params().ops, params().mem, mk.recovery_wrapped
    audit.record('wbs.member_setup', member.user, actor=member.user)
    db.session.flush()
    return mk.private_key, crypto.format_recovery_key(mk.recovery_key)


def unlock(member, password, code):
    """The member's private key after password + TOTP; audited."""
    _check_factors(member, password, code)
    try:
        private = crypto.unwrap_with_password(member.pw_wrapped, member.pw_salt,
                                              crypto.Params(member.pw_ops, member.pw_mem), password)
    except crypto.CryptoError:
        raise WbsError(N_('Kunci WBS Anda terbungkus kata sandi lama (sandi disetel ulang admin?). '
                          'Gunakan kunci pemulihan.')) from None
    audit.record('wbs.unlock', member.user, actor=member.user)
    return private


def recover(member, recovery_text, password, code):
    """Open the key with the recovery key and rewrap it under the current password."""
    _check_factors(member, password, code)
    try:
        private = crypto.unwrap(crypto.parse_recovery_key(recovery_text), member.recovery_wrapped)
    except crypto.CryptoError:
        audit.record('wbs.recover_failed', member.user, actor=member.user)
        raise WbsError(N_('Kunci pemulihan salah.')) from None
    _rewrap(member, private, password)
    audit.record('wbs.recover', member.user, actor=member.user)
    return private


def _rewrap(member, private, password):
    member.pw_wrapped, member.pw_salt = crypto.rewrap_with_password(private, password, params())
    member.pw_ops, member.pw_mem = params().ops, params().mem


def on_password_change(user, old, new):
    """portal hook: rewrap the member's private key under the new password (before the commit)."""
    member = member_of(user)
    if member is None or not member.ready:
        return
    try:
        private = crypto.unwrap_with_password(member.pw_wrapped, member.pw_salt,
                                              crypto.Params(member.pw_ops, member.pw_mem), old)
    except crypto.CryptoError:
        return  # already out of step (admin reset): the recovery key still opens it
    _rewrap(member, private, new)
    audit.record('wbs.key_rewrapped', user, actor=user)


# --- members: reports ---------------------------------------------------------------------------------------------

def is_excluded(report, member):
    """True when the member is excluded from the report."""
    return any(e.member_id == member.id for e in report.exclusions)


def report_key(report, member, member_private):
    """The report's private key through the member's grant, or None without access."""
    grant = next((a for a in report.access if a.member_id == member.id), None)
    if grant is None or is_excluded(report, member):
        return None
    return crypto.open_report_key(member_private, grant.sealed_key)


def change_status(report, member, new, outcome=None, destination=None, risk=None, risk_note=None, feedback=None,
                  lessons=None):
    """Move the report along the workflow; audited with the clear metadata only. Into Ditelaah, the retaliation-risk
    level and its grounds go into a sealed team note (content, not metadata: the audit row says only that it was
    assessed). Concluding it (Selesai, Dilimpahkan; ISO 37002 clause 8.5), the feedback goes to the reporter as a
    sealed message from the team, and the lessons, if any, into a sealed team note."""
    check_transition(report.status, new, outcome, destination, risk, feedback)
    old = report.status
    report.status = new
    report.outcome = outcome if new == 'selesai' else None
    report.forwarded_to = destination if new == 'dilimpahkan' else None
    report.updated_on = today()
    if new in CLOSED:
        report.closed_on = today()
    if new == 'ditelaah':
        grounds = (risk_note or '').strip()
        add_message(report, 'catatan', f'Penilaian risiko pembalasan: {RETALIATION_RISKS[risk]}.'
                                       + (f' {grounds}' if grounds else ''), author=member)
    learnt = '' if new not in CLOSED or is_blank(lessons) else lessons.strip()
    if new in CLOSED:
        add_message(report, 'tim', feedback.strip(), author=member)
        if learnt:
            add_message(report, 'catatan', f'Pelajaran dan perbaikan: {learnt}', author=member)
    audit.record('wbs.status', report, actor=member.user,
                 details={'from': old, 'to': new, 'outcome': report.outcome, 'to_agency': report.forwarded_to,
                          **({'risk_assessed': True} if new == 'ditelaah' else {}),
                          **({'feedback': True, 'lessons': bool(learnt)} if new in CLOSED else {})})
    db.session.flush()


def share(report, member, report_private, other):
    """Seal the report key to another active tim_wbs member who has a key pair and is not excluded."""
    if not other.user.active or other.user.role != 'tim_wbs':
        raise WbsError(N_('Anggota itu tidak lagi aktif di tim WBS.'))
    if not other.ready:
        raise WbsError(N_('Anggota itu belum menyiapkan akses WBS.'))
    if other.admitted_on is None:
        raise WbsError(N_('Anggota itu belum diterima di tim WBS.'))
    if is_excluded(report, other):
        raise WbsError(N_('Anggota itu dikecualikan dari laporan ini.'))
    if any(a.member_id == other.id for a in report.access):
        raise WbsError(N_('Anggota itu sudah memiliki akses.'))
    report.access.append(WbsAccess(member=other, sealed_key=crypto.share_report_key(report_private, other.public_key)))
    audit.record('wbs.share', report, actor=member.user, details={'member': other.user.email})
    db.session.flush()


def adopt_orphan(report, report_private):
    """Seal a report no member can read (filed before any member had keys) to every ready member; returns how many.

    Runs when the reporter opens the report with the receipt, the only moment its key is in hand. A report that
    some member can already read is left alone: later members get it when a member with access shares it.
    """
    if report.access:
        return 0
    excluded = {e.member_id for e in report.exclusions}
    members = [m for m in team_members() if m.id not in excluded]
    for other in members:
        report.access.append(WbsAccess(member=other,
                                       sealed_key=crypto.share_report_key(report_private, other.public_key)))
    if members:
        event = audit.record('wbs.share', report, actor='sistem', details={'members': len(members), 'reason': 'orphan'})
        event.at = day_start()  # the reporter's visit: audited, but only its day, like every WBS date
        db.session.flush()
    return len(members)


def exclude(report, member, other):
    """Remove another member's access and keep them out of the report."""
    if other.id == member.id:
        raise WbsError(N_('Anda tidak dapat mengecualikan diri sendiri.'))
    if is_excluded(report, other):
        raise WbsError(N_('Anggota itu sudah dikecualikan.'))
    for grant in [a for a in report.access if a.member_id == other.id]:
        report.access.remove(grant)
    report.exclusions.append(WbsExclusion(member_id=other.id))
    audit.record('wbs.exclude', report, actor=member.user, details={'member': other.user.email})
    db.session.flush()


def undo_exclusion(report, member, other_id):
    """Lift another member's exclusion from the report (a mistaken one); returns that member. Audited.

    Only a member who can open the report may do it. It gives no access back: the report key reaches the member
    again only when a member with access shares it (`share`), as for anyone new to the report.
    """
    if is_excluded(report, member) or not any(a.member_id == member.id for a in report.access):
        raise WbsError(N_('Hanya anggota yang dapat membuka laporan ini yang dapat membatalkan pengecualian.'))
    exclusion = next((e for e in report.exclusions if other_id is not None and e.member_id == other_id), None)
    if exclusion is None:
        raise WbsError(N_('Anggota itu tidak dikecualikan dari laporan ini.'))
    other = db.session.get(WbsMember, other_id)
    report.exclusions.remove(exclusion)
    # exclude() removed the member's grant; should one have survived anyhow, lifting the exclusion must not revive it
    for grant in [a for a in report.access if a.member_id == other_id]:
        report.access.remove(grant)
    audit.record('wbs.exclusion_undone', report, actor=member.user, details={'member': other.user.email})
    db.session.flush()
    return other


def purge(now=None):
    """Delete reports closed longer than WBS_RETENTION_DAYS, with their files; returns how many."""
    days = int(current_app.config.get('WBS_RETENTION_DAYS', 365))
    limit = (now or today()) - timedelta(days=days)
    reports = db.session.scalars(select(WbsReport).where(WbsReport.closed_on.isnot(None),
                                                         WbsReport.closed_on < limit)).all()
    store = file_store()
    for report in reports:
        for f in report.files:
            store.delete(f.store_key)
        audit.record('wbs.purged', report, actor='sistem', details={'closed_on': report.closed_on.isoformat()})
        db.session.delete(report)
    db.session.flush()
    return len(reports)


def purge_job():
    """The daily retention task (registered with add_daily_task)."""
    return purge()


def purge_claims_job():
    """The daily task that forgets the reporter's forms' old once tokens (portal.once.purge on WbsOnceClaim)."""
    return once.purge(db.session, WbsOnceClaim, today())


# Why a proof of filing is refused (proof.ProofError.reason), in words for the member or the command line
PROOF_PROBLEMS = {
    'kosong': N_('Berkas kosong: tidak ada bukti penyampaian untuk diperiksa.'),
    'bukan_teks': N_('Ini bukan berkas bukti penyampaian: berkasnya bukan teks (misalnya gambar atau PDF). Bukti '
                     'penyampaian adalah berkas teks (.txt) yang diunduh pelapor dari halaman laporannya.'),
    'bukan_bukti': N_('Ini bukan berkas bukti penyampaian WBS: bagian bertanda tangan '
                      '("-----BEGIN WBS STATEMENT-----") tidak ditemukan.'),
    'terpotong': N_('Bukti tidak lengkap: bagian bertanda tangan terpotong, jadi tidak dapat diperiksa. '
                    'Minta berkas aslinya.'),
    'tanpa_tanda_tangan': N_('Bukti tidak sah: tanda tangan kantor tidak ada pada berkas ini (barisnya terhapus).'),
    'tanda_tangan_rusak': N_('Bukti tidak sah: tanda tangan kantor rusak atau terpotong.'),
    'diubah': N_('Bukti tidak sah: berkas ini diubah setelah ditandatangani kantor (isi atau tanda tangannya tidak '
                 'lagi cocok).'),
    'isi_diubah': N_('Bukti tidak sah: berkas ini diubah setelah ditandatangani kantor (%(field)s tertulis '
                     '"%(written)s", yang ditandatangani "%(signed)s").'),
    'kunci_lain': N_('Bukti tidak sah untuk kantor ini: ditandatangani dengan kunci lain (%(theirs)s…, atas nama '
                     '"%(office)s"), bukan kunci kantor ini (%(ours)s…). Bukti itu dari kantor lain, atau dari kunci '
                     'kantor ini sebelum diganti.'),
    'tidak_cocok': N_('Bukti tidak sah: tanda tangan tidak cocok dengan kunci kantor ini. Isinya diubah setelah '
                      'ditandatangani, atau bukti itu ditandatangani dengan kunci lain (kantor lain).'),
}
PROOF_FIELDS = {'kantor': N_('Kantor'), 'nomor': N_('Nomor laporan'), 'tanggal': N_('Tanggal'),
                'sha256': N_('SHA-256 isi')}


def proof_problem(exc):
    """The message (an N_ text, with its values) for a proof.ProofError (any other CryptoError: 'diubah')."""
    values = dict(getattr(exc, 'details', {}))
    if 'field' in values:
        values['field'] = PROOF_FIELDS[values['field']]
    return Text(PROOF_PROBLEMS[getattr(exc, 'reason', 'diubah')].msgid, values)


def read_proof_file(data):
    """The text of a proof file's bytes, or ProofRefused when the file is not text (an image, a PDF...)."""
    try:
        return proof.decode(data)
    except proof.ProofError as exc:
        raise ProofRefused(proof_problem(exc), getattr(exc, 'reason', 'diubah')) from None


def verify_statement(text):
    """The statement dict when the office signature holds and the readable lines agree with it, else ProofRefused
    saying what is wrong."""
    try:
        return proof.verify_text(signing_key().verify_key, text)
    except crypto.CryptoError as exc:  # proof.ProofError, with its reason
        raise ProofRefused(proof_problem(exc), getattr(exc, 'reason', 'diubah')) from None


def session_blob(purpose, data):
    """Encrypt a small dict for a cookie under a server subkey."""
    return crypto.box(server_key(purpose), json.dumps(data).encode())


def session_open(purpose, blob):
    """Open what session_blob made, or None."""
    try:
        return json.loads(crypto.unbox(server_key(purpose), blob))
    except (crypto.CryptoError, ValueError):
        return None
