"""Commit is the single trigger for notification e-mails.

New Notification rows are collected after each flush, e-mailed after the outermost commit to the recipients who
chose immediate delivery, and forgotten on rollback. A failing mail server never breaks the user's request: the
notification stays un-emailed and the next digest run picks it up.
"""
from __future__ import annotations

from flask import current_app
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from innolab.extensions import db
from innolab.models import Notification, User
from innolab.notifications import mailing

PENDING = "innolab.notifications.pending"  # key in Session.info: ids of notifications flushed in this transaction


def init_app(app) -> None:
    """Listen on the application's sessions (once, however many apps are created)."""
    for name, listener in (("after_flush", _collect), ("after_commit", _deliver), ("after_rollback", _forget)):
        if not event.contains(db.session, name, listener):
            event.listen(db.session, name, listener)


def _collect(session, flush_context) -> None:
    new_ids = [obj.id for obj in session.new if isinstance(obj, Notification)]
    if new_ids:
        session.info.setdefault(PENDING, set()).update(new_ids)


def _forget(session) -> None:
    # A savepoint's rollback leaves the outer transaction's notifications in place; rows it undid are simply not
    # found again after commit.
    if not session.in_nested_transaction():
        session.info.pop(PENDING, None)


def _deliver(session) -> None:
    if session.in_nested_transaction():
        return  # a released savepoint is not the end of the transaction
    ids = session.info.pop(PENDING, None)
    if not ids:
        return
    try:
        send_immediately(ids)
    except Exception:  # the user's action is already committed; an e-mail problem must not turn it into an error
        current_app.logger.exception("sending notification e-mails failed")


def send_immediately(notification_ids) -> int:
    """E-mail the given notifications to recipients who chose immediate delivery; returns how many went out."""
    # The request's session is mid-commit and may emit no SQL: read and stamp through short sessions of our own.
    with Session(db.engine) as reader:
        rows = reader.execute(
            select(Notification, User).join(User, Notification.user_id == User.id)
            .where(Notification.id.in_(list(notification_ids)), Notification.emailed_at.is_(None),
                   User.notify_digest.is_(False), User.is_active.is_(True))
            .order_by(Notification.id)
        ).all()
        letters = [mailing.compose_single(user, notification) for notification, user in rows]
    sent = []
    for letter in letters:
        if not mailing.post(letter):
            break  # the server is down: leave the rest to the digest instead of waiting on each
        sent.extend(letter.notification_ids)
    if sent:
        with db.engine.begin() as connection:
            mailing.mark_emailed(connection, sent)
    return len(sent)
