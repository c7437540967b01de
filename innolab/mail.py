"""Outgoing e-mail: SMTP when configured, otherwise written to the log for development."""
from __future__ import annotations

import smtplib
from email.message import EmailMessage

from flask import current_app


def send_mail(to: str, subject: str, body: str) -> None:
    """Send a plain-text message, or log it when no SMTP server is configured."""
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    if not config.get("MAIL_SERVER"):
        if config.get("PRODUCTION"):
            # A body may carry a password-reset link: in production it must never reach the log.
            current_app.logger.warning("e-mail not sent (no SMTP configured): subject=%s", subject)
        else:
            current_app.logger.info("e-mail (no SMTP configured) to=%s subject=%s\n%s", to, subject, body)
        return
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
        smtp.send_message(message)
