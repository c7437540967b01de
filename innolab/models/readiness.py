"""Readiness self-assessment for the national innovation index (IID): indicator sets per year and assessments.

Versioning: the indicators (weights, level texts, accepted evidence) belong to an IndicatorSet of one year. The
official weights change every year, so a new year gets a new set (copied from the last one and then edited); an
assessment points at the set of its year and is always scored on that set. Editing next year's weights therefore
never changes what last year's assessments meant, and sets of past years are read-only (readiness.services).
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from innolab.extensions import db
from innolab.models.evidence import Evidence
from innolab.models.innovations import Innovation
from innolab.models.types import UTCDateTime, utcnow
from innolab.models.users import User


class IndicatorSet(db.Model):
    """The indicator table of one reporting year, with the predicate bands scores are read against."""

    __tablename__ = "readiness_indicator_set"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(unique=True)
    # Predicate bands on an innovation's score (Σ weight × level): > sangat_above is "Sangat Inovatif",
    # ≥ inovatif_from is "Inovatif", anything lower "Kurang Inovatif".
    inovatif_from: Mapped[int] = mapped_column(default=35)
    sangat_above: Mapped[int] = mapped_column(default=60)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version_id: Mapped[int] = mapped_column(default=1)

    indicators: Mapped[list[Indicator]] = relationship(
        back_populates="indicator_set", cascade="all, delete-orphan", order_by="Indicator.position"
    )
    updated_by: Mapped[User | None] = relationship()

    __mapper_args__ = {"version_id_col": version_id}

    @property
    def active_indicators(self) -> list[Indicator]:
        return [indicator for indicator in self.indicators if indicator.active]


class Indicator(db.Model):
    """One line of the national form: a weight and three levels, each proven by some kinds of evidence."""

    __tablename__ = "readiness_indicator"

    id: Mapped[int] = mapped_column(primary_key=True)
    set_id: Mapped[int] = mapped_column(ForeignKey("readiness_indicator_set.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)  # the national form's order
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    weight: Mapped[int] = mapped_column()
    levels: Mapped[list[str]] = mapped_column(JSON, default=list)  # description of level 1, 2, 3
    # Per level, the keys of vocab.EVIDENCE_KINDS that prove it; an empty list accepts any kind.
    evidence_kinds: Mapped[list[list[str]]] = mapped_column(JSON, default=list)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Where the level comes from when nobody chooses it: None (chosen by hand) or "replication".
    source: Mapped[str | None] = mapped_column(String(20))
    version_id: Mapped[int] = mapped_column(default=1)

    indicator_set: Mapped[IndicatorSet] = relationship(back_populates="indicators")

    __mapper_args__ = {"version_id_col": version_id}

    def kinds_for(self, level: int) -> list[str]:
        """The evidence kinds that prove `level` (1–3)."""
        kinds = self.evidence_kinds or []
        return list(kinds[level - 1]) if 1 <= level <= len(kinds) else []


class Assessment(db.Model):
    """An innovation's self-assessment against the indicator set of one year."""

    __tablename__ = "readiness_assessment"
    __table_args__ = (UniqueConstraint("innovation_id", "set_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    innovation_id: Mapped[int] = mapped_column(ForeignKey("innovation.id", ondelete="CASCADE"), index=True)
    set_id: Mapped[int] = mapped_column(ForeignKey("readiness_indicator_set.id", ondelete="RESTRICT"), index=True)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version_id: Mapped[int] = mapped_column(default=1)

    innovation: Mapped[Innovation] = relationship()
    indicator_set: Mapped[IndicatorSet] = relationship()
    updated_by: Mapped[User | None] = relationship()
    answers: Mapped[list[Answer]] = relationship(back_populates="assessment", cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version_id}


answer_evidence = Table(
    "readiness_answer_evidence",
    db.metadata,
    Column("answer_id", ForeignKey("readiness_answer.id", ondelete="CASCADE"), primary_key=True),
    # Deleting the evidence unlinks it; the answer then shows as lacking evidence.
    Column("evidence_id", ForeignKey("evidence.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Answer(db.Model):
    """The level chosen for one indicator (0 = none yet) and the evidence linked to prove it."""

    __tablename__ = "readiness_answer"
    __table_args__ = (UniqueConstraint("assessment_id", "indicator_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("readiness_assessment.id", ondelete="CASCADE"),
                                               index=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("readiness_indicator.id", ondelete="CASCADE"), index=True)
    level: Mapped[int] = mapped_column(default=0)  # 0–3; ignored for indicators filled from records

    assessment: Mapped[Assessment] = relationship(back_populates="answers")
    indicator: Mapped[Indicator] = relationship()
    evidence: Mapped[list[Evidence]] = relationship(secondary=answer_evidence, order_by=Evidence.id)
