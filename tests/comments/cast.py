"""Everyone around one proposal in review, for the comments and notifications tests."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from innolab.extensions import db
from innolab.models import Assignment, Comment, CommentVisibility, Innovation, InnovationMember, ReviewRound, User
from innolab.pipeline.transitions import Move
from innolab.proposals import services
from innolab.vocab import Role

TITLE = "Antrean Daring Puskesmas Kedungkandang"


@dataclass
class Cast:
    innovation: Innovation
    owner: User
    member: User
    outsider: User  # another innovator
    reviewer: User  # assigned to the proposal
    stranger: User  # a reviewer assigned elsewhere
    coordinator: User
    assignment: Assignment

    def comment(self, author: User, body: str, internal: bool = False, released: bool = False) -> Comment:
        """A comment written straight to the database (as the scorecard files a reviewer's overall note)."""
        visibility = CommentVisibility.INTERNAL if internal else CommentVisibility.PARTICIPANTS
        comment = Comment(innovation_id=self.innovation.id, author_id=author.id, body=body, visibility=visibility,
                          released=released)
        db.session.add(comment)
        db.session.commit()
        return comment


def build_cast(make_user, make_unit, *, blind: bool = False, due_on: date | None = None) -> Cast:
    """A submitted proposal in review: its owner and a team member, one assigned reviewer, and bystanders."""
    home = make_unit()
    owner = make_user(Role.INNOVATOR, unit=home, name="Siti Pemilik")
    member = make_user(Role.INNOVATOR, unit=home, name="Budi Anggota")
    outsider = make_user(Role.INNOVATOR, name="Dewi Luar")
    reviewer = make_user(Role.REVIEWER, name="Rina Wulandari")
    stranger = make_user(Role.REVIEWER, name="Agus Lain")
    coordinator = make_user(Role.COORDINATOR, name="Koko Koordinator")
    innovation = services.create_draft(owner, {"title": TITLE})
    innovation.members.append(InnovationMember(user_id=member.id))
    services.apply_move(innovation, owner, Move.SUBMIT, "Diajukan.")
    services.apply_move(innovation, coordinator, Move.START_REVIEW, "Lolos seleksi.")
    assignment = Assignment(round=ReviewRound(innovation=innovation, stage=innovation.stage, blind=blind),
                            reviewer=reviewer, assigned_by_id=coordinator.id, due_on=due_on)
    db.session.add(assignment)
    db.session.commit()
    return Cast(innovation, owner, member, outsider, reviewer, stranger, coordinator, assignment)

