"""Forms that store once (portal.once): the token's shape and age, the claim in the write's own transaction on the
real database (SQLite here, PostgreSQL with TEST_DATABASE_URL), concurrent double submits, the daily purge, and the
migration that makes the two claim tables."""
import threading
from datetime import date, timedelta

from sqlalchemy import func, insert, select

from pengaduan.models import ComplaintEvent
from portal import once
from portal.models import AuditEvent, OnceClaim, utcnow
from tests.factories import csrf_token, login_as, page_once
from tests.pengaduan.factories import make_complaint, make_tree
from wbs.models import WbsOnceClaim

TODAY = date(2026, 11, 28)


def test_a_token_says_the_day_its_form_was_made_and_is_taken_for_two_days():
    token = once.new_token(TODAY)
    assert token.startswith('20261128.') and len(token) == 41 and token != once.new_token(TODAY)
    assert once.state(token, TODAY) == once.FRESH
    assert once.state(token, TODAY + timedelta(days=once.KEEP_DAYS)) == once.FRESH
    assert once.state(token, TODAY + timedelta(days=once.KEEP_DAYS + 1)) == once.STALE
    assert once.state(token, TODAY - timedelta(days=1)) == once.FRESH  # another server's clock, past midnight
    assert once.state(token, TODAY - timedelta(days=2)) is None  # from the future: not one we made
    for bad in (None, '', 'x' * 41, '20261128' + '.' * 33, '20261399.' + 'a' * 32, token + 'a', token[:-1],
                token.replace('.', '-'), ' ' + token, token + '\n', '٢٠٢٦١١٢٨.' + 'a' * 32, 7):
        assert once.state(bad, TODAY) is None, bad


def test_the_digest_is_neither_the_token_nor_the_same_for_another_purpose():
    token = once.new_token(TODAY)
    assert token not in once.digest('a', token) and len(once.digest('a', token)) == 64
    assert once.digest('a', token) != once.digest('b', token) and once.digest('a', token) == once.digest('a', token)


def test_a_claim_is_taken_once_and_lives_or_dies_with_its_transaction(app, db):
    token = once.new_token(TODAY)
    # the claim is the first write of the transaction (SQLite: the savepoint must not commit it alone) ...
    assert once.claim(db.session, OnceClaim, 'uji', token, TODAY) is True
    db.session.rollback()  # ... and the write it guarded failed: nothing of either stays
    assert db.session.scalar(select(func.count()).select_from(OnceClaim)) == 0
    assert once.claim(db.session, OnceClaim, 'uji', token, TODAY) is True
    db.session.add(AuditEvent(action='uji.tulis'))
    db.session.commit()
    assert once.claim(db.session, OnceClaim, 'uji', token, TODAY) is False  # the same form again
    db.session.add(AuditEvent(action='uji.sesudah'))  # the transaction goes on after the refused claim
    db.session.commit()
    assert db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all() == ['uji.tulis', 'uji.sesudah']
    assert once.claim(db.session, OnceClaim, 'lain', token, TODAY) is True  # another purpose, another claim
    db.session.commit()
    rows = db.session.execute(select(OnceClaim.digest, OnceClaim.day)).all()
    assert sorted(rows) == sorted([(once.digest('uji', token), TODAY), (once.digest('lain', token), TODAY)])
    assert OnceClaim.__table__.columns.keys() == ['digest', 'day']  # nothing else: no user, no object, no time
    assert WbsOnceClaim.__table__.columns.keys() == ['digest', 'day']


def test_the_daily_task_forgets_old_claims(app, db, runner):
    today = utcnow().date()
    for table in (OnceClaim, WbsOnceClaim):
        db.session.execute(insert(table), [{'digest': f'{n:064x}', 'day': today - timedelta(days=n)}
                                           for n in range(6)])
    db.session.commit()
    result = runner.invoke(args=['daily'])
    assert result.exit_code == 0, result.output
    assert 'portal.once.purge_job: selesai' in result.output
    assert 'wbs.services.purge_claims_job: selesai' in result.output
    db.session.expire_all()
    for table in (OnceClaim, WbsOnceClaim):  # a form is taken for KEEP_DAYS; its claim is kept a day longer
        days = sorted(db.session.scalars(select(table.day)))
        assert days == [today - timedelta(days=n) for n in range(once.KEEP_DAYS + 1, -1, -1)], table


def test_a_form_sent_by_many_tabs_at_the_same_moment_stores_one_note(app, db):
    """The same note form posted at once from eight signed-in browsers (a double click, a retry racing the first
    request): one note, every answer a redirect, never a 500."""
    t = make_tree()
    complaint, _code = make_complaint(t['kota'])
    url = f'/staf/pengaduan/{complaint.id}'
    clients = [app.test_client() for _ in range(8)]
    for client in clients:
        login_as(client, t['p_kota'])
    token = page_once(clients[0], url, url + '/catatan')
    barrier = threading.Barrier(len(clients))
    codes, errors = [], []

    def post(client):
        try:
            # this browser's CSRF token, and the once token of the one form
            data = {'note': 'Cek rekaman CCTV loket.', 'sekali': token, 'csrf_token': csrf_token(client, url)}
            barrier.wait()
            codes.append(client.post(url + '/catatan', data=data).status_code)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=post, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors and codes == [302] * len(clients), (codes, errors)
    notes = db.session.scalars(select(ComplaintEvent.note).where(ComplaintEvent.kind == 'catatan')).all()
    assert notes == ['Cek rekaman CCTV loket.']
    assert db.session.scalar(select(func.count()).select_from(OnceClaim)) == 1


def test_migration_0012_makes_and_drops_the_two_claim_tables(tmp_path):
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import inspect

    from portal import create_app
    from portal.extensions import db as _db
    app = create_app({'DATABASE_URL': f'sqlite:///{tmp_path}/m.db', 'SECRET_KEY': 'x', 'UPLOAD_FOLDER': str(tmp_path)})
    with app.app_context():
        upgrade()
        inspector = inspect(_db.engine)
        for name in ('once_claim', 'wbs_once_claim'):
            assert [c['name'] for c in inspector.get_columns(name)] == ['digest', 'day']
            assert inspector.get_pk_constraint(name)['constrained_columns'] == ['digest']
            assert [i['column_names'] for i in inspector.get_indexes(name)] == [['day']]
        downgrade(revision='0011')
        assert not {'once_claim', 'wbs_once_claim'} & set(inspect(_db.engine).get_table_names())
        upgrade()
        assert {'once_claim', 'wbs_once_claim'} <= set(inspect(_db.engine).get_table_names())
        _db.engine.dispose()
