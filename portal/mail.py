"""Email through SMTP, sent after the commit by a job, retried on failure; nothing is sent when SMTP is not set."""
import smtplib
import time
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import current_app

from .jobs import enqueue

RETRY_DELAYS = (0, 2, 10)


def mail_configured():
    """True when an SMTP server is configured."""
    return bool(current_app.config.get('MAIL_SERVER'))


def send_mail(to, subject, body):
    """Queue an email to go out after the current transaction commits; returns False when SMTP is not configured."""
    if not mail_configured() or not to:
        return False
    enqueue('portal.mail.deliver', to, subject, body)
    return True


def deliver(to, subject, body):
    """Send one plain-text email now, retrying transient failures (the job's body)."""
    cfg = current_app.config
    msg = EmailMessage()
    msg['From'] = cfg['MAIL_DEFAULT_SENDER']
    msg['To'] = to
    msg['Subject'] = subject
    msg['Date'] = formatdate(localtime=False)
    msg['Message-ID'] = make_msgid(domain=cfg['MAIL_DEFAULT_SENDER'].rpartition('@')[2] or 'localhost')
    msg.set_content(body)
    last = None
    for delay in RETRY_DELAYS:
        time.sleep(delay if last else 0)
        try:
            smtp_class = smtplib.SMTP_SSL if cfg.get('MAIL_USE_SSL') else smtplib.SMTP
            with smtp_class(cfg['MAIL_SERVER'], cfg['MAIL_PORT'], timeout=20) as smtp:
                if cfg.get('MAIL_USE_TLS'):
                    smtp.starttls()
                if cfg.get('MAIL_USERNAME'):
                    smtp.login(cfg['MAIL_USERNAME'], cfg['MAIL_PASSWORD'] or '')
                smtp.send_message(msg)
            return True
        except (OSError, smtplib.SMTPException) as exc:
            last = exc
            current_app.logger.warning('mail to %s failed: %s', to, exc)
    raise last
