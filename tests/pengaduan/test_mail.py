"""Emails to the complainant: without Redis they go out inline, inside the request, so an unreachable SMTP server gets
one short try (logged) and never holds the request; closing a complaint sends one email, not two."""
import logging
import socket
from datetime import date

from sqlalchemy import select

from pengaduan.models import Complaint
from portal.extensions import db
from tests.factories import free_port, post_form
from tests.pengaduan.factories import make_complaint, make_tree, walk
from tests.pengaduan.test_lifecycle import _form, act


def _mail_failures(caplog, address):
    return [r for r in caplog.records if f'mail to {address}' in r.getMessage()]


def test_an_inline_submission_with_smtp_refusing_answers_and_logs_one_failed_try(app, client, monkeypatch, caplog):
    assert app.config['JOBS_INLINE'] and not app.config['REDIS_URL']  # jobs run inline, in the request
    t = make_tree()
    monkeypatch.setitem(app.config, 'MAIL_SERVER', '127.0.0.1')
    monkeypatch.setitem(app.config, 'MAIL_PORT', free_port())  # nobody listens there
    with caplog.at_level(logging.WARNING):
        response = post_form(client, '/pengaduan/baru', _form(t))
    assert response.status_code == 302 and response.headers['Location'].endswith('/pengaduan/terkirim')
    complaint = db.session.scalar(select(Complaint))
    assert complaint.title == 'Antrean legalisir lama' and complaint.email == 'budi@warga.id'
    [failure] = _mail_failures(caplog, 'b***@warga.id')  # one try, no retries inside the request
    assert failure.levelno == logging.ERROR and 'not sent' in failure.getMessage()
    assert not any('budi@warga.id' in r.getMessage() for r in caplog.records)  # personal data stays out of logs
    assert not any('job portal.mail.deliver failed' in r.getMessage() for r in caplog.records)


def test_an_inline_email_to_a_silent_smtp_server_gives_up_after_the_short_timeout(app, client, monkeypatch, caplog):
    t = make_tree()
    with socket.socket() as silent:  # accepts connections (the kernel's backlog) and never says a word
        silent.bind(('127.0.0.1', 0))
        silent.listen(8)
        monkeypatch.setitem(app.config, 'MAIL_SERVER', '127.0.0.1')
        monkeypatch.setitem(app.config, 'MAIL_PORT', silent.getsockname()[1])
        monkeypatch.setitem(app.config, 'MAIL_INLINE_TIMEOUT', 1)
        with caplog.at_level(logging.WARNING):
            response = post_form(client, '/pengaduan/baru', _form(t))
    assert response.status_code == 302
    assert db.session.scalar(select(Complaint.title)) == 'Antrean legalisir lama'
    [failure] = _mail_failures(caplog, 'b***@warga.id')
    assert 'one try of 1 s' in failure.getMessage() and 'timed out' in failure.getMessage()


def test_a_queued_email_that_fails_raises_without_the_address(app, monkeypatch, caplog):
    """What the RQ worker logs of a failed job: the exception, which must not carry the recipient."""
    import pytest

    from portal import mail
    monkeypatch.setattr(mail, '_queued', lambda: True)
    monkeypatch.setattr(mail, 'RETRY_DELAYS', (0, 0))
    monkeypatch.setitem(app.config, 'MAIL_SERVER', '127.0.0.1')
    monkeypatch.setitem(app.config, 'MAIL_PORT', free_port())
    with caplog.at_level(logging.WARNING), pytest.raises(mail.MailError) as failed:
        mail.deliver('siti.rahasia@warga.id', 'Pengaduan diterima', 'Yth. Siti')
    assert 'siti.rahasia' not in str(failed.value) and 's***@warga.id' in str(failed.value)
    assert failed.value.__cause__ is None and failed.value.__suppress_context__
    assert len(caplog.records) == 2 and not any('siti.rahasia' in r.getMessage() for r in caplog.records)


def test_accepting_the_follow_up_sends_one_email_with_the_closing_and_the_invitation(app, client, smtp):
    t = make_tree()
    complaint, code = make_complaint(t['kota'], layanan=t['layanan'], email='warga@warga.id')
    walk(complaint, ['verifikasi', 'proses', 'tindak_lanjut'], t['p_kota'], date(2026, 3, 3))
    before = len(smtp.messages)
    assert act(client, code, 'terima').status_code == 302
    [mail] = smtp.messages[before:]
    assert mail['To'] == 'warga@warga.id'
    assert mail['Subject'] == f'Pengaduan {complaint.number} selesai: bagaimana penanganannya?'
    body = smtp.body(mail)
    assert 'kini: Selesai.' in body and 'Anda telah menerima tindak lanjut' in body
    assert 'Nilailah penanganannya (1-5) di http://layanan.test/pengaduan/lacak' in body
    assert f'http://layanan.test/survei/{t["kota"].slug}/legalisir-ijazah' in body
    assert code not in body  # the code goes out in the first email only


def test_closing_without_a_reply_sends_one_email_saying_why(app, runner, smtp):
    t = make_tree()
    complaint, _ = make_complaint(t['kota'], email='warga@warga.id')  # no layanan: no survey link
    walk(complaint, ['verifikasi'], t['p_kota'], date(2026, 3, 3))
    walk(complaint, ['proses', 'tindak_lanjut'], t['p_kota'], date(2026, 3, 5))
    before = len(smtp.messages)
    assert runner.invoke(args=['pengaduan', 'close-stale', '--today', '2026-03-23']).exit_code == 0
    [mail] = smtp.messages[before:]
    body = smtp.body(mail)
    assert 'bagaimana penanganannya' in mail['Subject'] and 'kini: Selesai.' in body
    assert 'ditutup otomatis: tidak ada tanggapan dalam 10 hari kerja' in body and '/survei/' not in body


def test_what_a_mail_failure_logs_of_an_smtp_answer():
    import smtplib

    from portal.mail import masked, reason
    refused = smtplib.SMTPRecipientsRefused({'siti@warga.id': (550, b'5.1.1 <siti@warga.id>: user unknown')})
    assert reason(refused) == 'SMTPRecipientsRefused'
    assert reason(smtplib.SMTPDataError(554, b'rejected for siti@warga.id')) == 'SMTPDataError 554'
    assert masked('siti@warga.id') == 's***@warga.id' and masked('') == '***'
