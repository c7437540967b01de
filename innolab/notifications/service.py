"""notify(): the one way any feature tells people that something happened.

Rows are written in the caller's transaction, so a rolled-back action notifies nobody. Messages are stored as a kind
plus parameters and rendered in the reader's language when shown or e-mailed.
"""
from __future__ import annotations

from collections.abc import Iterable

from flask_babel import lazy_gettext as _l

from innolab.extensions import db
from innolab.models import Innovation, Notification, User

# kind → message; parameters come from the payload (title is always there when an innovation is given).
MESSAGES = {
    "proposal.submitted": _l("Usulan baru diajukan: %(title)s"),
    "proposal.returned": _l("Usulan dikembalikan pada seleksi administrasi: %(title)s"),
    "review.assigned": _l("Anda ditugaskan menilai: %(title)s (tenggat %(due)s)"),
    "review.due_soon": _l("Tenggat penilaian segera tiba: %(title)s (tenggat %(due)s)"),
    "review.declined": _l("Penilai menolak penugasan untuk %(title)s"),
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


def render(notification: Notification) -> str:
    """The message in the current language."""
    template = MESSAGES.get(notification.kind)
    if template is None:
        return notification.kind
    try:
        return str(template) % notification.payload
    except (KeyError, TypeError, ValueError):
        return str(template).split(":")[0]
