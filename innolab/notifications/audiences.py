"""Who hears of what: the groups that notifications go to, and the links they carry."""
from __future__ import annotations

from sqlalchemy import select

from innolab.extensions import db
from innolab.models import Innovation, User, UserRole
from innolab.notifications.service import path_for
from innolab.vocab import Role


def team_of(innovation: Innovation) -> list[User]:
    """The owner and the team members with an account."""
    return [innovation.owner, *(member.user for member in innovation.members)]


def coordinators() -> list[User]:
    """Every active lab coordinator."""
    return list(db.session.scalars(
        select(User).join(UserRole).where(UserRole.role == Role.COORDINATOR, User.is_active.is_(True))
        .order_by(User.id)))


def proposal_path(innovation: Innovation, anchor: str | None = None) -> str:
    """The proposal page's path, usable in a notification with or without a request."""
    return path_for("proposals.detail", anchor=anchor, innovation_id=innovation.id)
