"""E-mails about notifications, written in the recipient's language, and their sending.

Templates are rendered straight from the Jinja environment, not with render_template: context processors would
touch the request's database session, which may sit in a just-committed transaction when these run.
"""
from __future__ import annotations

import smtplib
from dataclasses import dataclass

from flask import current_app, has_request_context, request
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import update

from innolab.mail import send_mail
from innolab.models import Notification, User
from innolab.models.types import utcnow
from innolab.notifications.service import render

# Failures of the mail server (refused, timed out, rejected): logged, and the notification stays un-emailed.
MAIL_ERRORS = (OSError, smtplib.SMTPException)


@dataclass(frozen=True)
class Letter:
    """One composed e-mail and the notifications it covers."""

    to: str
    subject: str
    body: str
    notification_ids: tuple[int, ...]


def compose_single(user: User, notification: Notification) -> Letter:
    """The e-mail for one notification, sent at once to a user who chose immediate delivery."""
    with force_locale(_language_of(user)):
        message = render(notification)
        body = _template("notifications/email.txt").render(
            user=user, message=message, link=absolute_url(notification.url))
        return Letter(user.email, f"[InnoLab] {message}", body, (notification.id,))


def compose_digest(user: User, notifications: list[Notification]) -> Letter:
    """One e-mail listing several notifications, oldest first."""
    with force_locale(_language_of(user)):
        items = [(n.created_at, render(n), absolute_url(n.url)) for n in notifications]
        body = _template("notifications/digest.txt").render(user=user, items=items)
        subject = _("[InnoLab] Ringkasan notifikasi: %(n)d baru", n=len(items))
        return Letter(user.email, subject, body, tuple(n.id for n in notifications))


def post(letter: Letter) -> bool:
    """Send the letter; on a mail-server failure log it and return False."""
    try:
        send_mail(letter.to, letter.subject, letter.body)
    except MAIL_ERRORS:
        current_app.logger.exception("notification e-mail to %s failed; the digest will retry", letter.to)
        return False
    return True


def mark_emailed(connection, notification_ids) -> None:
    """Stamp the notifications as e-mailed (only those not stamped yet)."""
    if notification_ids:
        connection.execute(update(Notification).where(
            Notification.id.in_(list(notification_ids)), Notification.emailed_at.is_(None),
        ).values(emailed_at=utcnow()))


def absolute_url(path: str) -> str:
    """A link for an e-mail: the site's address (INNOLAB_BASE_URL, else the current request's) before the path."""
    if not path or not path.startswith("/") or path.startswith("//"):
        return path or ""
    base = current_app.config.get("BASE_URL")
    if base:
        return base.rstrip("/") + path
    if has_request_context():
        return request.host_url.rstrip("/") + path
    return path


def _language_of(user: User) -> str:
    languages = current_app.config["LANGUAGES"]
    return user.locale if user.locale in languages else current_app.config["BABEL_DEFAULT_LOCALE"]


def _template(name: str):
    return current_app.jinja_env.get_template(name)
