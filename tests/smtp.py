"""A real SMTP server on loopback for the e-mail tests (aiosmtpd)."""
from __future__ import annotations

import email
import email.policy
import socket
from contextlib import contextmanager

from aiosmtpd.controller import Controller


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 OK"

    def parsed(self) -> list:
        return [email.message_from_bytes(m.content, policy=email.policy.default) for m in self.messages]

    def to(self) -> list[str]:
        return sorted(rcpt for m in self.messages for rcpt in m.rcpt_tos)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def smtp_on(app, port: int | None = None):
    """Serve SMTP on `port` (a free one by default) and point the app at it; yields the Inbox."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port or free_port())
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port)
    try:
        yield inbox
    finally:
        app.config.update(MAIL_SERVER=None, MAIL_PORT=25)
        controller.stop()
