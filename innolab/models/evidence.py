"""Supporting evidence (bukti dukung) and the per-stage checklist of required kinds."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from innolab.extensions import db
from innolab.models.innovations import Innovation
from innolab.models.types import UTCDateTime, str_enum, utcnow
from innolab.models.users import User
from innolab.pipeline.stages import Stage


class Evidence(db.Model):
    """A file (stored under a generated name) or a link, tagged with an evidence kind."""

    __tablename__ = "evidence"
    __table_args__ = (
        Index("ix_evidence_uploaded_by_id_idempotency_key", "uploaded_by_id", "idempotency_key", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    innovation_id: Mapped[int] = mapped_column(ForeignKey("innovation.id", ondelete="CASCADE"), index=True)
    stage: Mapped[Stage] = mapped_column(str_enum(Stage))
    kind: Mapped[str] = mapped_column(String(40))  # key of vocab.EVIDENCE_KINDS
    title: Mapped[str] = mapped_column(String(200), default="")
    original_name: Mapped[str | None] = mapped_column(String(255))
    stored_name: Mapped[str | None] = mapped_column(String(80), unique=True)
    link_url: Mapped[str | None] = mapped_column(String(1000))
    sha256: Mapped[str | None] = mapped_column(String(64))
    size: Mapped[int | None] = mapped_column()
    mime: Mapped[str | None] = mapped_column(String(120))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    # The upload form's key (innolab.idempotency): a retried upload finds this row instead of adding one.
    idempotency_key: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    innovation: Mapped[Innovation] = relationship()
    uploaded_by: Mapped[User | None] = relationship()

    @property
    def is_link(self) -> bool:
        return self.link_url is not None


class EvidenceRequirement(db.Model):
    """One line of a stage's evidence checklist."""

    __tablename__ = "evidence_requirement"
    __table_args__ = (UniqueConstraint("stage", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    stage: Mapped[Stage] = mapped_column(str_enum(Stage))
    kind: Mapped[str] = mapped_column(String(40))
    required: Mapped[bool] = mapped_column(Boolean, default=True)
    position: Mapped[int] = mapped_column(default=0)
