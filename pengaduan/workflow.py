"""The complaint workflow as data: states, one table of transitions, and the one place that checks them.

No Flask import. A transition names who may take it (staf, pengadu, sistem), the states it leaves from, the state it
enters (RESUME: back to the state saved when information was requested), whether the complainant sees the step and
whether a note is required. services.transition() is the only caller of `check`.
"""
from dataclasses import dataclass

from portal.markers import N_

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
RESUME = '*kembali*'  # target of the transitions that end a pause: the state saved when it began
STAFF, COMPLAINANT, SYSTEM = 'staf', 'pengadu', 'sistem'


class WorkflowError(Exception):
    """A transition the table does not allow, or one missing what it needs; the message is for the user."""


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


TRANSITIONS = {t.action: t for t in (
    Transition('verifikasi', ('baru',), 'terverifikasi', STAFF, 'Verifikasi dan disposisi',
               receiving_unit_only=True),
    Transition('tolak', ('baru', 'menunggu_informasi'), 'ditolak', STAFF, 'Tolak', needs_note=True,
               receiving_unit_only=True),
    Transition('minta_informasi', ('baru', 'terverifikasi', 'diproses', 'dibuka_kembali'), 'menunggu_informasi',
               STAFF, 'Minta informasi tambahan', needs_note=True),
    Transition('lengkapi_informasi', ('menunggu_informasi',), RESUME, COMPLAINANT, 'Informasi dilengkapi pengadu',
               needs_note=True),
    Transition('lanjutkan', ('menunggu_informasi',), RESUME, STAFF, 'Lanjutkan tanpa menunggu jawaban'),
    Transition('proses', ('terverifikasi', 'dibuka_kembali'), 'diproses', STAFF, 'Mulai proses'),
    Transition('tindak_lanjut', ('diproses',), 'ditindaklanjuti', STAFF, 'Kirim tindak lanjut', needs_note=True),
    Transition('terima', ('ditindaklanjuti',), 'selesai', COMPLAINANT, 'Pengadu menerima tindak lanjut'),
    Transition('bantah', ('ditindaklanjuti',), 'dibuka_kembali', COMPLAINANT, 'Pengadu tidak puas, dibuka kembali',
               needs_note=True),
    Transition('tutup_otomatis', ('ditindaklanjuti',), 'selesai', SYSTEM,
               'Ditutup otomatis: tidak ada tanggapan 10 hari kerja'),
)}


def check(status, action, actor, note=None, resume_status=None):
    """The Transition for `action` from `status` by `actor`, and the state it leads to; WorkflowError otherwise."""
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise WorkflowError(f'Tindakan "{action}" tidak dikenal.')
    if transition.actor != actor:
        raise WorkflowError(f'Tindakan "{transition.label}" tidak dapat dilakukan oleh {actor}.')
    if status not in transition.sources:
        raise WorkflowError(f'Tindakan "{transition.label}" tidak diizinkan pada status '
                            f'"{STATES.get(status, status)}".')
    if transition.needs_note and not (note or '').strip():
        raise WorkflowError(f'Tindakan "{transition.label}" memerlukan keterangan.')
    target = transition.target
    if target == RESUME:
        if resume_status not in STATES or resume_status in CLOSED or resume_status == 'menunggu_informasi':
            raise WorkflowError('Status sebelum jeda tidak diketahui.')
        target = resume_status
    return transition, target


def allowed(status, actor):
    """The transitions `actor` may take from `status`, in table order."""
    return [t for t in TRANSITIONS.values() if t.actor == actor and status in t.sources]
