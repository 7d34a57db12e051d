"""A real SMTP server (aiosmtpd) on localhost for the pengaduan tests; the app's mail settings point at it."""
import email
import email.policy
import socket

import pytest


class Inbox:
    """The aiosmtpd handler: keeps every message it receives, parsed."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append(msg)
        return '250 OK'

    def to(self, address):
        """Messages sent to `address`."""
        return [m for m in self.messages if m['To'] == address]

    def body(self, msg):
        """The plain-text body."""
        return msg.get_body(('plain',)).get_content()


def _free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(app):
    """Start an SMTP server, point MAIL_SERVER/MAIL_PORT at it for the test, restore the settings afterwards."""
    from aiosmtpd.controller import Controller
    inbox = Inbox()
    controller = Controller(inbox, hostname='127.0.0.1', port=_free_port())
    controller.start()
    saved = {k: app.config.get(k) for k in ('MAIL_SERVER', 'MAIL_PORT')}
    app.config.update(MAIL_SERVER='127.0.0.1', MAIL_PORT=controller.port)
    try:
        yield inbox
    finally:
        app.config.update(saved)
        controller.stop()
