"""Posting comments and internal notes, and releasing a reviewer's note to the innovator's team.

Functions flush, never commit, and raise DomainError where a rule refuses. Who may post what is policy.py's call.
"""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import update

from innolab.comments.queries import blind_round_for, candidate_readers, reviewer_ids
from innolab.domain import DomainError
from innolab.extensions import db
from innolab.models import Comment, CommentVisibility, Innovation, User
from innolab.notifications.audiences import proposal_path, team_of
from innolab.notifications.service import notify, path_for
from innolab.policy import can
from innolab.review.labels import blind_code

MAX_LENGTH = 5000


def post_comment(innovation: Innovation, author: User, body: str,
                 visibility: CommentVisibility = CommentVisibility.PARTICIPANTS, *, notify_readers: bool = True
                 ) -> Comment:
    """Add a comment (or an internal note) and tell everyone else who can read it."""
    body = (body or "").replace("\r\n", "\n").strip()
    if not body:
        raise DomainError.on("body", _("Tulis komentar terlebih dahulu."))
    if len(body) > MAX_LENGTH:
        raise DomainError.on("body", _("Komentar maksimal %(n)d karakter.", n=MAX_LENGTH))
    comment = Comment(innovation_id=innovation.id, author_id=author.id, body=body, visibility=visibility,
                      released=False)
    db.session.add(comment)
    db.session.flush()
    if notify_readers:
        _tell_readers(innovation, comment, author)
    return comment


def release_comment(comment: Comment, innovation: Innovation) -> Comment:
    """Show a reviewer's internal note to the innovator's team (as "Catatan penilai") and tell them."""
    if comment.visibility is not CommentVisibility.INTERNAL:
        raise DomainError.on(None, _("Komentar ini sudah terlihat oleh tim inovator."))
    if comment.author_id not in reviewer_ids(innovation, active_only=False):
        raise DomainError.on(None, _("Hanya catatan dari penilai yang dapat dirilis ke tim inovator."))
    # Conditional update: of two coordinators releasing at once, only one releases and notifies.
    changed = db.session.execute(
        update(Comment).where(Comment.id == comment.id, Comment.released.is_(False)).values(released=True)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.refresh(comment)
    if not changed:
        raise DomainError.on(None, _("Catatan ini sudah dirilis ke tim inovator."))
    notify(team_of(innovation), "comment.released", innovation, url=proposal_path(innovation, "comments"))
    return comment


def _tell_readers(innovation: Innovation, comment: Comment, author: User) -> None:
    internal = comment.visibility is CommentVisibility.INTERNAL
    action = "comment.internal" if internal else "comment.view"
    readers = [user for user in candidate_readers(innovation, internal)
               if user.id != author.id and can(user, action, innovation)]
    open_readers, blind_codes = [], {}
    for user in readers:
        round_ = blind_round_for(user, innovation)
        if round_ is None:
            open_readers.append(user)
        else:
            blind_codes.setdefault(blind_code(round_), []).append(user)
    notify(open_readers, "comment.posted", innovation, url=proposal_path(innovation, "comments"))
    for code, users in blind_codes.items():
        # A blind round's reviewer knows the proposal only by its code and reads the discussion on its own page.
        notify(users, "comment.posted", innovation, title=code,
               url=path_for("comments.index", innovation_id=innovation.id))

