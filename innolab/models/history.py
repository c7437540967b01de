"""Append-only history of every stage and status change."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Text, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from innolab.extensions import db
from innolab.models.types import UTCDateTime, str_enum, utcnow
from innolab.models.users import User
from innolab.pipeline.stages import Stage, Status


class StageEvent(db.Model):
    __tablename__ = "stage_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    innovation_id: Mapped[int] = mapped_column(ForeignKey("innovation.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    from_stage: Mapped[Stage | None] = mapped_column(str_enum(Stage))
    from_status: Mapped[Status | None] = mapped_column(str_enum(Status))
    to_stage: Mapped[Stage] = mapped_column(str_enum(Stage))
    to_status: Mapped[Status] = mapped_column(str_enum(Status))
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    actor: Mapped[User | None] = relationship()


class AppendOnlyError(RuntimeError):
    pass


@event.listens_for(StageEvent, "before_update", propagate=True)
@event.listens_for(StageEvent, "before_delete", propagate=True)
def _refuse_rewrite(mapper, connection, target):
    # History is evidence: rewriting it would defeat the audit trail.
    raise AppendOnlyError("stage history is append-only")
