"""notify(): the one way any feature tells people that something happened.

Rows are written in the caller's transaction, so a rolled-back action notifies nobody. Messages are stored as a kind
plus parameters and rendered in the reader's language when shown or e-mailed.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from flask import current_app
from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from innolab.extensions import db
from innolab.models import Innovation, Notification, User
from innolab.models.types import utcnow
from innolab.vocab import ReplicationStatus

# kind → message; parameters come from the payload (title is always there when an innovation is given).
MESSAGES = {
    "proposal.submitted": _l("Usulan baru diajukan: %(title)s"),
    "proposal.returned": _l("Usulan dikembalikan pada seleksi administrasi: %(title)s"),
    "proposal.withdrawn": _l("Usulan ditarik oleh inovator: %(title)s"),
    "review.assigned": _l("Anda ditugaskan menilai: %(title)s (tenggat %(due)s)"),
    "review.due_soon": _l("Tenggat penilaian segera tiba: %(title)s (tenggat %(due)s)"),
    "review.declined": _l("Penilai menolak penugasan untuk %(title)s"),
    "replication.registered": _l("%(unit)s mendaftar mereplikasi inovasi Anda: %(title)s"),
    "replication.updated": _l("Replikasi %(title)s oleh %(unit)s kini: %(status)s"),
    "review.submitted": _l("Penilaian dikirim untuk %(title)s"),
    "review.reopened": _l("Penilaian Anda dibuka kembali oleh koordinator: %(title)s"),
    "decision.made": _l("Keputusan untuk %(title)s: %(decision)s"),
    "comment.posted": _l("Komentar baru pada %(title)s"),
    "comment.released": _l("Catatan penilai dirilis untuk %(title)s"),
}


def notify(recipients: Iterable[User], kind: str, innovation: Innovation | None = None, url: str = "",
           **payload) -> list[Notification]:
    """Queue a notification of `kind` for each distinct recipient; flushes, never commits."""
    if kind not in MESSAGES:
        raise KeyError(f"unknown notification kind {kind!r}")
    if innovation is not None:
        payload.setdefault("title", innovation.title)
    seen, rows = set(), []
    for user in recipients:
        if user is None or user.id in seen or not user.is_active:
            continue
        seen.add(user.id)
        rows.append(Notification(user_id=user.id, kind=kind, innovation_id=innovation.id if innovation else None,
                                 payload={k: str(v) for k, v in payload.items()}, url=url))
    db.session.add_all(rows)
    db.session.flush()
    return rows


def path_for(endpoint: str, anchor: str | None = None, **values) -> str:
    """A notification's link: the site path of `endpoint`, built with or without a request (the CLI has none)."""
    adapter = current_app.url_map.bind("localhost", script_name=current_app.config.get("APPLICATION_ROOT") or "/")
    path = adapter.build(endpoint, values)
    return f"{path}#{anchor}" if anchor else path


def render(notification: Notification) -> str:
    """The message in the current language; a `due` date given as a date is written the reader's way."""
    template = MESSAGES.get(notification.kind)
    if template is None:
        return notification.kind
    params = {key: _localised(key, value) for key, value in (notification.payload or {}).items()}
    try:
        return str(template) % params
    except (KeyError, TypeError, ValueError):
        return str(template).split(":")[0]


def _localised(key: str, value):
    if key == "due":
        try:
            return format_date(date.fromisoformat(value), "medium")
        except (TypeError, ValueError):
            return value  # already written out by the caller
    if key == "status" and value in {status.value for status in ReplicationStatus}:
        return ReplicationStatus(value).label
    return value


def inbox_query(user: User):
    """The user's notifications, newest first."""
    return (select(Notification).where(Notification.user_id == user.id)
            .order_by(Notification.created_at.desc(), Notification.id.desc()))


def unread_count(user: User) -> int:
    """How many of the user's notifications are unread."""
    return db.session.scalar(select(func.count(Notification.id)).where(
        Notification.user_id == user.id, Notification.read_at.is_(None))) or 0


def mark_read(notification: Notification) -> Notification:
    """Mark one notification read (reading it twice keeps the first time)."""
    if notification.read_at is None:
        notification.read_at = utcnow()
        db.session.flush()
    return notification


def mark_all_read(user: User) -> int:
    """Mark every unread notification of the user read; returns how many."""
    result = db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


def set_delivery(user: User, digest: bool) -> User:
    """Choose e-mail delivery: a daily digest (the default) or one e-mail per notification right away."""
    user.notify_digest = digest
    db.session.flush()
    return user
