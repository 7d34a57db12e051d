"""Counts for analytics, the retention purge, and the proof of filing verified by the office."""
import os
from datetime import date, timedelta

from portal.models import AuditEvent
from tests.factories import PASSWORD, make_unit, post_form
from tests.wbs.factories import file_report, make_member, png_bytes, unlock, wbs_csrf
from wbs import queries, services
from wbs.models import WbsFile, WbsReport


def test_counts_by_status_category_and_month_without_content(app, db):
    unit, other = make_unit(), make_unit()
    for unit_id, category in ((unit.id, 'suap'), (unit.id, 'gratifikasi'), (other.id, 'suap'), ('0', 'pungli')):
        file_report(app.test_client(), answers={'terlapor_unit': str(unit_id), 'kategori': category})
    reports = db.session.scalars(db.select(WbsReport).order_by(WbsReport.id)).all()
    reports[1].status = 'ditelaah'
    reports[0].created_on = date(2026, 1, 15)
    db.session.commit()
    start, end = date(2026, 1, 1), date.today()
    everything = queries.counts(None, start, end)
    assert everything['total'] == 4
    assert everything['by_category']['suap'] == 2 and everything['by_category']['korupsi'] == 0
    assert everything['by_month']['2026-01'] == 1
    mine = queries.counts([unit.id], start, end)
    assert mine['total'] == 2 and mine['by_status'] == {'diterima': 1, 'ditelaah': 1, 'diinvestigasi': 0,
                                                        'selesai': 0, 'dilimpahkan': 0}
    assert queries.counts([unit.id], date(2026, 2, 1), end)['total'] == 1
    assert queries.counts([], start, end)['total'] == 0


def test_purge_deletes_reports_closed_longer_than_the_retention_with_their_files(app, db, runner):
    file_report(app.test_client(), files=[('a.png', png_bytes())])
    file_report(app.test_client())
    old, recent = db.session.scalars(db.select(WbsReport).order_by(WbsReport.id)).all()
    old.status, old.closed_on = 'selesai', date.today() - timedelta(days=366)
    recent.status, recent.closed_on = 'selesai', date.today() - timedelta(days=10)
    db.session.commit()
    path = services.file_store().path(old.files[0].store_key)
    assert path.exists()
    result = runner.invoke(args=['wbs', 'purge'])
    assert result.exit_code == 0 and '1 laporan WBS dihapus' in result.output
    db.session.expire_all()
    assert [r.id for r in db.session.scalars(db.select(WbsReport))] == [recent.id]
    assert db.session.query(WbsFile).count() == 0 and not path.exists()
    assert db.session.scalar(db.select(AuditEvent.action).where(AuditEvent.action == 'wbs.purged'))


def test_retention_days_come_from_config(app, db, monkeypatch):
    monkeypatch.setitem(app.config, 'WBS_RETENTION_DAYS', 5)
    file_report(app.test_client())
    report = db.session.scalar(db.select(WbsReport))
    report.status, report.closed_on = 'selesai', date.today() - timedelta(days=6)
    db.session.commit()
    assert services.purge() == 1


def test_the_reporter_access_ends_earlier_than_the_purge(app, client, db):
    _, receipt = file_report(app.test_client())
    report = db.session.scalar(db.select(WbsReport))
    report.status, report.closed_on = 'selesai', date.today() - timedelta(days=91)
    db.session.commit()
    response = client.post('/wbs/masuk', data={'tanda_terima': receipt, 'wbs_csrf': wbs_csrf(client, '/wbs/masuk')})
    assert response.status_code == 401 and 'tanda terima tidak cocok' in response.get_data(as_text=True)


def test_the_office_verifies_a_proof_of_filing_on_the_web_and_the_command_line(app, client, db, runner, tmp_path):
    member = make_member()
    reporter = app.test_client()
    file_report(reporter)
    text = reporter.get('/wbs/laporan/bukti').get_data(as_text=True)
    report = db.session.scalar(db.select(WbsReport))
    key = services.report_key(report, member, services.crypto.unwrap_with_password(
        member.pw_wrapped, member.pw_salt, services.crypto.Params(member.pw_ops, member.pw_mem),
        PASSWORD))
    assert services.crypto.content_digest(services.read_content(report, key)) in text
    assert os.path.exists(os.path.join(app.instance_path, 'wbs_signing_key'))
    unlock(client, member)
    ok = post_form(client, '/staf/wbs/verifikasi', {'text': text})
    assert 'SAH' in ok.get_data(as_text=True) and report.number in ok.get_data(as_text=True)
    forged = text.replace(report.number, 'WBS-PALS-UUUU', 1)
    lines = forged.splitlines()
    i = lines.index('-----BEGIN WBS STATEMENT-----')
    lines[i + 1] = lines[i + 1][:10] + ('A' if lines[i + 1][10] != 'A' else 'B') + lines[i + 1][11:]
    bad = post_form(client, '/staf/wbs/verifikasi', {'text': '\n'.join(lines)})
    assert 'tidak sah' in bad.get_data(as_text=True)
    path = tmp_path / 'bukti.txt'
    path.write_text(text, encoding='utf-8')
    result = runner.invoke(args=['wbs', 'verify', str(path)])
    assert result.exit_code == 0 and 'SAH' in result.output
    path.write_text('\n'.join(lines), encoding='utf-8')
    assert runner.invoke(args=['wbs', 'verify', str(path)]).exit_code != 0
    key_hex = runner.invoke(args=['wbs', 'public-key']).output.strip()
    assert len(key_hex) == 64
