"""Who takes part in a proposal's discussion, and the discussion as one reader may see it."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from innolab.extensions import db
from innolab.models import Assignment, Comment, CommentVisibility, Innovation, ReviewRound, User, UserRole
from innolab.policy import can
from innolab.review.access import ACTIVE_STATUSES, reviewer_rounds
from innolab.vocab import Role

REVIEWER_LABEL = _l("Penilai")  # how the team sees a reviewer: reviews may be blind, names never reach the team
TEAM_LABEL = _l("Tim inovator")  # how a blind round's reviewer sees a member of the team
UNKNOWN_LABEL = _l("Pengguna tidak dikenal")


@dataclass(frozen=True)
class ShownComment:
    """A comment as one reader sees it."""

    comment: Comment
    author: str
    internal: bool  # an unreleased or released internal note, as the lab sees it
    reviewer_note: bool  # a released internal note, as the team sees it ("Catatan penilai")
    releasable: bool  # the reader may release it to the team


def reviewer_ids(innovation: Innovation, *, active_only: bool) -> set[int]:
    """Ids of the innovation's reviewers: those still on it, or everyone ever assigned."""
    stmt = (select(Assignment.reviewer_id).join(ReviewRound, Assignment.round_id == ReviewRound.id)
            .where(ReviewRound.innovation_id == innovation.id))
    if active_only:
        stmt = stmt.where(Assignment.status.in_(ACTIVE_STATUSES))
    return set(db.session.scalars(stmt))


def candidate_readers(innovation: Innovation, internal: bool) -> list[User]:
    """Everyone who might read a new comment: the team (unless internal), its reviewers and the coordinators."""
    wanted = select(User.id).where(User.id.in_(reviewer_ids(innovation, active_only=True)))
    coordinators = select(UserRole.user_id).where(UserRole.role == Role.COORDINATOR)
    conditions = [User.id.in_(wanted), User.id.in_(coordinators)]
    if not internal:
        conditions.append(User.id.in_(innovation.participant_ids()))
    return list(db.session.scalars(select(User).where(User.is_active.is_(True), or_(*conditions))
                                   .order_by(User.id)))


def blind_round_for(user: User, innovation: Innovation) -> ReviewRound | None:
    """The blind round through which `user` reads the discussion as a reviewer, if any (the latest one)."""
    if user.has_role(Role.COORDINATOR) or user.id in innovation.participant_ids():
        return None
    blind = [round_ for round_ in reviewer_rounds(user, innovation) if round_.blind]
    return max(blind, key=lambda round_: round_.id, default=None)


def discussion(innovation: Innovation, user: User) -> list[ShownComment]:
    """The comments `user` may read, oldest first, with the author named as this reader may know them."""
    lab = can(user, "comment.internal", innovation)
    stmt = (select(Comment).where(Comment.innovation_id == innovation.id).options(joinedload(Comment.author))
            .order_by(Comment.created_at, Comment.id))
    if not lab:
        stmt = stmt.where(or_(Comment.visibility == CommentVisibility.PARTICIPANTS, Comment.released.is_(True)))
    reviewers = reviewer_ids(innovation, active_only=False)
    team = innovation.participant_ids()
    blind = blind_round_for(user, innovation) is not None
    may_release = can(user, "comment.release", innovation)
    shown = []
    for comment in db.session.scalars(stmt):
        internal = comment.visibility is CommentVisibility.INTERNAL
        if (not lab and comment.author_id in reviewers) or (not lab and internal):
            author = str(REVIEWER_LABEL)
        elif blind and comment.author_id in team:
            author = str(TEAM_LABEL)
        else:
            author = comment.author.name if comment.author else str(UNKNOWN_LABEL)
        shown.append(ShownComment(
            comment=comment, author=author, internal=internal and lab, reviewer_note=internal and not lab,
            releasable=may_release and internal and not comment.released and comment.author_id in reviewers,
        ))
    return shown
