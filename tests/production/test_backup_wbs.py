"""A backup restored into a fresh database and instance still opens every WBS report with its receipt."""
from sqlalchemy import func, select

from portal import create_app
from portal.backup import create_backup, restore_backup
from portal.extensions import db
from tests.conftest import WBS_FAST
from tests.portal.test_backup import _fresh_database_url
from tests.wbs.factories import file_report, png_bytes
from wbs import services
from wbs.models import WbsReport


def test_wbs_reports_open_with_their_receipts_after_a_restore(app, client, tmp_path, fast_wbs):
    _, receipt = file_report(client, answers={'apa': 'Penanda-cadangan-7731'}, files=[('bukti.png', png_bytes())])
    archive = create_backup(app, db, tmp_path / 'wbs.tar.gz')
    url, cleanup = _fresh_database_url(tmp_path)
    try:
        target = create_app(dict(WBS_FAST, DATABASE_URL=url, SECRET_KEY='lain', UPLOAD_FOLDER=str(tmp_path / 'up2')))
        target.instance_path = str(tmp_path / 'inst2')  # a new server: its keys come only from the archive
        with target.app_context():
            restore_backup(target, db, archive)
            assert db.session.scalar(select(func.count(WbsReport.id))) == 1
            found = services.open_with_receipt('-'.join(receipt[i:i + 4] for i in range(0, 16, 4)))
            assert found is not None
            report, private = found
            assert services.read_content(report, private)['apa'] == 'Penanda-cadangan-7731'
            [meta] = services.read_files(report, private)
            data, _ = services.load_file(report.files[0], private)
            assert meta['name'].endswith('.png') and data.startswith(b'\x89PNG')
            assert services.open_with_receipt('0' * 16) is None
            db.session.remove()
            db.engine.dispose()
    finally:
        cleanup()
