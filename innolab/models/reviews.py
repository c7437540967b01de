"""Review rounds, reviewer assignments, reviews and their per-criterion scores."""
from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Boolean, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from innolab.extensions import db
from innolab.models.innovations import Innovation
from innolab.models.rubrics import Criterion, Rubric
from innolab.models.types import UTCDateTime, str_enum, utcnow
from innolab.models.users import User
from innolab.pipeline.stages import Stage


class AssignmentStatus(StrEnum):
    PENDING = "pending"
    DECLINED = "declined"
    SUBMITTED = "submitted"


class Recommendation(StrEnum):
    ADVANCE = "advance"
    REVISE = "revise"
    HOLD = "hold"
    REJECT = "reject"


class ReviewRound(db.Model):
    """One round of review of an innovation at a stage; a revision opens the next round."""

    __tablename__ = "review_round"
    __table_args__ = (UniqueConstraint("innovation_id", "stage", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    innovation_id: Mapped[int] = mapped_column(ForeignKey("innovation.id", ondelete="CASCADE"), index=True)
    stage: Mapped[Stage] = mapped_column(str_enum(Stage))
    number: Mapped[int] = mapped_column(default=1)
    blind: Mapped[bool] = mapped_column(Boolean, default=False)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    innovation: Mapped[Innovation] = relationship()
    assignments: Mapped[list[Assignment]] = relationship(back_populates="round", cascade="all, delete-orphan")


class Assignment(db.Model):
    __tablename__ = "assignment"
    __table_args__ = (UniqueConstraint("round_id", "reviewer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("review_round.id", ondelete="CASCADE"), index=True)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="RESTRICT"), index=True)
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    due_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[AssignmentStatus] = mapped_column(str_enum(AssignmentStatus), default=AssignmentStatus.PENDING)
    decline_reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    round: Mapped[ReviewRound] = relationship(back_populates="assignments")
    reviewer: Mapped[User] = relationship(foreign_keys=[reviewer_id])
    review: Mapped[Review | None] = relationship(back_populates="assignment", uselist=False)


class Review(db.Model):
    __tablename__ = "review"

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(
        ForeignKey("assignment.id", ondelete="CASCADE"), unique=True
    )
    rubric_id: Mapped[int] = mapped_column(ForeignKey("rubric.id", ondelete="RESTRICT"), index=True)
    recommendation: Mapped[Recommendation | None] = mapped_column(str_enum(Recommendation))
    overall_note: Mapped[str] = mapped_column(Text, default="")
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version_id: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    assignment: Mapped[Assignment] = relationship(back_populates="review")
    rubric: Mapped[Rubric] = relationship()
    scores: Mapped[list[Score]] = relationship(back_populates="review", cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version_id}


class Score(db.Model):
    __tablename__ = "score"
    __table_args__ = (UniqueConstraint("review_id", "criterion_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"), index=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("criterion.id", ondelete="RESTRICT"))
    value: Mapped[int | None] = mapped_column()
    note: Mapped[str] = mapped_column(String(2000), default="")

    review: Mapped[Review] = relationship(back_populates="scores")
    criterion: Mapped[Criterion] = relationship()
