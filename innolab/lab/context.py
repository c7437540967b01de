"""What the screening and decision pages show about a proposal, gathered in a few queries."""
from __future__ import annotations

from dataclasses import dataclass

from innolab.evidence.checklist import missing_kinds, requirements
from innolab.lab.moves import PUBLISHABLE_STAGES, UNPUBLISHABLE_STATUSES, decision_moves
from innolab.lab.rounds import open_round, round_assignments, submitted_review_count
from innolab.models import Innovation
from innolab.pipeline.requirements import FIELD_LABELS, REQUIRED_AT_SUBMIT, submission_problems
from innolab.pipeline.transitions import MIN_REVIEWS_FOR_DECISION, Move
from innolab.proposals.services import EDITABLE_FIELDS
from innolab.review.summary import score_summary
from innolab.vocab import EVIDENCE_KINDS


@dataclass(frozen=True)
class ChecklistLine:
    label: object
    required: bool
    present: bool  # meaningful for required lines only: missing_kinds speaks of those


def evidence_checklist(innovation: Innovation, stage) -> list[ChecklistLine]:
    """The stage's evidence checklist, each required line marked present or missing for the innovation."""
    missing = set(missing_kinds(innovation, stage))
    return [ChecklistLine(EVIDENCE_KINDS.get(line.kind, line.kind), line.required, line.kind not in missing)
            for line in requirements(stage)]


def screening_facts(innovation: Innovation) -> dict:
    """The stage's evidence checklist and the sections the stage requires at submission, with what is wrong."""
    values = {name: getattr(innovation, name) for name in EDITABLE_FIELDS}
    problems = dict(submission_problems(innovation.stage, values))
    next_stage = innovation.stage.next
    return {
        "checklist": evidence_checklist(innovation, innovation.stage),
        # What the gate after this review will ask for: screening can send it back now rather than after a round.
        "next_stage": next_stage,
        "next_checklist": evidence_checklist(innovation, next_stage) if next_stage else [],
        "sections": [(FIELD_LABELS[name], problems.get(name)) for name in REQUIRED_AT_SUBMIT[innovation.stage]],
        "other_problems": [message for name, message in problems.items()
                           if name not in REQUIRED_AT_SUBMIT[innovation.stage]],
    }


def decision_facts(innovation: Innovation) -> dict:
    """The open round, its reviews and score summary, the next stage's evidence, and what may be decided."""
    round_ = open_round(innovation)
    moves = decision_moves(innovation)
    next_stage = innovation.stage.next if Move.ADVANCE in moves else None
    return {
        "moves": moves,
        "round": round_,
        "assignments": round_assignments(round_) if round_ else [],
        "submitted": submitted_review_count(round_),
        "needed": MIN_REVIEWS_FOR_DECISION,
        "summary": score_summary(innovation, round_) if round_ else None,
        "next_stage": next_stage,
        "next_checklist": evidence_checklist(innovation, next_stage) if next_stage else [],
        "publishable": innovation.stage in PUBLISHABLE_STAGES and innovation.status not in UNPUBLISHABLE_STATUSES,
    }
