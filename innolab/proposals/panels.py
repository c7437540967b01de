"""Panels other features add to the proposal page (evidence, comments, lab actions, reviews).

Each provider takes (innovation, user) and returns a Panel, or None when the user should not see it; the proposal
view stays thin and knows nothing of the features behind the panels.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Panel:
    template: str
    context: dict = field(default_factory=dict)
    column: str = "main"  # "main" (wide) or "side"
    script: str = ""  # a file under static/ the panel needs, e.g. "js/evidence.js"; the page loads each once


def providers() -> list[Callable]:
    """The panel providers, in page order. Each feature adds its own line here."""
    from innolab.catalogue.panel import catalogue_panel
    from innolab.comments.panel import comments_panel
    from innolab.evidence.panel import evidence_panel
    from innolab.lab.panels import lab_panel
    from innolab.readiness.panel import readiness_panel
    from innolab.review.panels import review_panel  # imported late: feature modules import Panel from here

    return [
        evidence_panel,
        lab_panel,
        readiness_panel,
        review_panel,
        comments_panel,
        catalogue_panel,
    ]


def panels_for(innovation, user) -> list[Panel]:
    return [panel for provider in providers() if (panel := provider(innovation, user)) is not None]
