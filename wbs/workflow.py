"""Report statuses after ISO 37002 clause 8 (receive, assess, address, conclude) as data; no Flask here."""
from portal.markers import N_
from portal.text import is_blank

STATUSES = {
    'diterima': N_('Diterima'),
    'ditelaah': N_('Ditelaah'),
    'diinvestigasi': N_('Diinvestigasi'),
    'selesai': N_('Selesai'),
    'dilimpahkan': N_('Dilimpahkan'),
}
OUTCOMES = {
    'terbukti': N_('Terbukti'),
    'tidak_terbukti': N_('Tidak terbukti'),
    'tidak_dapat_ditindaklanjuti': N_('Tidak dapat ditindaklanjuti'),
}
# domain.md section 5: a report may be forwarded to Itjen, APIP, APH or KPK.
DESTINATIONS = {'itjen': N_('Inspektorat Jenderal'), 'apip': 'APIP', 'aph': N_('Aparat Penegak Hukum'),
                'kpk': 'KPK'}
CLOSED = ('selesai', 'dilimpahkan')
TRANSITIONS = {
    'diterima': ('ditelaah', 'selesai', 'dilimpahkan'),
    'ditelaah': ('diinvestigasi', 'selesai', 'dilimpahkan'),
    'diinvestigasi': ('selesai', 'dilimpahkan'),
    'selesai': (),
    'dilimpahkan': (),
}
CATEGORIES = {
    'korupsi': N_('Korupsi / kerugian negara'),
    'suap': N_('Suap'),
    'gratifikasi': N_('Gratifikasi'),
    'pungli': N_('Pungutan liar / pemerasan'),
    'benturan_kepentingan': N_('Benturan kepentingan'),
    'penyalahgunaan_wewenang': N_('Penyalahgunaan wewenang'),
    'pengadaan': N_('Pengadaan barang/jasa'),
    'disiplin': N_('Pelanggaran disiplin / kode etik'),
    'lainnya': N_('Lainnya'),
}
# ISO 37002 clause 8.3: triage assesses the risk of retaliation against the reporter (and others concerned); the
# level is asked when a report goes to Ditelaah and kept, with its grounds, as a sealed team note.
RETALIATION_RISKS = {'rendah': N_('Rendah'), 'sedang': N_('Sedang'), 'tinggi': N_('Tinggi')}
# KPK takes cases with a state loss of at least Rp1 miliar (domain.md section 5, UU 19/2019 art. 11).
KPK_LOSS_THRESHOLD = 1_000_000_000


class WorkflowError(Exception):
    """A status change the workflow does not allow; the message is for the user."""


def check_transition(current, new, outcome=None, destination=None, risk=None, feedback=None):
    """Raise WorkflowError unless `current` -> `new` is allowed with the outcome, destination or retaliation-risk
    level (to Ditelaah) it needs, and, when it concludes the report (Selesai or Dilimpahkan), the feedback to the
    reporter (ISO 37002 clause 8.5: the reporter is told how the report was concluded)."""
    if new not in TRANSITIONS.get(current, ()):
        raise WorkflowError(N_('Status %(current)s tidak dapat diubah menjadi %(new)s.',
                               current=STATUSES.get(current, current), new=STATUSES.get(new, new)))
    if new == 'selesai' and outcome not in OUTCOMES:
        raise WorkflowError(N_('Pilih hasil penanganan untuk status Selesai.'))
    if new == 'dilimpahkan' and destination not in DESTINATIONS:
        raise WorkflowError(N_('Pilih instansi tujuan pelimpahan.'))
    if new == 'ditelaah' and risk not in RETALIATION_RISKS:
        raise WorkflowError(N_('Nilai dulu risiko pembalasan terhadap pelapor sebelum laporan ditelaah.'))
    if new in CLOSED and is_blank(feedback):
        raise WorkflowError(N_('Tulis umpan balik untuk pelapor: bagaimana laporannya diselesaikan atau ke mana '
                               'dilimpahkan.'))


def suggests_kpk(estimated_loss):
    """True when the estimated loss reaches the KPK threshold."""
    return estimated_loss is not None and estimated_loss >= KPK_LOSS_THRESHOLD
