"""Questionnaires are data: IKM v1 locked with the 9 unsur of PermenPANRB 14/2017, IPKP from the IKM answers,
IPAK with 5 items; edits to IPKP/IPAK make new versions while old responses keep theirs."""
import pytest
from sqlalchemy import create_engine, func, select, text

from portal import create_app
from portal.extensions import db
from portal.operations import ValidationError
from survei import services
from survei.models import QuestionItem, Questionnaire
from tests.factories import make_user

# domain.md section 2: (unsur, label 1, label 4)
DOMAIN = [('Persyaratan', 'Tidak sesuai', 'Sangat sesuai'), ('Sistem, mekanisme dan prosedur', 'Tidak mudah',
          'Sangat mudah'), ('Waktu penyelesaian', 'Tidak cepat', 'Sangat cepat'), ('Biaya/tarif', 'Sangat mahal',
          'Gratis'), ('Produk spesifikasi jenis pelayanan', 'Tidak sesuai', 'Sangat sesuai'),
          ('Kompetensi pelaksana', 'Tidak kompeten', 'Sangat kompeten'),
          ('Perilaku pelaksana', 'Tidak sopan dan ramah', 'Sangat sopan dan ramah'),
          ('Sarana dan prasarana', 'Buruk', 'Sangat baik'),
          ('Penanganan pengaduan, saran dan masukan', 'Tidak ada', 'Dikelola dengan baik')]


def test_seeded_ikm_has_the_nine_unsur_with_their_labels_and_is_locked(db):
    services.ensure_questionnaires()
    ikm = services.current('ikm')
    assert ikm.locked and ikm.version == 1
    assert [i.code for i in ikm.items] == [f'u{i}' for i in range(1, 10)]
    assert [(i.name, i.label1, i.label4) for i in ikm.items] == DOMAIN
    assert ikm.items[8].labels == ['Tidak ada', 'Ada tetapi tidak berfungsi', 'Berfungsi kurang maksimal',
                                   'Dikelola dengan baik']
    assert ikm.items[7].labels == ['Buruk', 'Cukup', 'Baik', 'Sangat baik']


def test_ipkp_uses_the_ikm_answers_and_ipak_has_five_items_clean_answer_four(db):
    services.ensure_questionnaires()
    ipkp, ipak = services.current('ipkp'), services.current('ipak')
    assert ipkp.uses_ikm_answers and ipkp.items == []
    assert len(ipak.items) == 5 and all(i.label1 == 'Sangat sering' and i.label4 == 'Tidak pernah' for i in ipak.items)
    assert [i.name for i in ipak.items] == ['Percaloan', 'Pungutan liar', 'Imbalan/gratifikasi',
                                            'Diskriminasi pelayanan', 'Praktik suap/korupsi']


def test_ensure_questionnaires_is_idempotent(db):
    services.ensure_questionnaires()
    services.ensure_questionnaires()
    db.session.commit()
    assert db.session.scalar(select(func.count(Questionnaire.id))) == 3
    assert db.session.scalar(select(func.count(QuestionItem.id))) == 14


def test_editing_ipak_makes_a_new_version_and_keeps_the_old(db):
    services.ensure_questionnaires()
    admin = make_user('superadmin')
    old = services.current('ipak')
    item = {'name': 'Transparansi biaya', 'question': 'Apakah biaya diumumkan?', 'label1': 'Tidak pernah',
            'label2': 'Jarang', 'label3': 'Sering', 'label4': 'Selalu'}
    new = services.new_version('ipak', [item], False, admin)
    db.session.commit()
    assert new.version == 2 and services.current('ipak').id == new.id
    assert not db.session.get(Questionnaire, old.id).current and len(old.items) == 5
    assert [i.code for i in new.items] == ['ipak6']  # a new question: a code no earlier item had


def test_an_item_keeps_its_code_across_versions_and_a_new_one_never_reuses_one(db):
    """Answers pool across versions by code (analytics.queries): dropping the first IPAK item must not hand its code
    to the second, and a question asked again later gets its old code back."""
    services.ensure_questionnaires()
    admin = make_user('superadmin')
    first = services.current('ipak')
    old = [{k: getattr(i, k) for k in ('name', 'question', 'label1', 'label2', 'label3', 'label4')}
           for i in first.items]
    assert [i.code for i in first.items] == ['ipak1', 'ipak2', 'ipak3', 'ipak4', 'ipak5']
    renamed = dict(old[2], name='Gratifikasi', question='  ' + old[2]['question'].upper() + ' ')  # case, spaces
    v2 = services.new_version('ipak', old[1:2] + [renamed] + old[3:], False, admin)
    assert [i.code for i in v2.items] == ['ipak2', 'ipak3', 'ipak4', 'ipak5']
    reworded = dict(old[1], label2='Kadang-kadang')  # another scale: another item
    new = {'name': 'Transparansi biaya', 'question': 'Apakah biaya diumumkan?', 'label1': 'Tidak pernah',
           'label2': 'Jarang', 'label3': 'Sering', 'label4': 'Selalu'}
    v3 = services.new_version('ipak', [new, reworded, old[0], old[0]], False, admin)
    db.session.commit()
    assert [i.code for i in v3.items] == ['ipak6', 'ipak7', 'ipak1', 'ipak8']  # Percaloan back as ipak1; twice: new


def test_assign_codes_on_plain_values():
    from survei.questionnaires import assign_codes, item_identity
    a = {'question': 'A?', 'label1': '1', 'label2': '2', 'label3': '3', 'label4': '4'}
    b = dict(a, question='B?')
    earlier = [('ipkp1', item_identity(a)), ('ipkp2', item_identity(b)), ('x9', item_identity(dict(a, question='X')))]
    assert assign_codes('ipkp', earlier, [b, dict(a, question='C?'), a]) == ['ipkp2', 'ipkp3', 'ipkp1']
    assert assign_codes('ipkp', [], [a, b]) == ['ipkp1', 'ipkp2']


def test_the_migration_recodes_versions_numbered_by_position():
    """Revision 0011 recodes what earlier versions stored (codes by position) the way new versions are coded."""
    import importlib.util
    from pathlib import Path
    path = Path(__file__).resolve().parents[2] / 'migrations' / 'versions' / '20261127_0011_stable_item_codes.py'
    spec = importlib.util.spec_from_file_location('stable_item_codes', path)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)

    def row(item_id, version, position, code, question):
        return {'id': item_id, 'kind': 'ipak', 'version': version, 'position': position, 'code': code,
                'question': question, 'label1': 'a', 'label2': 'b', 'label3': 'c', 'label4': 'd'}
    rows = [row(1, 1, 1, 'ipak1', 'Percaloan?'), row(2, 1, 2, 'ipak2', 'Pungli?'), row(3, 1, 3, 'ipak3', 'Suap?'),
            # version 2 dropped Percaloan: stored by position as ipak1, ipak2
            row(4, 2, 1, 'ipak1', 'Pungli?'), row(5, 2, 2, 'ipak2', 'Suap?'),
            # version 3: a new question first, then Percaloan again
            row(6, 3, 1, 'ipak1', 'Calo online?'), row(7, 3, 2, 'ipak2', 'Percaloan?'),
            {'id': 8, 'kind': 'ikm', 'version': 1, 'position': 1, 'code': 'u1', 'question': 'Persyaratan?',
             'label1': 'a', 'label2': 'b', 'label3': 'c', 'label4': 'd'}]
    assert migration.recode(rows) == {1: 'ipak1', 2: 'ipak2', 3: 'ipak3', 4: 'ipak2', 5: 'ipak3', 6: 'ipak4',
                                      7: 'ipak1', 8: 'u1'}


def test_the_ikm_cannot_be_edited(db):
    services.ensure_questionnaires()
    with pytest.raises(ValidationError, match='terkunci'):
        services.new_version('ikm', [], False, make_user())


def test_migration_inserts_the_seeded_questionnaires(tmp_path):
    from flask_migrate import upgrade
    url = f'sqlite:///{tmp_path}/m.db'
    app = create_app({'DATABASE_URL': url, 'SECRET_KEY': 'x', 'UPLOAD_FOLDER': str(tmp_path)})
    with app.app_context():
        upgrade()
        db.engine.dispose()
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(text('SELECT kind, version, locked, uses_ikm_answers, '
                                 '(SELECT count(*) FROM survei_item i WHERE i.questionnaire_id = q.id) '
                                 'FROM survei_questionnaire q ORDER BY kind')).all()
        wording = conn.execute(text("SELECT label2 FROM survei_item WHERE code = 'u7'")).scalar_one()
    engine.dispose()
    assert [tuple(r) for r in rows] == [('ikm', 1, 1, 0, 9), ('ipak', 1, 0, 0, 5), ('ipkp', 1, 0, 1, 0)]
    assert wording == 'Kurang sopan dan ramah'
