"""Read-side queries of the reviewer's pages."""
from __future__ import annotations

from datetime import date, datetime

from flask_babel import to_user_timezone
from sqlalchemy import case, select
from sqlalchemy.orm import contains_eager, joinedload

from innolab.models import Assignment, AssignmentStatus, ReviewRound, User
from innolab.models.types import utcnow


def my_assignments_query(user: User):
    """The reviewer's assignments: open ones soonest due first, then the finished ones latest first."""
    pending = Assignment.status == AssignmentStatus.PENDING
    open_first = case((pending, 0), else_=1)
    no_due_last = case((Assignment.due_on.is_(None), 1), else_=0)
    open_by_due = case((pending, Assignment.due_on))  # NULL for finished ones, which then go by due date, newest first
    return (
        select(Assignment).join(Assignment.round)
        .where(Assignment.reviewer_id == user.id)
        .options(contains_eager(Assignment.round).joinedload(ReviewRound.innovation),
                 joinedload(Assignment.review))
        .order_by(open_first, no_due_last, open_by_due, Assignment.due_on.desc(), Assignment.id.desc())
    )


def local_today(now: datetime | None = None) -> date:
    """Today in the lab's time zone: a due date passes at local midnight, not at UTC midnight."""
    return to_user_timezone(now or utcnow()).date()


def is_overdue(assignment: Assignment, today: date) -> bool:
    """An open assignment whose due date has passed."""
    return (assignment.status is AssignmentStatus.PENDING and assignment.due_on is not None
            and assignment.due_on < today)
