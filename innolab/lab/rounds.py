"""Review rounds as the lab sees them: the open round of a proposal, its assignments and submitted reviews."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from innolab.extensions import db
from innolab.models import Assignment, AssignmentStatus, Innovation, Review, ReviewRound, User


def open_round(innovation: Innovation) -> ReviewRound | None:
    """The round of the innovation's current stage that no decision has closed yet, if any."""
    return db.session.scalar(
        select(ReviewRound)
        .where(ReviewRound.innovation_id == innovation.id, ReviewRound.stage == innovation.stage,
               ReviewRound.closed_at.is_(None))
        .order_by(ReviewRound.number.desc())
        .limit(1)
    )


def next_round_number(innovation: Innovation) -> int:
    """Rounds already held at the innovation's current stage, plus one."""
    held = db.session.scalar(
        select(func.max(ReviewRound.number))
        .where(ReviewRound.innovation_id == innovation.id, ReviewRound.stage == innovation.stage)
    )
    return (held or 0) + 1


def round_assignments(round_: ReviewRound) -> list[Assignment]:
    """The round's assignments with their reviewer, unit and review loaded, oldest first."""
    return list(db.session.scalars(
        select(Assignment).where(Assignment.round_id == round_.id)
        .options(joinedload(Assignment.reviewer).joinedload(User.unit), selectinload(Assignment.review))
        .order_by(Assignment.created_at, Assignment.id)
    ).unique())


def submitted_review_count(round_: ReviewRound | None) -> int:
    """Reviews of the round that their reviewer has submitted."""
    if round_ is None:
        return 0
    return db.session.scalar(
        select(func.count(Review.id)).join(Assignment, Assignment.id == Review.assignment_id)
        .where(Assignment.round_id == round_.id, Assignment.status == AssignmentStatus.SUBMITTED,
               Review.submitted_at.is_not(None))
    )


def pending_workload(user_ids) -> dict[int, int]:
    """Per reviewer, the assignments in open rounds still waiting for their review."""
    rows = db.session.execute(
        select(Assignment.reviewer_id, func.count(Assignment.id))
        .join(ReviewRound, ReviewRound.id == Assignment.round_id)
        .where(Assignment.reviewer_id.in_(list(user_ids)), Assignment.status == AssignmentStatus.PENDING,
               ReviewRound.closed_at.is_(None))
        .group_by(Assignment.reviewer_id)
    )
    return dict(rows.all())
