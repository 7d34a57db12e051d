"""Commands under `flask --app portal`: create-admin, units load, layanan load, seed-demo, backup, restore, worker,
daily; and the date type every command uses."""
from datetime import date

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import func, select

from . import audit
from .demo import DEMO_PASSWORD, not_demo_data, seed_units, seed_users
from .extensions import db
from .forms import is_staff_email
from .ids import parse_iso_date
from .loaders import LoadError, load_layanan, load_units
from .models import Unit, User
from .passwords import hash_password, weak_password_reason

units_cli = AppGroup('units', help='Unit kerja.')
layanan_cli = AppGroup('layanan', help='Layanan unit.')


class IsoDate(click.ParamType):
    """A calendar date written YYYY-MM-DD; anything else is a usage error (exit code 2) in Indonesian."""

    name = 'YYYY-MM-DD'

    def convert(self, value, param, ctx):
        if isinstance(value, date):
            return value
        try:
            return parse_iso_date(str(value))
        except ValueError:
            self.fail(f'"{value}" bukan tanggal yang sah. Tulis tanggal sebagai YYYY-MM-DD, misalnya 2026-03-17.',
                      param, ctx)


DATE = IsoDate()  # every command's date argument or option


def unit_or_abort(slug):
    """The unit with this slug, or a command-line error naming the slug (shared by the parts' commands)."""
    unit = db.session.scalar(select(Unit).where(Unit.slug == slug))
    if unit is None:
        raise click.ClickException(f'Unit tidak ditemukan: {slug}')
    return unit


def write_file(path, data):
    """Write `data` to `path`; a folder that does not exist or cannot be written is a command error, not a traceback."""
    try:
        with open(path, 'wb') as f:
            f.write(data)
    except OSError as exc:
        raise click.ClickException(f'Tidak dapat menulis {path}: {exc.strerror or exc}. Periksa foldernya ada dan '
                                   'boleh ditulis.') from None


def read_csv_file(path, refuse_nul=True):
    """A CSV file's text (the parts' import commands read theirs here too); a file that is not UTF-8 (cp1252,
    Latin-1, UTF-16) is a command error naming file and line, and so is a NUL unless the caller names the cell
    (refuse_nul=False: the paper import does)."""
    with open(path, 'rb') as f:
        raw = f.read()
    try:
        text = raw.decode('utf-8-sig')
    except UnicodeDecodeError as exc:
        line = raw.count(b'\n', 0, exc.start) + 1
        raise click.ClickException(f'{path}:{line}: berkas harus CSV UTF-8 (byte {raw[exc.start]:#04x} tidak sah). '
                                   'Simpan ulang sebagai "CSV UTF-8" lalu muat lagi.') from None
    if refuse_nul and '\x00' in text:
        line = text.count('\n', 0, text.index('\x00')) + 1
        raise click.ClickException(f'{path}:{line}: berkas harus CSV UTF-8 (memuat byte NUL, mungkin UTF-16). '
                                   'Simpan ulang sebagai "CSV UTF-8" lalu muat lagi.')
    return text


def _load(loader, path, label):
    try:
        created, updated = loader(read_csv_file(path))
    except LoadError as exc:
        db.session.rollback()
        for line, msg in exc.errors:
            click.echo(f'{path}:{line}: {msg}', err=True)
        raise click.ClickException(f'{path}: {len(exc.errors)} kesalahan; tidak ada {label} yang dimuat.') from None
    db.session.commit()
    click.echo(f'{label}: {created} baru, {updated} diperbarui.')


@units_cli.command('load')
@click.argument('path', type=click.Path(exists=True, dir_okay=False))
def units_load(path):
    """Muat unit dari CSV berkolom slug,nama,jenis,induk."""
    _load(load_units, path, 'unit')


@layanan_cli.command('load')
@click.argument('path', type=click.Path(exists=True, dir_okay=False))
def layanan_load(path):
    """Muat layanan dari CSV berkolom unit,slug,nama."""
    _load(load_layanan, path, 'layanan')


@click.command('create-admin')
@click.option('--email', prompt='Email')
@click.option('--password', default=None, help='Kata sandi (tanpa ini: ditanyakan dua kali, tidak ditampilkan).')
@click.option('--name', default='Superadmin', show_default=True)
def create_admin(email, password, name):
    """Buat (atau setel ulang) akun superadmin."""
    if not is_staff_email(email.strip()):  # as the user form checks it: an account without one cannot sign in
        raise click.ClickException(f'Email tidak sah: {email.strip()!r}. Tulis alamat lengkap, misalnya '
                                   'admin@kantor-anda.go.id.')
    if password is None:
        password = _ask_password()
    reason = weak_password_reason(password)
    if reason:
        raise click.ClickException(reason)
    email = email.strip().lower()
    user = db.session.scalar(select(User).where(func.lower(User.email) == email))
    if user is None:
        user = User(email=email, name=name, role='superadmin', password_hash=hash_password(password), active=True)
        db.session.add(user)
        db.session.flush()
        audit.record('user.created', user, actor='cli', details={'role': 'superadmin'})
        click.echo(f'Superadmin {email} dibuat.')
    else:
        user.role, user.active, user.password_hash = 'superadmin', True, hash_password(password)
        user.session_version += 1
        user.failed_logins, user.locked_until = 0, None
        audit.record('user.updated', user, actor='cli', details={'role': 'superadmin', 'reset': 'kata sandi'})
        click.echo(f'Superadmin {email} diperbarui.')
    db.session.commit()


def _ask_password():
    """The password, typed twice without echo; asked again until both agree (click's own confirmation speaks
    English)."""
    while True:
        first = click.prompt('Kata sandi', hide_input=True)
        if first == click.prompt('Ulangi kata sandi', hide_input=True):
            return first
        click.echo('Kedua kata sandi tidak sama; ketik lagi.', err=True)


@click.command('seed-demo')
@click.option('--paksa', is_flag=True, help='Isi juga basis data yang sudah memuat unit atau akun selain data demo.')
def seed_demo(paksa):
    """Isi data demo: pohon Kemenag Provinsi Bengkulu, layanan PTSP, akun demo dan data contoh tiap bagian."""
    foreign = not_demo_data()
    if foreign and not paksa:
        # demo accounts share a published password: never slipped into a live office's database
        raise click.ClickException(
            f'Basis data ini sudah memuat data kantor ({foreign}). Data demo menambahkan akun dengan kata sandi yang '
            f'tertulis di README; jangan isikan ke basis data layanan. Untuk mencoba, pakai basis data lain '
            f'(PORTAL_INSTANCE_PATH atau DATABASE_URL lain), atau tambahkan --paksa bila memang disengaja.')
    root = seed_units()
    emails = seed_users(root)
    for seeder in current_app.extensions.get('demo_seeders', []):
        seeder(root)
    db.session.commit()
    click.echo(f'Data demo siap. Akun demo (kata sandi: {DEMO_PASSWORD}):')
    for email in emails:
        click.echo(f'  {email}')


@click.command('backup')
@click.option('--out', 'out_path', default=None, help='Berkas .tar.gz atau folder tujuan (bawaan: instance/backups/).')
@click.option('--keep', type=click.IntRange(min=1), default=None,
              help='Setelah berhasil, simpan hanya N cadangan terbaru (backup-*.tar.gz) di folder itu; '
                   'yang lebih lama dihapus.')
def backup_command(out_path, keep):
    """Cadangkan basis data, unggahan dan kunci instance ke satu arsip."""
    from .backup import BackupError, create_backup, prune_backups
    try:
        path = create_backup(current_app, db, out_path or f'{current_app.instance_path}/backups/')
        removed = prune_backups(path.parent, keep) if keep else []
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f'Cadangan ditulis: {path}')
    for old in removed:
        click.echo(f'Cadangan lama dihapus: {old}')


@click.command('restore')
@click.argument('archive', type=click.Path(exists=True, dir_okay=False))
@click.option('--yes', is_flag=True, help='Jangan tanya konfirmasi.')
def restore_command(archive, yes):
    """Pulihkan basis data, unggahan dan kunci instance dari arsip cadangan (menimpa data sekarang)."""
    from .backup import BackupError, restore_backup
    if not yes:
        click.confirm('Data saat ini akan ditimpa. Lanjutkan?', abort=True)
    try:
        manifest = restore_backup(current_app, db, archive)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None
    total = sum(manifest['rows'].values())
    click.echo(f'Dipulihkan dari cadangan {manifest["created"]} ({manifest["database"]}, {total} baris).')


@click.command('worker')
def worker_command():
    """Jalankan pekerja antrean RQ (perlu REDIS_URL)."""
    from redis import Redis
    from rq import Queue, Worker

    from .jobs import QUEUE_NAME
    if not current_app.config.get('REDIS_URL'):
        raise click.ClickException('REDIS_URL belum diatur; tanpa Redis pekerjaan dijalankan langsung oleh aplikasi.')
    connection = Redis.from_url(current_app.config['REDIS_URL'])
    worker = Worker([Queue(QUEUE_NAME, connection=connection)], connection=connection, log_job_description=False)
    # The scheduler puts a failed job back on the queue when its retry is due (portal.jobs: after 10 s, 1 and 5
    # min); without it, a job that failed once (an email while the SMTP server was down) would never run again.
    # Several workers may run it: RQ lets one of them schedule at a time.
    worker.work(with_scheduler=True)


@click.command('daily')
def daily_command():
    """Jalankan tugas harian tiap bagian (tenggat, penutupan, retensi): ke antrean RQ bila ada Redis."""
    from .jobs import queue_job
    tasks = current_app.extensions.get('daily_tasks', [])
    for path in tasks:
        queued = queue_job(path) is not None  # None: no Redis, or it does not answer: the task runs here
        if not queued:
            _run_inline(path)
        click.echo(f'{path}: {"diantrekan" if queued else "selesai"}')
    if not tasks:
        click.echo('Tidak ada tugas harian terdaftar.')


def _run_inline(path):
    from .jobs import run_job
    run_job(path)
    db.session.commit()


def register_commands(app):
    """Attach the shared commands to the app's CLI."""
    for command in (units_cli, layanan_cli, create_admin, seed_demo, backup_command, restore_command, worker_command,
                    daily_command):
        app.cli.add_command(command)
