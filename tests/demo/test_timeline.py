"""Demo stage histories follow the pipeline's rule book and stay inside the demo period."""
import random

import pytest

from innolab.demo.timeline import END, START, build_history, reachable_statuses
from innolab.pipeline.stages import Stage, Status

STATES = [(stage, status) for stage, statuses in reachable_statuses().items() for status in sorted(statuses)]


def test_reachable_statuses_match_the_rule_book():
    states = reachable_statuses()
    assert states[Stage.IDEATION] >= {Status.DRAFT, Status.SUBMITTED, Status.IN_REVIEW, Status.REJECTED}
    assert states[Stage.SCALING] == {Status.IN_PROGRESS, Status.ACTIVE, Status.STOPPED}


@pytest.mark.parametrize(("stage", "status"), STATES)
def test_history_reaches_the_state_in_order(stage, status):
    rng = random.Random(7)
    for _ in range(30):
        history = build_history(rng, stage, status)
        steps = history.steps
        assert (steps[-1].stage, steps[-1].status) == (stage, status)
        times = [step.at for step in steps]
        assert times == sorted(times) and len(set(times)) == len(times)
        assert START <= times[0] and times[-1] <= END
        for gate in history.gates:
            assert steps[gate.opened].status is Status.IN_REVIEW
            assert gate.closed is None or gate.closed > gate.opened
        open_gates = [g for g in history.gates if g.closed is None]
        assert len(open_gates) == (1 if status is Status.IN_REVIEW else 0)
