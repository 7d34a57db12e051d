"""Config layers: defaults, instance/config.py, the environment, then the caller's overrides."""
import os

from portal import create_app
from portal.config import from_environment


def test_layers_apply_in_order(tmp_path, monkeypatch):
    (tmp_path / 'config.py').write_text("OFFICE_NAME = 'Dari instance'\nPUBLIC_BASE_URL = 'https://dari-instance.test'\n")
    monkeypatch.setenv('PORTAL_INSTANCE_PATH', str(tmp_path))
    monkeypatch.setenv('PUBLIC_BASE_URL', 'https://dari-env.test/')
    monkeypatch.setenv('REDIS_URL', 'redis://127.0.0.1:6379/5')
    monkeypatch.setenv('MAIL_SERVER', 'smtp.dari-env.test')
    monkeypatch.setenv('MAIL_PORT', '2525')
    app = create_app({'SECRET_KEY': 'x', 'MAIL_SERVER': 'smtp.uji.test'})
    assert app.config['OFFICE_NAME'] == 'Dari instance'  # instance/config.py over the defaults
    assert app.config['PUBLIC_BASE_URL'] == 'https://dari-env.test'  # environment over instance/config.py
    assert app.config['MAIL_PORT'] == 2525
    assert app.config['MAIL_SERVER'] == 'smtp.uji.test'  # the caller over the environment
    assert app.config['RATELIMIT_STORAGE_URI'] == 'redis://127.0.0.1:6379/5'  # Redis holds the rate limits
    assert app.config['SESSION_COOKIE_SECURE'] is True  # an https public URL makes cookies Secure
    assert app.config['SQLALCHEMY_DATABASE_URI'] == f'sqlite:///{tmp_path}/app.db'


def test_secret_key_is_generated_once_into_instance(tmp_path, monkeypatch):
    monkeypatch.setenv('PORTAL_INSTANCE_PATH', str(tmp_path))
    monkeypatch.delenv('SECRET_KEY', raising=False)
    first = create_app().config['SECRET_KEY']
    second = create_app().config['SECRET_KEY']
    assert first == second and len(first) >= 40
    assert (tmp_path / 'secret_key').read_text().strip() == first
    assert oct(os.stat(tmp_path / 'secret_key').st_mode & 0o777) == '0o600'
    other = tmp_path / 'other'
    monkeypatch.setenv('PORTAL_INSTANCE_PATH', str(other))
    assert create_app().config['SECRET_KEY'] != first  # no shared, hard-coded secret


def test_database_url_selects_postgresql():
    env = from_environment({'DATABASE_URL': 'postgres://u@db/zi', 'PORTAL_LOGIN_MAX_FAILURES': '7'})
    app = create_app(dict(env, SECRET_KEY='x'))
    assert app.config['SQLALCHEMY_DATABASE_URI'] == 'postgresql+psycopg://u@db/zi'
    assert app.config['LOGIN_MAX_FAILURES'] == 7
