"""The innovation (usulan / profil inovasi) and its team."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from innolab.extensions import db
from innolab.models.types import UTCDateTime, str_enum, utcnow
from innolab.models.units import Unit
from innolab.models.users import User
from innolab.pipeline.stages import Stage, Status
from innolab.vocab import Initiator, InnovationForm, InnovationType


class Innovation(db.Model):
    __tablename__ = "innovation"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(220), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    background: Mapped[str] = mapped_column(Text, default="")
    goals: Mapped[str] = mapped_column(Text, default="")
    novelty: Mapped[str] = mapped_column(Text, default="")
    implementation: Mapped[str] = mapped_column(Text, default="")
    significance: Mapped[str] = mapped_column(Text, default="")
    adaptability: Mapped[str] = mapped_column(Text, default="")
    resources: Mapped[str] = mapped_column(Text, default="")
    sustainability: Mapped[str] = mapped_column(Text, default="")
    beneficiaries: Mapped[str] = mapped_column(Text, default="")
    innovation_type: Mapped[InnovationType | None] = mapped_column(str_enum(InnovationType))
    form: Mapped[InnovationForm | None] = mapped_column(str_enum(InnovationForm))
    initiator: Mapped[Initiator | None] = mapped_column(str_enum(Initiator))
    affair: Mapped[str | None] = mapped_column(String(40), index=True)  # key of vocab.AFFAIRS
    sdgs: Mapped[list[int]] = mapped_column(JSON, default=list)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), index=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="RESTRICT"), index=True)
    stage: Mapped[Stage] = mapped_column(str_enum(Stage), default=Stage.IDEATION, index=True)
    status: Mapped[Status] = mapped_column(str_enum(Status), default=Status.DRAFT, index=True)
    started_on: Mapped[date | None] = mapped_column(Date)
    trial_on: Mapped[date | None] = mapped_column(Date)
    applied_on: Mapped[date | None] = mapped_column(Date)
    budget: Mapped[Decimal | None] = mapped_column(Numeric(16, 2))
    replicable: Mapped[bool] = mapped_column(Boolean, default=False)
    published: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    # The innovation's id in another system (national portal, a spreadsheet); imports are idempotent on it.
    external_ref: Mapped[str | None] = mapped_column(String(100), unique=True)
    # The new-proposal form's key (innolab.idempotency): a retried "create" finds this row instead of adding one.
    idempotency_key: Mapped[str | None] = mapped_column(String(64))
    version_id: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Indexed: every host's search catch-up asks for rows changed in the last minute (innolab.search.service).
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow, index=True)

    unit: Mapped[Unit] = relationship()
    owner: Mapped[User] = relationship()
    members: Mapped[list[InnovationMember]] = relationship(
        back_populates="innovation", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version_id}
    __table_args__ = (Index("ix_innovation_owner_id_idempotency_key", "owner_id", "idempotency_key", unique=True),)

    def participant_ids(self) -> set[int]:
        """The owner and every team member with an account."""
        return {self.owner_id, *(m.user_id for m in self.members)}

    def __repr__(self) -> str:
        return f"<Innovation {self.id} {self.title!r} {self.stage}/{self.status}>"


class InnovationMember(db.Model):
    """A team member with an account; they follow and may edit the proposal like its owner."""

    __tablename__ = "innovation_member"

    innovation_id: Mapped[int] = mapped_column(ForeignKey("innovation.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), primary_key=True, index=True)
    role_in_team: Mapped[str] = mapped_column(String(100), default="")

    innovation: Mapped[Innovation] = relationship(back_populates="members")
    user: Mapped[User] = relationship()
