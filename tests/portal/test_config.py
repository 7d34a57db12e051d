"""Config layers: defaults, instance/config.py, the environment, then the caller's overrides."""
import os

import pytest

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


def test_every_portal_variable_takes_the_type_of_its_setting():
    from datetime import timedelta

    from portal.config import setting_type
    env = from_environment({
        'PORTAL_RATELIMIT_ENABLED': 'false', 'PORTAL_RATELIMIT_HEADERS_ENABLED': 'Ya', 'PORTAL_PROXY_FIX': 'tidak',
        'PORTAL_SESSION_COOKIE_HTTPONLY': 'OFF', 'MAIL_USE_TLS': 'yes', 'PORTAL_JOBS_INLINE': 'On',
        'PORTAL_PERMANENT_SESSION_LIFETIME': '3600', 'PORTAL_UPLOAD_MAX_BYTES': ' 1048576 ',
        'PORTAL_WBS_FAIL_DELAY': '0.5', 'PORTAL_WTF_CSRF_TIME_LIMIT': '', 'PORTAL_LANGUAGES': 'id, en',
        'PORTAL_IKM_WEIGHT': '0.11', 'PORTAL_OFFICE_NAME': 'Kantor Kemenag Kota Uji', 'MAIL_PORT': '587',
    })
    assert env == {
        'RATELIMIT_ENABLED': False, 'RATELIMIT_HEADERS_ENABLED': True, 'PROXY_FIX': False,
        'SESSION_COOKIE_HTTPONLY': False, 'MAIL_USE_TLS': True, 'JOBS_INLINE': True,
        'PERMANENT_SESSION_LIFETIME': 3600, 'UPLOAD_MAX_BYTES': 1048576, 'WBS_FAIL_DELAY': 0.5,
        'WTF_CSRF_TIME_LIMIT': None, 'LANGUAGES': ('id', 'en'), 'IKM_WEIGHT': '0.11',
        'OFFICE_NAME': 'Kantor Kemenag Kota Uji', 'MAIL_PORT': 587,
    }
    assert setting_type('SEND_FILE_MAX_AGE_DEFAULT') == 'optional int'
    assert setting_type('TESTING') is bool  # Flask's own defaults count too
    from flask import Flask
    assert isinstance(Flask.default_config['PERMANENT_SESSION_LIFETIME'], timedelta)
    from portal import config
    saved = config.Defaults.PERMANENT_SESSION_LIFETIME
    try:  # a timedelta setting is given in seconds
        del config.Defaults.PERMANENT_SESSION_LIFETIME
        assert from_environment({'PORTAL_PERMANENT_SESSION_LIFETIME': '90'}) == {
            'PERMANENT_SESSION_LIFETIME': timedelta(seconds=90)}
    finally:
        config.Defaults.PERMANENT_SESSION_LIFETIME = saved


def test_the_app_starts_and_honours_converted_variables(tmp_path, monkeypatch):
    monkeypatch.setenv('PORTAL_INSTANCE_PATH', str(tmp_path))
    monkeypatch.setenv('PORTAL_RATELIMIT_ENABLED', 'false')
    monkeypatch.setenv('PORTAL_PERMANENT_SESSION_LIFETIME', '3600')
    app = create_app({'SECRET_KEY': 'x', 'DATABASE_URL': f'sqlite:///{tmp_path}/a.db'})
    assert app.config['RATELIMIT_ENABLED'] is False
    assert app.permanent_session_lifetime.total_seconds() == 3600
    assert app.test_client().get('/healthz').status_code in (200, 503)


@pytest.mark.parametrize(('name', 'value', 'expected'), [
    ('PORTAL_RATELIMIT_ENABLED', 'mungkin', 'ya atau tidak'),
    ('PORTAL_PERMANENT_SESSION_LIFETIME', 'satu jam', 'bilangan bulat'),
    ('MAIL_PORT', 'dua lima', 'bilangan bulat'),
    ('PORTAL_WBS_FAIL_DELAY', '1,5', 'bilangan'),
    ('PORTAL_LOGIN_MAX_FAILURES', '', 'bilangan bulat'),
])
def test_an_unreadable_variable_stops_startup_with_a_message_naming_it(name, value, expected):
    from portal.config import ConfigError
    with pytest.raises(ConfigError) as caught:
        from_environment({name: value})
    message = str(caught.value)
    assert name in message and expected in message and 'Traceback' not in message
    assert isinstance(caught.value, SystemExit)  # flask, gunicorn and the worker stop with the message, no traceback


def test_an_unreadable_variable_gives_no_traceback_on_the_command_line(tmp_path):
    import subprocess
    import sys
    env = dict(os.environ, PORTAL_INSTANCE_PATH=str(tmp_path), DATABASE_URL=f'sqlite:///{tmp_path}/a.db',
               PORTAL_RATELIMIT_ENABLED='mungkin')
    env.pop('PORTAL_PERMANENT_SESSION_LIFETIME', None)
    flask = os.path.join(os.path.dirname(sys.executable), 'flask')
    done = subprocess.run([flask, '--app', 'portal', 'db', 'current'], env=env, capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 1
    assert 'PORTAL_RATELIMIT_ENABLED' in done.stderr and 'Traceback' not in done.stderr


@pytest.mark.parametrize(('config', 'expected'), [
    ({'PUBLIC_BASE_URL': 'layanan.kemenag-lampung.go.id'}, 'PUBLIC_BASE_URL'),
    ({'PUBLIC_BASE_URL': 'https://'}, 'PUBLIC_BASE_URL'),
    ({'BABEL_DEFAULT_TIMEZONE': 'Asia/Makasar'}, 'Asia/Makassar (WITA)'),
])
def test_an_address_without_scheme_or_an_unknown_time_zone_stops_startup(tmp_path, monkeypatch, config, expected):
    # an audit printed posters with a scheme-less address, and got ZoneInfoNotFoundError on the first import
    from portal.config import ConfigError
    monkeypatch.setenv('PORTAL_INSTANCE_PATH', str(tmp_path))
    with pytest.raises(ConfigError) as caught:
        create_app({'SECRET_KEY': 'x', 'DATABASE_URL': f'sqlite:///{tmp_path}/a.db', **config})
    assert expected in str(caught.value) and 'Pengaturan tidak sah' in str(caught.value)


def test_a_relative_instance_path_is_taken_from_the_working_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv('PORTAL_INSTANCE_PATH', './instance')
    app = create_app({'SECRET_KEY': 'x', 'DATABASE_URL': f'sqlite:///{tmp_path}/a.db'})
    assert app.instance_path == str(tmp_path / 'instance') and (tmp_path / 'instance').is_dir()
