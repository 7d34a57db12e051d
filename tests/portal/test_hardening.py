"""Hardening of the shared portal: atomic lockout counting, no open redirect, NUL bytes refused, CSV encoding and
size errors, backup of a relative SQLite path, integer mail timeout from the environment."""
import threading
from urllib.parse import quote

import pytest
from sqlalchemy import select, update

from portal import create_app
from portal.auth import AuthError, authenticate
from portal.config import from_environment
from portal.extensions import db
from portal.models import Layanan, Unit, User
from tests.factories import PASSWORD, csrf_token, make_unit, make_user

# 1. Lockout counting


def _stored(user_id):
    """(failed_logins, locked_until) as the database has them, read on a connection of its own."""
    with db.engine.connect() as conn:
        return conn.execute(select(User.failed_logins, User.locked_until).where(User.id == user_id)).one()


def _parallel_request_sets(user_id, count):
    """Another request's committed write, behind the back of this session's loaded user object."""
    with db.engine.begin() as conn:
        conn.execute(update(User).where(User.id == user_id).values(failed_logins=count))


def test_failed_login_counts_atomically_with_a_stale_user_object(app):
    user = make_user()
    assert db.session.scalar(select(User).where(User.id == user.id)).failed_logins == 0  # loaded, and now stale
    _parallel_request_sets(user.id, 1)
    with pytest.raises(AuthError):
        authenticate(user.email, 'salah-sekali')  # the identity map still says 0
    assert _stored(user.id)[0] == 2
    assert user.failed_logins == 2  # the object follows what the database returned


def test_lock_engages_at_max_failures_even_with_a_stale_user_object(app):
    limit = app.config['LOGIN_MAX_FAILURES']
    user = make_user()
    assert db.session.scalar(select(User).where(User.id == user.id)).failed_logins == 0
    _parallel_request_sets(user.id, limit - 1)
    with pytest.raises(AuthError):
        authenticate(user.email, 'salah-sekali')
    count, locked_until = _stored(user.id)
    assert count == 0 and locked_until is not None
    with pytest.raises(AuthError, match='dikunci'):
        authenticate(user.email, PASSWORD)


def test_parallel_wrong_passwords_all_count_and_lock(app):
    limit = app.config['LOGIN_MAX_FAILURES']
    user = make_user()
    email, user_id = user.email, user.id
    barrier, errors = threading.Barrier(limit), []

    def attempt():
        with app.app_context():
            barrier.wait()
            try:
                authenticate(email, 'salah-sekali')
            except AuthError:
                pass
            except Exception as exc:  # noqa: BLE001 - reported below
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=attempt) for _ in range(limit)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert _stored(user_id).locked_until is not None


# 2. Open redirect


@pytest.mark.parametrize('target', ['/%09/evil.example', '/%5Cevil.example', '//evil', '/%0d%0a/x', 'https://evil',
                                    '/%0a/evil.example', '/%20/evil.example', '/%7F/evil', '/x%5C/evil'])
def test_language_switch_never_redirects_off_site(client, target):
    response = client.get(f'/bahasa/en?next={target}')
    assert response.status_code == 302
    assert response.headers['Location'] == '/'


def test_language_switch_keeps_a_local_target(client):
    response = client.get('/bahasa/en?next=' + quote('/staf/?a=1', safe=''))
    assert response.status_code == 302 and response.headers['Location'] == '/staf/?a=1'


def test_login_refuses_a_tab_hidden_protocol_relative_target(client):
    user = make_user()
    response = client.post('/staf/masuk?next=/%09/evil.example/x',
                           data={'email': user.email, 'password': PASSWORD, 'csrf_token': csrf_token(client)})
    assert response.status_code == 302 and response.headers['Location'] == '/staf/'


# 3. NUL bytes


@pytest.mark.parametrize('url', ['/unit/a%00b', '/survei/a%00b/x', '/hasil/a%00b/2026', '/staf/audit?aksi=%00',
                                 '/?q=a%00b'])
def test_nul_in_path_or_query_is_a_400_in_indonesian(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert 'karakter yang tidak sah' in response.get_data(as_text=True)


def test_nul_in_a_login_form_is_a_400_and_counts_nothing(client):
    user = make_user()
    response = client.post('/staf/masuk', data={'email': user.email + '\x00', 'password': 'x',
                                                 'csrf_token': csrf_token(client)})
    assert response.status_code == 400
    assert 'karakter yang tidak sah' in response.get_data(as_text=True)
    assert _stored(user.id)[0] == 0


def test_nul_answer_is_json_for_json_clients(client):
    response = client.get('/unit/a%00b', headers={'Accept': 'application/json'})
    assert response.status_code == 400 and 'NUL' in response.get_json()['message']


# 4. CSV loading


def _write_bytes(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


@pytest.mark.parametrize('command', ['units', 'layanan'])
@pytest.mark.parametrize('encoding', ['cp1252', 'utf-16'])
def test_csv_in_another_encoding_is_a_clean_error(runner, tmp_path, command, encoding):
    text = ('slug,nama,jenis,induk\nkanwil-a,Kanwil Bengkulu,kanwil,\nkua-b,KUA Café,kua,kanwil-a\n'
            if command == 'units' else 'unit,slug,nama\nkanwil-a,legalisir,Légalisir\n')
    path = _write_bytes(tmp_path, f'{command}.csv', text.encode(encoding))
    result = runner.invoke(args=[command, 'load', path])
    assert result.exit_code == 1 and result.exception.__class__ is SystemExit
    assert 'berkas harus CSV UTF-8' in result.output and path in result.output
    if encoding == 'cp1252':
        assert f'{path}:{3 if command == "units" else 2}:' in result.output
    assert 'Traceback' not in result.output


def test_csv_field_over_the_csv_limit_is_a_clean_error(runner, db, tmp_path):
    text = 'slug,nama,jenis,induk\nkanwil-a,Kanwil,kanwil,\nkua-b,' + 'x' * 200_000 + ',kua,kanwil-a\n'
    path = _write_bytes(tmp_path, 'besar.csv', text.encode())
    result = runner.invoke(args=['units', 'load', path])
    assert result.exit_code == 1 and result.exception.__class__ is SystemExit
    assert f'{path}:3: baris tidak dapat dibaca sebagai CSV: sel terlalu panjang' in result.output
    assert db.session.scalar(select(Unit.id)) is None


def test_too_long_unit_slug_and_name_are_row_errors(runner, db, tmp_path):
    root = 'a' * 80  # exactly at the limit: the one root the file names
    text = ('slug,nama,jenis,induk\n' + 'a' * 81 + f',Kanwil,kanwil,{root}\nkua-b,' + 'N' * 201 + f',kua,{root}\n'
            + root + ',' + 'N' * 200 + ',kua,\n')
    path = _write_bytes(tmp_path, 'panjang.csv', text.encode())
    result = runner.invoke(args=['units', 'load', path])
    assert result.exit_code == 1
    assert f'{path}:2: slug terlalu panjang (81 karakter, paling banyak 80)' in result.output
    assert f'{path}:3: nama terlalu panjang (201 karakter, paling banyak 200)' in result.output
    assert f'{path}:4:' not in result.output  # exactly at the limit is fine
    assert db.session.scalar(select(Unit.id)) is None


def test_too_long_layanan_slug_and_name_are_row_errors(runner, db, tmp_path):
    make_unit('Kanwil', 'kanwil-a', 'kanwil')
    text = 'unit,slug,nama\nkanwil-a,' + 'b' * 81 + ',Legalisir\nkanwil-a,legalisir,' + 'L' * 201 + '\n'
    path = _write_bytes(tmp_path, 'layanan.csv', text.encode())
    result = runner.invoke(args=['layanan', 'load', path])
    assert result.exit_code == 1
    assert f'{path}:2: slug terlalu panjang' in result.output
    assert f'{path}:3: nama terlalu panjang' in result.output
    assert db.session.scalar(select(Layanan.id)) is None


# 5. Backup and restore with a relative SQLite path


def _relative_sqlite_app(tmp_path, monkeypatch, name):
    monkeypatch.setenv('PORTAL_INSTANCE_PATH', str(tmp_path / name))
    app = create_app({'DATABASE_URL': 'sqlite:///relatif.db', 'SECRET_KEY': 'x', 'TESTING': True,
                      'UPLOAD_FOLDER': str(tmp_path / name / 'uploads'), 'REDIS_URL': None})
    return app


def test_backup_and_restore_follow_a_relative_sqlite_path_into_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the working directory holds no relatif.db: the instance folder does
    source = _relative_sqlite_app(tmp_path, monkeypatch, 'sumber')
    archive = tmp_path / 'relatif.tar.gz'
    with source.app_context():
        assert db.engine.url.database == str(tmp_path / 'sumber' / 'relatif.db')
        db.create_all()
        db.session.add(Unit(name='Kanwil Relatif', slug='kanwil-relatif', kind='kanwil', active=True))
        db.session.commit()
        result = source.test_cli_runner().invoke(args=['backup', '--out', str(archive)])
        assert result.exit_code == 0, result.output
        db.session.remove()
        db.engine.dispose()

    target = _relative_sqlite_app(tmp_path, monkeypatch, 'tujuan')
    with target.app_context():
        result = target.test_cli_runner().invoke(args=['restore', str(archive), '--yes'])
        assert result.exit_code == 0, result.output
        assert '1 baris' in result.output or 'unit' in result.output
        assert db.session.scalar(select(Unit.name)) == 'Kanwil Relatif'
        db.session.remove()
        db.engine.dispose()
    assert not (tmp_path / 'relatif.db').exists()


# 6. Mail timeout from the environment


def test_mail_inline_timeout_from_the_environment_is_an_integer():
    assert from_environment({'PORTAL_MAIL_INLINE_TIMEOUT': '7'}) == {'MAIL_INLINE_TIMEOUT': 7}
