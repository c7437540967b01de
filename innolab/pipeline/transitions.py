"""Which moves an innovation may make from where it stands, and the guards on each gate.

Pure functions over plain values, so the web forms, the API, the importer and tests share one rule book.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from flask_babel import lazy_gettext as _l

from innolab.pipeline.stages import Stage, Status

MIN_REVIEWS_FOR_DECISION = 2


class Move(StrEnum):
    SUBMIT = "submit"  # innovator sends the proposal to the lab
    WITHDRAW = "withdraw"  # innovator takes it back
    START_REVIEW = "start_review"  # coordinator passes administrative screening
    RETURN = "return"  # coordinator sends it back at screening
    ADVANCE = "advance"  # gate decision: on to the next stage
    REQUEST_REVISION = "request_revision"  # gate decision
    HOLD = "hold"  # gate decision
    REJECT = "reject"  # gate decision
    RESUME = "resume"  # coordinator takes a held proposal back into review
    MARK_ACTIVE = "mark_active"  # scaling: the innovation runs on (berlanjut)
    MARK_STOPPED = "mark_stopped"  # scaling: it has stopped (berhenti)


GATE_DECISIONS = frozenset({Move.ADVANCE, Move.REQUEST_REVISION, Move.HOLD, Move.REJECT})
INNOVATOR_MOVES = frozenset({Move.SUBMIT, Move.WITHDRAW})

_OPEN = (Status.DRAFT, Status.SUBMITTED, Status.IN_REVIEW, Status.IN_PROGRESS, Status.REVISION_REQUESTED,
         Status.ON_HOLD)

# (status now, move) → status after. Stage changes only through ADVANCE.
_TABLE: dict[tuple[Status, Move], Status] = {
    (Status.DRAFT, Move.SUBMIT): Status.SUBMITTED,
    (Status.IN_PROGRESS, Move.SUBMIT): Status.SUBMITTED,
    (Status.REVISION_REQUESTED, Move.SUBMIT): Status.SUBMITTED,
    (Status.SUBMITTED, Move.START_REVIEW): Status.IN_REVIEW,
    (Status.SUBMITTED, Move.RETURN): Status.REVISION_REQUESTED,
    (Status.IN_REVIEW, Move.ADVANCE): Status.IN_PROGRESS,
    (Status.IN_REVIEW, Move.REQUEST_REVISION): Status.REVISION_REQUESTED,
    (Status.IN_REVIEW, Move.HOLD): Status.ON_HOLD,
    (Status.IN_REVIEW, Move.REJECT): Status.REJECTED,
    (Status.ON_HOLD, Move.RESUME): Status.IN_REVIEW,
    (Status.ON_HOLD, Move.REJECT): Status.REJECTED,
    **{(status, Move.WITHDRAW): Status.WITHDRAWN for status in _OPEN},
}

# In scaling there is no further gate: the innovation is either running on or stopped.
_SCALING_TABLE: dict[tuple[Status, Move], Status] = {
    (Status.IN_PROGRESS, Move.MARK_ACTIVE): Status.ACTIVE,
    (Status.IN_PROGRESS, Move.MARK_STOPPED): Status.STOPPED,
    (Status.ACTIVE, Move.MARK_STOPPED): Status.STOPPED,
    (Status.STOPPED, Move.MARK_ACTIVE): Status.ACTIVE,
}


@dataclass(frozen=True)
class Target:
    stage: Stage
    status: Status


class TransitionError(Exception):
    """A move that the pipeline does not allow from here, with the reason for the user."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def allowed_moves(stage: Stage, status: Status) -> list[Move]:
    """Moves possible from (stage, status), in a stable order."""
    table = _SCALING_TABLE if stage is Stage.SCALING else _TABLE
    moves = [move for (from_status, move) in table if from_status is status]
    return sorted(set(moves), key=list(Move).index)


def target_of(stage: Stage, status: Status, move: Move) -> Target:
    """Where `move` takes an innovation at (stage, status); TransitionError if it is not allowed."""
    table = _SCALING_TABLE if stage is Stage.SCALING else _TABLE
    new_status = table.get((status, move))
    if new_status is None:
        raise TransitionError(
            _l("Langkah ini tidak dapat dilakukan dari status %(status)s pada tahap %(stage)s.",
               status=status.label, stage=stage.label)
        )
    if move is Move.ADVANCE:
        return Target(stage.next, Status.IN_PROGRESS)
    return Target(stage, new_status)


def check_gate(
    move: Move,
    *,
    next_stage_missing_evidence: Iterable[str] = (),
    submitted_reviews: int = 0,
    reason: str = "",
) -> None:
    """Guards of a gate decision: a reason, enough reviews, and for ADVANCE the next stage's evidence."""
    if move in GATE_DECISIONS | {Move.RETURN} and not reason.strip():
        raise TransitionError(_l("Alasan keputusan wajib diisi."))
    if move in GATE_DECISIONS and move is not Move.HOLD and submitted_reviews < MIN_REVIEWS_FOR_DECISION:
        raise TransitionError(
            _l("Keputusan memerlukan sedikitnya %(n)d penilaian yang sudah dikirim.", n=MIN_REVIEWS_FOR_DECISION)
        )
    missing = list(next_stage_missing_evidence)
    if move is Move.ADVANCE and missing:
        raise TransitionError(
            _l("Bukti dukung untuk tahap berikutnya belum lengkap: %(kinds)s.", kinds=", ".join(missing))
        )
