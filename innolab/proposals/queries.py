"""Read-side queries for proposals."""
from __future__ import annotations

from sqlalchemy import or_, select

from innolab.extensions import db
from innolab.models import Innovation, InnovationMember, StageEvent, User


def my_proposals_query(user: User):
    """Proposals the user owns or is a team member of, most recently changed first."""
    member_of = select(InnovationMember.innovation_id).where(InnovationMember.user_id == user.id)
    return (
        select(Innovation)
        .where(or_(Innovation.owner_id == user.id, Innovation.id.in_(member_of)))
        .order_by(Innovation.updated_at.desc(), Innovation.id.desc())
    )


def my_proposal_ids(user: User) -> set[int]:
    return set(db.session.scalars(my_proposals_query(user).with_only_columns(Innovation.id).order_by(None)))


def timeline_query(innovation: Innovation):
    return select(StageEvent).where(StageEvent.innovation_id == innovation.id).order_by(StageEvent.id)


def status_counts(user: User) -> dict:
    """How many of the user's proposals are in each status."""
    from sqlalchemy import func

    mine = my_proposals_query(user).order_by(None).subquery()
    rows = db.session.execute(select(mine.c.status, func.count()).group_by(mine.c.status))
    return {status: count for status, count in rows}
