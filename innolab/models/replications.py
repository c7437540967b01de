"""A unit's replication of another unit's innovation, tracked through its statuses."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from innolab.extensions import db
from innolab.models.innovations import Innovation
from innolab.models.types import UTCDateTime, str_enum, utcnow
from innolab.models.units import Unit
from innolab.models.users import User
from innolab.vocab import ReplicationStatus


class Replication(db.Model):
    __tablename__ = "replication"

    id: Mapped[int] = mapped_column(primary_key=True)
    source_innovation_id: Mapped[int] = mapped_column(
        ForeignKey("innovation.id", ondelete="CASCADE"), index=True
    )
    adopting_unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), index=True)
    registered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    contact: Mapped[str] = mapped_column(String(300), default="")
    plan: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[ReplicationStatus] = mapped_column(
        str_enum(ReplicationStatus, 24),
        default=ReplicationStatus.INTERESTED,
    )
    started_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    derived_innovation_id: Mapped[int | None] = mapped_column(
        ForeignKey("innovation.id", ondelete="SET NULL")
    )
    version_id: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Indexed: every host's search catch-up asks for rows changed in the last minute (innolab.search.service).
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow, index=True)

    source: Mapped[Innovation] = relationship(foreign_keys=[source_innovation_id])
    updates: Mapped[list[ReplicationUpdate]] = relationship(
        back_populates="replication", cascade="all, delete-orphan", order_by="ReplicationUpdate.id"
    )
    derived: Mapped[Innovation | None] = relationship(foreign_keys=[derived_innovation_id])
    adopting_unit: Mapped[Unit] = relationship()
    registered_by: Mapped[User | None] = relationship()

    __mapper_args__ = {"version_id_col": version_id}


class ReplicationUpdate(db.Model):
    """One step in a replication's history: the status it moved to (or kept) and the adopting unit's note."""

    __tablename__ = "replication_update"

    id: Mapped[int] = mapped_column(primary_key=True)
    replication_id: Mapped[int] = mapped_column(ForeignKey("replication.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    from_status: Mapped[ReplicationStatus | None] = mapped_column(str_enum(ReplicationStatus, 24))
    to_status: Mapped[ReplicationStatus] = mapped_column(str_enum(ReplicationStatus, 24))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    replication: Mapped[Replication] = relationship(back_populates="updates")
    actor: Mapped[User | None] = relationship()
