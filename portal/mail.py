"""Email through SMTP, sent after the commit by a job, retried on failure; nothing is sent when SMTP is not set."""
import smtplib
import time
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import current_app

from .jobs import enqueue

RETRY_DELAYS = (0, 2, 10)  # queued (RQ): three tries in the job, then RQ's own retries of the job
TIMEOUT = 20  # seconds per SMTP connection, queued
INLINE_TIMEOUT = 5  # seconds, for the one try made inline (MAIL_INLINE_TIMEOUT overrides it)


def mail_configured():
    """True when an SMTP server is configured."""
    return bool(current_app.config.get('MAIL_SERVER'))


def send_mail(to, subject, body):
    """Queue an email to go out after the current transaction commits; returns False when SMTP is not configured."""
    if not mail_configured() or not to:
        return False
    enqueue('portal.mail.deliver', to, subject, body)
    return True


def _queued():
    """True when the job runs in an RQ worker; False when it runs inline, inside the request (or command) that
    queued it (no REDIS_URL, or JOBS_INLINE: portal.jobs.dispatch_now)."""
    try:
        from rq import get_current_job
    except ImportError:
        return False
    return get_current_job() is not None


def deliver(to, subject, body):
    """Send one plain-text email now (the job's body).

    In an RQ worker: retried on transient failures, then raised so that RQ retries the job. Inline (no Redis), the
    request waits for it: one try with a short timeout, a failure logged and not retried, so no request hangs.
    """
    cfg = current_app.config
    msg = EmailMessage()
    msg['From'] = cfg['MAIL_DEFAULT_SENDER']
    msg['To'] = to
    msg['Subject'] = subject
    msg['Date'] = formatdate(localtime=False)
    msg['Message-ID'] = make_msgid(domain=cfg['MAIL_DEFAULT_SENDER'].rpartition('@')[2] or 'localhost')
    msg.set_content(body)
    queued = _queued()
    delays, timeout = (RETRY_DELAYS, TIMEOUT) if queued else ((0,), cfg.get('MAIL_INLINE_TIMEOUT') or INLINE_TIMEOUT)
    last = None
    for delay in delays:
        time.sleep(delay if last else 0)
        try:
            smtp_class = smtplib.SMTP_SSL if cfg.get('MAIL_USE_SSL') else smtplib.SMTP
            with smtp_class(cfg['MAIL_SERVER'], cfg['MAIL_PORT'], timeout=timeout) as smtp:
                if cfg.get('MAIL_USE_TLS'):
                    smtp.starttls()
                if cfg.get('MAIL_USERNAME'):
                    smtp.login(cfg['MAIL_USERNAME'], cfg['MAIL_PASSWORD'] or '')
                smtp.send_message(msg)
            return True
        except (OSError, smtplib.SMTPException) as exc:
            last = exc
            if queued:
                current_app.logger.warning('mail to %s failed: %s', masked(to), reason(exc))
    if not queued:
        current_app.logger.error('mail to %s not sent (inline, one try of %s s, no retry; set REDIS_URL to queue and '
                                 'retry emails): %s', masked(to), timeout, reason(last))
        return False
    # RQ logs a failed job's exception: this one names neither the recipient nor what the server echoed of it
    raise MailError(f'mail to {masked(to)} not sent: {reason(last)}') from None


class MailError(Exception):
    """An email that could not be sent after its retries; its message holds no address."""


def masked(address):
    """An address as logs may show it: its first character and its domain (w***@uji.test): a complainant's
    address is personal data, and a confidential complainant's identifies them."""
    local, _at, domain = (address or '').rpartition('@')
    return f'{local[:1]}***@{domain}' if local else '***'


def reason(exc):
    """Why sending failed, without the text of the server's answer (which may repeat the recipient)."""
    if isinstance(exc, (smtplib.SMTPResponseException, smtplib.SMTPRecipientsRefused)):
        code = getattr(exc, 'smtp_code', None)
        return f'{type(exc).__name__}{f" {code}" if code else ""}'
    return f'{type(exc).__name__}: {exc}'  # a connection's failure (refused, timed out, closed): no address in it
