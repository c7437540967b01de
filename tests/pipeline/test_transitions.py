"""Every allowed and every forbidden move of the stage-gate pipeline."""
import itertools

import pytest

from innolab.pipeline.stages import STAGE_ORDER, Stage, Status
from innolab.pipeline.transitions import (
    MIN_REVIEWS_FOR_DECISION,
    Move,
    Target,
    TransitionError,
    allowed_moves,
    check_gate,
    target_of,
)

GATED_STAGES = [Stage.IDEATION, Stage.PROTOTYPING, Stage.PILOTING]

# The complete rule book, written out independently of the implementation's tables.
EXPECTED_GATED = {
    (Status.DRAFT, Move.SUBMIT): Status.SUBMITTED,
    (Status.IN_PROGRESS, Move.SUBMIT): Status.SUBMITTED,
    (Status.REVISION_REQUESTED, Move.SUBMIT): Status.SUBMITTED,
    (Status.SUBMITTED, Move.START_REVIEW): Status.IN_REVIEW,
    (Status.SUBMITTED, Move.RETURN): Status.REVISION_REQUESTED,
    (Status.IN_REVIEW, Move.ADVANCE): "next-stage",
    (Status.IN_REVIEW, Move.REQUEST_REVISION): Status.REVISION_REQUESTED,
    (Status.IN_REVIEW, Move.HOLD): Status.ON_HOLD,
    (Status.IN_REVIEW, Move.REJECT): Status.REJECTED,
    (Status.ON_HOLD, Move.RESUME): Status.IN_REVIEW,
    (Status.ON_HOLD, Move.REJECT): Status.REJECTED,
    (Status.DRAFT, Move.WITHDRAW): Status.WITHDRAWN,
    (Status.SUBMITTED, Move.WITHDRAW): Status.WITHDRAWN,
    (Status.IN_REVIEW, Move.WITHDRAW): Status.WITHDRAWN,
    (Status.IN_PROGRESS, Move.WITHDRAW): Status.WITHDRAWN,
    (Status.REVISION_REQUESTED, Move.WITHDRAW): Status.WITHDRAWN,
    (Status.ON_HOLD, Move.WITHDRAW): Status.WITHDRAWN,
}
EXPECTED_SCALING = {
    (Status.IN_PROGRESS, Move.MARK_ACTIVE): Status.ACTIVE,
    (Status.IN_PROGRESS, Move.MARK_STOPPED): Status.STOPPED,
    (Status.ACTIVE, Move.MARK_STOPPED): Status.STOPPED,
    (Status.STOPPED, Move.MARK_ACTIVE): Status.ACTIVE,
}


@pytest.mark.parametrize("stage", GATED_STAGES)
@pytest.mark.parametrize("status, move", list(itertools.product(Status, Move)), ids=str)
def test_gated_stage_moves(stage, status, move):
    expected = EXPECTED_GATED.get((status, move))
    if expected is None:
        with pytest.raises(TransitionError):
            target_of(stage, status, move)
    elif expected == "next-stage":
        assert target_of(stage, status, move) == Target(STAGE_ORDER[STAGE_ORDER.index(stage) + 1], Status.IN_PROGRESS)
    else:
        assert target_of(stage, status, move) == Target(stage, expected)


@pytest.mark.parametrize("status, move", list(itertools.product(Status, Move)), ids=str)
def test_scaling_moves(status, move):
    expected = EXPECTED_SCALING.get((status, move))
    if expected is None:
        with pytest.raises(TransitionError):
            target_of(Stage.SCALING, status, move)
    else:
        assert target_of(Stage.SCALING, status, move) == Target(Stage.SCALING, expected)


def test_allowed_moves_lists_exactly_the_table():
    assert allowed_moves(Stage.IDEATION, Status.IN_REVIEW) == [
        Move.WITHDRAW, Move.ADVANCE, Move.REQUEST_REVISION, Move.HOLD, Move.REJECT,
    ]
    assert allowed_moves(Stage.SCALING, Status.ACTIVE) == [Move.MARK_STOPPED]
    assert allowed_moves(Stage.PILOTING, Status.REJECTED) == []


def test_piloting_advances_into_scaling_in_progress():
    assert target_of(Stage.PILOTING, Status.IN_REVIEW, Move.ADVANCE) == Target(Stage.SCALING, Status.IN_PROGRESS)


@pytest.mark.parametrize("move", [Move.ADVANCE, Move.REQUEST_REVISION, Move.HOLD, Move.REJECT, Move.RETURN])
def test_decisions_need_a_reason(move):
    with pytest.raises(TransitionError, match="Alasan"):
        check_gate(move, submitted_reviews=5, reason="   ")


@pytest.mark.parametrize("move", [Move.ADVANCE, Move.REQUEST_REVISION, Move.REJECT])
def test_decisions_need_enough_submitted_reviews(move):
    with pytest.raises(TransitionError, match="penilaian"):
        check_gate(move, submitted_reviews=MIN_REVIEWS_FOR_DECISION - 1, reason="cukup")
    check_gate(move, submitted_reviews=MIN_REVIEWS_FOR_DECISION, reason="cukup")


def test_hold_needs_no_reviews_but_a_reason():
    check_gate(Move.HOLD, submitted_reviews=0, reason="menunggu anggaran")


def test_advance_needs_next_stage_evidence():
    with pytest.raises(TransitionError, match="sk_tim"):
        check_gate(Move.ADVANCE, submitted_reviews=2, reason="layak", next_stage_missing_evidence=["sk_tim"])
