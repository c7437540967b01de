"""Read-side queries for proposals."""
from __future__ import annotations

from sqlalchemy import select, union
from sqlalchemy.orm import joinedload

from innolab.extensions import db
from innolab.models import Innovation, InnovationMember, StageEvent, User


def _my_proposal_ids(user: User):
    """Ids of the proposals the user owns or is a team member of.

    A UNION of two indexed lookups: an OR of the two conditions scans the whole innovation table instead (75 ms at
    50 000 innovations on PostgreSQL, on every signed-in search).
    """
    return union(select(Innovation.id).where(Innovation.owner_id == user.id),
                 select(InnovationMember.innovation_id).where(InnovationMember.user_id == user.id))


def my_proposals_query(user: User):
    """Proposals the user owns or is a team member of, most recently changed first."""
    return (
        select(Innovation)
        .where(Innovation.id.in_(_my_proposal_ids(user)))
        .order_by(Innovation.updated_at.desc(), Innovation.id.desc())
    )


def my_proposal_ids(user: User) -> set[int]:
    return set(db.session.scalars(_my_proposal_ids(user)))


def timeline_query(innovation: Innovation):
    """The innovation's stage events, oldest first, with who made each (one query, not one per event)."""
    return (select(StageEvent).where(StageEvent.innovation_id == innovation.id)
            .options(joinedload(StageEvent.actor)).order_by(StageEvent.id))


def status_counts(user: User) -> dict:
    """How many of the user's proposals are in each status."""
    from sqlalchemy import func

    mine = my_proposals_query(user).order_by(None).subquery()
    rows = db.session.execute(select(mine.c.status, func.count()).group_by(mine.c.status))
    return {status: count for status, count in rows}
