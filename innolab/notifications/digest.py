"""The daily digest: one e-mail per person listing the notifications no e-mail has carried yet."""
from __future__ import annotations

from itertools import groupby

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from innolab.extensions import db
from innolab.models import Notification, User
from innolab.notifications import mailing


def pending_for_email():
    """Unread, un-emailed notifications of active users, by user and oldest first."""
    return (
        select(Notification)
        .join(User, Notification.user_id == User.id)
        .where(Notification.emailed_at.is_(None), Notification.read_at.is_(None), User.is_active.is_(True))
        .options(joinedload(Notification.user))
        .order_by(Notification.user_id, Notification.created_at, Notification.id)
    )


def digest_letters() -> list[mailing.Letter]:
    """One digest e-mail per person with pending notifications.

    Digest readers get their day's notifications; people who chose immediate e-mail get whatever an unreachable
    mail server left behind.
    """
    pending = db.session.scalars(pending_for_email()).all()
    return [mailing.compose_digest(group[0].user, group)
            for group in (list(g) for _, g in groupby(pending, key=lambda n: n.user_id))]
