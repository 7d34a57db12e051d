"""The complaint workflow as data: states, one table of transitions, and the one place that checks them.

No Flask import. A transition names who may take it (staf, pengadu, sistem), the states it leaves from, the state it
enters (RESUME: back to the state saved when information was requested), whether the complainant sees the step and
whether a note is required. services.transition() is the only caller of `check`.
"""
from dataclasses import dataclass

from portal.markers import N_
from portal.text import is_blank

STATES = {
    'baru': N_('Diterima'),
    'terverifikasi': N_('Terverifikasi dan didisposisikan'),
    'ditolak': N_('Ditolak'),
    'diproses': N_('Sedang diproses'),
    'menunggu_informasi': N_('Menunggu informasi dari pengadu'),
    'ditindaklanjuti': N_('Sudah ditindaklanjuti'),
    'dibuka_kembali': N_('Dibuka kembali'),
    'selesai': N_('Selesai'),
}
CLOSED = ('ditolak', 'selesai')
# staff steps that move a complaint on (the others, rejecting or asking for more, are side paths): the staff page
# opens the first of these the complaint allows
MAIN_PATH = ('verifikasi', 'proses', 'tindak_lanjut', 'lanjutkan')
RESUME = '*kembali*'  # target of the transitions that end a pause: the state saved when it began
STAFF, COMPLAINANT, SYSTEM = 'staf', 'pengadu', 'sistem'


class WorkflowError(Exception):
    """A transition the table does not allow, or one missing what it needs; the message is for the user."""


# domain.md 4: a rejection tells the complainant why: unclear, a duplicate, or out of scope (then with where to go).
REJECTION_REASONS = {
    'tidak jelas': N_('Isi tidak jelas'),
    'duplikat': N_('Duplikat pengaduan lain'),
    'di luar kewenangan': N_('Di luar kewenangan'),
}
OUT_OF_SCOPE = 'di luar kewenangan'


def rejection_note(reason, note, referral):
    """The note the complainant reads on a rejection: the reason, the officer's explanation, and where to go instead
    when the complaint is out of scope (required then)."""
    referral = (referral or '').strip()
    if reason not in REJECTION_REASONS:
        raise WorkflowError(N_('Pilih alasan penolakan.'))
    if reason == OUT_OF_SCOPE and not referral:
        raise WorkflowError(N_('Pengaduan di luar kewenangan: sebutkan ke mana pengadu dapat menyampaikannya.'))
    parts = [f'Alasan: {reason}.', (note or '').strip(), f'Silakan menghubungi: {referral}.' if referral else '']
    return ' '.join(part for part in parts if part)


@dataclass(frozen=True)
class Transition:
    """One allowed move of the state machine."""

    action: str
    sources: tuple
    target: str
    actor: str
    label: str
    public: bool = True
    needs_note: bool = False
    receiving_unit_only: bool = False  # only the unit the complaint was filed to may take it (verification)
    # From menunggu_informasi: only when the pause began in one of these states (None: whatever the state was).
    paused_from: tuple | None = None


TRANSITIONS = {t.action: t for t in (
    Transition('verifikasi', ('baru',), 'terverifikasi', STAFF, N_('Verifikasi dan disposisi'),
               receiving_unit_only=True),
    # rejection is an outcome of verification: from a pause only when the pause began before the verification
    Transition('tolak', ('baru', 'menunggu_informasi'), 'ditolak', STAFF, N_('Tolak'), needs_note=True,
               receiving_unit_only=True, paused_from=('baru',)),
    Transition('minta_informasi', ('baru', 'terverifikasi', 'diproses', 'dibuka_kembali'), 'menunggu_informasi',
               STAFF, N_('Minta informasi tambahan'), needs_note=True),
    Transition('lengkapi_informasi', ('menunggu_informasi',), RESUME, COMPLAINANT, N_('Informasi dilengkapi pengadu'),
               needs_note=True),
    Transition('lanjutkan', ('menunggu_informasi',), RESUME, STAFF, N_('Lanjutkan tanpa menunggu jawaban')),
    Transition('proses', ('terverifikasi', 'dibuka_kembali'), 'diproses', STAFF, N_('Mulai proses')),
    Transition('tindak_lanjut', ('diproses',), 'ditindaklanjuti', STAFF, N_('Kirim tindak lanjut'), needs_note=True),
    Transition('terima', ('ditindaklanjuti',), 'selesai', COMPLAINANT, N_('Pengadu menerima tindak lanjut')),
    Transition('bantah', ('ditindaklanjuti',), 'dibuka_kembali', COMPLAINANT, N_('Pengadu tidak puas, dibuka kembali'),
               needs_note=True),
    Transition('tutup_otomatis', ('ditindaklanjuti',), 'selesai', SYSTEM,
               N_('Ditutup otomatis: tidak ada tanggapan 10 hari kerja')),
)}


def check(status, action, actor, note=None, resume_status=None):
    """The Transition for `action` from `status` by `actor`, and the state it leads to; WorkflowError otherwise."""
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise WorkflowError(N_('Tindakan "%(action)s" tidak dikenal.', action=action))
    if transition.actor != actor:
        raise WorkflowError(N_('Tindakan "%(label)s" tidak dapat dilakukan oleh %(actor)s.', label=transition.label,
                               actor=actor))
    if status not in transition.sources:
        raise WorkflowError(N_('Tindakan "%(label)s" tidak diizinkan pada status "%(status)s".',
                               label=transition.label, status=STATES.get(status, status)))
    if not _pause_allows(transition, status, resume_status):
        raise WorkflowError(N_('Tindakan "%(label)s" tidak diizinkan: informasi diminta pada status "%(status)s".',
                               label=transition.label, status=STATES.get(resume_status, resume_status)))
    if transition.needs_note and is_blank(note):
        raise WorkflowError(N_('Tindakan "%(label)s" memerlukan keterangan.', label=transition.label))
    target = transition.target
    if target == RESUME:
        if resume_status not in STATES or resume_status in CLOSED or resume_status == 'menunggu_informasi':
            raise WorkflowError(N_('Status sebelum jeda tidak diketahui.'))
        target = resume_status
    return transition, target


def _pause_allows(transition, status, resume_status):
    return (status != 'menunggu_informasi' or transition.paused_from is None
            or resume_status in transition.paused_from)


def allowed(status, actor, resume_status=None):
    """The transitions `actor` may take from `status` (paused from `resume_status`), in table order."""
    return [t for t in TRANSITIONS.values()
            if t.actor == actor and status in t.sources and _pause_allows(t, status, resume_status)]
