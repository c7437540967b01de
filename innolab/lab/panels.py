"""The lab's side panel on the proposal page: the coordinator's next actions, as links to the lab desk."""
from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from flask_babel import lazy_gettext as _l

from innolab.lab.moves import MOVE_LABELS, PUBLISHABLE_STAGES, SCREENING_MOVES, UNPUBLISHABLE_STATUSES, decision_moves
from innolab.pipeline.stages import Status
from innolab.pipeline.transitions import allowed_moves
from innolab.policy import can
from innolab.proposals.panels import Panel


@dataclass(frozen=True)
class Action:
    label: object
    url: str
    primary: bool = False


def lab_actions(innovation) -> list[Action]:
    """What the lab may do next with the innovation, from the pipeline's allowed moves."""
    actions = []
    if SCREENING_MOVES & set(allowed_moves(innovation.stage, innovation.status)):
        actions.append(Action(_l("Seleksi administrasi"), url_for("lab.screen", innovation_id=innovation.id), True))
    if innovation.status is Status.IN_REVIEW:
        actions.append(Action(_l("Tugaskan penilai"), url_for("lab.reviewers", innovation_id=innovation.id)))
    for move in decision_moves(innovation):
        actions.append(Action(MOVE_LABELS[move], url_for("lab.decide", innovation_id=innovation.id, move=move.value)))
    if innovation.stage in PUBLISHABLE_STAGES and innovation.status not in UNPUBLISHABLE_STATUSES:
        actions.append(Action(_l("Publikasi katalog"),
                              url_for("lab.decide", innovation_id=innovation.id, _anchor="publish")))
    return actions


def lab_panel(innovation, user) -> Panel | None:
    """The panel for coordinators who may steer this proposal; None for others or when nothing can be done."""
    if not can(user, "lab.decide", innovation):
        return None
    actions = lab_actions(innovation)
    return Panel("lab/_panel.html", {"actions": actions}, column="side") if actions else None
