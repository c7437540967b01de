"""The side panel on the proposal page: the current round's mean and spread, for coordinators."""
from __future__ import annotations

from innolab.policy import can
from innolab.proposals.panels import Panel
from innolab.review.summary import score_summary


def review_panel(innovation, user) -> Panel | None:
    """Mean and spread of the latest round with a link to the scores; None for others or before any round."""
    if not can(user, "review.scores", innovation):
        return None
    summary = score_summary(innovation)
    if summary is None:
        return None
    return Panel("review/_panel.html", {"summary": summary, "innovation": innovation}, column="side")
