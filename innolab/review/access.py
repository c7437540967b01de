"""Who reviews what: the facts policy.py asks about reviewers and blind rounds."""
from __future__ import annotations

from sqlalchemy import select

from innolab.extensions import db
from innolab.models import Assignment, AssignmentStatus, ReviewRound

# A declined assignment gives no access: the reviewer stepped away from the proposal.
ACTIVE_STATUSES = (AssignmentStatus.PENDING, AssignmentStatus.SUBMITTED)


def reviewer_rounds(user, innovation) -> list[ReviewRound]:
    """The rounds of `innovation` in which `user` holds a pending or submitted assignment."""
    return list(db.session.scalars(
        select(ReviewRound)
        .join(Assignment, Assignment.round_id == ReviewRound.id)
        .where(ReviewRound.innovation_id == innovation.id, Assignment.reviewer_id == user.id,
               Assignment.status.in_(ACTIVE_STATUSES))
    ))


def may_open_proposal_page(user, innovation) -> bool:
    """An assigned reviewer sees the full proposal page only when none of their rounds on it is blind."""
    rounds = reviewer_rounds(user, innovation)
    return bool(rounds) and not any(r.blind for r in rounds)


def openly_reviewed_ids(user) -> set[int]:
    """Proposals whose page `user` may open as a reviewer: assigned to them, and in no blind round of theirs."""
    rows = db.session.execute(
        select(ReviewRound.innovation_id, ReviewRound.blind)
        .join(Assignment, Assignment.round_id == ReviewRound.id)
        .where(Assignment.reviewer_id == user.id, Assignment.status.in_(ACTIVE_STATUSES))
    )
    assigned, blind = set(), set()
    for innovation_id, is_blind in rows:
        (blind if is_blind else assigned).add(innovation_id)
    return assigned - blind
