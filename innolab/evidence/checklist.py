"""The evidence checklist of a stage and what an innovation still lacks of it."""
from __future__ import annotations

from sqlalchemy import select

from innolab.extensions import db
from innolab.models import Evidence, EvidenceRequirement, Innovation
from innolab.pipeline.stages import Stage


def requirements(stage: Stage) -> list[EvidenceRequirement]:
    """The checklist lines of `stage`, in display order."""
    return list(db.session.scalars(
        select(EvidenceRequirement).where(EvidenceRequirement.stage == stage)
        .order_by(EvidenceRequirement.position, EvidenceRequirement.id)
    ))


def missing_kinds(innovation: Innovation, stage: Stage) -> list[str]:
    """Required evidence kinds of `stage` that the innovation has no evidence of yet (any stage's evidence counts)."""
    have = set(db.session.scalars(select(Evidence.kind).where(Evidence.innovation_id == innovation.id)))
    return [line.kind for line in requirements(stage) if line.required and line.kind not in have]
