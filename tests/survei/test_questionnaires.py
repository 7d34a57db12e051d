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
    assert [i.code for i in new.items] == ['ipak1']


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
