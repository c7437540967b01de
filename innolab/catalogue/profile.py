"""Everything an innovation's public profile shows (and its printable A4 version)."""
from __future__ import annotations

from sqlalchemy import func, select

from innolab.extensions import db
from innolab.models import Evidence, StageEvent
from innolab.policy import can, search_scope
from innolab.replication.queries import replicating
from innolab.replication.rules import COUNTED_STATUSES
from innolab.search import query
from innolab.vocab import EVIDENCE_KINDS


def stage_milestones(innovation) -> list[tuple]:
    """(stage, first date the innovation reached it), in order: the timeline summary."""
    rows = db.session.execute(
        select(StageEvent.to_stage, func.min(StageEvent.created_at))
        .where(StageEvent.innovation_id == innovation.id).group_by(StageEvent.to_stage)
    ).all()
    return sorted(rows, key=lambda row: row[1])


def context(innovation, user) -> dict:
    replications = db.session.scalars(replicating(innovation)).all()
    evidence = sorted(
        db.session.scalars(select(Evidence).where(Evidence.innovation_id == innovation.id)),
        key=lambda item: (str(EVIDENCE_KINDS.get(item.kind, item.kind)), item.title or "", item.id),
    )
    text = " ".join(filter(None, (innovation.title, innovation.summary, innovation.background)))
    similar_hits = query.similar(text, search_scope(user), exclude_id=innovation.id)
    return {
        "innovation": innovation,
        "replications": replications,
        "replication_count": sum(1 for r in replications if r.status in COUNTED_STATUSES),
        "evidence": evidence,
        "may_download": bool(evidence) and can(user, "evidence.download", evidence[0]),
        "milestones": stage_milestones(innovation),
        "similar": similar_hits,
        "may_replicate": can(user, "replication.register", innovation),
        "may_follow_proposal": can(user, "proposal.view", innovation) and user.is_authenticated,
    }
