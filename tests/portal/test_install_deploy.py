"""The install walkthrough's files (deploy/, README): what an office copies onto a fresh Debian server must work as it
is, apart from the placeholders it is told to replace."""
import os
import re
import runpy
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / 'deploy'
README = (ROOT / 'README.md').read_text()


def test_gunicorn_settings_are_all_gunicorn_settings_and_the_control_socket_is_off():
    """gunicorn 25.1+ opens a control socket in $XDG_RUNTIME_DIR or ~/.gunicorn; the unit hides the home
    (ProtectHome=true), so every start logged "Control server error: Permission denied"."""
    from gunicorn.config import Config
    settings = runpy.run_path(str(DEPLOY / 'gunicorn.conf.py'))
    cfg = Config()
    names = {k for k, v in settings.items() if not k.startswith('_') and not isinstance(v, type(os))}
    assert names - set(cfg.settings) == set()  # a misspelt setting would be ignored by gunicorn without a word
    for name in names:
        cfg.set(name, settings[name])
    assert cfg.control_socket_disable is True


def test_readme_documents_every_variable_gunicorn_conf_reads():
    read = set(re.findall(r"os\.environ\.get\('([A-Z_]+)'", (DEPLOY / 'gunicorn.conf.py').read_text()))
    assert {'GUNICORN_TIMEOUT', 'GUNICORN_LOGLEVEL', 'FORWARDED_ALLOW_IPS', 'GUNICORN_BIND'} <= read
    assert sorted(name for name in read if f'`{name}`' not in README) == []


def _assignments(path):
    return [line for line in path.read_text().splitlines() if line.strip() and not line.lstrip().startswith('#')]


def _systemd_value(raw):
    """A value as systemd's EnvironmentFile= reads it, for the forms both it and the shell read alike."""
    if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in '"\'':
        return raw[1:-1]
    return raw.strip()


def test_the_env_example_reads_the_same_in_bash_and_in_systemd():
    """`set -a; . /etc/portal/portal.env` in bash and EnvironmentFile= in systemd give every variable the same value:
    each line is NAME=value with a value unquoted without spaces or shell characters, "double-quoted" without
    $ ` \\ or ", or 'single-quoted'; no comment after a value (systemd would keep it)."""
    path = DEPLOY / 'portal.env.example'
    expected = {}
    for line in _assignments(path):
        name, sep, raw = line.partition('=')
        assert sep and re.fullmatch(r'[A-Z_][A-Z0-9_]*', name), line
        assert (re.fullmatch(r'[^\s"\'`$\\#;&|<>()]*', raw) or re.fullmatch(r'"[^"`$\\]*"', raw)
                or re.fullmatch(r"'[^']*'", raw)), f'not read alike by bash and systemd: {line}'
        expected[name] = _systemd_value(raw)
    script = f'set -a; . {shlex.quote(str(path))}; set +a; ' + '; '.join(
        f'printf "%s\\0" "${name}"' for name in expected)
    done = subprocess.run(['bash', '-c', script], capture_output=True, text=True, env={'PATH': os.defpath},
                          check=True, timeout=30)
    assert dict(zip(expected, done.stdout.split('\0')[:-1], strict=True)) == expected
    assert expected['OFFICE_NAME'].count(' ') >= 3  # the value with spaces arrives whole
    assert {'DATABASE_URL', 'PUBLIC_BASE_URL', 'PORTAL_INSTANCE_PATH', 'REDIS_URL'} <= set(expected)


def test_the_env_example_values_are_valid_settings():
    from portal.config import from_environment
    values = {}
    for line in _assignments(DEPLOY / 'portal.env.example'):
        name, _, raw = line.partition('=')
        values[name] = _systemd_value(raw)
    settings = from_environment(values)
    assert settings['MAIL_PORT'] == 587 and settings['MAIL_USE_TLS'] is True
    assert settings['AGENCY_NAME'] == 'Kementerian Agama'
    assert settings['WBS_REGULATION'].startswith('KMA Nomor 95 Tahun 2014') and settings['WBS_REGULATION'].endswith(
        '(Whistleblowing System) di Kementerian Agama')
    assert from_environment({'PORTAL_PENGADUAN_RETENTION_DAYS': '730'})['PENGADUAN_RETENTION_DAYS'] == 730


def test_the_nginx_site_carries_placeholders_and_says_what_to_edit():
    text = (DEPLOY / 'nginx' / 'portal.conf').read_text()
    assert 'bengkulu' not in text.lower()
    header = text.split('upstream', 1)[0]
    assert 'layanan.example.go.id' in header and 'EDIT' in header
    assert re.findall(r'server_name (\S+);', text) == ['layanan.example.go.id'] * 2
    assert 'ssl_certificate     /etc/letsencrypt/live/layanan.example.go.id/fullchain.pem;' in text
    assert 'ssl_certificate_key /etc/letsencrypt/live/layanan.example.go.id/privkey.pem;' in text
    assert 'log_format no_trace' in text and 'log_format masked_code' in text and 'portal.wbs.log no_trace' in text
    assert '/.well-known/acme-challenge/' in text  # certbot's renewals get through the redirect to https
    assert 'layanan.example.go.id' in README and 'sites-available/portal' in README


def test_the_readme_production_steps():
    production = README.split('## Production', 1)[1].split('### Benchmarks', 1)[0]
    steps = '\n'.join(re.findall(r'```sh\n(.*?)```', production, re.S))
    assert 'install -d -m 750 -o root -g portal /etc/portal' in steps
    assert 'install -m 640 -o root -g portal deploy/portal.env.example /etc/portal/portal.env' in steps
    for package in ('postgresql', 'postgresql-client', 'redis-server', 'nginx', 'certbot', 'libpango-1.0-0',
                    'libpangoft2-1.0-0', 'fonts-dejavu-core'):
        assert re.search(rf'apt-get install .*\b{re.escape(package)}\b', steps.replace('\\\n', ' ')), package
    assert 'createuser --pwprompt portal' in steps and 'createdb --owner portal portal' in steps
    assert 'certbot certonly' in steps
    # no flask command runs as root: they go through deploy/portal-flask, which switches to the service user
    assert '.venv/bin/flask' not in steps
    for command in ('db upgrade', 'create-admin', 'restore', 'pengaduan cuti-add', 'units load'):
        assert f'deploy/portal-flask {command}' in steps
    assert 'cuti-bersama' in production and '--keep' in production
    assert 'HOST=0.0.0.0' in README


def test_the_backup_timer_keeps_a_bounded_number_of_archives():
    service = (DEPLOY / 'systemd' / 'portal-backup.service').read_text()
    assert re.search(r'^ExecStart=.* backup --out /var/lib/portal/backups/ --keep \d+$', service, re.M)


@pytest.mark.skipif(not (ROOT / '.venv' / 'bin' / 'flask').exists() or not shutil.which('runuser'),
                    reason='needs the project .venv and runuser')
def test_portal_flask_runs_a_command_with_the_env_file(tmp_path):
    """deploy/portal-flask reads the env file (a quoted value with spaces, a single-quoted password) and runs flask as
    the service user (here: whoever runs the tests)."""
    import getpass
    env_file = tmp_path / 'portal.env'
    env_file.write_text(f"DATABASE_URL='sqlite:///{tmp_path}/app.db'\nPORTAL_INSTANCE_PATH={tmp_path}/instance\n"
                        'OFFICE_NAME="Kantor Kementerian Agama Kota Uji Coba"\nPUBLIC_BASE_URL=https://layanan.uji.test\n')
    env = {'PATH': os.environ.get('PATH', os.defpath), 'PORTAL_USER': getpass.getuser(),
           'PORTAL_ENV_FILE': str(env_file), 'HOME': str(tmp_path)}
    done = subprocess.run([str(DEPLOY / 'portal-flask'), 'shell'], env=env, capture_output=True, text=True,
                          timeout=120, check=False, cwd=tmp_path,
                          input="from flask import current_app as a\n"
                                "print('HASIL', a.config['OFFICE_NAME'], '|', a.instance_path, '|', "
                                "sorted(k for k in a.config if k in ('USER', 'ENV_FILE')))\n")
    assert done.returncode == 0, done.stderr
    assert f'HASIL Kantor Kementerian Agama Kota Uji Coba | {tmp_path}/instance | []' in done.stdout + done.stderr
    # a value with spaces and no quotes: the shell cannot read the line; the command must not run without it
    env_file.write_text(env_file.read_text() + 'OFFICE_NAME=Kantor Wilayah Lampung\n')
    done = subprocess.run([str(DEPLOY / 'portal-flask'), 'shell'], env=env, capture_output=True, text=True,
                          timeout=120, check=False, cwd=tmp_path, input="print('HASIL')\n")
    assert done.returncode != 0 and 'HASIL' not in done.stdout and 'Wilayah' in done.stderr
