"""The ISO 37002 workflow as data, and the KPK threshold of domain.md section 5."""
import pytest

from wbs.workflow import CATEGORIES, KPK_LOSS_THRESHOLD, STATUSES, WorkflowError, check_transition, suggests_kpk


def test_statuses_and_categories_follow_the_domain():
    assert list(STATUSES) == ['diterima', 'ditelaah', 'diinvestigasi', 'selesai', 'dilimpahkan']
    assert len(CATEGORIES) == 9 and 'gratifikasi' in CATEGORIES and 'lainnya' in CATEGORIES


def test_transitions_need_outcome_destination_or_the_retaliation_risk():
    check_transition('diterima', 'ditelaah', risk='sedang')
    with pytest.raises(WorkflowError, match='risiko pembalasan'):  # ISO 37002 8.3: triage assesses retaliation
        check_transition('diterima', 'ditelaah')
    with pytest.raises(WorkflowError, match='risiko pembalasan'):
        check_transition('diterima', 'ditelaah', risk='lumayan')
    check_transition('ditelaah', 'selesai', outcome='tidak_terbukti', feedback='Tidak ditemukan bukti.')
    check_transition('diinvestigasi', 'dilimpahkan', destination='kpk', feedback='Dilimpahkan ke KPK.')
    with pytest.raises(WorkflowError):
        check_transition('diterima', 'selesai')
    with pytest.raises(WorkflowError):
        check_transition('ditelaah', 'dilimpahkan', destination='polisi-tidur')
    with pytest.raises(WorkflowError):
        check_transition('selesai', 'ditelaah')


def test_kpk_threshold_is_one_miliar():
    assert KPK_LOSS_THRESHOLD == 1_000_000_000
    assert suggests_kpk(1_000_000_000) and not suggests_kpk(999_999_999) and not suggests_kpk(None)


def test_concluding_needs_feedback_to_the_reporter():
    """ISO 37002 clause 8.5 (domain.md section 5): conclude = outcome, feedback to the reporter, lessons."""
    for new, extra in (('selesai', {'outcome': 'terbukti'}), ('dilimpahkan', {'destination': 'itjen'})):
        for feedback in (None, '', '  \n', '\u200b\u2060'):
            with pytest.raises(WorkflowError, match='umpan balik untuk pelapor'):
                check_transition('diinvestigasi', new, feedback=feedback, **extra)
        check_transition('diinvestigasi', new, feedback='Terima kasih; laporan Anda terbukti.', **extra)
    check_transition('diterima', 'ditelaah', risk='rendah')  # only concluding asks for it
