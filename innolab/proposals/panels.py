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


def providers() -> list[Callable]:
    """The panel providers, in page order. Each feature adds its own line here."""
    return []


def panels_for(innovation, user) -> list[Panel]:
    return [panel for provider in providers() if (panel := provider(innovation, user)) is not None]
