"""The readiness side panel of the proposal page: this year's self-assessment score and what lacks evidence."""
from __future__ import annotations

from innolab.policy import can
from innolab.proposals.panels import Panel
from innolab.readiness import queries


def readiness_panel(innovation, user) -> Panel | None:
    """Provider for proposals.panels: for those who may assess the innovation, when an indicator set exists."""
    if not can(user, "readiness.assess", innovation):
        return None
    indicator_set = queries.chosen_set(None)
    if indicator_set is None:
        return None
    assessment = queries.assessment_of(innovation, indicator_set)
    card = queries.card_for(innovation, indicator_set, assessment)
    return Panel("readiness/_panel.html", {
        "indicator_set": indicator_set, "assessment": assessment, "card": card,
        "predicate": card.predicate(indicator_set) if assessment is not None else None,
    }, column="side")
